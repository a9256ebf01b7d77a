"""Captions as SubRip (``.srt``) and WebVTT (``.vtt``): "what the child would say" on screen.

Only events with a caption become cues; a point event's caption is shown for
``POINT_CUE_MS``. Reading makes one event per cue on the tier ``caption``.
"""

from __future__ import annotations

import re
from pathlib import Path

from vfeedback.fileio import atomic_write_text
from vfeedback.i18n import _

from .document import AnnotationDocument, AnnotationFileError, Event, Tier, read_text

POINT_CUE_MS = 2000
_TIME = r"(?:(\d+):)?([0-5]?\d):([0-5]\d)[,.](\d{3})"
_CUE = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")


def _stamp(ms: int, sep: str) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def cues(doc: AnnotationDocument) -> list[tuple[int, int, str]]:
    out = []
    for e in doc.timed_events():
        if e.caption.strip():
            end = e.offset_ms if e.offset_ms is not None else e.onset_ms + POINT_CUE_MS
            out.append((e.onset_ms, max(end, e.onset_ms + 1), e.caption.strip()))
    return out


def subtitles_text(doc: AnnotationDocument, vtt: bool) -> str:
    sep = "." if vtt else ","
    parts = ["WEBVTT\n"] if vtt else []
    for n, (start, end, text) in enumerate(cues(doc), start=1):
        # A blank line would end the cue early; "-->" would confuse readers.
        text = "\n".join(line for line in text.replace("-->", "->").splitlines() if line.strip())
        parts.append(f"{n}\n{_stamp(start, sep)} --> {_stamp(end, sep)}\n{text}\n")
    return "\n".join(parts)


def write_subtitles(doc: AnnotationDocument, path: str | Path) -> None:
    path = Path(path)
    atomic_write_text(path, subtitles_text(doc, vtt=path.suffix.lower() == ".vtt"))


def _ms(groups: tuple[str | None, ...]) -> int:
    h, m, s, ms = groups
    return ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def read_subtitles(path: str | Path) -> AnnotationDocument:
    """Read cues strictly: every block of lines must be a cue (an optional number or id, the
    times, then text), or in WebVTT a NOTE/STYLE/REGION block. A file cut short (a cue
    without times or text) or a text file that is not subtitles at all is refused, instead
    of quietly giving no annotations."""
    path = Path(path)
    text = read_text(path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc = AnnotationDocument(tiers={"caption": Tier("caption")})
    vtt = path.suffix.lower() == ".vtt"
    if vtt and not (lines[0] == "WEBVTT" or lines[0].startswith(("WEBVTT ", "WEBVTT\t"))):
        raise AnnotationFileError(_("{name}, line 1: a WebVTT file starts with WEBVTT").format(
            name=path.name))
    i = 1 if vtt else 0
    if vtt:  # the header block may carry more lines until the first blank one
        while i < len(lines) and lines[i].strip():
            i += 1
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        block_start = i
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        if vtt and block[0].split(maxsplit=1)[0] in ("NOTE", "STYLE", "REGION"):
            continue
        doc.events.append(_cue(path, block, block_start))
    if not doc.events:
        raise AnnotationFileError(_("{name}: no subtitle cues in the file").format(
            name=path.name))
    return doc


def _cue(path: Path, block: list[str], first_line: int) -> Event:
    """One cue from its block of lines (``first_line``: the 0-based line it starts on)."""
    times = 0 if "-->" in block[0] else 1  # the first line may be the cue's number or id
    line = first_line + times + 1
    if times >= len(block) or "-->" not in block[times]:
        raise AnnotationFileError(_("{name}, line {line}: not a subtitle cue (no \"start --> "
                                    "end\" times); the file may be cut short or not be "
                                    "subtitles").format(name=path.name, line=first_line + 1))
    match = _CUE.match(block[times])
    if match is None:
        raise AnnotationFileError(_("{name}, line {line}: cannot read the cue times")
                                  .format(name=path.name, line=line))
    start, end = _ms(match.groups()[:4]), _ms(match.groups()[4:])
    if end < start:
        raise AnnotationFileError(_("{name}, line {line}: the cue ends before it starts")
                                  .format(name=path.name, line=line))
    body = block[times + 1:]
    if not body:
        raise AnnotationFileError(_("{name}, line {line}: the cue has no text; the file may be "
                                    "cut short").format(name=path.name, line=line))
    caption = "\n".join(body)
    return Event("caption", start, end, value=caption, caption=caption)
