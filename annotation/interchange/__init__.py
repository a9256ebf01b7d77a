"""Annotation files in and out: ELAN, BORIS, CSV, SRT/WebVTT, through one neutral document.

``read_document(path)`` and ``write_document(doc, path)`` choose the format from the file
extension; :mod:`annotation.interchange.records` moves documents to and from the database.
"""

from __future__ import annotations

from pathlib import Path

from vfeedback.errors import InputError
from vfeedback.i18n import _

from .boris import read_boris, write_boris
from .csv_io import read_csv, write_csv
from .document import AnnotationDocument, AnnotationFileError, Event, Tier
from .eaf import read_eaf, write_eaf
from .subtitles import read_subtitles, write_subtitles

FORMATS = {".eaf": "eaf", ".boris": "boris", ".csv": "csv", ".srt": "srt", ".vtt": "vtt"}
_READERS = {"eaf": read_eaf, "boris": read_boris, "csv": read_csv, "srt": read_subtitles,
            "vtt": read_subtitles}
_WRITERS = {"eaf": write_eaf, "boris": write_boris, "csv": write_csv, "srt": write_subtitles,
            "vtt": write_subtitles}

__all__ = ["AnnotationDocument", "AnnotationFileError", "Event", "Tier", "FORMATS",
           "format_of", "read_document", "write_document"]


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(_("{name}: unknown annotation format; use one of {exts}").format(
            name=Path(path).name, exts=" ".join(FORMATS)))
    return FORMATS[suffix]


def read_document(path: str | Path) -> AnnotationDocument:
    path = Path(path)
    if not path.is_file():
        raise InputError(_("{path} does not exist").format(path=path))
    doc = _READERS[format_of(path)](path)
    _check_text(path, doc)
    return doc


# Characters XML 1.0 (and so ELAN) cannot hold at all; in a text annotation file they mean
# damage, so the file is refused instead of losing them silently on the next export.
_CONTROL = {c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {0xFFFE, 0xFFFF}


def _check_text(path: Path, doc: AnnotationDocument) -> None:
    for tier in doc.tiers.values():
        if any(ord(ch) in _CONTROL for ch in tier.name + tier.participant):
            raise AnnotationFileError(_("{name}: tier {tier!r} contains a control character; "
                                        "the file looks damaged").format(name=path.name,
                                                                         tier=tier.name))
    for number, event in enumerate(doc.events, start=1):
        texts = [event.tier, event.value, event.comment, event.caption, event.subject or "",
                 event.valence or "", event.observation, *event.modifiers]
        if any(ord(ch) in _CONTROL for text in texts for ch in text):
            raise AnnotationFileError(_("{name}: event {n} (tier {tier!r}) contains a control "
                                        "character; the file looks damaged").format(
                name=path.name, n=number, tier=event.tier))


def write_document(doc: AnnotationDocument, path: str | Path, fmt: str | None = None) -> None:
    """Write ``doc`` in ``fmt`` (eaf, boris, csv, srt, vtt; default: from the extension)."""
    fmt = fmt or format_of(path)
    if fmt not in _WRITERS:
        raise InputError(_("Unknown annotation format {fmt}").format(fmt=fmt))
    if fmt in ("srt", "vtt"):
        # The subtitle writer picks SRT or WebVTT from the suffix; say it explicitly.
        from vfeedback.fileio import atomic_write_text

        from .subtitles import subtitles_text

        atomic_write_text(path, subtitles_text(doc, vtt=fmt == "vtt"))
        return
    _WRITERS[fmt](doc, path)
