"""Stored results, labels, overlays, suggestions and the commands, on an imported real clip."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from analysis import available
from analysis.job import analyse_recording
from analysis.overlay import overlay_at
from analysis.results import AnalysisResult, interpolate, load_results, swap_labels
from analysis.suggest import list_suggestions
from services import annotations as edits
from services import suggestions
from vfeedback import library
from vfeedback.cli import cli
from vfeedback.errors import InputError
from vfeedback.models import Annotation, Code, CodingScheme, Derivative, Suggestion

needs_mediapipe = pytest.mark.skipif(not available()[0], reason="mediapipe is not installed")


@pytest.fixture
def recording_id(app, street_clip: Path) -> int:
    with app.db.session() as session:
        case = library.create_case(session, "T-1")
        visit = library.get_or_create_visit(session, case, 1)
        return library.import_recording(session, app.store, street_clip, visit).id


@pytest.mark.analysis
@needs_mediapipe
def test_results_are_stored_loaded_swapped_and_drawn(app, recording_id: int) -> None:
    result = analyse_recording(app, recording_id, stride=5, workers=1)
    assert result.n_frames == 10 and result.n_people >= 2
    with app.db.session() as session:
        [row] = session.scalars(select(Derivative).where(
            Derivative.kind == "analysis", Derivative.name == "landmarks")).all()
        assert row.params["stride"] == 5 and row.recording_id == recording_id
    assert not (Path(app.config.home) / "work" / f"analysis-{recording_id}").exists()
    loaded = load_results(app, recording_id)
    assert loaded is not None
    np.testing.assert_array_equal(loaded.times, result.times)
    np.testing.assert_array_equal(loaded.pose, result.pose)
    assert loaded.labels == result.labels
    swapped = swap_labels(app, recording_id)
    flip = {"adult": "child", "child": "adult"}
    assert load_results(app, recording_id).labels == [flip[x] for x in result.labels]
    assert list(swapped.values()) == [flip[x] for x in result.labels]

    # Halfway between two analysed frames the boxes are the mean of both.
    main = int(np.argmax(result.seen().sum(axis=0)))
    pid = int(result.person_ids[main])
    mid = (result.times[2] + result.times[3]) / 2
    if result.seen()[2, main] and result.seen()[3, main]:
        np.testing.assert_allclose(interpolate(result, mid)[pid]["boxes"],
                                   (result.boxes[2, main] + result.boxes[3, main]) / 2,
                                   rtol=1e-5)
    shapes = overlay_at(result, float(result.times[3]))
    kinds = {s.kind for s in shapes}
    assert {"line", "label"} <= kinds
    for shape in shapes:
        for x, y in shape.points:
            assert -200 < x < 840 and -200 < y < 560  # source pixels (640x360)
    assert overlay_at(result, 99.0) == []


def test_empty_result_round_trip(tmp_path: Path) -> None:
    empty = AnalysisResult.empty(3, 0)
    empty.save(tmp_path / "r.npz")
    back = AnalysisResult.load(tmp_path / "r.npz")
    assert back.n_frames == 3 and back.n_people == 0 and interpolate(back, 0.0) == {}


@pytest.mark.analysis
@needs_mediapipe
def test_accept_and_dismiss_suggestions(app, recording_id: int) -> None:
    with app.db.session() as session:
        scheme = CodingScheme(name="test")
        session.add(scheme)
        session.flush()
        code = Code(scheme_id=scheme.id, key="gaze", name="Looking at each other")
        session.add(code)
        s1 = Suggestion(recording_id=recording_id, kind="mutual_gaze", start_ms=100,
                        end_ms=1300, score=2.0, reason="Parent and child look at each other")
        s2 = Suggestion(recording_id=recording_id, kind="shared_attention", start_ms=0,
                        end_ms=900, score=1.0, reason="same thing")
        session.add_all([s1, s2])
        session.flush()
        ids, code_id = (s1.id, s2.id), code.id
    annotation_id = suggestions.accept(app, None, ids[0], code_id).value
    suggestions.dismiss(app, None, ids[1])
    with app.db.session() as session:
        annotation = session.get(Annotation, annotation_id)
        assert (annotation.start_ms, annotation.end_ms, annotation.source) == (100, 1300,
                                                                                 "suggestion")
        assert annotation.code_id == code_id
        assert session.get(Suggestion, ids[0]).annotation_id == annotation_id
        assert list_suggestions(session, recording_id) == []
    with pytest.raises(InputError):
        suggestions.accept(app, None, ids[1], code_id)
    with pytest.raises(InputError):
        suggestions.dismiss(app, None, 9999)
    # Analysing again keeps what the clinician decided.
    analyse_recording(app, recording_id, stride=10, workers=1)
    with app.db.session() as session:
        statuses = {s.id: s.status for s in list_suggestions(session, recording_id, None)}
        assert statuses[ids[0]] == "accepted" and statuses[ids[1]] == "dismissed"
    # Accepting is an ordinary edit: Ctrl+Z takes the annotation back (the dismissal first).
    assert edits.undo(app, None, recording_id).value
    assert edits.undo_texts(app, None, recording_id)[0] == "Accept suggestion"
    assert edits.undo(app, None, recording_id).value
    with app.db.session() as session:
        assert session.get(Annotation, annotation_id) is None


@pytest.mark.analysis
@needs_mediapipe
def test_commands(app, recording_id: int, street_clip: Path, tmp_path: Path) -> None:
    home = str(app.config.home)
    runner = CliRunner()
    out = tmp_path / "a.json"
    r = runner.invoke(cli, ["--home", home, "analyse", str(street_clip), "--stride", "10",
                            "--json", str(out)])
    assert r.exit_code == 0, r.output
    assert "Frames analysed: 5" in r.output and "frames/s" in r.output
    doc = json.loads(out.read_text())
    assert len(doc["people"]) >= 2 and {"id", "label", "frames_seen"} <= set(doc["people"][0])
    assert any(c["name"] == "mutual_gaze" for c in doc["cues"])
    assert isinstance(doc["suggestions"], list)

    r = runner.invoke(cli, ["--home", home, "analyse", str(recording_id), "--stride", "10"])
    assert r.exit_code == 0, r.output
    assert "People found:" in r.output
    r = runner.invoke(cli, ["--home", home, "people", str(recording_id)])
    before = r.output
    r = runner.invoke(cli, ["--home", home, "people", str(recording_id), "--swap"])
    assert r.exit_code == 0 and r.output != before
    r = runner.invoke(cli, ["--home", home, "suggest", str(recording_id)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["--home", home, "suggest", "999"])
    assert r.exit_code == 1 and "no recording 999" in r.output.lower()
    r = runner.invoke(cli, ["--home", home, "analyse", str(tmp_path / "missing.mp4")])
    assert r.exit_code == 1 and "Error:" in r.output


def test_app_without_mediapipe(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; sys.modules['mediapipe'] = None\n"
            "import analysis, analysis.cues, analysis.suggest, analysis.overlay, analysis.job\n"
            "from click.testing import CliRunner\n"
            "from vfeedback.cli import cli\n"
            "print(analysis.available())\n"
            f"r = CliRunner().invoke(cli, ['--home', {str(tmp_path)!r}, 'analyse', 'x.mp4'])\n"
            "print(r.exit_code, r.output)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "(False, 'Analysis is not available" in done.stdout
    assert "1 Error: Analysis is not available" in done.stdout
