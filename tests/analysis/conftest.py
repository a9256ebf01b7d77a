"""Short real and awkward clips for the analysis tests, made once per session with ffmpeg."""

from __future__ import annotations

from pathlib import Path

import pytest

from vfeedback.media.tools import run_ffmpeg


@pytest.fixture(scope="session")
def street_clip(street_video: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2 s of the real street footage (from 2 s on, where several people walk) at 640x360."""
    out = tmp_path_factory.mktemp("analysis") / "street2s.mp4"
    run_ffmpeg(["-ss", "2", "-i", str(street_video), "-t", "2", "-vf", "scale=640:360,fps=25",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac",
                str(out)])
    return out


@pytest.fixture(scope="session")
def dyads(shared_media: Path) -> Path:
    """The folder of real parent-and-baby clips (``../shared/media/dyads``)."""
    folder = shared_media / "dyads"
    if not (folder / "labels.json").exists():
        pytest.skip("the dyad clips are not in shared/media")
    return folder
