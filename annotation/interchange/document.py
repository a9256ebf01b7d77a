"""The neutral in-memory form of an annotation file, between the formats and the database.

Readers (EAF, BORIS, CSV, SRT/WebVTT) produce an :class:`AnnotationDocument`; writers take one.
Times are integer milliseconds. An event belongs to a tier (an ELAN tier, a BORIS behaviour,
a vfeedback code key), has an onset and an optional offset (None: a point event), and may
carry a subject, modifiers, a comment, a caption, a valence and a rating value. ELAN's
symbolic (reference) annotations have no times of their own: they point at a parent event.
``meta`` keeps what one format needs for a faithful round trip to itself (ELAN linguistic
types and vocabularies, the BORIS project configuration) and is ignored by the others.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vfeedback.errors import InputError
from vfeedback.i18n import _


class AnnotationFileError(InputError):
    """An annotation file is malformed; the message names the file and the place in it."""


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (a BOM, as Excel writes, is dropped); unreadable files and
    other encodings are refused naming the line where the text stops being UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AnnotationFileError(_("Cannot read {path}: {why}").format(path=path, why=exc)) \
            from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        raise AnnotationFileError(_("{name}, line {line}: not UTF-8 text").format(
            name=path.name, line=line)) from exc


MAX_JSON_DEPTH = 64  # far beyond any real BORIS project or coding scheme
# A \uXXXX escape of a UTF-16 surrogate, after an even number of backslashes (an escape,
# not the text "\\ud800"): paired ones are one character, a lone one is not text at all.
_SURROGATE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u([dD][89a-fA-F][0-9a-fA-F]{2})")


def load_json(text: str, where: str) -> Any:
    """Parse JSON that a user gave us; every way it can fail is an :class:`AnnotationFileError`
    naming ``where``: syntax, nesting deeper than :data:`MAX_JSON_DEPTH` (later copying or
    writing would overflow the stack), a lone UTF-16 surrogate (cannot be written as UTF-8)
    and numbers too long to convert."""
    if "\\u" in text:
        _check_surrogates(text, where)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnnotationFileError(_("{where}, line {line}, column {col}: not valid JSON ({why})")
                                  .format(where=where, line=exc.lineno, col=exc.colno,
                                          why=exc.msg)) from exc
    except RecursionError as exc:
        raise AnnotationFileError(_("{where}: nested too deeply").format(where=where)) from exc
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise AnnotationFileError(_("{where}: a number is too long ({why})").format(
            where=where, why=exc)) from exc
    _check_depth(data, where)
    return data


def _check_surrogates(text: str, where: str) -> None:
    matches = list(_SURROGATE_ESCAPE.finditer(text))
    i = 0
    while i < len(matches):
        match = matches[i]
        following = matches[i + 1] if i + 1 < len(matches) else None
        if (int(match.group(1), 16) < 0xDC00 and following is not None
                and following.start() == match.end()
                and int(following.group(1), 16) >= 0xDC00):
            i += 2  # a high and a low surrogate: one character beyond the BMP
            continue
        raise AnnotationFileError(_("{where}, line {line}: a lone UTF-16 surrogate (\\u{code}) "
                                    "is not text; the file looks damaged").format(
            where=where, line=text.count("\n", 0, match.start()) + 1, code=match.group(1)))


def _check_depth(data: Any, where: str) -> None:
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise AnnotationFileError(_("{where}: nested more than {n} levels deep").format(
                where=where, n=MAX_JSON_DEPTH))
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))


@dataclass
class Tier:
    name: str
    kind: str = "interval"  # interval | point | ref (no own times: points at a parent event)
    parent: str | None = None
    participant: str = ""
    attrs: dict[str, str] = field(default_factory=dict)  # format-specific, e.g. ELAN's


@dataclass(slots=True)
class Event:
    tier: str
    onset_ms: int | None
    offset_ms: int | None = None
    value: str = ""
    subject: str | None = None
    modifiers: tuple[str, ...] = ()
    comment: str = ""
    caption: str = ""
    valence: str | None = None
    rating: float | None = None
    observation: str = ""
    id: str = ""
    parent_id: str | None = None  # ELAN REF_ANNOTATION's ANNOTATION_REF
    previous_id: str | None = None  # ELAN PREVIOUS_ANNOTATION (ordered symbolic subdivision)
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def is_point(self) -> bool:
        return self.offset_ms is None


@dataclass
class AnnotationDocument:
    tiers: dict[str, Tier] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    observations: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def tier(self, name: str, kind: str = "interval", **kwargs: Any) -> Tier:
        """The tier ``name``, made if it does not exist yet."""
        if name not in self.tiers:
            self.tiers[name] = Tier(name, kind, **kwargs)
        return self.tiers[name]

    def timed_events(self) -> list[Event]:
        """Events with their own times (not references), in time order."""
        return sorted((e for e in self.events if e.onset_ms is not None),
                      key=lambda e: (e.onset_ms, e.offset_ms or e.onset_ms, e.tier))

    def only_observation(self, name: str | None) -> AnnotationDocument:
        """A copy holding one observation (BORIS projects hold several); None: all of them.

        A document without observations (ELAN, subtitles) is one observation: itself.
        """
        if name is None or not self.observations:
            return self
        if name not in self.observations:
            raise InputError(_("There is no observation {name!r}; there are: {names}").format(
                name=name, names=", ".join(repr(o) for o in self.observations)))
        return AnnotationDocument(
            tiers=dict(self.tiers), subjects=list(self.subjects), observations=[name],
            events=[e for e in self.events if e.observation == name], meta=dict(self.meta))
