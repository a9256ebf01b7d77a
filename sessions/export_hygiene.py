"""What leaves the home for others carries no hidden identifiers: the rules and a checker.

The rules, applied where each file is written:
- media (reels, exported recordings): no tags from the sources (GPS position, device, title,
  comment, encoder, handler names): ``vfeedback.media.tools.NO_SOURCE_TAGS``;
- no original file names (a phone's ``IMG_2034.MOV``): annotation exports and the printable
  script name a recording by :func:`neutral_recording_name`;
- the case code appears only where the clinician put it (the plan's title, a file name they
  chose); ``--pseudonym LABEL`` replaces it by a neutral label in files and titles
  (:func:`pseudonymise`).

:func:`check_file` is the checker the tests use on every exported file: the container's and
streams' tags as ffprobe shows them (``-show_format -show_streams``) and a scan of the bytes,
in UTF-8 and UTF-16, like ``exiftool`` or ``strings`` would find them, for the original file
name, the home's path, the user's name and GPS positions; a PDF's text is read with
``pdftotext`` when it is installed (fpdf2 writes glyph numbers, not letters).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vfeedback.i18n import _

DEFAULT_PSEUDONYM = "family"

# Tags a muxer writes by itself that say nothing about the family, the device or the tool.
NEUTRAL_TAGS = {"language": None, "handler_name": {"VideoHandler", "SoundHandler",
                                                   "SubtitleHandler", "DataHandler"},
                "vendor_id": {"[0][0][0][0]", "FFMP"}, "major_brand": None, "minor_version": None,
                "compatible_brands": None, "DURATION": None,
                # Versionless names muxers write under +bitexact (the MP4 compressor name,
                # Matroska's writing application): the tool, not the person, device or place.
                "encoder": {"Lavc libx264", "Lavf"}}
# A tool's version written into the bytes by what vfeedback encodes itself: x264's option
# string, ffmpeg's version in a JPEG comment. (A copied stream keeps whatever its recorder
# wrote inside the audio or video data, which no tag option reaches.)
_FINGERPRINTS = (b"x264 - core",)
# An ISO 6709 position (+59.3293+018.0686/), as phones write it.
_GPS = re.compile(rb"[+-]\d{1,2}\.\d{3,}[+-]\d{1,3}\.\d{3,}")


def neutral_recording_name(recording_id: int) -> str:
    """How a recording is named in anything written for others: never its original name."""
    return _("recording {id}").format(id=recording_id)


def pseudonymise(text: str, case_code: str, label: str | None) -> str:
    """``text`` with the case code replaced by ``label`` (unchanged when ``label`` is None)."""
    if label is None or not case_code or not text:
        return text
    return re.sub(re.escape(case_code), label, text, flags=re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    path: Path
    where: str  # "tag format.title", "bytes", "pdf text"
    what: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.where}: {self.what}"


def media_tags(path: Path) -> dict[str, str] | None:
    """Every tag of the container, its streams and chapters (``where.key`` -> value), or None
    when ffprobe cannot read the file as media (or there is no ffprobe)."""
    exe = shutil.which("ffprobe")
    if exe is None:
        return None
    out = subprocess.run([exe, "-v", "error", "-show_format", "-show_streams", "-show_chapters",
                          "-of", "json", str(path)], capture_output=True, check=False)
    if out.returncode != 0:
        return None
    data = json.loads(out.stdout or b"{}")
    if not data.get("streams"):
        return None
    tags = {f"format.{k}": str(v) for k, v in data.get("format", {}).get("tags", {}).items()}
    for stream in data["streams"]:
        for k, v in stream.get("tags", {}).items():
            tags[f"stream{stream.get('index')}.{k}"] = str(v)
    for n, chapter in enumerate(data.get("chapters", [])):
        for k, v in chapter.get("tags", {}).items():
            tags[f"chapter{n}.{k}"] = str(v)
    return tags


def _encodings(needle: str) -> list[bytes]:
    return [needle.encode("utf-8"), needle.encode("utf-16-le"), needle.encode("utf-16-be")]


def check_file(path: str | Path, needles: Iterable[str] = (), *,
               allowed_titles: Iterable[str] = ()) -> list[Finding]:
    """Hidden identifiers in one exported file (empty: none found).

    ``needles`` are texts that must not appear anywhere (the original file name and its stem,
    the home's path, the user's name, a case code that was pseudonymised); matching ignores
    case. ``allowed_titles`` are titles the clinician chose (the reel's title and chapters).
    """
    path = Path(path)
    found: list[Finding] = []
    wanted = [n for n in dict.fromkeys(needles) if n and len(n) >= 3]
    allowed = set(allowed_titles)
    tags = media_tags(path)
    for key, value in (tags or {}).items():
        name = key.split(".", 1)[1]
        if key.startswith("chapter") and name == "title":
            continue  # the clip's caption or "Clip n": checked below with the needles
        if name in NEUTRAL_TAGS and (NEUTRAL_TAGS[name] is None or value in NEUTRAL_TAGS[name]):
            continue
        if name == "title" and value in allowed:
            continue
        found.append(Finding(path, f"tag {key}", value))
    for key, value in (tags or {}).items():
        for needle in wanted:
            if needle.lower() in value.lower():
                found.append(Finding(path, f"tag {key}", needle))
    raw = path.read_bytes()
    for needle in wanted:
        # Case-sensitive in the bytes: file names and paths are, and a user called "root"
        # must not match every PDF's "/Root".
        if any(enc in raw for enc in _encodings(needle)):
            found.append(Finding(path, "bytes", needle))
    for mark in _FINGERPRINTS:
        if mark in raw:
            found.append(Finding(path, "bytes", _("an encoder's version ({m})").format(
                m=mark.decode("ascii"))))
    if _GPS.search(raw):
        found.append(Finding(path, "bytes", _("a GPS position ({p})").format(
            p=_GPS.search(raw).group(0).decode("ascii"))))  # type: ignore[union-attr]
    if raw.startswith(b"%PDF") and shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, check=False).stdout.decode("utf-8", "replace")
        for needle in wanted:
            if needle.lower() in text.lower():
                found.append(Finding(path, "pdf text", needle))
    return found


def check_files(paths: Iterable[str | Path], needles: Iterable[str] = (), *,
                allowed_titles: Iterable[str] = ()) -> list[Finding]:
    needles, allowed = list(needles), list(allowed_titles)
    return [f for p in paths for f in check_file(p, needles, allowed_titles=allowed)]
