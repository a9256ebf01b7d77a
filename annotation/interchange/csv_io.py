"""Tidy CSV: one row per annotation, UTF-8 with a byte-order mark, comma-separated.

The BOM is there so that Excel opens Swedish letters (å ä ö) correctly; pandas reads the file
with ``pd.read_csv(path, encoding="utf-8-sig")`` (and plain ``utf-8`` also works, since pandas
strips a leading BOM). Times are integer milliseconds; an empty ``offset_ms`` is a point event.
Modifiers are joined with ``|`` as in BORIS. The reader accepts files with or without the BOM.

CSV injection (OWASP): a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return as a formula, so a caption such as ``=HYPERLINK(...)`` would become
a live link in Excel. The writer puts a single quote before such text cells (spreadsheets show
it as text), and before text that itself starts with a quote, so that the reader can undo
exactly that: a leading quote followed by one of those characters or by another quote is
dropped; any other leading quote (``'tis``, from a file made elsewhere) is kept.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from vfeedback.fileio import atomic_output
from vfeedback.i18n import _

from .document import AnnotationDocument, AnnotationFileError, Event, Tier, read_text

COLUMNS = ("observation", "tier", "subject", "onset_ms", "offset_ms", "value", "modifiers",
           "comment", "caption", "valence", "rating", "id", "parent_id")
REQUIRED = ("tier", "onset_ms")
NUMERIC = ("onset_ms", "offset_ms", "rating")  # written by us as numbers: never escaped
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def escape_cell(text: str) -> str:
    """Text safe from spreadsheet formula evaluation; :func:`unescape_cell` undoes it."""
    if text.startswith((*_FORMULA_START, _QUOTE)):
        return _QUOTE + text
    return text


def unescape_cell(text: str) -> str:
    if text.startswith(_QUOTE) and text[1:2] and text[1:2] in (*_FORMULA_START, _QUOTE):
        return text[1:]
    return text


def write_csv(doc: AnnotationDocument, path: str | Path) -> None:
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for e in doc.events:
            cells = {
                "observation": e.observation, "tier": e.tier, "subject": e.subject or "",
                "onset_ms": "" if e.onset_ms is None else str(e.onset_ms),
                "offset_ms": "" if e.offset_ms is None else str(e.offset_ms),
                "value": e.value, "modifiers": "|".join(e.modifiers), "comment": e.comment,
                "caption": e.caption, "valence": e.valence or "",
                "rating": "" if e.rating is None else f"{e.rating:g}", "id": e.id,
                "parent_id": e.parent_id or ""}
            writer.writerow([cells[c] if c in NUMERIC else escape_cell(cells[c])
                             for c in COLUMNS])


def _int(text: str, place: str, column: str) -> int | None:
    if text == "":
        return None
    try:
        value = int(text)
    except ValueError:
        raise AnnotationFileError(_("{place}: {column} {v!r} is not a whole number of ms").format(
            place=place, column=column, v=text)) from None
    if value < 0:
        raise AnnotationFileError(_("{place}: {column} is negative").format(place=place,
                                                                          column=column))
    return value


def read_csv(path: str | Path) -> AnnotationDocument:
    path = Path(path)
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise AnnotationFileError(_("{name}: the file is empty").format(name=path.name))
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise AnnotationFileError(_("{name}, line 1: missing column(s) {cols}").format(
                name=path.name, cols=", ".join(missing)))
        doc = AnnotationDocument()
        for row in reader:
            place = _("{name}, line {line}").format(name=path.name, line=reader.line_num)
            if not any(row):
                continue
            if len(row) != len(header):
                raise AnnotationFileError(_("{place}: {n} fields, the header has {h}").format(
                    place=place, n=len(row), h=len(header)))
            rec = {column: cell if column in NUMERIC else unescape_cell(cell)
                   for column, cell in zip(header, row, strict=True)}
            tier = rec["tier"]
            if not tier:
                raise AnnotationFileError(_("{place}: the tier (code) is empty").format(
                    place=place))
            onset = _int(rec["onset_ms"], place, "onset_ms")
            offset = _int(rec.get("offset_ms", ""), place, "offset_ms")
            parent = rec.get("parent_id") or None
            if onset is not None and offset is not None and offset < onset:
                raise AnnotationFileError(_("{place}: offset_ms comes before onset_ms").format(
                    place=place))
            rating = None
            if rec.get("rating"):
                try:
                    rating = float(rec["rating"])
                except ValueError:
                    rating = math.nan
                if not math.isfinite(rating):
                    raise AnnotationFileError(_("{place}: rating {v!r} is not a number").format(
                        place=place, v=rec["rating"]))
            observation = rec.get("observation", "")
            if observation and observation not in doc.observations:
                doc.observations.append(observation)
            if tier not in doc.tiers:
                doc.tiers[tier] = Tier(tier, "ref" if parent else "interval")
            doc.events.append(Event(
                tier, onset, offset, value=rec.get("value", ""),
                subject=rec.get("subject") or None,
                modifiers=tuple(rec["modifiers"].split("|")) if rec.get("modifiers") else (),
                comment=rec.get("comment", ""), caption=rec.get("caption", ""),
                valence=rec.get("valence") or None, rating=rating, observation=observation,
                id=rec.get("id", ""), parent_id=parent,
                # ELAN's unaligned time slots: an annotation with no time of its own yet.
                attrs={"unaligned": "1"} if onset is None and parent is None else {}))
    except csv.Error as exc:
        raise AnnotationFileError(_("{name}, line {line}: {why}").format(
            name=path.name, line=reader.line_num, why=exc)) from exc
    return doc
