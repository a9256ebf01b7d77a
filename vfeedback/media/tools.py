"""Finding and running ffmpeg: the one place that starts ffmpeg/ffprobe processes.

A system ffmpeg on PATH is preferred (it is usually newer and has more codecs); otherwise the
binary inside the imageio-ffmpeg wheel is used, so ``pip install`` alone is enough. That wheel
has no ffprobe, so nothing here requires one. ``VFEEDBACK_FFMPEG`` overrides the choice.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Sequence

from ..errors import Cancelled, MediaError
from ..i18n import _
from ..processes import child_popen_kwargs
from ..progress import CancelToken, ProgressFn, report

# Output options for every file vfeedback writes for others (reels, exports): no metadata from
# the sources (a phone's GPS position, title, comment, make and model, stream handler names)
# and no encoder tags; "+bitexact" makes the muxer write generic handler names. Global tags are
# dropped with ``-map_metadata -1`` where no other metadata input is mapped.
NO_SOURCE_TAGS = ("-map_metadata:s", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
                  "-flags:a", "+bitexact")
# For libx264 outputs: x264 writes its version and every option into the stream itself (a
# "user data" SEI unit); this drops SEI units, which a closed-GOP x264 stream does not need.
NO_ENCODER_SEI = ("-bsf:v", "filter_units=remove_types=6")


@functools.cache
def ffmpeg_exe() -> str:
    env = os.environ.get("VFEEDBACK_FFMPEG")
    if env:
        return env
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # noqa: BLE001 - any failure means the same to the user
        raise MediaError(_("No ffmpeg was found; install ffmpeg or the imageio-ffmpeg "
                           "package")) from exc


@functools.cache
def ffprobe_exe() -> str | None:
    """ffprobe beside the chosen ffmpeg or on PATH, or None (probing then parses ffmpeg)."""
    if os.environ.get("VFEEDBACK_NO_FFPROBE"):
        return None
    sibling = os.path.join(os.path.dirname(ffmpeg_exe()), "ffprobe")
    if os.path.exists(sibling):
        return sibling
    return shutil.which("ffprobe")


@functools.cache
def ffmpeg_has_encoder(name: str) -> bool:
    out = subprocess.run([ffmpeg_exe(), "-hide_banner", "-encoders"], capture_output=True,
                         text=True, check=False).stdout
    return re.search(rf"^\s*\S+\s+{re.escape(name)}\s", out, re.M) is not None


def run_capture(args: Sequence[str], *, timeout: float | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg (or ffprobe, when args[0] is its path) and capture stdout/stderr as bytes."""
    cmd = list(args) if args and os.path.basename(str(args[0])).startswith("ffprobe") \
        else [ffmpeg_exe(), "-hide_banner", "-nostdin", *args]
    try:
        # The child dies with us (kill -9 included): see vfeedback.processes. Safe here because
        # the call that starts ffmpeg also waits for it, in the same thread.
        return subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                              **child_popen_kwargs())  # type: ignore[call-overload]
    except subprocess.TimeoutExpired as exc:
        raise MediaError(_("ffmpeg did not finish in {s} s").format(s=timeout)) from exc
    except OSError as exc:
        raise MediaError(_("ffmpeg could not be started: {why}").format(why=exc)) from exc


_TIME_RE = re.compile(r"out_time_(?:us|ms)=(\d+)")


def run_ffmpeg(args: Sequence[str], *, duration_s: float | None = None,
               progress: ProgressFn | None = None, cancel: CancelToken | None = None,
               what: str = "", error_message: str | None = None) -> None:
    """Run an ffmpeg job, reporting progress from its ``-progress`` output; cancellable.

    ``duration_s`` is the length of the output, used to turn ffmpeg's time into a fraction.
    On failure raises :class:`MediaError` with ffmpeg's last error lines; on cancel kills
    ffmpeg and raises :class:`Cancelled` (the caller removes the partial output).
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats",
           "-loglevel", "error", *args]
    try:
        # Bounded by this call (which waits for it in the same thread), so it may die with us.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL,
                                **child_popen_kwargs())  # type: ignore[call-overload]
    except OSError as exc:
        raise MediaError(_("ffmpeg could not be started: {why}").format(why=exc)) from exc
    errors: deque[str] = deque(maxlen=12)

    def drain_stderr() -> None:
        assert proc.stderr is not None
        for raw in proc.stderr:
            errors.append(raw.decode("utf-8", "replace").rstrip())

    drainer = threading.Thread(target=drain_stderr, daemon=True)
    drainer.start()

    stop = threading.Event()

    def watch_cancel() -> None:
        while not stop.wait(0.1):
            if cancel is not None and cancel.cancelled:
                proc.kill()
                return

    watcher = threading.Thread(target=watch_cancel, daemon=True)
    watcher.start()
    assert proc.stdout is not None
    try:
        for raw in proc.stdout:
            match = _TIME_RE.match(raw.decode("ascii", "replace"))
            if match and duration_s:
                # ffmpeg writes microseconds under both names (a long-standing quirk).
                report(progress, int(match.group(1)) / 1e6 / duration_s, what)
        code = proc.wait()
    finally:
        stop.set()
        watcher.join()
        drainer.join(timeout=5)
    if cancel is not None and cancel.cancelled:
        raise Cancelled(_("cancelled"))
    if code != 0:
        detail = "; ".join(line for line in errors if line) or f"exit code {code}"
        raise MediaError((error_message or _("ffmpeg failed")) + f": {detail}")
    report(progress, 1.0, what)
