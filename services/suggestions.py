"""Suggested moments: list them, accept one (it becomes an annotation) or dismiss it.

A decision is an annotation edit like any other: it runs in one transaction, is journaled
(the entry carries the suggestion's status before and after, see
:mod:`services.annotations`), and Undo takes back the annotation and the status together.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from annotation import journal
from annotation.editing import bump_rev, validate
from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.library import audit
from vfeedback.models import Annotation, Code, Recording, Suggestion

from .access import Actor, actor_name, check
from .annotations import editor, link_newest_entry
from .changes import Changes, Outcome, Subject

App = Any  # vfeedback.app.App
NO_ROW = 0  # the journal change of a dismissal touches no annotation (ids start at 1)


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    recording_id: int
    kind: str
    start_ms: int
    end_ms: int
    score: float
    reason: str
    status: str
    annotation_id: int | None


def list_suggestions(app: App, actor: Actor, recording_id: int,
                     status: str | None = None) -> list[SuggestionRow]:
    """The recording's suggestions by time (all, or only those with ``status``)."""
    check(actor, "suggestions.read", app, recording=recording_id)
    with app.db.session() as session:
        query = select(Suggestion).where(Suggestion.recording_id == recording_id)
        if status is not None:
            query = query.where(Suggestion.status == status)
        return [SuggestionRow(s.id, s.recording_id, s.kind, s.start_ms, s.end_ms, s.score,
                              s.reason, s.status, s.annotation_id)
                for s in session.scalars(query.order_by(Suggestion.start_ms))]


def _open(session, suggestion_id: int) -> Suggestion:  # noqa: ANN001
    suggestion = session.get(Suggestion, suggestion_id)
    if suggestion is None:
        raise InputError(_("There is no suggestion {id}").format(id=suggestion_id))
    if suggestion.status != "open":
        raise InputError(_("Suggestion {id} was already {status}").format(
            id=suggestion_id, status=suggestion.status))
    return suggestion


def _link(suggestion: Suggestion, status: str, annotation_id: int | None) -> dict[str, Any]:
    return {"id": suggestion.id,
            "before": {"status": suggestion.status, "annotation_id": suggestion.annotation_id},
            "after": {"status": status, "annotation_id": annotation_id}}


def accept(app: App, actor: Actor, suggestion_id: int, code_id: int | None) -> Outcome[int]:
    """Turn a suggestion into an annotation with ``code_id`` (a point code marks its start,
    others span it), in one undoable step; the new annotation's id."""
    check(actor, "annotations.edit", app, suggestion=suggestion_id)
    if code_id is None:
        raise InputError(_("Choose a code for the accepted moment"))
    with app.db.session() as session:
        recording_id = _open(session, suggestion_id).recording_id
    who = editor(app, recording_id).actor  # journaled as that editor's, so its Undo finds it
    with app.db.session(who) as session:
        bump_rev(session, recording_id)
        suggestion = _open(session, suggestion_id)
        recording = session.get(Recording, suggestion.recording_id)
        code = session.get(Code, code_id)
        if code is None:
            raise InputError(_("There is no code {id}").format(id=code_id))
        fields: dict[str, Any] = dict(
            code_id=code_id, start_ms=suggestion.start_ms,
            end_ms=None if code.kind == "point" else suggestion.end_ms, subject=None,
            valence=None, comment=suggestion.reason, caption="", modifiers=[], value=None)
        validate(session, recording, fields)
        fields["subject"] = code.subject
        ann = Annotation(recording_id=recording.id, uid=uuid.uuid4().hex,
                         source="suggestion", **fields)
        session.add(ann)
        session.flush()
        link = _link(suggestion, "accepted", ann.id)
        suggestion.status, suggestion.annotation_id = "accepted", ann.id
        journal.record(session, recording.id, _("Accept suggestion"),
                       [(ann.id, None, journal.snapshot(ann))], who)
        link_newest_entry(session, recording.id, link, who)
        audit(session, "suggestion.accept", suggestion, actor=actor_name(actor),
              annotation=ann.id)
        ann_id, recording_id = ann.id, recording.id
    return Outcome(ann_id, Changes({Subject.ANNOTATIONS, Subject.SUGGESTIONS}, recording_id))


def dismiss(app: App, actor: Actor, suggestion_id: int) -> Outcome[None]:
    """Set a suggestion aside (undoable like an edit)."""
    check(actor, "annotations.edit", app, suggestion=suggestion_id)
    with app.db.session() as session:
        recording_id = _open(session, suggestion_id).recording_id
    who = editor(app, recording_id).actor
    with app.db.session(who) as session:
        bump_rev(session, recording_id)
        suggestion = _open(session, suggestion_id)
        link = _link(suggestion, "dismissed", None)
        suggestion.status = "dismissed"
        journal.record(session, suggestion.recording_id, _("Dismiss suggestion"),
                       [(NO_ROW, None, None)], who)
        link_newest_entry(session, suggestion.recording_id, link, who)
        audit(session, "suggestion.dismiss", suggestion, actor=actor_name(actor))
        recording_id = suggestion.recording_id
    return Outcome(None, Changes({Subject.SUGGESTIONS}, recording_id))


def decide(app: App, actor: Actor, suggestion_id: int, status: str,
           code_id: int | None = None) -> Outcome[int | None]:
    """Accept (with ``code_id``) or dismiss; the new annotation's id when accepted."""
    if status == "accepted":
        return accept(app, actor, suggestion_id, code_id)  # type: ignore[return-value]
    if status != "dismissed":
        raise InputError(_("A suggestion is accepted or dismissed, not {status}").format(
            status=status))
    return dismiss(app, actor, suggestion_id)


def add(app: App, actor: Actor, recording_id: int, kind: str, start_ms: int, end_ms: int,
        score: float = 0.5, reason: str = "") -> Outcome[int]:
    """Add one suggested moment by hand (demos, screenshots, an outside tool's findings)."""
    check(actor, "suggestions.edit", app, recording=recording_id)
    with app.db.session() as session:
        if session.get(Recording, recording_id) is None:
            raise InputError(_("There is no recording {id}").format(id=recording_id))
        row = Suggestion(recording_id=recording_id, kind=kind, start_ms=int(start_ms),
                         end_ms=int(end_ms), score=score, reason=reason)
        session.add(row)
        session.flush()
        sid = row.id
    return Outcome(sid, Changes({Subject.SUGGESTIONS}, recording_id))
