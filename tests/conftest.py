"""Fixtures shared by the whole suite: real footage, generated exact footage, an opened app."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Qt tests run headless unless a test starts its own X server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED_MEDIA = (REPO / ".." / "shared" / "media").resolve()


@pytest.fixture(scope="session")
def shared_media() -> Path:
    """Real footage and annotation files made by others (beside the checkout, as on CI)."""
    if not SHARED_MEDIA.is_dir():
        pytest.skip(f"shared media not found at {SHARED_MEDIA}")
    return SHARED_MEDIA


@pytest.fixture(scope="session")
def street_video(shared_media: Path) -> Path:
    """Real street footage: H.264 1280x720, 50 fps, 4.1 s, 205 frames, AAC stereo."""
    return shared_media / "street_people_720p50.avi"


@pytest.fixture(scope="session")
def indexed_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """6 s of 320x180 25 fps H.264/AAC whose frames spell their own index (see media.synth)."""
    from vfeedback.media.synth import make_video

    path = tmp_path_factory.mktemp("media") / "indexed.mp4"
    make_video(path, duration_s=6, fps=25, width=320, height=180, keyint=25)
    return path


@pytest.fixture
def app(tmp_path: Path):
    """A freshly opened vfeedback home (database + store) in a temporary folder."""
    from vfeedback.app import open_app

    opened = open_app(tmp_path / "home")
    yield opened
    opened.close()


# Fuzz tests explore new inputs on developers' machines; CI replays a fixed set so that a red
# run always means a change broke something, not that the dice found an old bug that day.
try:
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", derandomize=True)
    if os.environ.get("CI"):
        _hypothesis_settings.load_profile("ci")
except ImportError:  # hypothesis is a dev extra
    pass
