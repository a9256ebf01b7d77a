"""What a recording can come from: local cameras and microphones, a phone streaming over the
network, a file played as if live, and ffmpeg's synthetic picture and tone (for tests and
trying the app without a camera). All behind :class:`CaptureSource`.
"""

from __future__ import annotations

import glob
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.media import record as rec

STREAM_SCHEMES = ("rtsp", "rtsps", "http", "https", "mjpeg", "udp", "tcp", "srt", "rtmp")


@dataclass(frozen=True)
class CaptureMode:
    """A picture size and frame rate a device offers (fps 0 = the device's default)."""

    width: int
    height: int
    fps: float = 0.0

    def __str__(self) -> str:
        return f"{self.width}x{self.height}" + (f" @ {self.fps:g} fps" if self.fps else "")


class CaptureSource:
    """One thing to record from. ``spec`` is what ``vfeedback record SOURCE`` accepts."""

    kind = "source"

    def __init__(self, name: str, spec: str) -> None:
        self.name = name
        self.spec = spec
        self.mode: CaptureMode | None = None

    def input_args(self) -> rec.CaptureInput:
        raise NotImplementedError

    def probe_modes(self) -> list[CaptureMode]:
        """Sizes and frame rates offered; empty when the source decides by itself."""
        return []

    def with_mode(self, mode: CaptureMode | None) -> CaptureSource:
        self.mode = mode
        return self

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec!r}>"


class TestSource(CaptureSource):
    """ffmpeg's moving test picture with a 440 Hz tone, in real time."""

    kind = "test"
    __test__ = False  # not a pytest test class

    def __init__(self, width: int = 640, height: int = 360, fps: float = 25) -> None:
        super().__init__(_("Test picture and tone"), "test")
        self.mode = CaptureMode(width, height, fps)

    def input_args(self) -> rec.CaptureInput:
        mode = self.mode or CaptureMode(640, 360, 25)
        return rec.test_input(mode.width, mode.height, mode.fps or 25)

    def probe_modes(self) -> list[CaptureMode]:
        return [CaptureMode(640, 360, 25), CaptureMode(1280, 720, 25), CaptureMode(320, 180, 25)]


class FileSource(CaptureSource):
    """A video file played as if a camera were filming it."""

    kind = "file"

    def __init__(self, path: str | Path, loop: bool = False) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError(_("{path} does not exist").format(path=self.path))
        super().__init__(self.path.name, str(self.path))
        self.loop = loop

    def input_args(self) -> rec.CaptureInput:
        return rec.file_input(self.path, self.loop)


class StreamSource(CaptureSource):
    """A network camera, typically a phone app (RTSP, HTTP/MJPEG, UDP, TCP, SRT)."""

    kind = "stream"

    def __init__(self, url: str, timeout_s: float = 5.0) -> None:
        scheme = url.split("://", 1)[0].lower() if "://" in url else ""
        if scheme not in STREAM_SCHEMES:
            raise InputError(_("{url} is not a camera address vfeedback understands (rtsp://, "
                               "http://, udp://, tcp://, srt://)").format(url=url))
        super().__init__(url, url)
        self.url = "http" + url[len("mjpeg"):] if scheme == "mjpeg" else url
        self.timeout_s = timeout_s

    def input_args(self) -> rec.CaptureInput:
        return rec.stream_input(self.url, int(self.timeout_s * 1_000_000))


@dataclass
class DeviceSource(CaptureSource):
    """A camera attached to this computer, with the microphone recorded alongside."""

    fmt: str = "v4l2"  # v4l2 | avfoundation | dshow
    video: str = ""
    audio: str | None = None
    audio_fmt: str | None = None  # alsa | pulse (Linux only)
    label: str = ""
    _modes: list[CaptureMode] = field(default_factory=list)

    kind = "device"

    def __post_init__(self) -> None:
        CaptureSource.__init__(self, self.label or self.video, self.video)

    def input_args(self) -> rec.CaptureInput:
        mode = self.mode
        return rec.device_input(self.fmt, self.video, self.audio, audio_fmt=self.audio_fmt,
                                size=(mode.width, mode.height) if mode else None,
                                fps=mode.fps if mode and mode.fps else None)

    def probe_modes(self) -> list[CaptureMode]:
        if self._modes or self.fmt != "v4l2":
            return self._modes
        seen: list[CaptureMode] = []
        for _pix, width, height in rec.parse_v4l2_formats(rec.list_device_text("v4l2",
                                                                              self.video)):
            mode = CaptureMode(width, height)
            if mode not in seen:
                seen.append(mode)
        self._modes = seen
        return seen


