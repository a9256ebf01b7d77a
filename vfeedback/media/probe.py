"""What a media file holds: duration, frame rate, size, codecs, rotation, recording time.

Uses ffprobe when there is one, otherwise parses ``ffmpeg -i`` (the imageio-ffmpeg wheel has
no ffprobe). Both paths give the same :class:`MediaInfo` and are tested against each other.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

from ..errors import MediaError
from ..i18n import _
from .plainserve import MediaUrl, is_url
from .tools import ffprobe_exe, run_capture


@dataclass(frozen=True)
class MediaInfo:
    path: str
    container: str
    duration_s: float
    width: int = 0
    height: int = 0
    fps: float = 0.0
    video_codec: str = ""
    audio_codec: str = ""
    audio_rate: int = 0
    audio_channels: int = 0
    rotation: int = 0  # degrees the picture must be turned clockwise to display upright
    frame_count: int = 0
    variable_frame_rate: bool = False
    creation_time: datetime | None = None
    bit_rate: int = 0
    # Seconds from the file's start to its first picture (ffprobe's stream start times; 0 when
    # unknown). The video analysis' clock starts at the first picture, so the sound, which
    # ffmpeg decodes from the file's start, is cut by this much to line up with it.
    picture_start_s: float = 0.0

    @property
    def has_video(self) -> bool:
        return bool(self.video_codec)

    @property
    def has_audio(self) -> bool:
        return bool(self.audio_codec)

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as shown, after rotation."""
        if self.rotation % 180 == 90:
            return self.height, self.width
        return self.width, self.height


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    text = text.strip().replace("Z", "+00:00")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is not None:

        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _rate(text: str | None) -> float:
    if not text or text in ("0/0", "N/A"):
        return 0.0
    try:
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        return 0.0


def _not_media(path: Path, detail: str = "") -> MediaError:
    msg = _("{name} is not a video file vfeedback can read").format(name=path.name)
    return MediaError(msg + (f" ({detail})" if detail else ""))


def _check_path(path: Path) -> None:
    if not path.exists():
        raise MediaError(_("{path} does not exist").format(path=path))
    if path.is_dir():
        raise MediaError(_("{path} is a folder, not a video file").format(path=path))
    if path.stat().st_size == 0:
        raise MediaError(_("{name} is empty (0 bytes)").format(name=path.name))


def probe(path: str | os.PathLike[str], *, use_ffprobe: bool | None = None) -> MediaInfo:
    if is_url(path):  # an encrypted store object, served: nothing on disk to check
        path = MediaUrl(path)  # type: ignore[assignment]
    else:
        path = Path(path)
        _check_path(path)
    exe = ffprobe_exe() if use_ffprobe is not False else None
    if use_ffprobe and exe is None:
        raise MediaError("ffprobe is not available")
    return _probe_ffprobe(path, exe) if exe else _probe_ffmpeg(path)


def _probe_ffprobe(path: Path, exe: str) -> MediaInfo:
    result = run_capture([exe, "-v", "error", "-print_format", "json", "-show_format",
                          "-show_streams", str(path)], timeout=60)
    if result.returncode != 0:
        raise _not_media(path, result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
                         and result.stderr.decode("utf-8", "replace").strip().splitlines()[-1])
    data = json.loads(result.stdout or b"{}")
    fmt = data.get("format", {})
    video = next((s for s in data.get("streams", []) if s.get("codec_type") == "video"
                  and not s.get("disposition", {}).get("attached_pic")), None)
    audio = next((s for s in data.get("streams", []) if s.get("codec_type") == "audio"), None)
    if video is None and audio is None:
        raise _not_media(path, "no audio or video")
    duration = float(fmt.get("duration") or 0.0)
    rotation = 0
    fps = avg = 0.0
    frames = 0
    vfr = False
    if video is not None:
        for side in video.get("side_data_list", []) or []:
            if "rotation" in side:
                rotation = int(round(-float(side["rotation"]))) % 360
        if not rotation and video.get("tags", {}).get("rotate"):
            rotation = int(video["tags"]["rotate"]) % 360
        avg = _rate(video.get("avg_frame_rate"))
        real = _rate(video.get("r_frame_rate"))
        fps = avg or real
        vfr = bool(avg and real and abs(avg - real) / real > 0.01)
        frames = int(video.get("nb_frames") or 0) or int(round(duration * fps))
        if not duration:
            duration = float(video.get("duration") or 0.0)
    tags = {k.lower(): v for k, v in (fmt.get("tags") or {}).items()}
    created = _parse_time(tags.get("com.apple.quicktime.creationdate") or tags.get("creation_time"))
    return MediaInfo(
        path=str(path), container=fmt.get("format_name", ""), duration_s=duration,
        width=int(video.get("width", 0)) if video else 0,
        height=int(video.get("height", 0)) if video else 0,
        fps=fps, video_codec=video.get("codec_name", "") if video else "",
        audio_codec=audio.get("codec_name", "") if audio else "",
        audio_rate=int(audio.get("sample_rate", 0) or 0) if audio else 0,
        audio_channels=int(audio.get("channels", 0) or 0) if audio else 0,
        rotation=rotation, frame_count=frames, variable_frame_rate=vfr,
        creation_time=created, bit_rate=int(fmt.get("bit_rate") or 0),
        picture_start_s=_picture_start(fmt, video),
    )


