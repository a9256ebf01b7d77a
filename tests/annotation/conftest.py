"""Fixtures for the annotation tests: an opened app with a real imported recording."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotation.schemes import ensure_builtin_schemes

ANNOTATIONS = Path(__file__).resolve().parents[2] / ".." / "shared" / "media" / "annotations"


@pytest.fixture(scope="session")
def annotations_dir() -> Path:
    path = ANNOTATIONS.resolve()
    if not path.is_dir():
        pytest.skip(f"shared annotation files not found at {path}")
    return path


@pytest.fixture(scope="session")
def long_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 min 10 s of tiny 1 fps video, long enough for the real ELAN and BORIS files' times."""
    from vfeedback.media.synth import make_video

    path = tmp_path_factory.mktemp("media") / "long.mp4"
    make_video(path, duration_s=1210, fps=1, width=64, height=36, audio=False,
               index_code=False)
    return path


@pytest.fixture
def long_recording_id(app, long_video: Path) -> int:
    from vfeedback import library

    with app.db.session() as session:
        ensure_builtin_schemes(session)
        case = library.create_case(session, "T-002")
        visit = library.get_or_create_visit(session, case, 1)
        return library.import_recording(session, app.store, long_video, visit).id
