"""Footage made by ffmpeg itself: the demo's sample video and exact test material.

``make_video(..., index_code=True)`` draws a strip of 16 black/white blocks at the top of every
frame that spells the frame's own index in binary, so a test (or a user checking an export)
can decode any output frame and know exactly which source frame it is.
"""

from __future__ import annotations

import os

import numpy as np

from ..fileio import atomic_output
from ..i18n import _
from .tools import run_ffmpeg

CODE_BITS = 16


def make_video(path: str | os.PathLike[str], *, duration_s: float = 10.0, fps: float = 25,
               width: int = 640, height: int = 360, audio: bool = True,
               index_code: bool = True, keyint: int | None = None, tone_hz: int = 440,
               encoder_args: list[str] | None = None) -> None:
    """Write an H.264/AAC MP4 with a moving test picture, a tone and (optionally) the
    frame-index strip. ``keyint`` sets the keyframe interval in frames (default 2 s)."""
    keyint = keyint or int(round(fps * 2))
    strip_h = max(8, height // 10)
    pic = f"testsrc2=size={width}x{height}:rate={fps}:duration={duration_s}"
    if index_code:
        block = width / CODE_BITS
        lum = f"if(bitand(N\\,pow(2\\,floor(X/{block:.4f})))\\,235\\,16)"
        graph = (f"{pic}[base];color=black:size={width}x{strip_h}:rate={fps}:duration={duration_s},"
                 f"format=gray,geq=lum='{lum}',format=yuv420p[code];"
                 f"[base][code]overlay=0:0:shortest=1,format=yuv420p[v]")
    else:
        graph = f"{pic},format=yuv420p[v]"
    inputs = ["-f", "lavfi", "-i", "nullsrc=s=16x16:d=0.04"]  # placeholder input 0
    maps = ["-filter_complex", graph, "-map", "[v]"]
    if audio:
        inputs += ["-f", "lavfi", "-i", f"sine=frequency={tone_hz}:sample_rate=48000:"
                   f"duration={duration_s}"]
        maps += ["-map", "1:a", "-c:a", "aac", "-b:a", "128k"]
    enc = encoder_args or ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20"]
    with atomic_output(path) as tmp:
        run_ffmpeg([*inputs, *maps, *enc, "-g", str(keyint), "-keyint_min", str(keyint),
                    "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-r", str(fps),
                    "-movflags", "+faststart", "-f", "mp4", str(tmp)],
                   duration_s=duration_s, what=_("Making sample footage"))


def read_index_code(image: np.ndarray) -> int:
    """The frame index spelled by the strip in a decoded frame (BGR or grey, any size)."""
    grey = image if image.ndim == 2 else image.mean(axis=2)
    h, w = grey.shape
    strip_h = max(8, h // 10)
    row = grey[strip_h // 2]
    block = w / CODE_BITS
    value = 0
    for bit in range(CODE_BITS):
        centre = row[int(block * bit + block / 4): int(block * bit + 3 * block / 4)]
        if centre.mean() > 128:
            value |= 1 << bit
    return value
