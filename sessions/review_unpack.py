"""Unpacking an offline-supervision package (:mod:`sessions.review_pack`) into this home.

Everything is merged in one transaction, or nothing: annotations, comments and plan clips by
their uids, review states forward only; a "reviewed" or "approved" counts only when it names a
supervisor of this home. The package's author's own set follows their later packages (edits
and deletions). The recording is found by its checksum, or made as a review copy (only the
video of its moments, as clips); so are the visit's other recordings that the plan uses.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfeedback import library
from vfeedback.derivatives import put_derivative
from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.models import (
    REVIEW_STATES,
    Annotation,
    AuditEvent,
    Case,
    Clip,
    Code,
    CodingScheme,
    FeedbackPlan,
    Recording,
    Review,
    ReviewComment,
    User,
)
from vfeedback.scratch import temporary_directory
from vfeedback.security import has_accounts

from .review_pack import ANN_FIELDS, CLIP_FIELDS, CLIP_KIND, open_sealed

App = Any  # vfeedback.app.App


@dataclass(frozen=True)
class UnpackResult:
    recording_id: int
    annotations: int
    comments: int
    clips: int
    reviews: int
    already_there: int
    refused_decisions: int = 0  # "reviewed"/"approved" not taken: no supervisor of this home
    updated: int = 0  # moments of the package's author changed since an earlier package
    author: str = ""  # who made the package
    removed: int = 0  # moments the author deleted since an earlier package


def _pack_seen(session: Session, pack_id: str) -> bool:
    for detail in session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "review.unpack")):
        if isinstance(detail, dict) and detail.get("pack") == pack_id:
            return True
    return False


def _recording_for(session: Session, app: App, manifest: dict[str, Any], work: Path,
                   zf: zipfile.ZipFile, expected_id: int | None) -> Recording:
    info = manifest["recording"]
    found = session.scalars(select(Recording).where(
        Recording.store_key == info["store_key"])).first()
    if expected_id is not None and (found is None or found.id != expected_id):
        raise InputError(_("This package was made for another recording, not recording "
                           "{id}; nothing was merged").format(id=expected_id))
    if found is not None:
        return found
    case = session.scalars(select(Case).where(
        Case.code == manifest["case"])).first() if manifest.get("case") else None
    if case is None:
        case = library.create_case(session, manifest.get("case") or
                                   f"review-{info['store_key'][:8]}")
    visit = library.get_or_create_visit(session, case, manifest.get("visit") or 1)
    if manifest.get("whole"):
        zf.extract("recording", work)
        recording = library.import_recording(session, app.store, work / "recording", visit)
        if recording.store_key != info["store_key"]:
            raise InputError(_("The package's recording does not match its description"))
        return recording
    # Only the coded moments travel: the recording is known by its checksum and its clips.
    recording = Recording(visit_id=visit.id, source="review", **info)
    session.add(recording)
    session.flush()
    return recording


def _other_recordings(session: Session, recording: Recording, manifest: dict[str, Any]
                      ) -> dict[str, Recording]:
    """The visit's other recordings that the plan's clips use, by checksum: this home's own,
    or review copies made in the package's recording's visit. One of another case is
    refused (a package cannot reach into a case it was not made for)."""
    found: dict[str, Recording] = {recording.store_key: recording}
    case_id = recording.visit.case_id if recording.visit is not None else None
    for info in manifest.get("other_recordings", []):
        row = session.scalars(select(Recording).where(
            Recording.store_key == info["store_key"])).first()
        if row is None:
            row = Recording(visit_id=recording.visit_id, source="review", **info)
            session.add(row)
            session.flush()
        elif row.visit is None or row.visit.case_id != case_id:
            raise InputError(_("The package's plan uses a recording of another case here; "
                               "nothing was merged"))
        found[row.store_key] = row
    return found


def _codes(session: Session, manifest: dict[str, Any]) -> dict[tuple[str, int, str], int]:
    from annotation.schemes import ensure_builtin_schemes

    ensure_builtin_schemes(session)
    rows = session.execute(select(CodingScheme.name, CodingScheme.version, Code.key, Code.id)
                           .join(Code, Code.scheme_id == CodingScheme.id)).all()
    known = {(n, v, k): i for n, v, k, i in rows}
    for a in manifest["annotations"]:
        if (a["scheme"], a["scheme_version"], a["code"]) not in known:
            raise InputError(_("This home does not know the code {code} of scheme {scheme} "
                               "v{v}; import the scheme first. Nothing was merged").format(
                code=a["code"], scheme=a["scheme"], v=a["scheme_version"]))
    return known


def _later(ours: str, theirs: str) -> str:
    order = {s: i for i, s in enumerate(REVIEW_STATES)}
    return theirs if order.get(theirs, 0) > order.get(ours, 0) else ours


def unpack(app: App, package: Path, passphrase: str, *, recording_id: int | None = None,
           actor: str | None = None,
           authorise: Callable[[Session, Recording | None], None] | None = None) -> UnpackResult:
    """Merge a package into this home; all of it or nothing. ``authorise`` (the caller's
    access check) is called with the recording the package is for, or None when it would
    make a new one, before anything is merged; it raises to refuse."""
    with temporary_directory("unpack-") as work_name:
        work = Path(work_name)
        payload = work / "payload.zip"
        open_sealed(package, passphrase, payload)
        try:
            zf = zipfile.ZipFile(payload)
            manifest = json.loads(zf.read("manifest.json"))
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise InputError(_("The package's contents cannot be read")) from exc
        if manifest.get("format") != "vfeedback-review-pack":
            raise InputError(_("This is not a review package"))
        with zf, app.db.session(actor) as session:
            if _pack_seen(session, manifest["pack"]):
                raise InputError(_("This package was already unpacked here; nothing was "
                                   "merged again"))
            if authorise is not None:
                authorise(session, session.scalars(select(Recording).where(
                    Recording.store_key == manifest["recording"]["store_key"])).first())
            recording = _recording_for(session, app, manifest, work, zf, recording_id)
            others = _other_recordings(session, recording, manifest)
            result = _merge(session, app, recording, manifest, zf, work, others)
            library.audit(session, "review.unpack", recording, actor=actor or "",
                          pack=manifest["pack"], annotations=result.annotations,
                          comments=result.comments, refused=result.refused_decisions)
    return result


def _merge(session: Session, app: App, recording: Recording, manifest: dict[str, Any],
           zf: zipfile.ZipFile, work: Path, recordings: dict[str, Recording]) -> UnpackResult:
    codes = _codes(session, manifest)
    local = {a.uid: a for a in session.scalars(select(Annotation).where(
        Annotation.recording_id == recording.id))}
    all_uids = set(session.scalars(select(Annotation.uid).where(
        Annotation.uid.in_([a["uid"] for a in manifest["annotations"]])))) \
        if manifest["annotations"] else set()
    # The package's author's own set is theirs to change: a second package from them brings
    # their edits and deletions, not only new moments. Everyone else's moments here stay.
    author = manifest.get("made_by") or ""
    added = skipped = updated = 0
    for a in manifest["annotations"]:
        code_id = codes[(a["scheme"], a["scheme_version"], a["code"])]
        row = local.get(a["uid"])
        if row is not None and author and a["coder"] == author == row.coder:
            fields = {f: a[f] for f in ANN_FIELDS if f != "uid"}
            if row.code_id != code_id or any(getattr(row, f) != v for f, v in fields.items()):
                row.code_id = code_id
                for f, v in fields.items():
                    setattr(row, f, v)
                updated += 1
                continue
        if a["uid"] in local or a["uid"] in all_uids:
            skipped += 1
            continue
        fields = {f: a[f] for f in ANN_FIELDS}
        session.add(Annotation(recording_id=recording.id, code_id=code_id, **fields))
        added += 1
    in_package = {a["uid"] for a in manifest["annotations"]}
    gone = [row for uid, row in local.items()
            if author and row.coder == author and uid not in in_package]
    for row in gone:
        session.delete(row)
    session.flush()
    ann_ids = dict(session.execute(select(Annotation.uid, Annotation.id).where(
        Annotation.recording_id == recording.id)).all())
    if added or updated or gone:
        recording.annotations_rev = (recording.annotations_rev or 0) + 1  # live refresh
    n_comments = 0
    by_uid = {c.uid: c for c in session.scalars(select(ReviewComment).where(
        ReviewComment.recording_id == recording.id))}
    for c in manifest["comments"]:
        existing = by_uid.get(c["uid"])
        if existing is not None:
            existing.resolved = existing.resolved or c["resolved"]
            skipped += 1
            continue
        parent = by_uid.get(c["parent"]) if c["parent"] else None
        row = ReviewComment(uid=c["uid"], recording_id=recording.id,
                            parent_id=parent.id if parent is not None else None,
                            annotation_uid=c["annotation"] or "",
                            annotation_id=ann_ids.get(c["annotation"]) if c["annotation"]
                            else None, at_ms=c["at_ms"], author=c["author"], text=c["text"],
                            resolved=c["resolved"],
                            created_at=_time(c["created_at"]))
        session.add(row)
        session.flush()
        by_uid[row.uid] = row
        n_comments += 1
    n_clips = _merge_plan(session, recording, manifest, ann_ids, recordings)
    n_reviews, refused = _merge_reviews(session, recording, manifest)
    for m in manifest.get("media", []):
        target = recordings[m.get("recording") or recording.store_key]
        if app.store.contains(target.store_key):
            continue  # this home has the footage itself
        zf.extract(m["name"], work)
        stored = app.store.add_file(work / m["name"])
        if stored.key != m["sha256"]:
            raise InputError(_("A clip in the package does not match its checksum"))
        put_derivative(session, app.store, target.id, CLIP_KIND,
                       f"{m['start_ms']}-{m['end_ms']}", stored.key,
                       {"start_ms": m["start_ms"], "end_ms": m["end_ms"]})
    return UnpackResult(recording.id, added, n_comments, n_clips, n_reviews, skipped, refused,
                        updated, author, len(gone))


def _time(text: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(text)


def _merge_plan(session: Session, recording: Recording, manifest: dict[str, Any],
                ann_ids: dict[str, int], recordings: dict[str, Recording]) -> int:
    """The trainee's plan for the visit: made here when the visit has none (the supervisor's
    laptop); an existing plan is the trainee's own and stays as it is."""
    plan_data = manifest.get("plan")
    if not plan_data or recording.visit is None:
        return 0
    visit = recording.visit
    if visit.plan is not None and visit.plan.clips:
        return 0
    if visit.plan is None:
        visit.plan = FeedbackPlan(title=plan_data["title"])
    plan = visit.plan
    session.flush()
    for c in plan_data["clips"]:
        # A package of before the whole plan travelled names no recording: its own.
        on = recordings[c.get("recording") or recording.store_key]
        session.add(Clip(plan_id=plan.id, recording_id=on.id,
                         annotation_id=ann_ids.get(c["annotation"] or "")
                         if on is recording else None,
                         **{f: c[f] for f in CLIP_FIELDS}))
    session.flush()
    session.refresh(plan)
    return len(plan_data["clips"])


