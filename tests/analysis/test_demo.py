"""The analysis part of the demo: honest about generated footage with nobody in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import available
from analysis.demo import contribute
from vfeedback import library
from vfeedback.cli.demo import DemoContext

pytestmark = [pytest.mark.analysis,
              pytest.mark.skipif(not available()[0], reason="mediapipe is not installed")]


def test_demo_part_says_no_people_found(app, indexed_video: Path, tmp_path: Path) -> None:
    with app.db.session() as session:
        case = library.create_case(session, "DEMO-T")
        visit = library.get_or_create_visit(session, case, 1)
        recording = library.import_recording(session, app.store, indexed_video, visit)
        ctx = DemoContext(app, tmp_path, indexed_video, case.code, visit.id, recording.id)
    contribute(ctx)
    doc = json.loads((tmp_path / "analysis.json").read_text())
    # 6 s at 25 fps, every 12th frame: 13 frames, and nobody in the generated picture.
    assert doc["people"] == [] and doc["frames"] == 13 and "no people found" in doc["notes"]
    assert any("no people found" in line for line in ctx.lines)
