"""Single frames out of a video: frame-accurate stills and thumbnails."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import MediaError
from ..i18n import _
from .tools import run_capture


def seek_time_for_frame(index: int, fps: float) -> float:
    """The input seek time that makes ffmpeg's accurate seek land on frame ``index``.

    ffmpeg keeps the first frame whose time is >= the seek time; aiming a quarter frame early
    makes rounding in container time bases harmless.
    """
    if fps <= 0:
        raise MediaError(_("The frame rate of this video is unknown"))
    return max(0.0, (index - 0.25) / fps)


def extract_frame(path: str | os.PathLike[str], *, time_s: float | None = None,
                  index: int | None = None, fps: float | None = None, width: int | None = None,
                  fmt: str = "png") -> bytes:
    """One frame as PNG or JPEG bytes, at ``time_s`` or at frame ``index`` (needs ``fps``).

    Frame-accurate: ffmpeg seeks to the keyframe before and decodes up to the exact frame.
    """
    if index is not None:
        if fps is None:
            raise MediaError("extract_frame(index=…) needs the frame rate")
        time_s = seek_time_for_frame(index, fps)
    if time_s is None or time_s < 0:
        raise MediaError(_("A frame time must be zero or more"))
    codec = {"png": "png", "jpg": "mjpeg", "jpeg": "mjpeg"}[fmt]
    vf = ["-vf", f"scale={width}:-2"] if width else []
    result = run_capture(["-v", "error", "-ss", f"{time_s:.6f}", "-i", str(path), "-frames:v",
                          "1", *vf, "-f", "image2pipe", "-c:v", codec, "-q:v", "3",
                          "-flags:v", "+bitexact", "-"],
                         timeout=60)
    if result.returncode != 0 or not result.stdout:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise MediaError(_("No frame at {t:.3f} s in {name}").format(
            t=time_s, name=Path(path).name) + (f" ({detail[-1]})" if detail else ""))
    return result.stdout


def thumbnail(path: str | os.PathLike[str], time_s: float, width: int = 320) -> bytes:
    """A small JPEG of the frame at ``time_s`` (for lists, scripts and the timeline)."""
    return extract_frame(path, time_s=time_s, width=width, fmt="jpg")
