"""Frame arithmetic for cutting segments, and where a video's keyframes are.

The reel (``vfeedback.media.compose``) cuts by these rules: :func:`frame_range` says which
frames a time range holds, :func:`keyframe_times` where a stream copy may start.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

from ..errors import MediaError
from ..i18n import _
from .tools import run_capture


def frame_range(start_s: float, end_s: float, fps: float) -> tuple[int, int]:
    """Frames ``[first, last)`` whose start times lie in ``[start_s, end_s)``."""
    first = math.ceil(start_s * fps - 1e-6)
    last = math.ceil(end_s * fps - 1e-6)
    return first, last


def keyframe_times(path: str | os.PathLike[str]) -> list[float]:
    """Times (s) of the video's keyframes, read without decoding the other frames."""
    result = run_capture(["-v", "info", "-skip_frame", "nokey", "-i", str(path), "-map", "0:v:0",
                          "-vf", "showinfo", "-f", "null", "-"], timeout=600)
    text = result.stderr.decode("utf-8", "replace")
    if result.returncode != 0:
        raise MediaError(_("Cannot read the keyframes of {name}").format(name=Path(path).name))
    return [float(t) for t in re.findall(r"pts_time:\s*([-\d.]+)", text)]
