"""One span of a video analysed frame by frame: what a worker process runs.

Kept apart from :mod:`analysis.job` (which also builds and stores results, and so imports
SQLAlchemy and the rest of the core) so that a worker process imports only what it needs:
numpy, OpenCV, the decoder and mediapipe. That is about 0.7 s of a core less per worker,
which a 12-30 s clip analysed by two processes waits for.
"""

from __future__ import annotations

import collections
import queue
import threading
from concurrent import futures
from dataclasses import dataclass

import numpy as np

from vfeedback.errors import MediaError
from vfeedback.i18n import _

from .checkpoint import FrameRecord


@dataclass(frozen=True)
class Span:
    start: int
    stop: int | None


def make_backend(people: int):
    from . import available
    from .mediapipe_backend import MediapipeBackend

    ok, why = available()
    if not ok:
        raise MediaError(why)
    # One slot more than the people asked for, so that a spurious face (a photo on the
    # wall) cannot keep a real person out; the identity pass drops what fits no one.
    return MediapipeBackend(max_people=people + 1, want_people=people)


def analyse_span_in_worker(path: str, span: Span, stride: int, people: int
                            ) -> tuple[list[FrameRecord], list[str]]:
    from . import worker

    return analyse_span(path, span, stride, people, worker.ticks, worker.stop_event)


def analyse_span(path: str, span: Span, stride: int, max_people: int, ticks=None,
                 stop_event=None, backend=None) -> tuple[list[FrameRecord], list[str]]:
    """Analyse one span of frames; runs in a worker process or in the caller's.

    ``max_people`` is the number of people the recording holds (``--people``). A backend
    with stages (:class:`analysis.mediapipe_backend.MediapipeBackend`) runs pipelined
    (:func:`_pipelined`); any other backend frame by frame through ``detect``.
    """
    own = backend is None
    backend = backend or make_backend(max_people)
    records: list[FrameRecord] = []
    problems: list[str] = []
    skipped: list[int] = []
    try:
        if all(hasattr(backend, stage) for stage in ("prepare", "follow", "finish")):
            _pipelined(path, span, stride, backend, records, problems, skipped, ticks,
                       stop_event)
        else:
            _one_by_one(path, span, stride, backend, records, problems, skipped, ticks,
                        stop_event)
    finally:
        if own:
            backend.close()
    if skipped:
        problems.append(_("{n} frames could not be decoded").format(n=len(skipped)))
    return records, problems


def _failed(index: int, exc: Exception) -> str:
    # A model failing on one odd frame must not end the job: the frame counts as empty.
    return _("frame {n} could not be analysed ({why})").format(n=index, why=exc)


def _one_by_one(path, span, stride, backend, records, problems, skipped, ticks, stop_event
                ) -> None:
    from vfeedback.media.decode import iter_frames

    for frame in iter_frames(path, stride=stride, start=span.start, stop=span.stop,
                             skipped=skipped):
        if stop_event is not None and stop_event.is_set():
            break
        try:
            people = backend.detect(frame.image)
        except Exception as exc:
            problems.append(_failed(frame.index, exc))
            people = []
        brightness, sharpness = _quality(frame.image)
        records.append(FrameRecord(frame.index, frame.time_s, people, frame.image.shape[:2],
                                   brightness, sharpness))
        if ticks is not None:
            ticks.put(1)


_END = object()
_AHEAD = 4  # frames decoded and prepared ahead of the one being followed


def _pipelined(path, span, stride, backend, records, problems, skipped, ticks, stop_event
               ) -> None:
    """Three threads, one per stage of the backend: decoding and ``prepare`` run ahead,
    ``follow`` (which keeps the state, in frame order) here, and ``finish`` behind it.

    mediapipe and OpenCV let go of the GIL while they work, so one process uses more than
    one core: a clip too short to be worth a second process (see :mod:`analysis.job`) runs
    faster (the Pose runs, the longest stage, are mostly one per frame, so not twice as
    fast), and the records are exactly those of frame-by-frame ``detect``.
    """
    from vfeedback.media.decode import iter_frames

    ahead: queue.Queue = queue.Queue(maxsize=_AHEAD)
    halt = threading.Event()

    def put(item) -> bool:
        while not halt.is_set():
            try:
                ahead.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        frames = iter_frames(path, stride=stride, start=span.start, stop=span.stop,
                             skipped=skipped)
        try:
            for frame in frames:
                try:
                    prepared, failure = backend.prepare(frame.image), None
                except Exception as exc:
                    prepared, failure = None, exc
                item = (frame.index, frame.time_s, frame.image.shape[:2],
                        _quality(frame.image), prepared, failure)
                if not put(item):
                    return
            put(_END)
        except BaseException as exc:  # a decoding error ends the span, as without threads
            put(exc)
        finally:
            frames.close()

    producer = threading.Thread(target=produce, name="decode", daemon=True)
    producer.start()
    behind: collections.deque = collections.deque()

    def record(item, finished) -> None:
        index, time_s, shape, (brightness, sharpness), _prepared, failure = item
        people = []
        if failure is None:
            try:
                people = finished.result()
            except Exception as exc:
                failure = exc
        if failure is not None:
            problems.append(_failed(index, failure))
        records.append(FrameRecord(index, time_s, people, shape, brightness, sharpness))
        if ticks is not None:
            ticks.put(1)

    with futures.ThreadPoolExecutor(1, thread_name_prefix="finish") as finisher:
        try:
            while True:
                item = ahead.get()
                if item is _END:
                    break
                if isinstance(item, BaseException):
                    raise item
                if stop_event is not None and stop_event.is_set():
                    break
                finished = None
                if item[5] is None:
                    try:
                        people = backend.follow(item[4])
                        finished = finisher.submit(backend.finish, item[4], people)
                    except Exception as exc:
                        item = (*item[:5], exc)
                behind.append((item, finished))
                while behind and (behind[0][1] is None or behind[0][1].done()
                                  or len(behind) > 2):
                    record(*behind.popleft())
        finally:
            halt.set()
            producer.join()
            while behind:
                record(*behind.popleft())


def _quality(image: np.ndarray) -> tuple[float, float]:
    """Mean brightness and sharpness (variance of the Laplacian) on a quarter-size grey copy:
    about 1 ms, so that the notes can say "too dark" or "too blurred" for the frames where
    nobody was found."""
    import cv2

    grey = cv2.cvtColor(cv2.resize(image, (image.shape[1] // 4, image.shape[0] // 4),
                                   interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
    return float(grey.mean()), float(cv2.Laplacian(grey, cv2.CV_32F).var())
