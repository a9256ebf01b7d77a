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
    return _READERS[format_of(path)](path)


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
