"""Supervision: coding sets, review states, comparisons and comments, for the CLI and the GUI.

- **Coding sets**: every annotation has a ``coder`` (a user name; ``"local"`` for annotations
  from before accounts). :func:`coding_sets` lists a recording's sets, :func:`set_annotations`
  one set, :func:`compare` two (``annotation.review``: the statistics of ``vfeedback
  agreement`` plus the differences by kind).
- **Review states** draft -> submitted -> reviewed -> approved, for one coder's set of a
  recording and for the visit's feedback plan, each step audited. :func:`require_plan_approved`
  is the gate the plan's export and presentation call: a plan a trainee worked on is shown to
  the family only once a supervisor approved it as it is now (a change after approval needs a
  new approval).
- **Comments** on a time, an annotation or a plan clip, with answers; a comment keeps its time
  when its annotation is deleted and says so.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotation.editing import AnnotationView, view_of
from annotation.interchange.document import AnnotationDocument
from annotation.interchange.records import document_from_recording
from annotation.review import SetComparison, compare_sets, only
from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.library import audit
from vfeedback.models import (
    Annotation,
    Clip,
    Code,
    FeedbackPlan,
    Recording,
    Review,
    ReviewComment,
    User,
    Visit,
)

from .access import LOCAL, Actor, actor_name, check, has_accounts
from .changes import Changes, Outcome, Subject

App = Any  # vfeedback.app.App
REVIEW_CHANGED = Changes({Subject.REVIEW})


def who(app: App, actor: Actor) -> str:
    """The coder name of ``actor``: what the annotation editor stamps on new annotations."""
    if actor not in (None, LOCAL):
        return str(actor)
    return getattr(app.db, "actor", "") or LOCAL


# -- roles: approval is a supervisor's (access.check decides who sees the case) ----------
def role_of(session: Session, name: str) -> str | None:
    return session.scalar(select(User.role).where(User.name == name))


def _require_supervisor(session: Session, name: str) -> None:
    """Only a supervisor approves, in a home with accounts (a home without users: anyone)."""
    if not has_accounts(session):
        return
    if role_of(session, name) != "supervisor":
        raise InputError(_("Only a supervisor can approve; {name} is not one").format(
            name=name))


def _case_of_recording(session: Session, recording_id: int) -> tuple[Recording, int | None]:
    recording = session.get(Recording, recording_id)
    if recording is None:
        raise InputError(_("There is no recording {id}").format(id=recording_id))
    return recording, recording.visit.case_id if recording.visit else None


# -- coding sets --------------------------------------------------------------------------------
@dataclass(frozen=True)
class CodingSet:
    coder: str
    annotations: int
    state: str


def coding_sets(app: App, actor: Actor, recording_id: int) -> list[CodingSet]:
    """The recording's coders, with how many annotations each has and their review state."""
    with app.db.session() as session:
        _rec, case_id = _case_of_recording(session, recording_id)
        check(actor, "annotations.read", session, case_id=case_id)
        counts = session.execute(select(Annotation.coder, func.count()).where(
            Annotation.recording_id == recording_id).group_by(Annotation.coder)).all()
        states = dict(session.execute(select(Review.coder, Review.state).where(
            Review.recording_id == recording_id)).all())
    names = sorted({c for c, _n in counts} | set(states))
    count_of = dict(counts)
    return [CodingSet(c, count_of.get(c, 0), states.get(c, "draft")) for c in names]


def set_annotations(app: App, actor: Actor, recording_id: int,
                    coder: str | None) -> list[AnnotationView]:
    """One coder's annotations of the recording (``coder`` None: all of them, as before)."""
    with app.db.session() as session:
        _rec, case_id = _case_of_recording(session, recording_id)
        check(actor, "annotations.read", session, case_id=case_id)
        query = (select(Annotation, Code).join(Code, Annotation.code_id == Code.id)
                 .where(Annotation.recording_id == recording_id)
                 .order_by(Annotation.start_ms, Annotation.id))
        if coder is not None:
            query = query.where(Annotation.coder == coder)
        return [view_of(a, c) for a, c in session.execute(query).all()]


