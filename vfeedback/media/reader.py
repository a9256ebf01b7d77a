"""Decoded frames for analysis and the player's frame cache, behind one small class.

OpenCV's FFmpeg backend does the decoding; callers get numpy BGR frames with their index and
time and never hold more than the frames they ask for (whole videos are never loaded).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..errors import MediaError
from ..i18n import _


@dataclass(frozen=True)
class Frame:
    index: int
    time_s: float
    image: np.ndarray  # H x W x 3, BGR, uint8


class FrameReader:
    """Sequential or random access to a video's frames. Use as a context manager."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        import cv2

        self._cv2 = cv2
        self.path = str(path)
        self._cap = cv2.VideoCapture(self.path)
        if not self._cap.isOpened():
            raise MediaError(_("Cannot open {path} for decoding").format(path=path))
        self.fps = float(self._cap.get(cv2.CAP_PROP_FPS)) or 25.0
        self.frame_count = int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT))
        self.width = int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        self.height = int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        self._next = 0

    def __enter__(self) -> FrameReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._cap.release()

    def _time(self, index: int) -> float:
        msec = self._cap.get(self._cv2.CAP_PROP_POS_MSEC)
        return msec / 1000.0 if msec > 0 or index == 0 else index / self.fps

    def read(self) -> Frame | None:
        """The next frame, or None at the end of the video."""
        ok, image = self._cap.read()
        if not ok:
            return None
        frame = Frame(self._next, self._time(self._next), image)
        self._next += 1
        return frame

    def seek(self, index: int) -> None:
        """Position so that :meth:`read` returns frame ``index`` (decodes from a keyframe)."""
        if index != self._next:
            self._cap.set(self._cv2.CAP_PROP_POS_FRAMES, index)
            self._next = index

    def frame_at(self, index: int) -> Frame | None:
        self.seek(index)
        return self.read()

    def frames(self, stride: int = 1, start: int = 0, stop: int | None = None) -> Iterator[Frame]:
        """Every ``stride``-th frame from ``start``; skipped frames are grabbed, not decoded
        into images, which is what makes a stride cheap."""
        self.seek(start)
        index = start
        while stop is None or index < stop:
            if (index - start) % stride == 0:
                frame = self.read()
                if frame is None:
                    return
                yield frame
            else:
                if not self._cap.grab():
                    return
                self._next += 1
            index += 1
