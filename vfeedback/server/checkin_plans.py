"""Check-in of feedback plans, clips and case notes made on a laptop (see :mod:`.checkout`).

Clips have no global id (annotations have a uid), so check-out records, per plan and clip of
the laptop's copy, the server's id and version then (:func:`base_of`, kept in
``checkout.json``). Check-in (:func:`checkin`) compares three versions, as for annotations:
the base, the laptop's, the server's now.

- changed on the laptop only: brought back (times, caption, note, speed, freeze-frame, order);
- changed on both sides, or deleted on the server: the server's stays and the laptop's is
  added beside it at the end of the plan, its note starting "[check-in conflict]";
- new on the laptop: added at the end of the visit's plan (made when the server has none);
- deleted on the laptop: deleted, unless the server changed it since (then kept, and said);
- a plan title or the case's notes changed on both sides: the server's kept, the laptop's
  said in the conflict list (notes: appended under "[check-in conflict]", not lost).

Rows made on the laptop are told from base rows by the laptop's audit trail ("plan.clip.add",
"plan.create"), as SQLite may give a new row the id of a deleted one.
A checkout made before this existed has no plan base: its plans are left alone (as before).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import local_hhmm
from ..i18n import _
from ..models import Annotation, AuditEvent, Case, Clip, FeedbackPlan, Recording, Visit

CLIP_FIELDS = ("start_ms", "end_ms", "lead_in_ms", "lead_out_ms", "theme", "caption",
               "caption_second", "note", "speed", "freeze_at_ms", "freeze_ms")
MARK = "[check-in conflict] "
CASE_FIELDS = ("notes", "family_language", "second_language")
AT_THE_END = 1_000_000  # a new clip's position before renumbering: after every other


def base_of(laptop: Session, id_map: dict[str, dict[Any, Any]]) -> dict[str, Any]:
    """What check-in compares with: laptop id -> [server id, version] per plan and clip, and
    the case row's, from ``transfer.merge_into``'s id map (server id -> laptop id)."""
    def inverse(table: str) -> dict[Any, Any]:
        return {laptop_id: server_id for server_id, laptop_id in id_map.get(table, {}).items()}

    out: dict[str, Any] = {}
    for key, table, cls in (("plans", "feedback_plan", FeedbackPlan), ("clips", "clip", Clip)):
        back = inverse(table)
        out[key] = {str(row.id): [back[row.id], row.version]
                    for row in laptop.scalars(select(cls)) if row.id in back}
    back = inverse("case")
    case = laptop.scalar(select(Case))
    out["case_row"] = [back[case.id], case.version] if case is not None and case.id in back \
        else None
    # The case's fields as they left, so check-in can tell who changed which of them.
    out["case_fields"] = {name: getattr(case, name) for name in CASE_FIELDS} \
        if case is not None else None
    return out


def checkin(ls: Session, ss: Session, marker: dict[str, Any],
            recordings: dict[int, Recording], result: Any) -> None:
    """Bring the laptop's plans, clips and case notes into the server session ``ss``."""
    if "clips" not in marker:  # an older checkout: plans were not brought back then
        return
    scase = ss.scalar(select(Case).where(Case.code == marker["case"]))
    lcase = ls.scalar(select(Case).where(Case.code == marker["case"]))
    if scase is None or lcase is None:
        return
    _case_notes(lcase, scase, marker.get("case_row"), marker.get("case_fields"), result)
    # SQLite gives a new row the id of a deleted one that had the largest: a clip made on the
    # laptop may carry the id of a base clip removed there. The laptop's audit trail (none of
    # it is copied at check-out, so all of it is from after) names the rows made there.
    made = {(e.object_type, e.object_id) for e in ls.scalars(select(AuditEvent).where(
        AuditEvent.action.in_(("plan.clip.add", "plan.create"))))}
    clips_base = {int(k): (v[0], v[1]) for k, v in marker["clips"].items()
                  if ("clip", k) not in made}
    plans_base = {int(k): (v[0], v[1]) for k, v in marker["plans"].items()
                  if ("feedbackplan", k) not in made}
    deleted_clips = [tuple(v) for k, v in marker["clips"].items() if ("clip", k) in made]
    luids = dict(ls.execute(select(Annotation.id, Annotation.uid)).all())

    def server_annotation(laptop_id: int | None) -> int | None:
        uid = luids.get(laptop_id) if laptop_id is not None else None
        return ss.scalar(select(Annotation.id).where(Annotation.uid == uid)) if uid else None

    seen: set[int] = set()
    touched: list[FeedbackPlan] = []
    for lplan in ls.scalars(select(FeedbackPlan)):
        splan = _server_plan(ss, scase, lplan, plans_base, result)
        touched.append(splan)
        for lclip in sorted(lplan.clips, key=lambda c: (c.position, c.id)):
            fields = {f: getattr(lclip, f) for f in CLIP_FIELDS}
            fields["recording_id"] = recordings[lclip.recording_id].id
            fields["annotation_id"] = server_annotation(lclip.annotation_id)
            if lclip.id not in clips_base:
                ss.add(Clip(plan=splan, position=AT_THE_END + lclip.position, **fields))
                result.clips_added += 1
                continue
            sid, version = clips_base[lclip.id]
            seen.add(sid)
            if lclip.version == version:
                continue  # not changed on the laptop
            sclip = ss.get(Clip, sid)
            if sclip is not None and sclip.version == version:
                for key, value in dict(fields, position=lclip.position).items():
                    if getattr(sclip, key) != value:
                        setattr(sclip, key, value)
                result.clips_updated += 1
                continue
            ss.add(Clip(plan=splan, position=AT_THE_END + lclip.position,
                        **dict(fields, note=MARK + (fields["note"] or ""))))
            result.clips_added += 1
            result.conflicts.append(_clip_conflict(lclip, sclip))
    for sid, version in [*clips_base.values(), *deleted_clips]:
        if sid in seen:
            continue
        sclip = ss.get(Clip, sid)
        if sclip is None:
            continue
        if sclip.version == version:
            ss.delete(sclip)
            result.clips_deleted += 1
        else:
            result.conflicts.append(_(
                "Clip “{caption}”: deleted on the laptop, but changed on the server by {who} at "
                "{time}; the server's is kept").format(
                caption=sclip.caption, who=sclip.changed_by or "?",
                time=local_hhmm(sclip.changed_at)))
    ss.flush()
    for splan in touched:  # 0, 1, 2… in the order the positions say, new clips last
        clips = list(ss.scalars(select(Clip).where(Clip.plan_id == splan.id)
                                .order_by(Clip.position, Clip.id)))
        for position, clip in enumerate(clips):
            if clip.position != position:
                clip.position = position
    ss.flush()