def set_document(session: Session, recording_id: int, coder: str) -> AnnotationDocument:
    """One coder's set as an annotation document (what ``annotations export`` writes)."""
    doc = document_from_recording(session, recording_id)
    uids = set(session.scalars(select(Annotation.uid).where(
        Annotation.recording_id == recording_id, Annotation.coder == coder)))
    return only(doc, uids)


def export_set(app: App, actor: Actor, recording_id: int, coder: str, path: Path) -> int:
    """Write one coder's set to an annotation file (format from the extension)."""
    from annotation.interchange import write_document

    with app.db.session() as session:
        _rec, case_id = _case_of_recording(session, recording_id)
        check(actor, "annotations.read", session, case_id=case_id)
        doc = set_document(session, recording_id, coder)
    write_document(doc, path)
    with app.db.session() as session:  # ids and counts only: no file name
        audit(session, "annotations.export", None, actor=actor_name(actor),
              recording=recording_id, events=len(doc.events), coder=coder)
    return len(doc.events)


def compare(app: App, actor: Actor, recording_id: int, coder: str, reference: str, *,
            slice_ms: int = 1000, tolerance_ms: int = 2000) -> SetComparison:
    """Agreement of ``coder``'s set with ``reference``'s (the reference is B) and the
    differences by kind; the same figures as ``vfeedback agreement`` on the two sets."""
    with app.db.session() as session:
        _rec, case_id = _case_of_recording(session, recording_id)
        check(actor, "review.read", session, case_id=case_id)
        coders = set(session.scalars(select(Annotation.coder).where(
            Annotation.recording_id == recording_id)))
        for name in (coder, reference):
            if name not in coders:
                raise InputError(_("Recording {id} has no annotations by {coder}; its coders: "
                                   "{all}").format(id=recording_id, coder=name,
                                                   all=", ".join(sorted(coders)) or "-"))
        doc_a = set_document(session, recording_id, coder)
        doc_b = set_document(session, recording_id, reference)
    return compare_sets(doc_a, doc_b, slice_ms=slice_ms, tolerance_ms=tolerance_ms,
                        coder=coder, reference=reference)


# -- review states ------------------------------------------------------------------------------
def _review(session: Session, *, recording_id: int | None = None, plan_id: int | None = None,
            coder: str = "") -> Review:
    query = select(Review)
    query = (query.where(Review.recording_id == recording_id, Review.coder == coder)
             if recording_id is not None else query.where(Review.plan_id == plan_id))
    found = session.scalars(query).first()
    if found is None:
        found = Review(recording_id=recording_id, plan_id=plan_id, coder=coder, state="draft")
        session.add(found)
        session.flush()
    return found


def plan_print(plan: FeedbackPlan) -> str:
    """A fingerprint of what the family would see: the title and each clip's recording,
    span, captions, theme, speed and freeze, in order. Content, not row ids or versions,
    so an approval made on the supervisor's laptop holds for the same plan on the trainee's."""
    parts = [plan.title]
    for c in sorted(plan.clips, key=lambda c: c.position):
        parts.append(json.dumps([c.recording.store_key, c.start_ms, c.end_ms, c.lead_in_ms,
                                 c.lead_out_ms, c.theme, c.caption, c.caption_second,
                                 c.speed, c.freeze_at_ms, c.freeze_ms], ensure_ascii=False))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def set_print(session: Session, recording_id: int, coder: str) -> str:
    """A fingerprint of one coder's set on a recording: every moment's uid, code and content
    (not row ids or versions, which differ between the trainee's and the supervisor's homes)."""
    rows = session.execute(select(Annotation, Code.key).join(Code, Annotation.code_id == Code.id)
                           .where(Annotation.recording_id == recording_id,
                                  Annotation.coder == coder)).all()
    parts = sorted(json.dumps([a.uid, key, a.start_ms, a.end_ms, a.subject, a.valence,
                               sorted(a.modifiers or []), a.value, a.comment, a.caption],
                              ensure_ascii=False) for a, key in rows)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _plan_of(session: Session, recording: Recording) -> FeedbackPlan | None:
    if recording.visit is None or recording.visit.plan is None:
        return None
    return recording.visit.plan if recording.visit.plan.clips else None


