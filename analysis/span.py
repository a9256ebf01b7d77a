"""One span of a video analysed frame by frame: what a worker process runs.

Kept apart from :mod:`analysis.job` (which also builds and stores results, and so imports
SQLAlchemy and the rest of the core) so that a worker process imports only what it needs:
numpy, OpenCV, the decoder and mediapipe. That is about 0.7 s of a core less per worker,
which a 12-30 s clip analysed by two processes waits for.
"""

from __future__ import annotations

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

    ``max_people`` is the number of people the recording holds (``--people``).
    """
    from vfeedback.media.decode import iter_frames

    own = backend is None
    backend = backend or make_backend(max_people)
    records: list[FrameRecord] = []
    problems: list[str] = []
    skipped: list[int] = []
    try:
        for frame in iter_frames(path, stride=stride, start=span.start, stop=span.stop,
                                 skipped=skipped):
            if stop_event is not None and stop_event.is_set():
                break
            try:
                people = backend.detect(frame.image)
            except Exception as exc:  # a model failing on one odd frame must not end the job
                problems.append(_("frame {n} could not be analysed ({why})").format(
                    n=frame.index, why=exc))
                people = []
            brightness, sharpness = _quality(frame.image)
            records.append(FrameRecord(frame.index, frame.time_s, people,
                                       frame.image.shape[:2], brightness, sharpness))
            if ticks is not None:
                ticks.put(1)
    finally:
        if own:
            backend.close()
    if skipped:
        problems.append(_("{n} frames could not be decoded").format(n=len(skipped)))
    return records, problems


def _quality(image: np.ndarray) -> tuple[float, float]:
    """Mean brightness and sharpness (variance of the Laplacian) on a quarter-size grey copy:
    about 1 ms, so that the notes can say "too dark" or "too blurred" for the frames where
    nobody was found."""
    import cv2

    grey = cv2.cvtColor(cv2.resize(image, (image.shape[1] // 4, image.shape[0] // 4),
                                   interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
    return float(grey.mean()), float(cv2.Laplacian(grey, cv2.CV_32F).var())
