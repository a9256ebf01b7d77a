"""The pipelined span (decode and faces ahead, follow, face mesh behind, two people's Pose side
by side) against frame-by-frame ``detect`` on a real dyad clip, and its failure paths: a model
failing on one frame, a file that is not a video, a cancel half-way."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from analysis import available
from analysis.span import Span, analyse_span
from vfeedback.errors import MediaError

pytestmark = [pytest.mark.analysis,
              pytest.mark.skipif(not available()[0], reason="mediapipe is not installed")]

BABY = "6c6MZQ.joke2.rep3.take1.NomNomNom.mp4"  # 30 frames/s, mother left, baby right


@pytest.fixture(scope="module")
def baby_clip(dyads: Path) -> Path:
    return dyads / BABY


def _backend(threads: int):
    from analysis.mediapipe_backend import MediapipeBackend

    return MediapipeBackend(max_people=3, want_people=2, threads=threads)


class OneByOne:
    """A backend with only ``detect``: the span runs it frame by frame, in one thread."""

    def __init__(self, backend) -> None:
        self.backend = backend

    def detect(self, frame_bgr):
        return self.backend.detect(frame_bgr)

    def close(self) -> None:
        self.backend.close()


FIELDS = ("box", "face_box", "pose", "face", "head", "appearance")


def _same(a, b) -> bool:
    if (a is None) != (b is None):
        return False
    return a is None or np.array_equal(a, b)


def test_pipelined_records_equal_frame_by_frame(baby_clip: Path) -> None:
    span = Span(0, 150)  # the first 5 s: 50 analysed frames
    serial = OneByOne(_backend(threads=1))
    try:
        plain, plain_problems = analyse_span(str(baby_clip), span, 3, 2, backend=serial)
    finally:
        serial.close()
    piped = _backend(threads=2)
    side_by_side = []
    run_poses = piped._run_poses

    def counting(rgb, plans):
        done = run_poses(rgb, plans)
        side_by_side.append(len(done))
        return done

    piped._run_poses = counting
    try:
        records, problems = analyse_span(str(baby_clip), span, 3, 2, backend=piped)
    finally:
        piped.close()
    assert problems == plain_problems == []
    assert [r.index for r in records] == [r.index for r in plain] == list(range(0, 150, 3))
    assert sum(len(r.people) for r in plain) >= 80  # the mother and the baby, most frames
    # Two people's Pose ran side by side in some frames (staggered over the people, Pose
    # runs one at a time in most).
    assert sum(n == 2 for n in side_by_side) >= 3
    for a, b in zip(plain, records, strict=True):
        assert (a.time_s, a.shape, a.brightness, a.sharpness) == (
            b.time_s, b.shape, b.brightness, b.sharpness)
        assert len(a.people) == len(b.people), a.index
        for pa, pb in zip(a.people, b.people, strict=True):
            for field in FIELDS:
                assert _same(getattr(pa, field), getattr(pb, field)), (a.index, field)


def test_a_frame_failing_in_any_stage_is_empty_and_the_rest_goes_on(baby_clip: Path) -> None:
    backend = _backend(threads=2)
    calls = {"prepare": 0, "follow": 0, "finish": 0}

    def failing(stage: str, at: int):
        real = getattr(backend, stage)

        def wrapped(*args):
            calls[stage] += 1
            if calls[stage] == at:
                raise RuntimeError(f"{stage} broke")
            return real(*args)

        setattr(backend, stage, wrapped)

    failing("prepare", 3)
    failing("follow", 6)
    failing("finish", 9)
    try:
        records, problems = analyse_span(str(baby_clip), Span(0, 45), 3, 2, backend=backend)
    finally:
        backend.close()
    assert [r.index for r in records] == list(range(0, 45, 3))
    # prepare's 3rd frame is index 6; follow's 6th call is frame 18 (frame 6 never reached
    # follow); finish's 9th call is frame 30.
    assert problems == ["frame 6 could not be analysed (prepare broke)",
                        "frame 18 could not be analysed (follow broke)",
                        "frame 30 could not be analysed (finish broke)"]
    empty = {r.index for r in records if not r.people}
    assert {6, 18, 30} <= empty
    assert len(empty) <= 5  # the other frames still see the mother and the baby


def test_not_a_video_raises_from_the_decoding_thread(tmp_path: Path) -> None:
    fake = tmp_path / "notes.mp4"
    fake.write_text("not a video\n")
    backend = _backend(threads=2)
    try:
        with pytest.raises(MediaError):
            analyse_span(str(fake), Span(0, None), 3, 2, backend=backend)
    finally:
        backend.close()
    assert not [t for t in threading.enumerate() if t.name == "decode"]


def test_cancel_half_way_stops_every_thread(baby_clip: Path) -> None:
    stop = threading.Event()

    class Ticks:
        count = 0

        def put(self, _n: int) -> None:
            Ticks.count += 1
            if Ticks.count == 10:
                stop.set()

    backend = _backend(threads=2)
    try:
        records, _problems = analyse_span(str(baby_clip), Span(0, None), 3, 2, Ticks(), stop,
                                          backend)
    finally:
        backend.close()
    assert 10 <= len(records) <= 14  # the frames already followed are finished, no more
    assert [r.index for r in records] == list(range(0, 3 * len(records), 3))
    assert not [t for t in threading.enumerate() if t.name in ("decode", "finish_0")]