def _step(session: Session, review: Review, state: str, name: str, action: str,
          recording_id: int) -> None:
    review.state = state
    if state == "submitted":
        review.submitted_by = name
    else:
        review.decided_by = name
    audit(session, action, review, actor=name, recording=recording_id, state=state)


def submit(app: App, actor: Actor, recording_id: int,
           coder: str | None = None) -> Outcome[str]:
    """Hand a coding set (default: the actor's own) and the visit's plan in for review."""
    name = who(app, actor)
    with app.db.session(name) as session:
        recording, case_id = _case_of_recording(session, recording_id)
        check(actor, "review.submit", session, case_id=case_id)
        coders = set(session.scalars(select(Annotation.coder).where(
            Annotation.recording_id == recording_id)))
        if coder is None:
            coder = name if name in coders or len(coders) != 1 else next(iter(coders))
        if coder not in coders:
            raise InputError(_("Recording {id} has no annotations by {coder} to submit").format(
                id=recording_id, coder=coder))
        # What is handed in is fingerprinted (kept in ``approved_print`` until the decision):
        # the supervisor approves exactly that, and a set or plan changed after its approval
        # can be handed in again.
        review = _review(session, recording_id=recording_id, coder=coder)
        now_set = set_print(session, recording_id, coder)
        set_due = review.state != "approved" or (review.approved_print or now_set) != now_set
        plan = _plan_of(session, recording)
        plan_review = _review(session, plan_id=plan.id, coder=coder) if plan else None
        now_plan = plan_print(plan) if plan is not None else ""
        plan_due = plan_review is not None and (plan_review.state != "approved"
                                                or plan_review.approved_print != now_plan)
        if not set_due and not plan_due:
            raise InputError(_("{coder}'s coding of recording {id} is already approved").format(
                coder=coder, id=recording_id))
        if set_due:
            review.approved_print = now_set
            _step(session, review, "submitted", name, "review.submit", recording_id)
        if plan_review is not None and plan_due:
            plan_review.approved_print = now_plan
            _step(session, plan_review, "submitted", name, "review.submit_plan", recording_id)
    return Outcome(coder, REVIEW_CHANGED)


def _submitted(session: Session, recording_id: int, coder: str | None) -> list[Review]:
    query = select(Review).where(Review.recording_id == recording_id)
    if coder is not None:
        query = query.where(Review.coder == coder)
    else:
        query = query.where(Review.state.in_(("submitted", "reviewed")))
    return list(session.scalars(query))


def mark_reviewed(app: App, actor: Actor, recording_id: int,
                  coder: str | None = None) -> Outcome[list[str]]:
    """The supervisor has gone through the set and commented; the trainee answers next."""
    name = who(app, actor)
    with app.db.session(name) as session:
        _rec, case_id = _case_of_recording(session, recording_id)
        check(actor, "review.approve", session, case_id=case_id)
        _require_supervisor(session, name)
        reviews = [r for r in _submitted(session, recording_id, coder)
                   if r.state == "submitted"]
        if not reviews:
            raise InputError(_("Nothing on recording {id} waits for review").format(
                id=recording_id))
        for review in reviews:
            _step(session, review, "reviewed", name, "review.reviewed", recording_id)
        done = [r.coder for r in reviews]
    return Outcome(done, REVIEW_CHANGED)


def approve(app: App, actor: Actor, recording_id: int,
            coder: str | None = None) -> Outcome[list[str]]:
    """A supervisor signs off the submitted set(s) of the recording and the visit's plan."""
    name = who(app, actor)
    with app.db.session(name) as session:
        recording, case_id = _case_of_recording(session, recording_id)
        check(actor, "review.approve", session, case_id=case_id)
        _require_supervisor(session, name)
        reviews = _submitted(session, recording_id, coder)
        reviews = [r for r in reviews if r.state in ("submitted", "reviewed")]
        plan = _plan_of(session, recording)
        plan_reviews = [] if plan is None else [r for r in session.scalars(select(Review).where(
            Review.plan_id == plan.id, Review.state.in_(("submitted", "reviewed"))))
            if coder is None or r.coder == coder]
        if not reviews and not plan_reviews:
            raise InputError(_("Nothing on recording {id} was submitted for review; the "
                               "trainee submits first (review submit)").format(id=recording_id))
        for review in reviews:
            if review.approved_print and review.approved_print != set_print(
                    session, recording_id, review.coder):
                raise InputError(_("{coder}'s coding of recording {id} changed after it was "
                                   "submitted; it is approved once submitted again").format(
                    coder=review.coder, id=recording_id))
            _step(session, review, "approved", name, "review.approve", recording_id)
        for plan_review in plan_reviews:
            assert plan is not None
            if plan_review.approved_print and plan_review.approved_print != plan_print(plan):
                raise InputError(_("The feedback plan changed after it was submitted; it is "
                                   "approved once submitted again"))
            plan_review.approved_print = plan_print(plan)
            _step(session, plan_review, "approved", name, "review.approve_plan", recording_id)
        done = sorted({r.coder for r in reviews + plan_reviews})
    return Outcome(done, REVIEW_CHANGED | Changes({Subject.PLAN}))