# -- discovery ----------------------------------------------------------------------------
def _linux_audio() -> tuple[str | None, str | None]:
    """The microphone to pair with a camera: PulseAudio/PipeWire's default, else ALSA's."""
    if shutil.which("pactl"):
        try:
            ok = subprocess.run(["pactl", "info"], capture_output=True, timeout=3).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return "default", "pulse"
    if Path("/proc/asound/cards").exists() and "no soundcards" not in \
            Path("/proc/asound/cards").read_text(errors="replace"):
        return "default", "alsa"
    return None, None


def linux_audio_inputs() -> list[str]:
    """Names of ALSA capture cards (``/proc/asound``), for ``vfeedback sources``."""
    names = []
    for pcm in sorted(glob.glob("/proc/asound/card*/pcm*c/info")):
        text = Path(pcm).read_text(errors="replace")
        name = next((line.split(":", 1)[1].strip() for line in text.splitlines()
                     if line.startswith("name:")), pcm)
        card = Path(pcm).parts[3].removeprefix("card")
        names.append(f"hw:{card} {name}")
    return names


def _linux_cameras() -> list[DeviceSource]:
    audio, audio_fmt = _linux_audio()
    found = []
    for dev in sorted(glob.glob("/dev/video*"), key=lambda p: (len(p), p)):
        sysfs = Path("/sys/class/video4linux") / Path(dev).name
        name = (sysfs / "name").read_text(errors="replace").strip() if (sysfs / "name").exists() \
            else Path(dev).name
        # UVC cameras expose a second node for metadata only; its index is odd and it lists
        # no formats, so keep only nodes that offer capture formats.
        index = sysfs / "index"
        if index.exists() and index.read_text().strip() not in ("0", ""):
            continue
        found.append(DeviceSource(fmt="v4l2", video=dev, audio=audio, audio_fmt=audio_fmt,
                                  label=f"{name} ({dev})"))
    return found


def _listed_devices(fmt: str) -> list[DeviceSource]:
    devices = rec.parse_device_list(rec.list_device_text(fmt))
    mics = [name for kind, name in devices if kind == "audio"]
    mic = mics[0] if mics else None
    sources = []
    for kind, name in devices:
        if kind != "video":
            continue
        if fmt == "avfoundation":
            index, _sep, label = name.partition(":")
            sources.append(DeviceSource(fmt=fmt, video=index, label=label,
                                        audio=mic.partition(":")[0] if mic else None))
        else:
            sources.append(DeviceSource(fmt=fmt, video=name, label=name, audio=mic))
    return sources


def list_sources(include_test: bool = True) -> list[CaptureSource]:
    """Cameras on this computer (with a microphone), then the synthetic test source."""
    if sys.platform.startswith("linux"):
        sources: list[CaptureSource] = list(_linux_cameras())
    elif sys.platform == "darwin":
        sources = list(_listed_devices("avfoundation"))
    elif sys.platform == "win32":
        sources = list(_listed_devices("dshow"))
    else:
        sources = []
    if include_test:
        sources.append(TestSource())
    return sources


def source_from_spec(spec: str, *, mode: CaptureMode | None = None,
                     loop: bool = False) -> CaptureSource:
    """``test``, a URL, a device (``/dev/video0``, a dshow/avfoundation name) or a file."""
    spec = spec.strip()
    if not spec:
        raise InputError(_("Say what to record from: a camera, a camera address or 'test'"))
    if spec == "test":
        source: CaptureSource = TestSource()
    elif "://" in spec:
        source = StreamSource(spec)
    elif spec.startswith("/dev/video"):
        if not Path(spec).exists():
            raise InputError(_("There is no camera {device}; is it plugged in?").format(
                device=spec))
        audio, audio_fmt = _linux_audio()
        source = DeviceSource(fmt="v4l2", video=spec, audio=audio, audio_fmt=audio_fmt)
    elif Path(spec).is_file():
        source = FileSource(spec, loop=loop)
    else:
        listed = [s for s in list_sources(include_test=False)
                  if spec in (s.spec, s.name) or spec.lower() in s.name.lower()]
        if not listed:
            raise InputError(_("No camera called {name} was found; `vfeedback sources` lists "
                               "them").format(name=spec))
        source = listed[0]
    if mode is not None:
        source.with_mode(mode)
    return source


def parse_mode(text: str | None) -> CaptureMode | None:
    """``1280x720`` or ``1280x720@30``."""
    if not text:
        return None
    size, _sep, fps = text.partition("@")
    try:
        width, height = (int(v) for v in size.lower().split("x"))
        return CaptureMode(width, height, float(fps) if fps else 0.0)
    except ValueError as exc:
        raise InputError(_("A picture size is WIDTHxHEIGHT[@FPS], e.g. 1280x720@30: {text!r}")
                         .format(text=text)) from exc
