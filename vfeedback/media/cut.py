"""Cutting a segment out of a video, frame-accurately, or by stream copy at keyframes."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

from ..errors import InputError, MediaError
from ..fileio import atomic_output
from ..i18n import _
from ..progress import CancelToken, ProgressFn
from .frames import seek_time_for_frame
from .probe import MediaInfo, probe
from .tools import run_capture, run_ffmpeg

H264_ARGS = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p"]
AAC_ARGS = ["-c:a", "aac", "-b:a", "160k"]


def frame_range(start_s: float, end_s: float, fps: float) -> tuple[int, int]:
    """Frames ``[first, last)`` whose start times lie in ``[start_s, end_s)``."""
    first = math.ceil(start_s * fps - 1e-6)
    last = math.ceil(end_s * fps - 1e-6)
    return first, last


def _check_range(info: MediaInfo, start_s: float, end_s: float) -> None:
    if start_s < 0 or end_s <= start_s:
        raise InputError(_("The segment {a:.3f}-{b:.3f} s is empty or reversed").format(
            a=start_s, b=end_s))
    if info.duration_s and start_s >= info.duration_s:
        raise InputError(_("The segment starts at {a:.3f} s, after the end of the video "
                           "({d:.3f} s)").format(a=start_s, d=info.duration_s))


def cut(src: str | os.PathLike[str], dst: str | os.PathLike[str], start_s: float, end_s: float,
        *, info: MediaInfo | None = None, progress: ProgressFn | None = None,
        cancel: CancelToken | None = None) -> int:
    """Re-encode ``[start_s, end_s)`` of ``src`` into ``dst`` (H.264/AAC MP4); frame-accurate.

    The first output frame is the first frame at or after ``start_s``; the output has exactly
    the frames that start before ``end_s``. Returns the number of video frames written.
    """
    info = info or probe(src)
    _check_range(info, start_s, end_s)
    end_s = min(end_s, info.duration_s) if info.duration_s else end_s
    first, last = frame_range(start_s, end_s, info.fps)
    frames = max(1, last - first)
    seek = seek_time_for_frame(first, info.fps)
    duration = frames / info.fps
    audio = [*AAC_ARGS] if info.has_audio else ["-an"]
    with atomic_output(dst) as tmp:
        run_ffmpeg(["-ss", f"{seek:.6f}", "-i", str(src), "-map", "0:v:0", "-map", "0:a:0?",
                    "-frames:v", str(frames), "-t", f"{duration:.6f}",
                    "-vf", "setpts=PTS-STARTPTS", "-af", "asetpts=PTS-STARTPTS",
                    *H264_ARGS, *audio, "-movflags", "+faststart", "-f", "mp4", str(tmp)],
                   duration_s=duration, progress=progress, cancel=cancel,
                   what=_("Cutting"), error_message=_("The segment could not be cut"))
    return frames


def keyframe_times(path: str | os.PathLike[str]) -> list[float]:
    """Times (s) of the video's keyframes, read without decoding the other frames."""
    result = run_capture(["-v", "info", "-skip_frame", "nokey", "-i", str(path), "-map", "0:v:0",
                          "-vf", "showinfo", "-f", "null", "-"], timeout=600)
    text = result.stderr.decode("utf-8", "replace")
    if result.returncode != 0:
        raise MediaError(_("Cannot read the keyframes of {name}").format(name=Path(path).name))
    return [float(t) for t in re.findall(r"pts_time:\s*([-\d.]+)", text)]


def cut_copy(src: str | os.PathLike[str], dst: str | os.PathLike[str], start_s: float,
             end_s: float, *, info: MediaInfo | None = None) -> None:
    """Stream-copy ``[start_s, end_s)`` (no re-encoding). Exact only when ``start_s`` is on a
    keyframe; use :func:`keyframe_times` to check, or :func:`cut` otherwise."""
    info = info or probe(src)
    _check_range(info, start_s, end_s)
    with atomic_output(dst) as tmp:
        first, last = frame_range(start_s, min(end_s, info.duration_s or end_s), info.fps)
        run_ffmpeg(["-ss", f"{start_s:.6f}", "-i", str(src), "-t", f"{end_s - start_s:.6f}",
                    "-frames:v", str(max(1, last - first)),
                    "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy",
                    "-avoid_negative_ts", "make_zero", "-movflags", "+faststart", "-f", "mp4",
                    str(tmp)], error_message=_("The segment could not be copied"))
