"""Frames for long jobs (analysis): streamed at a stride, robust to damaged stretches.

:class:`~vfeedback.media.reader.FrameReader` stops at the first frame it cannot read. A long
home-visit recording with one damaged packet should not lose everything after it, so
:func:`iter_frames` tries to step over a bad stretch before deciding the video has ended.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from .reader import Frame, FrameReader

# How many consecutive unreadable frames are stepped over before calling it the end.
MAX_BAD_RUN = 50


def iter_frames(path: str | os.PathLike[str], *, stride: int = 1, start: int = 0,
                stop: int | None = None, skipped: list[int] | None = None) -> Iterator[Frame]:
    """Every ``stride``-th frame in ``[start, stop)``; indices of unreadable ones go to ``skipped``.

    Only the frames given out are converted to images; the others are grabbed (decoded but not
    copied), which is what makes a stride cheap. One frame is held at a time.
    """
    with FrameReader(path) as reader:
        cap = reader._cap  # noqa: SLF001  (same package; grab() without building an image)
        # Phone video stores the picture sideways plus a rotation; analyse it as it is shown
        # (what ffmpeg and the players do), so that people are upright for the pose model.
        cap.set(reader._cv2.CAP_PROP_ORIENTATION_AUTO, 1)  # noqa: SLF001
        if start:
            reader.seek(start)
        index = start
        bad_run = 0
        pending: list[int] = []  # unreadable, counted only if a good frame follows (not the end)
        while stop is None or index < stop:
            wanted = (index - start) % stride == 0
            if wanted:
                ok, image = cap.read()
            else:
                ok, image = cap.grab(), None
            if not ok:
                bad_run += 1
                known_end = reader.frame_count > 0 and index >= reader.frame_count - 1
                if bad_run > MAX_BAD_RUN or known_end:
                    return
                if wanted:
                    pending.append(index)
                index += 1
                continue
            bad_run = 0
            if pending and skipped is not None:
                skipped.extend(pending)
            pending.clear()
            if wanted:
                yield Frame(index, reader._time(index), image)  # noqa: SLF001
            index += 1
