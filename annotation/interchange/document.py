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


@dataclass
class Tier:
    name: str
    kind: str = "interval"  # interval | point | ref (no own times: points at a parent event)
    parent: str | None = None
    participant: str = ""
    attrs: dict[str, str] = field(default_factory=dict)  # format-specific, e.g. ELAN's


@dataclass
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
