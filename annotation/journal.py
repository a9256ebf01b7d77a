"""The edit journal: each annotation edit as a set of row changes (before -> after), persisted.

Every edit of a recording's annotations (add, update, delete, split, merge, import) is stored
as one journal entry in the same transaction as the edit itself, so undo and redo survive a
restart: a fresh :class:`~annotation.editing.AnnotationEditor` finds the stack where it was.
An entry is undone by writing its ``before`` rows back (the same ids and uids) and redone by
writing its ``after`` rows. The table (``vfeedback.models.annotation_journal``) is created by
migration 0003.

Shared recordings (clinic server): each entry belongs to an *actor* and each person undoes and
redoes only their own entries (entries from before migration 0004 have no actor and belong to
whoever undoes them: a single-user home). Undo and redo refuse with a
:class:`~vfeedback.db.ConflictError` (who changed it, when) when a row differs from what the
entry left, or when someone else wrote it last, even if they changed it back to equal content.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import Session

from vfeedback.db import ConflictError
from vfeedback.i18n import _
from vfeedback.models import Annotation, annotation_journal, utcnow

JOURNAL_LIMIT = 500  # entries kept per recording; older ones can no longer be undone

journal_table = annotation_journal  # defined with the rest of the schema

Row = dict[str, Any]
_FIELDS = ("id", "uid", "recording_id", "code_id", "start_ms", "end_ms", "subject", "valence",
           "modifiers", "value", "comment", "caption", "annotator_id", "source")


def snapshot(ann: Annotation) -> Row:
    row = {f: getattr(ann, f) for f in _FIELDS}
    row["modifiers"] = list(row["modifiers"] or [])
    row["created_at"] = ann.created_at.isoformat() if ann.created_at else None
    return row


def _write(session: Session, ann: Annotation | None, row: Row | None) -> Annotation | None:
    """Make the annotation ``ann`` (None: not there) equal to ``row`` (None: delete it)."""
    if row is None:
        if ann is not None:
            session.delete(ann)
        return None
    values = {f: row[f] for f in _FIELDS}
    values["created_at"] = (datetime.fromisoformat(row["created_at"]) if row.get("created_at")
                            else utcnow())
    if ann is None:
        ann = Annotation(**values)
        session.add(ann)
    else:
        for key, value in values.items():
            if getattr(ann, key) != value:  # an unchanged value must not bump the version
                setattr(ann, key, value)
    return ann


def record(session: Session, recording_id: int, label: str,
           changes: list[tuple[int, Row | None, Row | None]], actor: str = "") -> None:
    """Journal an edit that was just made: drop the actor's redo tail, append, trim.

    The caller holds the recording's edit lock (``annotations_rev``), so ``seq`` is safe.
    """
    mine = (journal_table.c.recording_id == recording_id) & (journal_table.c.actor == actor)
    # The redo tail: this person's, and any from before 0004 (no actor; a single-user home).
    session.execute(delete(journal_table).where(
        journal_table.c.recording_id == recording_id, journal_table.c.actor.in_((actor, "")),
        journal_table.c.undone.is_(True)))
    top = session.scalar(select(func.max(journal_table.c.seq))
                         .where(journal_table.c.recording_id == recording_id)) or 0
    payload = [{"id": i, "before": b, "after": a} for i, b, a in changes]
    session.execute(journal_table.insert().values(
        recording_id=recording_id, seq=top + 1, label=label[:200], changes=payload,
        undone=False, created_at=utcnow(), actor=actor))
    oldest_kept = session.scalar(select(journal_table.c.seq).where(mine)
                                 .order_by(journal_table.c.seq.desc())
                                 .offset(JOURNAL_LIMIT - 1).limit(1))
    if oldest_kept is not None:
        session.execute(delete(journal_table).where(mine, journal_table.c.seq < oldest_kept))


def top_entry(session: Session, recording_id: int, undone: bool, actor: str):  # noqa: ANN201
    """The actor's entry Undo (``undone`` False) or Redo (True) would take next, or None."""
    order = journal_table.c.seq.asc() if undone else journal_table.c.seq.desc()
    return session.execute(select(journal_table).where(
        journal_table.c.recording_id == recording_id,
        journal_table.c.actor.in_((actor, "")),
        journal_table.c.undone.is_(undone)).order_by(order).limit(1)).first()


def peek_label(session: Session, recording_id: int, undone: bool, actor: str = "") -> str | None:
    entry = top_entry(session, recording_id, undone, actor)
    return entry.label if entry is not None else None


def step(session: Session, recording_id: int, *, redo: bool,
         actor: str = "") -> tuple[str, list[Row]] | None:
    """Undo the actor's newest done entry (or redo the oldest undone one); None when none.

    Returns the label and the list of changes applied (each with id, before, after as seen
    from the direction of travel). Refuses with :class:`ConflictError` when a row was changed
    by someone else since (its content or its version differs from what the entry left).
    """
    entry = top_entry(session, recording_id, undone=redo, actor=actor)
    if entry is None:
        return None
    old_key, new_key = ("before", "after") if redo else ("after", "before")
    ids = [c["id"] for c in entry.changes]
    loaded: dict[int, Annotation] = {}
    for i in range(0, len(ids), 500):  # load them in a few queries, not one per row
        loaded.update((a.id, a) for a in session.scalars(
            select(Annotation).where(Annotation.id.in_(ids[i:i + 500]))))
    for change in entry.changes:
        ann = loaded.get(change["id"])
        current = snapshot(ann) if ann is not None else None
        by_other = ann is not None and (ann.changed_by or "") not in ("", actor)
        if current != change[old_key] or by_other:
            prefix = _("Cannot {what} \"{label}\": ").format(
                what=_("redo") if redo else _("undo"), label=entry.label)
            if ann is None:
                raise ConflictError(_("annotation"), change["id"], deleted=True, prefix=prefix)
            raise ConflictError.for_row(ann, _("annotation"), prefix=prefix)
    # Deletions first so that a restored row never meets a stale one with the same uid.
    for restoring in (False, True):
        for change in entry.changes:
            if (change[new_key] is not None) == restoring:
                _write(session, loaded.get(change["id"]), change[new_key])
        session.flush()
    session.execute(update(journal_table).where(journal_table.c.id == entry.id)
                    .values(undone=not redo))
    applied = [{"id": c["id"], "before": c[old_key], "after": c[new_key]} for c in entry.changes]
    return entry.label, applied
