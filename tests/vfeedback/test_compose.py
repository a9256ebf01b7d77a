"""The reel's ffmpeg command lines: SRT/chapters text, and joining unlike sources for real."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from vfeedback.media import compose
from vfeedback.media.probe import probe
from vfeedback.media.reader import FrameReader
from vfeedback.media.synth import make_video, read_index_code
from vfeedback.media.tools import ffmpeg_exe, run_ffmpeg


def test_srt_and_chapters_text(tmp_path: Path) -> None:
    srt, meta = tmp_path / "c.srt", tmp_path / "c.txt"
    compose.write_srt([(1.0, 2.5, "Hej då åäö"), (3661.004, 3662, "æ ø")], srt)
    assert srt.read_text(encoding="utf-8") == (
        "1\n00:00:01,000 --> 00:00:02,500\nHej då åäö\n\n"
        "2\n01:01:01,004 --> 01:01:02,000\næ ø\n")
    compose.write_ffmetadata([(0, 1.5, "a=b; #c")], meta, title="Besök 1")
    assert meta.read_text(encoding="utf-8").splitlines() == [
        ";FFMETADATA1", "title=Besök 1", "[CHAPTER]", "TIMEBASE=1/1000", "START=0",
        "END=1500", "title=a\\=b\\; \\#c"]


def test_atempo_chain_covers_slow_motion() -> None:
    assert compose._atempo_chain(0.25) == "atempo=0.5,atempo=0.500000"
    assert compose._atempo_chain(1.5) == "atempo=1.500000"


def test_joins_sizes_rates_and_rotation(indexed_video: Path, tmp_path: Path) -> None:
    # A portrait 30 fps phone-like clip without sound, stored turned (rotation metadata).
    raw, rotated = tmp_path / "portrait.mp4", tmp_path / "rotated.mp4"
    make_video(raw, duration_s=1.5, fps=30, width=240, height=320, audio=False,
               index_code=False)
    run_ffmpeg(["-i", str(raw), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(rotated)])
    turned = probe(rotated)
    assert turned.rotation in (90, 270) and not turned.has_audio
    land = probe(indexed_video)
    pieces = [compose.Piece(source=indexed_video, info=land, first_frame=10, frames=25),
              compose.Piece(source=rotated, info=turned, first_frame=0, frames=30)]
    fmt = compose.OutputFormat(320, 180, 25)
    out = tmp_path / "joined.mp4"
    compose.render([compose.reel_command(pieces, out, fmt)], 2.0)
    info = probe(out)
    assert (info.width, info.height, info.fps) == (320, 180, 25)
    assert info.has_audio and info.duration_s == pytest.approx(2.0, abs=0.05)
    with FrameReader(out) as reader:
        frames = [f.image for f in reader.frames()]
    assert len(frames) == 50
    assert [read_index_code(f) for f in frames[:25]] == list(range(10, 35))
    # Shown upright: 320x240 fitted into 320x180 is 240x180 with black bars left and right.
    turned_frame = frames[40].astype(int)
    assert turned_frame[:, :30].mean() < 20 and turned_frame[:, 60:260].mean() > 40
    # The silent clip got silence, not a gap: audio runs to the end.
    pcm = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(out), "-f", "s16le", "-ac", "1",
                          "-ar", "8000", "-"], capture_output=True, check=True).stdout
    samples = np.frombuffer(pcm, dtype=np.int16)
    assert len(samples) == pytest.approx(16000, abs=200)
    assert np.abs(samples[:6000]).mean() > 100 and np.abs(samples[-6000:]).mean() < 5
