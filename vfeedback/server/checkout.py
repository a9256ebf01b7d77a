"""Taking a case along for a home visit (check-out) and bringing the work back (check-in).

``checkout`` copies one case from the server into a new SQLite home on the laptop: its
visits, recordings (media re-hashed into the laptop's store), annotations, plans, plus the
coding schemes and users, and writes ``checkout.json`` there: the case, when, and the version
of every annotation at that moment (the *base*). The laptop then works offline as any home.

``checkin`` brings back, in one server transaction: new recordings (and their visits), new
annotations, annotations changed or deleted on the laptop. An annotation changed on both
sides since the base is a conflict: the server keeps its row and the laptop's version is added
beside it as a new annotation whose comment starts with "[check-in conflict]", so that both
are seen and nothing is lost; an annotation deleted on one side and changed on the other is
kept. Every conflict is listed in the result.

Plans, their clips and the case's notes come back the same way (:mod:`.checkin_plans`):
``checkout.json`` holds, per plan and clip, the server's id and version at check-out. A clip
changed on the laptop only is brought back; changed on both sides, the server keeps its clip
and the laptop's is added beside it (its note starts with "[check-in conflict]"); new clips are
added at the end of the plan; a clip deleted on the laptop is deleted unless it was changed on
the server meanwhile. The case's notes changed on both sides: the server's are kept and the
laptop's appended under "[check-in conflict]". Each conflict is listed.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import false, or_, select

from ..app import App
from ..audit import record
from ..db import Database, local_hhmm
from ..errors import InputError
from ..fileio import atomic_write_text
from ..i18n import _
from ..models import (
    Annotation,
    Base,
    Case,
    Code,
    CodingScheme,
    Recording,
    User,
    Visit,
    utcnow,
)
from ..store import MediaStore
from . import checkin_plans, transfer
from .backup import referenced_keys

MARKER = "checkout.json"
FIELDS = ("start_ms", "end_ms", "subject", "valence", "modifiers", "value", "comment",
          "caption", "source", "coder")  # coder: whose set (0009_review)


def checkout(app: App, case_code: str, laptop_home: Path) -> dict[str, int]:
    """Copy case ``case_code`` into a new home at ``laptop_home``; returns rows per table."""
    laptop_home = Path(laptop_home).absolute()
    if getattr(app, "identity", None) is not None or app.store.encrypted:
        # The laptop copy is a plain home: taking a case out of a protected (encrypted) one
        # would leave the family's data in the clear.
        raise InputError(_("This home is protected: a checked-out copy would not be. Check "
                           "cases out of the clinic server, or copy the protected home "
                           "(vfeedback backup)"))
    if (laptop_home / "vfeedback.db").exists() or (laptop_home / MARKER).exists():
        raise InputError(_("{path} holds a vfeedback home already; check out into a new folder")
                         .format(path=laptop_home))
    with app.db.session() as s:
        case = s.scalar(select(Case).where(Case.code == case_code))
        if case is None:
            raise InputError(_("There is no case {code}").format(code=case_code))
        visit_ids = [v.id for v in case.visits]
        rec_ids = list(s.scalars(select(Recording.id).where(Recording.visit_id.in_(visit_ids))))
        plan_ids = [v.plan.id for v in case.visits if v.plan is not None]
        case_id = case.id
    t = Base.metadata.tables
    only = {"case": t["case"].c.id == case_id, "visit": t["visit"].c.id.in_(visit_ids),
            "recording": t["recording"].c.id.in_(rec_ids),
            "derivative": t["derivative"].c.recording_id.in_(rec_ids),
            "annotation": t["annotation"].c.recording_id.in_(rec_ids),
            "suggestion": t["suggestion"].c.recording_id.in_(rec_ids),
            "feedback_plan": t["feedback_plan"].c.id.in_(plan_ids),
            "clip": t["clip"].c.plan_id.in_(plan_ids), "audit_event": false(),
            "consent": t["consent"].c.case_id == case_id,
            # accounts stay on the server: no password hashes, roles or other cases'
            # assignments travel on a laptop (its home has no accounts: names are labels)
            "user": false(), "case_assignment": false(), "supervision": false(),
            # supervision (0009_review): the case's review states and comments only
            "review": or_(t["review"].c.recording_id.in_(rec_ids),
                          t["review"].c.plan_id.in_(plan_ids)),
            "review_comment": t["review_comment"].c.recording_id.in_(rec_ids)}
    laptop_home.mkdir(parents=True, exist_ok=True)
    laptop = Database(f"sqlite:///{(laptop_home / 'vfeedback.db').as_posix()}",
                      actor=app.db.actor)
    store = MediaStore(laptop_home / "store")
    try:
        laptop.upgrade()
        id_map: dict[str, dict] = {}
        with app.db.engine.connect() as src, laptop.engine.begin() as dst:
            copied = transfer.merge_into(src, dst, only, id_map)
            keys = referenced_keys(dst)
        for key in keys:
            store.copy_from(app.store, key)
        with laptop.session() as s:
            base = {a.uid: a.version for a in s.scalars(select(Annotation))}
            plan_base = checkin_plans.base_of(s, id_map)
    finally:
        laptop.dispose()
    atomic_write_text(laptop_home / MARKER, json.dumps({
        "case": case_code, "server": app.db.display_url, "at": utcnow().isoformat(),
        "by": app.db.actor, "base": base, **plan_base}, indent=1))
    with app.db.session() as s:
        record(s, "case.checkout", s.get(Case, case_id), actor=app.db.actor,
               recordings=len(rec_ids))
    return copied


@dataclass
class CheckinResult:
    recordings: int = 0
    added: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: list[str] = field(default_factory=list)
    clips_added: int = 0
    clips_updated: int = 0
    clips_deleted: int = 0
    plans_updated: int = 0  # plan titles brought back
    case_updated: bool = False  # the case's notes (and languages) brought back


def checked_out_case(laptop_home: Path) -> dict[str, Any]:
    """The marker of a checked-out laptop home (its case code, the versions it left with)."""
    try:
        marker = json.loads((Path(laptop_home) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(_("{path} is not a checked-out case (no {marker})").format(
            path=laptop_home, marker=MARKER)) from exc
    if not isinstance(marker, dict) or not isinstance(marker.get("case"), str) \
            or not isinstance(marker.get("base"), dict):
        raise InputError(_("{path} is not a checked-out case (no {marker})").format(
            path=laptop_home, marker=MARKER))
    return marker


def checkin(app: App, laptop_home: Path) -> CheckinResult:
    """Bring a checked-out case's new recordings and annotation edits back to the server."""
    laptop_home = Path(laptop_home).absolute()
    marker = checked_out_case(laptop_home)
    base: dict[str, int] = marker["base"]
    laptop = Database(f"sqlite:///{(laptop_home / 'vfeedback.db').as_posix()}")
    lstore = MediaStore(laptop_home / "store")
    result = CheckinResult()
    try:
        laptop.upgrade()
        with laptop.session() as ls:
            keys = [r.store_key for r in ls.scalars(select(Recording))]
        for key in keys:  # media first: rows never point at a missing file
            if not app.store.contains(key):
                # Streamed between the stores (either may be encrypted); bytes that do not
                # hash to ``key`` are refused with a StoreError before anything is stored.
                app.store.copy_from(lstore, key)
        with laptop.session() as ls, app.db.session() as ss:
            recordings = _checkin_rows(ls, ss, marker["case"], base, result)
            checkin_plans.checkin(ls, ss, marker, recordings, result)
            record(ss, "case.checkin", ss.scalar(select(Case).where(Case.code == marker["case"])),
                   actor=app.db.actor, conflicts=len(result.conflicts))
    finally:
        laptop.dispose()
    os.replace(laptop_home / MARKER, laptop_home / "checkout.done.json")
    return result