def _case_notes(lcase: Case, scase: Case, base: list[int] | None,
                fields: dict[str, Any] | None, result: Any) -> None:
    """The case's notes and family languages, field by field: a field changed only on the
    laptop comes back; one changed on both sides keeps the server's (notes: the laptop's are
    added, marked) and is listed as a conflict."""
    if base is None or lcase.version == base[1]:
        return  # not changed on the laptop
    if scase.version == base[1]:
        for name in CASE_FIELDS:
            if getattr(scase, name) != getattr(lcase, name):
                setattr(scase, name, getattr(lcase, name))
        result.case_updated = True
        return
    for name in CASE_FIELDS:
        mine, theirs = getattr(lcase, name), getattr(scase, name)
        if mine == theirs:
            continue
        if fields is not None and mine == fields.get(name):
            continue  # only the server changed it: the server's stays
        if fields is not None and theirs == fields.get(name):
            setattr(scase, name, mine)  # only the laptop changed it
            result.case_updated = True
            continue
        who, when = scase.changed_by or "?", local_hhmm(scase.changed_at)
        if name == "notes":
            scase.notes = (theirs or "") + "\n\n" + MARK + (mine or "")
            result.conflicts.append(_(
                "Case notes: changed on the laptop and on the server (by {who} at {time}); "
                "the server's are kept and the laptop's added under [check-in conflict]")
                .format(who=who, time=when))
        else:
            message = (_("The family's language: {laptop} on the laptop, {server} on the "
                         "server (set by {who} at {time}); the server's is kept")
                       if name == "family_language" else
                       _("The family's second language: {laptop} on the laptop, {server} on "
                         "the server (set by {who} at {time}); the server's is kept"))
            result.conflicts.append(message.format(laptop=mine or "-", server=theirs or "-",
                                                   who=who, time=when))


def _server_plan(ss: Session, scase: Case, lplan: FeedbackPlan,
                 plans_base: dict[int, tuple[int, int]], result: Any) -> FeedbackPlan:
    """The server's plan for the laptop's: the same row, else the visit's, else a new one."""
    sid, version = plans_base.get(lplan.id, (None, None))
    splan = ss.get(FeedbackPlan, sid) if sid is not None else None
    if splan is None:
        number = lplan.visit.number
        visit = ss.scalar(select(Visit).where(Visit.case_id == scase.id,
                                              Visit.number == number))
        if visit is None:
            visit = Visit(case=scase, number=number, date=lplan.visit.date,
                          theme=lplan.visit.theme)
            ss.add(visit)
            ss.flush()
        splan = visit.plan
        if splan is None:
            splan = FeedbackPlan(visit=visit, title=lplan.title)
            ss.add(splan)
            ss.flush()
            return splan
    if version is not None and lplan.version != version and lplan.title != splan.title:
        if splan.version == version:
            splan.title = lplan.title
            result.plans_updated += 1
        else:
            result.conflicts.append(_(
                "Plan title “{mine}”: changed on the laptop and on the server (by {who} at "
                "{time}); the server's “{theirs}” is kept").format(
                mine=lplan.title, theirs=splan.title, who=splan.changed_by or "?",
                time=local_hhmm(splan.changed_at)))
    return splan


def _clip_conflict(lclip: Clip, sclip: Clip | None) -> str:
    if sclip is None:
        return _("Clip “{caption}”: changed on the laptop but deleted on the server; the "
                 "laptop's is added back").format(caption=lclip.caption)
    return _("Clip “{caption}”: changed on the laptop and on the server (by {who} at {time}); "
             "both are kept, the laptop's note marked [check-in conflict]").format(
        caption=lclip.caption, who=sclip.changed_by or "?", time=local_hhmm(sclip.changed_at))
