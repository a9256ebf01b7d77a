"""The feedback reel, checked by decoding what it wrote: frames, duration, audio, captions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from sessions.reel import ReelClip, build_reel, read_clips_csv
from vfeedback.errors import Cancelled, InputError, MediaError
from vfeedback.media.probe import probe
from vfeedback.media.reader import FrameReader
from vfeedback.media.synth import read_index_code
from vfeedback.media.tools import ffmpeg_exe
from vfeedback.progress import CancelToken

CARD_S = 0.8


def decoded_codes(path: Path) -> list[int]:
    with FrameReader(path) as reader:
        return [read_index_code(frame.image) for frame in reader.frames()]


def soft_subtitles(path: Path) -> str:
    result = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-map", "0:s:0",
                             "-f", "srt", "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def frame_at(path: Path, time_s: float) -> np.ndarray:
    with FrameReader(path) as reader:
        frame = reader.frame_at(int(round(time_s * reader.fps)))
        assert frame is not None
        return frame.image


def test_index_coded_clips_are_frame_exact(indexed_video: Path, tmp_path: Path) -> None:
    # Starts and ends off keyframes (keyint 25 = 1 s), a slow-motion clip and a freeze-frame.
    clips = [
        ReelClip(indexed_video, 0.52, 1.6, "Titta på mig, mamma! åäö", title="Utforskande"),
        ReelClip(indexed_video, 3.1, 4.0, "", title="Utforskande"),
        ReelClip(indexed_video, 2.0, 3.0, "Jeg er glad – æ ø å", title="Følelser",
                 freeze_at_s=2.4, freeze_s=0.4),
    ]
    seen: list[float] = []
    result = build_reel(clips, tmp_path / "reel.mp4", height=None, card_s=CARD_S,
                        progress=lambda f, what: seen.append(f))
    assert not result.stream_copied
    codes = decoded_codes(result.path)
    fps = 25
    expected_frames = [(13, 39), (78, 99), (50, 74)]
    freeze_frames = round(0.4 * fps)
    clip_lengths = [40 - 13, 100 - 78, 75 - 50 + freeze_frames]
    cards = 2  # the theme changes twice: Utforskande, Følelser
    assert len(codes) == sum(clip_lengths) + cards * round(CARD_S * fps)
    assert abs(probe(result.path).duration_s - len(codes) / fps) <= 1 / fps
    assert result.duration_s == pytest.approx(len(codes) / fps, abs=1 / fps)
    for (first, last), (start, end) in zip(expected_frames, result.clip_spans, strict=True):
        a, b = round(start * fps), round(end * fps) - 1
        assert codes[a] == first, (a, codes[a - 2:a + 3])
        assert codes[b] == last, (b, codes[b - 2:b + 3])
    # The freeze-frame holds frame 60 (2.4 s) for 0.4 s, then the clip goes on.
    start3 = round(result.clip_spans[2][0] * fps)
    third = codes[start3:]
    assert third.count(60) == 1 + freeze_frames
    assert third[third.index(60) + freeze_frames + 1] == 61
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    info = probe(result.path)
    assert info.has_audio and info.video_codec == "h264"
    subs = soft_subtitles(result.path)
    assert "Titta på mig, mamma! åäö" in subs and "Jeg er glad – æ ø å" in subs
    assert len(result.chapters) == 3


def test_real_footage_reel_with_burned_captions(street_video: Path, tmp_path: Path) -> None:
    clips = [ReelClip(street_video, 0.3, 1.3, "Se, jag hittade något! åäö", title="Lek"),
             ReelClip(street_video, 2.05, 3.1, "Jeg vil være nær deg – æøå", title="Lek")]
    burned = build_reel(clips, tmp_path / "burned.mp4", height=360, card_s=CARD_S)
    plain = build_reel(clips, tmp_path / "plain.mp4", height=360, card_s=CARD_S,
                       burn_captions=False)
    info = probe(burned.path)
    assert (info.width, info.height) == (640, 360)
    assert info.has_audio and info.audio_channels == 2
    # 50 fps source: clip 1 is frames 15..64 (50), clip 2 frames 103..154 (52), one card.
    expected_s = CARD_S + 50 / 50 + 52 / 50
    assert info.duration_s == pytest.approx(expected_s, abs=2 / 50)
    with FrameReader(burned.path) as reader:
        assert abs(reader.frame_count - round(expected_s * 50)) <= 1
    # Burned in: the caption band differs from the no-burn build, the picture above does not.
    t = burned.clip_spans[0][0] + 0.5
    a, b = frame_at(burned.path, t).astype(int), frame_at(plain.path, t).astype(int)
    band = np.abs(a[270:345] - b[270:345]).mean()
    above = np.abs(a[20:200] - b[20:200]).mean()
    assert band > 20 and band > 4 * above, (band, above)  # above: encoder noise only
    assert "Se, jag hittade något! åäö" in soft_subtitles(plain.path)
    # The first clip's first frame is source frame 15 (0.3 s): compare with the source frame.
    first = frame_at(burned.path, burned.clip_spans[0][0])[:200]
    with FrameReader(street_video) as reader:
        import cv2

        diffs = {i: np.abs(cv2.resize(reader.frame_at(i).image, (640, 360))[:200].astype(int)
                           - first).mean() for i in (14, 15, 16)}
    assert min(diffs, key=diffs.get) == 15, diffs


def test_stream_copy_when_nothing_needs_encoding(indexed_video: Path, tmp_path: Path) -> None:
    clips = [ReelClip(indexed_video, 1.0, 2.0, "åäö"), ReelClip(indexed_video, 4.0, 5.0)]
    result = build_reel(clips, tmp_path / "copy.mp4", titles=False, burn_captions=False,
                        height=None)
    assert result.stream_copied
    codes = decoded_codes(result.path)
    assert codes == list(range(25, 50)) + list(range(100, 125))
    assert "åäö" in soft_subtitles(result.path)
    # Off a keyframe (start or end) it must re-encode instead.
    assert not build_reel([ReelClip(indexed_video, 1.0, 1.8)], tmp_path / "e.mp4", titles=False,
                          burn_captions=False, height=None).stream_copied
    moved = build_reel([ReelClip(indexed_video, 1.2, 2.0)], tmp_path / "enc.mp4",
                       titles=False, burn_captions=False, height=None)
    assert not moved.stream_copied and decoded_codes(moved.path)[0] == 30


def test_bad_input_is_refused_up_front(indexed_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "reel.mp4"
    with pytest.raises(InputError, match="outside the recording"):
        build_reel([ReelClip(indexed_video, 5.0, 9.0)], out)
    with pytest.raises(InputError, match="must come after"):
        build_reel([ReelClip(indexed_video, 2.0, 1.0)], out)
    with pytest.raises(InputError, match="missing"):
        build_reel([ReelClip(tmp_path / "gone.mp4", 0, 1)], out)
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video at all" * 100)
    with pytest.raises(MediaError):
        build_reel([ReelClip(junk, 0, 1)], out)
    with pytest.raises(InputError, match="does not exist"):
        build_reel([ReelClip(indexed_video, 0, 1)], tmp_path / "nowhere" / "reel.mp4")
    assert list(tmp_path.iterdir()) == [junk]


def test_cancel_leaves_nothing(indexed_video: Path, tmp_path: Path) -> None:
    token = CancelToken()

    def progress(fraction: float, what: str) -> None:
        if fraction > 0.05:
            token.cancel()

    with pytest.raises(Cancelled):
        build_reel([ReelClip(indexed_video, 0, 6, "x")], tmp_path / "reel.mp4",
                   progress=progress, cancel=token, height=None)
    assert list(tmp_path.iterdir()) == []


def test_clips_csv(indexed_video: Path, tmp_path: Path) -> None:
    listing = tmp_path / "clips.csv"
    listing.write_text("start,end,caption\n0.5,1.5,Hej på dig\n2,3,\n", encoding="utf-8")
    clips = read_clips_csv(listing, indexed_video)
    assert [(c.start_s, c.end_s, c.caption) for c in clips] == [(0.5, 1.5, "Hej på dig"),
                                                               (2.0, 3.0, "")]
    listing.write_text("start,end\nabc,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="Line 2"):
        read_clips_csv(listing, indexed_video)