def state(app: App, actor: Actor, recording_id: int, coder: str) -> str:
    with app.db.session() as session:
        _rec, case_id = _case_of_recording(session, recording_id)
        check(actor, "review.read", session, case_id=case_id)
        found = session.scalars(select(Review.state).where(
            Review.recording_id == recording_id, Review.coder == coder)).first()
    return found or "draft"


def plan_block(session: Session, visit_id: int) -> str | None:
    """Why the visit's plan may not be shown to the family yet (None: it may)."""
    visit = session.get(Visit, visit_id)
    plan = visit.plan if visit is not None else None
    if plan is None:
        return None
    authors = {plan.changed_by, *(c.changed_by for c in plan.clips)} - {""}
    trainees = set(session.scalars(select(User.name).where(
        User.name.in_(authors), User.role == "trainee"))) if authors else set()
    if not trainees:
        return None
    current = plan_print(plan)
    approved = session.scalars(select(Review).where(
        Review.plan_id == plan.id, Review.state == "approved",
        Review.approved_print == current)).first()
    if approved is not None:
        return None
    was = session.scalars(select(Review).where(Review.plan_id == plan.id,
                                               Review.state == "approved")).first()
    if was is not None:
        return _("The plan changed after the supervisor approved it; it needs approving again "
                 "before it is shown or exported for the family")
    return _("This plan is by a trainee ({names}) and needs a supervisor's approval before "
             "it is shown or exported for the family (vfeedback review submit, then review "
             "approve)").format(names=", ".join(sorted(trainees)))


def approval_needed(app: App, actor: Actor, visit_id: int) -> str | None:
    """Why the visit's plan may not reach the family yet (None: it may); for the views."""
    check(actor, "plan.read", app, visit=visit_id)
    with app.db.session() as session:
        return plan_block(session, visit_id)


def require_plan_approved(app: App, visit_id: int) -> None:
    """The gate of the family's reel, script and presentation (services/plan.py calls it)."""
    with app.db.session() as session:
        why = plan_block(session, visit_id)
    if why:
        raise InputError(why)


# -- comments -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CommentRow:
    id: int
    uid: str
    parent_id: int | None
    depth: int
    at_ms: int
    author: str
    text: str
    resolved: bool
    annotation_id: int | None
    annotation_deleted: bool
    clip_id: int | None


def add_comment(app: App, actor: Actor, recording_id: int, text: str, *,
                at_ms: int | None = None, annotation_id: int | None = None,
                clip_id: int | None = None, parent_id: int | None = None) -> Outcome[int]:
    """A comment at a time, on an annotation, on a plan clip, or an answer to a comment."""
    text = text.strip()
    if not text:
        raise InputError(_("A comment needs some text"))
    name = who(app, actor)
    with app.db.session(name) as session:
        _rec, case_id = _case_of_recording(session, recording_id)
        check(actor, "review.comment", session, case_id=case_id)
        row = ReviewComment(recording_id=recording_id, author=name, text=text, at_ms=at_ms or 0)
        if parent_id is not None:
            parent = session.get(ReviewComment, parent_id)
            if parent is None or parent.recording_id != recording_id:
                raise InputError(_("There is no comment {id} on recording {rec}").format(
                    id=parent_id, rec=recording_id))
            row.parent_id, row.at_ms = parent.id, parent.at_ms
            row.annotation_id, row.annotation_uid = parent.annotation_id, parent.annotation_uid
            row.clip_id = parent.clip_id
        if annotation_id is not None:
            ann = session.get(Annotation, annotation_id)
            if ann is None or ann.recording_id != recording_id:
                raise InputError(_("There is no annotation {id} in this recording").format(
                    id=annotation_id))
            row.annotation_id, row.annotation_uid, row.at_ms = ann.id, ann.uid, ann.start_ms
        if clip_id is not None:
            clip = session.get(Clip, clip_id)
            if clip is None or clip.recording_id != recording_id:
                raise InputError(_("There is no plan clip {id} of this recording").format(
                    id=clip_id))
            row.clip_id, row.at_ms = clip.id, clip.start_ms
        if row.at_ms < 0:
            raise InputError(_("A comment's time cannot be negative"))
        session.add(row)
        session.flush()
        audit(session, "review.comment", row, actor=name, recording=recording_id)
        new_id = row.id
    return Outcome(new_id, REVIEW_CHANGED)