def _may_decide(session: Session, decided_by: str, coder: str) -> bool:
    """Whether a "reviewed"/"approved" that arrives in a package counts here: in a home with
    accounts only when it names an active supervisor of this home, never the coder. (Anyone
    with the passphrase can write a package; the names are what this home can check.)"""
    if not has_accounts(session):
        return True  # a home without accounts: names are labels, as everywhere else
    user = session.scalar(select(User).where(User.name == decided_by))
    return (user is not None and user.role == "supervisor" and not user.disabled
            and decided_by != coder)


def _merge_reviews(session: Session, recording: Recording,
                   manifest: dict[str, Any]) -> tuple[int, int]:
    """The package's review states, where later than ours; (changed, refused)."""
    plan = recording.visit.plan if recording.visit is not None else None
    changed = refused = 0
    for r in manifest["reviews"]:
        if r["state"] in ("reviewed", "approved") and not _may_decide(
                session, r.get("decided_by") or "", r.get("coder") or ""):
            refused += 1
            continue
        if r["kind"] == "plan":
            if plan is None:
                continue
            row = session.scalars(select(Review).where(Review.plan_id == plan.id)).first()
            if row is None:
                row = Review(plan_id=plan.id, coder=r["coder"], state="draft")
                session.add(row)
        else:
            row = session.scalars(select(Review).where(
                Review.recording_id == recording.id, Review.coder == r["coder"])).first()
            if row is None:
                row = Review(recording_id=recording.id, coder=r["coder"], state="draft")
                session.add(row)
        later = _later(row.state, r["state"])
        if later != row.state or (r["approved_print"] and not row.approved_print):
            row.state = later
            row.submitted_by = row.submitted_by or r["submitted_by"]
            row.decided_by = r["decided_by"] or row.decided_by
            if r["approved_print"]:
                row.approved_print = r["approved_print"]
            changed += 1
    session.flush()
    return changed, refused
