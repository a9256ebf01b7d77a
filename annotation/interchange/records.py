"""Annotation documents to and from a recording's annotations in the database.

Export: one event per annotation; the tier is the code key (``key@subject`` when the subject
is not the code's own, so that ELAN never sees overlapping annotations of two people on one
tier), the event value is the code's name, the uid is the event id.

Import: every timed event becomes an annotation, all in one transaction and as one undoable
edit (see :meth:`AnnotationEditor.add_many`); anything wrong (an unknown code, a time beyond
the recording's end, a point event on an interval code, overlapping events of one code and
subject, an unpaired BORIS state event) stops the whole import with a message naming the
event, and nothing is written. Reference annotations that are not vfeedback fields (e.g. ELAN
word glosses) and unaligned ELAN annotations have no place in the model and are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfeedback.db import Database
from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.library import display_name
from vfeedback.models import Annotation, Code, CodingScheme, Recording

from ..editing import AnnotationEditor
from ..schemes import BUILTIN_NAMES, scheme_from_dict
from . import read_document, write_document
from .document import AnnotationDocument, Event, Tier

DUPLICATES = ("refuse", "again", "new")  # what to do with events already in the recording


@dataclass
class ImportResult:
    annotation_ids: list[int]
    skipped: int
    scheme: str
    already_there: int = 0  # events left out because the recording holds them (``new``)


def _same(fields: dict[str, Any]) -> tuple:
    """What makes two annotations the same moment: code, times, subject and every text."""
    value = fields.get("value")
    return (fields["code_id"], fields["start_ms"], fields.get("end_ms"), fields.get("subject"),
            fields.get("valence"), fields.get("comment") or "", fields.get("caption") or "",
            tuple(fields.get("modifiers") or ()), None if value is None else float(value))


def document_from_recording(session: Session, recording_id: int,
                            annotator_id: int | None = None) -> AnnotationDocument:
    """A recording's annotations (only one annotator's when ``annotator_id`` is given)."""
    recording = session.get(Recording, recording_id)
    if recording is None:
        raise InputError(_("There is no recording {id}").format(id=recording_id))
    # Never the original file name (a phone's IMG_2034.MOV): the file may go to others.
    doc = AnnotationDocument(meta={"title": _("recording {id}").format(id=recording.id)})
    query = (select(Annotation, Code).join(Code, Annotation.code_id == Code.id)
             .where(Annotation.recording_id == recording_id)
             .order_by(Annotation.start_ms, Annotation.id))
    if annotator_id is not None:
        query = query.where(Annotation.annotator_id == annotator_id)
    rows = session.execute(query).all()
    entries: dict[str, dict[str, str]] = {}
    for ann, code in rows:
        entries.setdefault(code.key, {"id": f"cve_{code.id}", "value": code.name,
                                      "description": code.description or code.group})
        tier = code.key if ann.subject in (None, code.subject) else f"{code.key}@{ann.subject}"
        if tier not in doc.tiers:
            doc.tiers[tier] = Tier(tier, "point" if code.kind == "point" else "interval",
                                   participant=ann.subject or "",
                                   attrs={"description": code.name})
        if ann.subject and ann.subject not in doc.subjects:
            doc.subjects.append(ann.subject)
        doc.events.append(Event(
            tier, ann.start_ms, ann.end_ms, value=code.name, subject=ann.subject,
            modifiers=tuple(ann.modifiers or ()), comment=ann.comment or "",
            caption=ann.caption or "", valence=ann.valence, rating=ann.value, id=ann.uid))
    doc.meta["vocabulary"] = {"id": "vfeedback-codes", "title": _("vfeedback codes"),
                              "entries": list(entries.values())}
    return doc


def _codes_for(session: Session, tiers: set[str], scheme_name: str | None) -> \
        tuple[CodingScheme | None, dict[str, Code]]:
    """The scheme that knows most of ``tiers`` (or the one named) and its codes by key."""
    keys = {t.split("@")[0] for t in tiers}
    schemes = list(session.scalars(select(CodingScheme)))
    if scheme_name is not None:
        schemes = [s for s in schemes if s.name == scheme_name]
        if not schemes:
            raise InputError(_("There is no coding scheme {name}").format(name=scheme_name))
    if not schemes:
        return None, {}

    def score(s: CodingScheme) -> tuple[int, int, int]:
        builtin_rank = -BUILTIN_NAMES.index(s.name) if s.name in BUILTIN_NAMES else -99
        return (len(keys & {c.key for c in s.codes}), builtin_rank, s.version)

    best = max(schemes, key=score)
    return best, {c.key: c for c in best.codes}


def _new_scheme(session: Session, doc: AnnotationDocument, tiers: list[str],
                name: str) -> dict[str, Code]:
    base, n = name, 1
    while session.scalar(select(CodingScheme).where(CodingScheme.name == name)):
        n += 1
        name = f"{base}-{n}"
    palette = ["#4c72b0", "#55a868", "#c44e52", "#8172b2", "#ccb974", "#64b5cd", "#937860"]
    codes = []
    for i, tier in enumerate(tiers):
        events = [e for e in doc.events if e.tier == tier and e.onset_ms is not None]
        kind = "point" if events and all(e.offset_ms is None for e in events) else "interval"
        codes.append({"key": tier, "name": tier, "kind": kind, "colour": palette[i % 7],
                      "description": doc.tiers[tier].attrs.get("description", "")
                      if tier in doc.tiers else ""})
    scheme = scheme_from_dict(session, {"name": name, "version": 1, "codes": codes,
                                        "title": _("Imported codes")}, where=name)
    return {c.key: c for c in scheme.codes}


def plan_import(session: Session, recording_id: int, doc: AnnotationDocument, *,
                where: str = "", scheme: str | None = None,
                create_codes: str | None = None,
                duplicates: str = "refuse", counts: dict[str, Any] | None = None) \
        -> tuple[list[dict[str, Any]], int, str]:
    """Check every event and turn it into annotation fields; raises on the first problem.

    ``create_codes``: the name of a new scheme to hold codes for unknown tiers (else an
    unknown code is an error). ``duplicates``: events the recording already holds (the
    same code, times, subject and text; a file imported twice, or the recording's own
    export) are refused (``refuse``), imported again (``again``) or left out (``new``);
    ``counts["already_there"]`` says how many were left out.
    """
    from ..editing import validate

    recording = session.get(Recording, recording_id)
    if recording is None:
        raise InputError(_("There is no recording {id}").format(id=recording_id))
    timed = [e for e in doc.events
             if e.parent_id is None and e.onset_ms is not None and "unaligned" not in e.attrs
             and doc.tiers.get(e.tier, Tier(e.tier)).kind != "ref"]
    skipped = len(doc.events) - len(timed)
    found, codes = _codes_for(session, {e.tier for e in timed}, scheme)
    unknown = sorted({e.tier for e in timed if e.tier.split("@")[0] not in codes})
    scheme_name = found.name if found else ""
    if unknown:
        if create_codes is None:
            raise InputError(_("{where}: unknown code(s) {codes} (not in scheme {scheme}); "
                               "import with a scheme that has them or let vfeedback create "
                               "them").format(where=where, codes=", ".join(unknown[:8]),
                                              scheme=scheme_name or "-"))
        codes = {**codes, **_new_scheme(session, doc, unknown, create_codes)}
        if not found or not (set(codes) - set(unknown)) & {e.tier for e in timed}:
            scheme_name = create_codes
    planned = []
    for n, event in enumerate(timed, start=1):
        place = _("{where}: event {n} ({tier} at {t} ms{obs})").format(
            where=where, n=n, tier=event.tier, t=event.onset_ms,
            obs=f", {event.observation}" if event.observation else "")
        if "unpaired" in event.attrs:
            raise InputError(_("{place}: a state event that starts and never stops").format(
                place=place))
        key, _sep, subject = event.tier.partition("@")
        code = codes.get(event.tier) or codes[key]
        fields = dict(code_id=code.id, start_ms=event.onset_ms, end_ms=event.offset_ms,
                      subject=event.subject or subject or code.subject, valence=event.valence,
                      comment=event.comment, caption=event.caption,
                      modifiers=list(event.modifiers), value=event.rating)
        if code.kind == "interval" and fields["end_ms"] == fields["start_ms"]:
            fields["end_ms"] = None
        if event.value and event.value != code.name and not event.comment:
            fields["comment"] = event.value  # the free text of an ELAN tier or a subtitle
        validate(session, recording, fields, where=place)
        planned.append(fields)
    fresh = _without_repeats(session, recording_id, planned, where, duplicates)
    if counts is not None:
        counts["already_there"] = len(planned) - len(fresh)
    planned = fresh
    _check_overlaps(planned, where)
    return planned, skipped, scheme_name


def _without_repeats(session: Session, recording_id: int, planned: list[dict[str, Any]],
                     where: str, duplicates: str) -> list[dict[str, Any]]:
    if duplicates not in DUPLICATES:
        raise InputError(_("duplicates must be one of {v}").format(v=", ".join(DUPLICATES)))
    if duplicates == "again" or not planned:
        return planned
    existing = {_same({"code_id": a.code_id, "start_ms": a.start_ms, "end_ms": a.end_ms,
                       "subject": a.subject, "valence": a.valence, "comment": a.comment,
                       "caption": a.caption, "modifiers": a.modifiers, "value": a.value})
                for a in session.scalars(select(Annotation)
                                         .where(Annotation.recording_id == recording_id))}
    fresh = [fields for fields in planned if _same(fields) not in existing]
    if duplicates == "new" or len(fresh) == len(planned):
        return fresh
    repeated = len(planned) - len(fresh)
    raise InputError(_("{where}: {k} of the {n} annotations in it are already in this "
                       "recording (the same code, times, subject and text): was the file "
                       "imported before? Import again with --again to add them a second "
                       "time, or with --new-only to add only the others").format(
        where=where, k=repeated, n=len(planned)))


def _check_overlaps(planned: list[dict[str, Any]], where: str) -> None:
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for fields in planned:
        if fields["end_ms"] is not None:
            groups[(fields["code_id"], fields["subject"], tuple(fields["modifiers"]))].append(
                fields)
    for items in groups.values():
        items.sort(key=lambda f: f["start_ms"])
        for a, b in zip(items, items[1:], strict=False):
            # Identical events are a repeat (allowed with duplicates="again"), not a clash.
            if b["start_ms"] < a["end_ms"] and _same(a) != _same(b):
                raise InputError(_("{where}: two events of one code and subject overlap "
                                   "({a1}-{a2} ms and {b1}-{b2} ms)").format(
                    where=where, a1=a["start_ms"], a2=a["end_ms"], b1=b["start_ms"],
                    b2=b["end_ms"]))


def import_file(db: Database, recording_id: int, path: str | Path, *,
                observation: str | None = None, scheme: str | None = None,
                create_codes: bool = False, editor: AnnotationEditor | None = None,
                duplicates: str = "refuse") -> ImportResult:
    """Import an annotation file into a recording: all of it, or nothing.

    ``duplicates``: see :func:`plan_import`; by default a file whose annotations are already
    in the recording is refused, so importing it twice does not double every annotation.
    """
    path = Path(path)
    doc = read_document(path).only_observation(observation)
    editor = editor or AnnotationEditor(db, recording_id)
    new_scheme = f"imported-{path.stem}" if create_codes else None
    state: dict[str, Any] = {"doc": doc}
    del doc  # held in ``state`` only, so that it can be let go once it is planned

    def plan(session: Session) -> list[dict[str, Any]]:
        planned, state["skipped"], state["scheme"] = plan_import(
            session, recording_id, state.pop("doc"), where=path.name, scheme=scheme,
            create_codes=new_scheme, duplicates=duplicates, counts=state)
        return planned

    ids = editor.add_many(plan, _("Import {name}").format(name=display_name(path)))
    return ImportResult(ids, state["skipped"], state["scheme"], state.get("already_there", 0))


def export_recording(db: Database, recording_id: int, path: str | Path,
                     fmt: str | None = None) -> int:
    """Write a recording's annotations to ``path`` (format ``fmt`` or from its extension)."""
    with db.session() as session:
        doc = document_from_recording(session, recording_id)
    write_document(doc, path, fmt)
    return len(doc.events)
