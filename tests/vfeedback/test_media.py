"""The media layer on real footage and on index-coded footage with exactly known frames."""

from __future__ import annotations

import shutil

import cv2
import numpy as np
import pytest

from vfeedback.errors import MediaError
from vfeedback.media import check_decodable, probe
from vfeedback.media.cut import frame_range, keyframe_times
from vfeedback.media.frames import extract_frame
from vfeedback.media.reader import FrameReader
from vfeedback.media.synth import read_index_code
from vfeedback.media.tools import ffprobe_exe


def _decode_png(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


@pytest.mark.parametrize("use_ffprobe", [True, False])
def test_probe_real_footage(street_video, use_ffprobe):
    if use_ffprobe and ffprobe_exe() is None:
        pytest.skip("no ffprobe on this machine")
    info = probe(street_video, use_ffprobe=use_ffprobe)
    assert (info.width, info.height) == (1280, 720)
    assert info.fps == pytest.approx(50, abs=0.01)
    assert info.duration_s == pytest.approx(4.1, abs=0.06)
    assert info.video_codec == "h264" and info.audio_codec == "aac"
    assert info.audio_rate == 48000 and info.audio_channels == 2
    assert info.frame_count == pytest.approx(205, abs=2)
    assert info.rotation == 0


def test_probe_reads_rotation_without_ffprobe(indexed_video, tmp_path):
    rotated = tmp_path / "phone.mp4"
    from vfeedback.media.tools import run_ffmpeg

    run_ffmpeg(["-i", str(indexed_video), "-c", "copy", "-metadata:s:v:0", "rotate=90",
                str(rotated)])
    with_ffprobe = probe(rotated) if ffprobe_exe() else None
    without = probe(rotated, use_ffprobe=False)
    assert without.rotation in (90, 270)
    assert without.display_size == (180, 320)
    if with_ffprobe:
        assert with_ffprobe.rotation == without.rotation


@pytest.mark.parametrize("index", [0, 1, 24, 37, 76, 149])
def test_extract_frame_is_frame_accurate(indexed_video, index):
    image = _decode_png(extract_frame(indexed_video, index=index, fps=25))
    assert read_index_code(image) == index


def test_reader_frames_with_stride_and_seek(indexed_video):
    with FrameReader(indexed_video) as reader:
        assert reader.fps == pytest.approx(25)
        got = [read_index_code(f.image) for f in reader.frames(stride=10)]
        assert got == list(range(0, 150, 10))
        assert read_index_code(reader.frame_at(93).image) == 93


def test_frame_range_and_keyframes(indexed_video):
    # 1.13 s is not on a frame start (25 fps): the range starts at frame 29 (1.16 s).
    assert frame_range(1.13, 2.5, 25) == (29, 63)
    keys = keyframe_times(indexed_video)
    assert keys[:3] == pytest.approx([0.0, 1.0, 2.0], abs=0.001)


def test_bad_files_are_clear_errors(tmp_path, indexed_video):
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    text = tmp_path / "notes.mp4"
    text.write_text("this is not a video\n" * 50)
    with pytest.raises(MediaError, match="empty"):
        probe(empty)
    with pytest.raises(MediaError, match="not a video file"):
        probe(text)
    with pytest.raises(MediaError, match="does not exist"):
        probe(tmp_path / "nowhere.mp4")
    truncated = tmp_path / "truncated.mp4"
    data = indexed_video.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(MediaError, match="truncated or damaged"):
        check_decodable(truncated)


def test_truncated_file_without_index_is_not_media(tmp_path, indexed_video):
    # A recording cut off before the index (moov) was written, as a crash leaves it.
    plain = tmp_path / "plain.mp4"
    from vfeedback.media.tools import run_ffmpeg

    run_ffmpeg(["-i", str(indexed_video), "-c", "copy", str(plain)])  # moov at the end
    cut_off = tmp_path / "cutoff.mp4"
    cut_off.write_bytes(plain.read_bytes()[: plain.stat().st_size * 2 // 3])
    with pytest.raises(MediaError):
        probe(cut_off)
    shutil.rmtree(tmp_path, ignore_errors=True)
