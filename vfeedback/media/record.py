"""ffmpeg command lines for live capture: inputs per source kind, the crash-safe output, remux.

A recording is written while it happens as one MPEG-TS file (``stream.ts``) with a keyframe
every second, no B-frame look-ahead (``-tune zerolatency``) and every packet flushed
(``-flush_packets 1``): MPEG-TS has no index to write at the end, so whatever reached the disk
before a crash is a playable stream, and a torn last packet is simply dropped on remux. A
second output writes a small JPEG (``preview.jpg``, replaced atomically a few times a second)
that the GUI shows as the live preview. On stop the TS is remuxed (no re-encode) to a
faststart MP4.

:class:`LiveCapture` runs that ffmpeg and parses its ``-progress`` report; it is the only
long-running ffmpeg process and lives here so that ffmpeg stays inside ``vfeedback.media``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import MediaError
from ..i18n import _
from ..progress import CancelToken, ProgressFn
from .tools import ffmpeg_exe, run_capture, run_ffmpeg

STREAM_TIMEOUT_US = 5_000_000  # a stalled network source ends the recording after 5 s
PREVIEW_WIDTH = 320
PREVIEW_FPS = 5


@dataclass(frozen=True)
class CaptureInput:
    """The ffmpeg input arguments of a source and where its video and audio streams are."""

    args: list[str]
    video_map: str = "0:v:0"
    audio_map: str | None = "0:a:0?"  # a trailing '?' means "if there is one"
    fps: float | None = None  # output frame rate; None keeps 25 (a safe CFR default)


# -- inputs -----------------------------------------------------------------------------
def test_input(width: int = 640, height: int = 360, fps: float = 25) -> CaptureInput:
    """ffmpeg's generated picture and tone, delivered in real time (``-re``)."""
    return CaptureInput(
        ["-re", "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}",
         "-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
        video_map="0:v:0", audio_map="1:a:0", fps=fps)


def file_input(path: str | os.PathLike[str], loop: bool = False) -> CaptureInput:
    """A file played as if it were live (real-time reading), optionally looped forever."""
    args = ["-re"] + (["-stream_loop", "-1"] if loop else []) + ["-i", str(path)]
    return CaptureInput(args)


def stream_input(url: str, timeout_us: int = STREAM_TIMEOUT_US) -> CaptureInput:
    """A network camera (phone app): RTSP, HTTP/MJPEG, UDP, TCP or SRT, with a stall timeout."""
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("rtsp", "rtsps"):
        # TCP interleaving survives Wi-Fi loss far better than UDP; -timeout is the socket one.
        opts = ["-rtsp_transport", "tcp", "-timeout", str(timeout_us)]
    elif scheme == "udp":
        opts = ["-timeout", str(timeout_us)]
    else:
        opts = ["-rw_timeout", str(timeout_us)]
    return CaptureInput([*opts, "-i", url])


def device_input(fmt: str, video: str, audio: str | None = None, *, audio_fmt: str | None = None,
                 size: tuple[int, int] | None = None, fps: float | None = None) -> CaptureInput:
    """A local camera (and microphone): v4l2 (+alsa/pulse), avfoundation or dshow."""
    mode: list[str] = []
    if fps:
        mode += ["-framerate", f"{fps:g}"]
    if size:
        mode += ["-video_size", f"{size[0]}x{size[1]}"]
    # Live devices need a deep enough queue or ffmpeg drops frames while x264 warms up.
    queue = ["-thread_queue_size", "512"]
    if fmt == "avfoundation":
        return CaptureInput([*queue, "-f", fmt, *mode, "-i", f"{video}:{audio or 'none'}"],
                            audio_map="0:a:0?", fps=fps)
    if fmt == "dshow":
        spec = f"video={video}" + (f":audio={audio}" if audio else "")
        return CaptureInput([*queue, "-f", fmt, *mode, "-i", spec], audio_map="0:a:0?", fps=fps)
    args = [*queue, "-f", fmt, *mode, "-i", video]
    if audio:
        args += [*queue, "-f", audio_fmt or "alsa", "-i", audio]
        return CaptureInput(args, audio_map="1:a:0", fps=fps)
    return CaptureInput(args, audio_map=None, fps=fps)


# -- the recording command ----------------------------------------------------------------
def record_command(source: CaptureInput, stream_ts: Path, preview_jpg: Path | None, *,
                   preset: str = "veryfast", duration_s: float | None = None) -> list[str]:
    """The full ffmpeg command line (without the executable) for one recording."""
    fps = source.fps or 25
    gop = max(1, int(round(fps)))  # a keyframe every second: a crash loses at most ~1 s
    out = ["-map", source.video_map]
    if source.audio_map:
        out += ["-map", source.audio_map]
    out += ["-c:v", "libx264", "-preset", preset, "-tune", "zerolatency", "-crf", "21",
            "-pix_fmt", "yuv420p", "-r", f"{fps:g}", "-fps_mode", "cfr",
            "-g", str(gop), "-keyint_min", str(gop), "-sc_threshold", "0",
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
            # aresample keeps audio in step with the clock when a device drifts or drops.
            "-af", "aresample=async=1000"]
    # -t is per output: the preview gets it too, or ffmpeg would run on for the preview alone.
    limit = ["-t", f"{duration_s:g}"] if duration_s else []
    out += [*limit, "-f", "mpegts", "-flush_packets", "1", "-muxdelay", "0", str(stream_ts)]
    if preview_jpg is not None:
        out += ["-map", source.video_map, "-an",
                "-vf", f"fps={PREVIEW_FPS},scale={PREVIEW_WIDTH}:-2",
                "-c:v", "mjpeg", "-q:v", "6", *limit, "-f", "image2", "-update", "1",
                "-atomic_writing", "1", str(preview_jpg)]
    return ["-hide_banner", "-nostats", "-loglevel", "error", "-progress", "pipe:1",
            "-stats_period", "0.5", "-y", *source.args, *out]


def remux_command(stream_ts: Path, target: Path) -> list[str]:
    """TS -> faststart MP4 without re-encoding; a torn last packet is discarded."""
    return ["-fflags", "+genpts+discardcorrupt", "-err_detect", "ignore_err",
            "-i", str(stream_ts), "-map", "0:v:0?", "-map", "0:a:0?", "-c", "copy",
            "-bsf:a", "aac_adtstoasc", "-movflags", "+faststart", "-f", "mp4", str(target)]


def remux_to_mp4(stream_ts: Path, target: Path, *, progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> None:
    run_ffmpeg(remux_command(stream_ts, target), progress=progress, cancel=cancel,
               what=_("Finishing the recording"),
               error_message=_("The recording could not be finished"))


def transcode_command(source: Path, target: Path, fps: float) -> list[str]:
    """Phone video (HEVC, VFR, rotated) -> H.264/AAC CFR the player and reel can use.

    ffmpeg turns the pixels upright itself (autorotate), so the result has no rotation.
    """
    return ["-i", str(source), "-map", "0:v:0", "-map", "0:a:0?",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
            "-r", f"{fps:g}", "-fps_mode", "cfr", "-c:a", "aac", "-b:a", "160k",
            "-map_metadata", "0", "-movflags", "+faststart", "-f", "mp4", str(target)]


def transcode(source: Path, target: Path, fps: float, duration_s: float, *,
              progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> None:
    run_ffmpeg(transcode_command(source, target, fps), duration_s=duration_s, progress=progress,
               cancel=cancel, what=_("Converting {name}").format(name=source.name),
               error_message=_("{name} could not be converted").format(name=source.name))


# -- device discovery ---------------------------------------------------------------------
def list_device_text(fmt: str, device: str = "") -> str:
    """ffmpeg's own device listing (stderr) for avfoundation/dshow, or v4l2 formats."""
    if fmt == "v4l2":
        args = ["-f", "v4l2", "-list_formats", "all", "-i", device]
    elif fmt == "avfoundation":
        args = ["-f", "avfoundation", "-list_devices", "true", "-i", ""]
    elif fmt == "dshow":
        args = ["-list_devices", "true", "-f", "dshow", "-i", "dummy"]
    elif fmt == "dshow-options":
        args = ["-list_options", "true", "-f", "dshow", "-i", f"video={device}"]
    else:
        raise MediaError(f"unknown device kind {fmt}")
    return run_capture(args, timeout=15).stderr.decode("utf-8", "replace")


_V4L2_RE = re.compile(r"\[video4linux2[^\]]*\]\s*(Raw|Compressed)\s*:\s*(\S+)\s*:[^:]*:\s*(.*)")


def parse_v4l2_formats(text: str) -> list[tuple[str, int, int]]:
    """(pixel format, width, height) for each size ``ffmpeg -list_formats all`` offers."""
    modes = []
    for match in _V4L2_RE.finditer(text):
        for size in re.findall(r"(\d+)x(\d+)", match.group(3)):
            modes.append((match.group(2), int(size[0]), int(size[1])))
    return modes


def parse_device_list(text: str) -> list[tuple[str, str]]:
    """(kind 'video'|'audio', name) from avfoundation's or dshow's device listing."""
    found: list[tuple[str, str]] = []
    section = ""
    for line in text.splitlines():
        low = line.lower()
        if "video devices" in low:
            section = "video"
            continue
        if "audio devices" in low:
            section = "audio"
            continue
        if "alternative name" in low:
            continue
        dshow = re.search(r'\]\s*"(.+)"\s*\((video|audio)\)', line)
        if dshow:  # ffmpeg >= 4.4 dshow: "Name" (video)
            found.append((dshow.group(2), dshow.group(1)))
            continue
        avf = re.search(r"\]\s*\[(\d+)\]\s*(.+)$", line)
        if avf and section:
            found.append((section, f"{avf.group(1)}:{avf.group(2).strip()}"))
            continue
        old = re.search(r'\]\s*"(.+)"\s*$', line)
        if old and section:
            found.append((section, old.group(1)))
    return found


# -- the running process ------------------------------------------------------------------
@dataclass
class LiveReport:
    """ffmpeg's latest ``-progress`` block."""

    out_time_s: float = 0.0
    frames: int = 0
    dropped_frames: int = 0
    duplicated_frames: int = 0
    total_bytes: int = 0
    speed: float = 0.0
    ended: bool = False
    at: float = 0.0  # time.monotonic() when it arrived


def _linux_parent_death_signal() -> None:  # runs in the child before exec
    # If the recording program is killed, ffmpeg is told too (SIGTERM lets it flush).
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - best effort only
        pass


class LiveCapture:
    """One running recording ffmpeg: start, parse progress, stop gracefully."""

    def __init__(self, args: Sequence[str], on_report: Callable[[LiveReport], None]) -> None:
        self.args = list(args)
        self.on_report = on_report
        self.report = LiveReport()
        self.errors: deque[str] = deque(maxlen=12)
        self.proc: subprocess.Popen[bytes] | None = None
        self._threads: list[threading.Thread] = []

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def start(self) -> None:
        kwargs: dict = {}
        if sys.platform.startswith("linux"):
            kwargs["preexec_fn"] = _linux_parent_death_signal
        try:
            self.proc = subprocess.Popen([ffmpeg_exe(), *self.args], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
        except OSError as exc:
            raise MediaError(_("ffmpeg could not be started: {why}").format(why=exc)) from exc
        for target in (self._read_progress, self._read_errors):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _read_progress(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        block: dict[str, str] = {}
        for raw in self.proc.stdout:
            key, _sep, value = raw.decode("ascii", "replace").strip().partition("=")
            block[key] = value
            if key != "progress":
                continue
            rep = LiveReport(at=time.monotonic(), ended=value == "end")
            try:
                rep.out_time_s = max(0, int(block.get("out_time_us", "0"))) / 1e6
            except ValueError:
                rep.out_time_s = self.report.out_time_s  # "N/A" before the first frame
            for name, attr in (("frame", "frames"), ("drop_frames", "dropped_frames"),
                               ("dup_frames", "duplicated_frames"),
                               ("total_size", "total_bytes")):
                with contextlib.suppress(ValueError):
                    setattr(rep, attr, int(block.get(name, "0")))
            with contextlib.suppress(ValueError):
                rep.speed = float(block.get("speed", "0x").rstrip("x") or 0)
            self.report = rep
            block = {}
            self.on_report(rep)

    def _read_errors(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").strip()
            if line:
                self.errors.append(line)

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 10.0) -> int:
        """Ask ffmpeg to finish ('q' on stdin, then SIGINT/terminate); returns its exit code."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(b"q")
                self.proc.stdin.flush()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=timeout / 2)
            except subprocess.TimeoutExpired:
                if sys.platform != "win32":
                    self.proc.send_signal(signal.SIGINT)
                else:
                    self.proc.terminate()
                try:
                    self.proc.wait(timeout=timeout / 2)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
        return self.wait()

    def wait(self) -> int:
        assert self.proc is not None
        code = self.proc.wait()
        for thread in self._threads:
            thread.join(timeout=5)
        return code

    def error_text(self) -> str:
        return "; ".join(self.errors)