def resolve(app: App, actor: Actor, comment_id: int, resolved: bool = True) -> Outcome[None]:
    name = who(app, actor)
    with app.db.session(name) as session:
        row = session.get(ReviewComment, comment_id)
        if row is None:
            raise InputError(_("There is no comment {id}").format(id=comment_id))
        _rec, case_id = _case_of_recording(session, row.recording_id)
        check(actor, "review.comment", session, case_id=case_id)
        row.resolved = resolved
        audit(session, "review.resolve", row, actor=name, resolved=resolved)
    return Outcome(None, REVIEW_CHANGED)


def comments(app: App, actor: Actor, recording_id: int, *,
             unresolved_only: bool = False) -> list[CommentRow]:
    """The recording's comments as threads (each answer after its parent, indented by
    ``depth``), threads by time; ``unresolved_only``: threads whose first comment is open."""
    with app.db.session() as session:
        _rec, case_id = _case_of_recording(session, recording_id)
        check(actor, "review.read", session, case_id=case_id)
        rows = list(session.scalars(select(ReviewComment).where(
            ReviewComment.recording_id == recording_id).order_by(
            ReviewComment.at_ms, ReviewComment.created_at, ReviewComment.id)))
    children: dict[int | None, list[ReviewComment]] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r)
    out: list[CommentRow] = []

    def walk(r: ReviewComment, depth: int) -> None:
        out.append(CommentRow(r.id, r.uid, r.parent_id, depth, r.at_ms, r.author, r.text,
                              r.resolved, r.annotation_id,
                              bool(r.annotation_uid) and r.annotation_id is None, r.clip_id))
        for child in children.get(r.id, []):
            walk(child, depth + 1)

    for top in children.get(None, []):
        if unresolved_only and top.resolved:
            continue
        walk(top, 0)
    return out


def agreement_history(app: App, actor: Actor, coder: str) -> list[tuple[int, str, float]]:
    """(recording id, reference coder, overall kappa) for every recording where ``coder``
    and another coder both have a set, oldest recording first: the trainee's progress."""
    from .access import visible_case_ids

    with app.db.session() as session:
        check(actor, "cases.list", session)  # then only the cases this person may see
        visible = visible_case_ids(session, actor)  # None: all (the person at this computer)
        recs = session.execute(select(Recording.id).join(Annotation).where(
            Annotation.coder == coder).group_by(Recording.id).order_by(Recording.id)).all()
        if visible is not None:
            recs = [(rid,) for (rid,) in recs
                    if _case_of_recording(session, rid)[1] in visible]
        pairs = []
        for (rid,) in recs:
            others = session.scalars(select(Annotation.coder).where(
                Annotation.recording_id == rid, Annotation.coder != coder).distinct()).all()
            if others:
                # The reference: a supervisor's set when there is one, else the first other.
                roles = {n: role_of(session, n) for n in others}
                ref = next((n for n in sorted(others) if roles[n] == "supervisor"),
                           sorted(others)[0])
                pairs.append((rid, ref))
    history = []
    for rid, ref in pairs:
        try:
            result = compare(app, actor, rid, coder, ref)
        except InputError:
            continue
        history.append((rid, ref, result.report.kappa))
    return history