def _code_key(code: Code) -> tuple[str, int, str]:
    return code.scheme.name, code.scheme.version, code.key


def _checkin_rows(ls, ss, case_code: str, base: dict[str, int],  # noqa: ANN001
                  result: CheckinResult) -> dict[int, Recording]:
    """Recordings and annotations; returns laptop recording id -> the server's row."""
    case = ss.scalar(select(Case).where(Case.code == case_code))
    if case is None:
        raise InputError(_("The server no longer has case {code}").format(code=case_code))
    codes = {(c.scheme.name, c.scheme.version, c.key): c.id for c in ss.scalars(
        select(Code).join(CodingScheme))}
    users = {u.name: u.id for u in ss.scalars(select(User))}
    recordings: dict[int, Recording] = {}
    for lrec in ls.scalars(select(Recording)):
        srec = ss.scalar(select(Recording).where(Recording.store_key == lrec.store_key))
        if srec is None:
            number = lrec.visit.number if lrec.visit else 1
            visit = ss.scalar(select(Visit).where(Visit.case_id == case.id,
                                                  Visit.number == number))
            if visit is None:
                visit = Visit(case=case, number=number, date=lrec.visit.date if lrec.visit
                              else None, theme=lrec.visit.theme if lrec.visit else "")
                ss.add(visit)
            columns = {c.key: getattr(lrec, c.key) for c in Recording.__table__.columns
                       if c.key not in ("id", "visit_id", "annotations_rev")}
            srec = Recording(visit=visit, **columns)
            ss.add(srec)
            ss.flush()
            result.recordings += 1
        recordings[lrec.id] = srec
    seen: set[str] = set()
    for lann in ls.scalars(select(Annotation)):
        seen.add(lann.uid)
        fields = {f: getattr(lann, f) for f in FIELDS}
        fields["code_id"] = codes.get(_code_key(lann.code))
        if fields["code_id"] is None:
            raise InputError(_("The server has no code {key}; import the laptop's coding "
                             "scheme first").format(key=lann.code.key))
        owner = lann.annotator.name if lann.annotator else None
        fields["annotator_id"] = users.get(owner) if owner else None
        sann = ss.scalar(select(Annotation).where(Annotation.uid == lann.uid))
        rec = recordings[lann.recording_id]
        if lann.uid not in base:
            if sann is None:
                ss.add(Annotation(uid=lann.uid, recording_id=rec.id, **fields))
                result.added += 1
            continue
        if lann.version == base[lann.uid]:
            continue  # not changed on the laptop
        if sann is not None and sann.version == base[lann.uid]:
            for key, value in fields.items():
                if getattr(sann, key) != value:
                    setattr(sann, key, value)
            result.updated += 1
            continue
        # Changed on both sides (or deleted on the server): keep both, say so.
        copy = dict(fields, comment=_("[check-in conflict] ") + (fields["comment"] or ""))
        ss.add(Annotation(uid=uuid.uuid4().hex if sann is not None else lann.uid,
                          recording_id=rec.id, **copy))
        result.added += 1
        result.conflicts.append(_conflict_text(lann, sann))
    for uid, version in base.items():
        if uid in seen:
            continue
        sann = ss.scalar(select(Annotation).where(Annotation.uid == uid))
        if sann is None:
            continue
        if sann.version == version:
            ss.delete(sann)
            result.deleted += 1
        else:
            result.conflicts.append(_(
                "{code} at {t:.1f} s: deleted on the laptop, but changed on the server by {who} "
                "at {time}; the server's is kept").format(
                code=sann.code.key, t=sann.start_ms / 1000, who=sann.changed_by or "?",
                time=local_hhmm(sann.changed_at)))
    ss.flush()
    return recordings


def _conflict_text(lann: Annotation, sann: Annotation | None) -> str:
    where = _("{code} at {t:.1f} s").format(code=lann.code.key, t=lann.start_ms / 1000)
    if sann is None:
        return _("{where}: changed on the laptop but deleted on the server; the laptop's is "
                 "kept").format(where=where)
    return _("{where}: changed on the laptop and on the server (by {who} at {time}); both "
             "are kept, the laptop's marked [check-in conflict]").format(
        where=where, who=sann.changed_by or "?", time=local_hhmm(sann.changed_at))
