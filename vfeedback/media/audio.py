"""A recording's sound as numbers: the first audio stream decoded to mono PCM by ffmpeg.

Used by the listening analysis (``analysis/audio``). ffmpeg resamples and mixes down in one
pass and writes raw 16-bit samples to a pipe, which is read in chunks so that a cancel stops
it within a chunk and progress follows the decoded time. A file without an audio stream gives
``None`` (not an error): a silent recording is a normal thing to analyse.
"""

from __future__ import annotations

import os
import subprocess
from collections import deque
from pathlib import Path
from threading import Thread

import numpy as np

from ..errors import Cancelled, MediaError
from ..i18n import _
from ..processes import child_popen_kwargs
from ..progress import CancelToken, ProgressFn, report
from .plainserve import is_url
from .probe import MediaInfo, probe
from .tools import ffmpeg_exe

CHUNK_BYTES = 1 << 18  # 8 s of 16 kHz mono: cancel answers within a fraction of a second
MAX_START_S = 2 * 3600  # the read buffer starts at most at 2 hours of sound


def read_audio(path: str | os.PathLike[str], *, rate: int = 16000,
               info: MediaInfo | None = None, progress: ProgressFn | None = None,
               cancel: CancelToken | None = None) -> np.ndarray | None:
    """The first audio stream as mono int16 samples at ``rate`` Hz, or None when there is none.

    Raises :class:`MediaError` when the file cannot be read and :class:`Cancelled` on cancel.
    """
    path = path if is_url(path) else Path(path)  # type: ignore[assignment]
    info = info or probe(path)
    if not info.has_audio:
        return None
    # first_pts=0: the sound starts at the file's start, padded with silence when its stream
    # starts later (a webcam's sound often does, by 0.04-0.3 s; a stream's by more) and
    # trimmed of an encoder's negative start; the first picture's offset is cut below.
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
           "-map", "0:a:0", "-vn", "-af", "aresample=first_pts=0", "-ac", "1", "-ar",
           str(rate), "-f", "s16le", "-"]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, **child_popen_kwargs())  # type: ignore[call-overload]
    except OSError as exc:
        raise MediaError(_("ffmpeg could not be started: {why}").format(why=exc)) from exc
    errors: deque[str] = deque(maxlen=6)

    def drain() -> None:
        assert proc.stderr is not None
        for raw in proc.stderr:
            errors.append(raw.decode("utf-8", "replace").rstrip())

    drainer = Thread(target=drain, daemon=True)
    drainer.start()
    expected = max(info.duration_s, 1e-6) * rate * 2
    # Straight into one buffer sized from the probed duration (an hour is 115 MB): a list of
    # chunks joined and copied needed four times the sound's size at the peak. It grows by
    # half when the probe's duration was short (or past MAX_START_S: a file can claim any).
    buf = np.empty(int(min(expected, MAX_START_S * rate * 2)) + CHUNK_BYTES, np.uint8)
    total = 0
    assert proc.stdout is not None
    try:
        while True:
            if cancel is not None and cancel.cancelled:
                raise Cancelled(_("cancelled"))
            if total + CHUNK_BYTES > len(buf):
                grown = np.empty(len(buf) + len(buf) // 2 + CHUNK_BYTES, np.uint8)
                grown[:total] = buf[:total]
                buf = grown
            got = proc.stdout.readinto(memoryview(buf)[total:total + CHUNK_BYTES])
            if not got:
                break
            total += got
            report(progress, total / expected, _("Decoding the sound"))
        code = proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        drainer.join(timeout=5)
    if code != 0 and total == 0:
        detail = "; ".join(e for e in errors if e) or f"exit code {code}"
        raise MediaError(_("The sound of {name} cannot be decoded: {detail}").format(
            name=path.name, detail=detail))
    # On the video analysis' clock, which starts at the first picture.
    skip = 2 * int(round(info.picture_start_s * rate)) if info.has_video else 0
    samples = buf[min(skip, total // 2 * 2): total // 2 * 2].view("<i2")
    # Far less sound than probed (a wrong duration in the file): do not keep the slack.
    return samples.copy() if len(buf) > total + total // 10 + CHUNK_BYTES else samples
