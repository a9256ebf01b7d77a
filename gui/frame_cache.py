"""Decoded frames around the playhead, for exact still frames when paused or stepping.

Reads the recording's seek proxy (see :mod:`vfeedback.media.proxy`; short keyframe interval,
so one random frame costs a few small decodes) or, until that exists, the original. Frames are
kept in an LRU; a background thread prefetches a window around the playhead so that stepping
back and forth is served from memory. No Qt here: the player turns arrays into images.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from vfeedback.media.reader import FrameReader

BEHIND = 12  # frames kept decoded behind the playhead (stepping back is the slow direction)
AHEAD = 24


class FrameCache:
    """``get(index)`` returns frame ``index`` as an RGB array (H x W x 3), decoding on a miss."""

    def __init__(self, path: str | os.PathLike[str], capacity: int = 180) -> None:
        self.path = str(path)
        self.capacity = capacity
        self._frames: OrderedDict[int, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # guards _frames
        self._reader_lock = threading.Lock()  # guards the foreground reader
        self._reader = FrameReader(self.path)
        self.frame_count = self._reader.frame_count
        self.fps = self._reader.fps
        self.hits = 0
        self.misses = 0
        self._wanted: int | None = None
        self._callback: Callable[[int], None] | None = None
        self._wake = threading.Condition()
        self._closed = False
        self._worker = threading.Thread(target=self._prefetch_loop, daemon=True,
                                        name="frame-prefetch")
        self._worker.start()

    # -- the cache --------------------------------------------------------------------------
    def _put(self, index: int, image: np.ndarray) -> None:
        with self._lock:
            self._frames[index] = image
            self._frames.move_to_end(index)
            while len(self._frames) > self.capacity:
                self._frames.popitem(last=False)

    def cached(self, index: int) -> np.ndarray | None:
        with self._lock:
            image = self._frames.get(index)
            if image is not None:
                self._frames.move_to_end(index)
            return image

    def get(self, index: int) -> np.ndarray | None:
        """Frame ``index`` (clamped to the video), from memory or decoded now."""
        index = max(0, min(index, max(0, self.frame_count - 1)))
        image = self.cached(index)
        if image is not None:
            self.hits += 1
            return image
        self.misses += 1
        with self._reader_lock:
            frame = self._reader.frame_at(index)
        if frame is None:
            return None
        image = _to_rgb(frame.image)
        self._put(index, image)
        return image

    # -- prefetch ---------------------------------------------------------------------------
    def prefetch(self, center: int) -> None:
        """Ask the background thread to fill the window around ``center`` (latest wins)."""
        self.request(center, None)

    def request(self, index: int, callback: Callable[[int], None] | None) -> None:
        """Decode ``index`` in the background first, call ``callback(index)`` (on the worker
        thread) when it is in the cache, then fill the window around it. A newer request
        replaces an older one, so scrubbing never queues up stale decodes."""
        with self._wake:
            self._wanted = max(0, min(index, max(0, self.frame_count - 1)))
            self._callback = callback
            self._wake.notify()

    def _prefetch_loop(self) -> None:
        reader: FrameReader | None = None
        try:
            reader = FrameReader(self.path)
            while True:
                with self._wake:
                    while self._wanted is None and not self._closed:
                        self._wake.wait()
                    if self._closed:
                        return
                    center, self._wanted = self._wanted, None
                    callback, self._callback = self._callback, None
                if self.cached(center) is None:
                    frame = reader.frame_at(center)
                    if frame is not None:
                        self._put(center, _to_rgb(frame.image))
                if callback is not None:
                    callback(center)
                self._fill(reader, center)
        finally:
            if reader is not None:
                reader.close()

    def _fill(self, reader: FrameReader, center: int) -> None:
        first = max(0, center - BEHIND)
        last = min(self.frame_count - 1, center + AHEAD)
        with self._lock:
            missing = [i for i in range(first, last + 1) if i not in self._frames]
        if not missing:
            return
        # One seek, then sequential decoding: far cheaper than a seek per frame.
        reader.seek(missing[0])
        for index in range(missing[0], missing[-1] + 1):
            if self._closed or self._wanted is not None:
                return  # the playhead moved on; serve the new position first
            frame = reader.read()
            if frame is None:
                return
            if self.cached(index) is None:
                self._put(index, _to_rgb(frame.image))

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._worker.join(timeout=2)
        with self._reader_lock:
            self._reader.close()

    def __enter__(self) -> FrameCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _to_rgb(bgr: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(bgr[:, :, ::-1])