def _picture_start(fmt: dict, video: dict | None) -> float:
    """The first picture's time after the file's start (see ``MediaInfo.picture_start_s``)."""
    try:
        start = float(video["start_time"]) - float(fmt["start_time"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return 0.0
    return max(0.0, start)


_INPUT_RE = re.compile(r"^Input #0, ([^,]+(?:,[^,\s]+)*), from", re.M)
_DURATION_RE = re.compile(r"Duration: (N/A|(\d+):(\d+):(\d+(?:\.\d+)?))(?:, start: (-?[\d.]+))?"
                          r"(?:, bitrate: (\d+) kb/s)?")
_VIDEO_RE = re.compile(r"Stream #0:\d+.*?: Video: (\w+)(?!.*attached pic).*?, (\d{2,5})x(\d{2,5})"
                       r"(?:.*?, ([\d.]+k?) fps)?(?:.*?, ([\d.]+k?) tbr)?")
_AUDIO_RE = re.compile(r"Stream #0:\d+.*?: Audio: (\w+).*?, (\d+) Hz, ([^,]+)")
_ROTATE_RE = re.compile(r"rotate\s*:\s*(-?\d+)|rotation of (-?[\d.]+) degrees")
_CREATED_RE = re.compile(r"(?:com\.apple\.quicktime\.creationdate|creation_time)\s*:\s*(\S+)")


def _number(text: str | None) -> float:
    if not text:
        return 0.0
    return float(text[:-1]) * 1000 if text.endswith("k") else float(text)


def _probe_ffmpeg(path: Path) -> MediaInfo:
    result = run_capture(["-i", str(path)], timeout=60)
    text = result.stderr.decode("utf-8", "replace")
    if not _INPUT_RE.search(text):
        last = [line for line in text.strip().splitlines() if line.strip()]
        raise _not_media(path, last[-1].split(": ", 1)[-1] if last else "")
    container = _INPUT_RE.search(text).group(1)  # type: ignore[union-attr]
    dur = _DURATION_RE.search(text)
    duration = 0.0
    bit_rate = 0
    if dur and dur.group(1) != "N/A":
        duration = int(dur.group(2)) * 3600 + int(dur.group(3)) * 60 + float(dur.group(4))
        bit_rate = int(dur.group(6) or 0) * 1000
    video = _VIDEO_RE.search(text)
    audio = _AUDIO_RE.search(text)
    if video is None and audio is None:
        raise _not_media(path, "no audio or video")
    rotation = 0
    rot = _ROTATE_RE.search(text)
    if rot:
        rotation = (int(rot.group(1)) if rot.group(1) else int(round(-float(rot.group(2))))) % 360
    fps = _number(video.group(4)) if video else 0.0
    tbr = _number(video.group(5)) if video else 0.0
    fps = fps or tbr
    channels_text = audio.group(3).strip() if audio else ""
    channels = {"mono": 1, "stereo": 2, "5.1": 6, "5.1(side)": 6, "7.1": 8}.get(channels_text, 0)
    if not channels and channels_text.endswith("channels"):
        channels = int(channels_text.split()[0])
    created = _CREATED_RE.search(text)
    return MediaInfo(
        path=str(path), container=container, duration_s=duration,
        width=int(video.group(2)) if video else 0, height=int(video.group(3)) if video else 0,
        fps=fps, video_codec=video.group(1) if video else "",
        audio_codec=audio.group(1) if audio else "",
        audio_rate=int(audio.group(2)) if audio else 0, audio_channels=channels,
        rotation=rotation, frame_count=int(round(duration * fps)),
        variable_frame_rate=bool(fps and tbr and abs(fps - tbr) / tbr > 0.01),
        creation_time=_parse_time(created.group(1)) if created else None, bit_rate=bit_rate,
    )


# Demuxers of single pictures: ffmpeg reads a photo as a "video" of one frame.
_STILL_FORMATS = ("image2", "image2pipe", "gif")
MIN_FRAMES = 2  # a recording moves: one frame is a picture, not footage


def check_moving_picture(path: str | os.PathLike[str], info: MediaInfo) -> None:
    """Refuse photos and one-frame clips: a recording is footage that can be played."""
    name = Path(path).name
    formats = info.container.split(",")
    if any(f in _STILL_FORMATS or f.endswith("_pipe") for f in formats):
        raise MediaError(_("{name} is a still picture ({fmt}), not a video").format(
            name=name, fmt=formats[0]))
    if info.frame_count < MIN_FRAMES:
        raise MediaError(_("{name} holds {n} frame(s): a recording needs moving pictures")
                         .format(name=name, n=info.frame_count))


def check_decodable(path: str | os.PathLike[str], info: MediaInfo | None = None) -> None:
    """Decode the start and the end of the file; a truncated or damaged file fails here.

    Cheap (about two seconds of decoding whatever the length), so import can afford it.
    A file whose index promises more than the file holds decodes *nothing* near its end
    without any error, so each check also requires that frames came out.
    """
    path = Path(path)
    info = info or probe(path)
    checks: list[tuple[list[str], list[str]]] = [([], ["-t", "1"])]
    if info.duration_s > 2:
        checks.append((["-sseof", "-1.5"], []))
    for before, after in checks:
        args = ["-v", "error", *before, "-i", str(path), *after, "-map", "0:v:0",
                "-f", "framecrc", "-"]
        result = run_capture(args, timeout=120)
        err = result.stderr.decode("utf-8", "replace").strip()
        frames = sum(1 for line in result.stdout.splitlines() if line and not
                     line.startswith(b"#"))
        if result.returncode != 0 or _serious(err) or frames == 0:
            first = err.splitlines()[0] if err else _("no picture could be decoded there")
            raise MediaError(_("{name} is truncated or damaged and cannot be played ({detail})")
                             .format(name=path.name, detail=first))


def _serious(err: str) -> bool:
    """Decoder complaints that mean missing data, not cosmetic warnings."""
    markers = ("partial file", "Invalid data", "moov atom not found", "error while decoding",
               "corrupt", "Truncat", "End of file")
    return any(m.lower() in err.lower() for m in markers)
