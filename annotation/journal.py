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

Two forms of change live in an entry's ``changes`` list, and an entry may hold both:

* ``{"id", "before", "after"}``: one row, each side a full snapshot (None: not there). Single
  edits use it; every entry written before the compact form has only these.
* ``{"added": {"shared": {...}, "columns": [...], "rows": [[...], ...]}}``: many rows added
  at once (an import, :func:`record_added`). Values the rows have in common (recording,
  annotator, source, creation time) are stored once in ``shared``; each row is a list of its
  own values in ``columns`` order, followed by a dict only where a shared value differs. The
  text is built row by row, so a 150,000-row import never holds a dict per row; undo checks
  and deletes the rows in batches, redo re-inserts them in batches (same ids, uids, fields).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    String,
    cast,
    delete,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session

from vfeedback.audit import record as audit_record
from vfeedback.db import ConflictError
from vfeedback.i18n import _
from vfeedback.models import Annotation, annotation_journal, utcnow

JOURNAL_LIMIT = 500  # entries kept per recording; older ones can no longer be undone

journal_table = annotation_journal  # defined with the rest of the schema

Row = dict[str, Any]
_FIELDS = ("id", "uid", "recording_id", "code_id", "start_ms", "end_ms", "subject", "valence",
           "modifiers", "value", "comment", "caption", "annotator_id", "source", "coder")
# Fields a compact "added" block stores once for all its rows (each row may override them).
_SHARED = ("recording_id", "annotator_id", "source", "created_at", "coder")
_COLUMNS = tuple(f for f in (*_FIELDS, "created_at") if f not in _SHARED)
BATCH = 500  # rows per query when undoing or redoing a compact block


def snapshot(ann: Annotation) -> Row:
    row = {f: getattr(ann, f) for f in _FIELDS}
    row["modifiers"] = list(row["modifiers"] or [])
    row["created_at"] = ann.created_at.isoformat() if ann.created_at else None
    return row


def _older(snap: Row, row: Row) -> Row:
    """``snap`` without the fields an older journal row (before 0009: no coder) lacks."""
    return snap if "coder" in row else {k: v for k, v in snap.items() if k != "coder"}


def _write(session: Session, ann: Annotation | None, row: Row | None) -> Annotation | None:
    """Make the annotation ``ann`` (None: not there) equal to ``row`` (None: delete it)."""
    if row is None:
        if ann is not None:
            session.delete(ann)
        return None
    # Entries from before 0009 have no coder: the row keeps (or gets) the default one.
    values = {f: row[f] for f in _FIELDS if f in row}
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
    payload = [{"id": i, "before": b, "after": a} for i, b, a in changes]
    _append(session, recording_id, label, payload, actor)


def record_added(session: Session, recording_id: int, label: str, rows: Iterable[Row],
                 actor: str = "") -> None:
    """Journal many rows just added (snapshots, consumed once) as one compact entry.

    The JSON text is written row by row; neither the rows nor their dicts are kept.
    """
    chunks: list[str] = []
    shared: Row | None = None
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for row in rows:
        if shared is None:
            shared = {k: row[k] for k in _SHARED}
        values: list[Any] = [row[k] for k in _COLUMNS]
        differ = {k: row[k] for k in _SHARED if row[k] != shared[k]}
        if differ:
            values.append(differ)
        chunks.append(dumps(values))
    if shared is None:
        return
    head = dumps({"shared": shared, "columns": list(_COLUMNS)})
    text = '[{"added":' + head[:-1] + ',"rows":[' + ",".join(chunks) + "]}}]"
    del chunks
    # The text goes in as it is (the JSON type would encode the whole structure at once).
    value: Any = type_coerce(text, String)
    if session.get_bind().dialect.name == "postgresql":
        value = cast(value, JSON)
    _append(session, recording_id, label, value, actor)


def _append(session: Session, recording_id: int, label: str, changes: Any, actor: str) -> None:
    mine = (journal_table.c.recording_id == recording_id) & (journal_table.c.actor == actor)
    # The redo tail: this person's, and any from before 0004 (no actor; a single-user home).
    session.execute(delete(journal_table).where(
        journal_table.c.recording_id == recording_id, journal_table.c.actor.in_((actor, "")),
        journal_table.c.undone.is_(True)))
    top = session.scalar(select(func.max(journal_table.c.seq))
                         .where(journal_table.c.recording_id == recording_id)) or 0
    session.execute(journal_table.insert().values(
        recording_id=recording_id, seq=top + 1, label=label[:200], changes=changes,
        undone=False, created_at=utcnow(), actor=actor))
    audit_record(session, "annotation.edit", None, actor=actor or None,  # ids only, no text
                 recording=recording_id, entry=top + 1)
    oldest_kept = session.scalar(select(journal_table.c.seq).where(mine)
                                 .order_by(journal_table.c.seq.desc())
                                 .offset(JOURNAL_LIMIT - 1).limit(1))
    if oldest_kept is not None:
        session.execute(delete(journal_table).where(mine, journal_table.c.seq < oldest_kept))


def _expand(block: dict[str, Any]) -> Iterator[Row]:
    """The full snapshots of a compact "added" block, one at a time."""
    shared, columns = block["shared"], block["columns"]
    width = len(columns)
    for values in block["rows"]:
        row = dict(shared)
        row.update(zip(columns, values[:width], strict=False))
        if len(values) > width:
            row.update(values[width])
        yield row


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
    from the direction of travel; for the rows of a compact "added" block the row side is
    just ``{"id": ...}``). Refuses with :class:`ConflictError` when a row was changed by
    someone else since (its content or its version differs from what the entry left); then
    nothing is written.
    """
    entry = top_entry(session, recording_id, undone=redo, actor=actor)
    if entry is None:
        return None
    old_key, new_key = ("before", "after") if redo else ("after", "before")
    prefix = _("Cannot {what} \"{label}\": ").format(
        what=_("redo") if redo else _("undo"), label=entry.label)
    single = [c for c in entry.changes if "added" not in c]
    blocks = [c["added"] for c in entry.changes if "added" in c]
    ids = [c["id"] for c in single]
    loaded: dict[int, Annotation] = {}
    for i in range(0, len(ids), BATCH):  # load them in a few queries, not one per row
        loaded.update((a.id, a) for a in session.scalars(
            select(Annotation).where(Annotation.id.in_(ids[i:i + BATCH]))))
    for change in single:
        ann = loaded.get(change["id"])
        current = snapshot(ann) if ann is not None else None
        if current is not None and change[old_key] is not None:
            current = _older(current, change[old_key])
        by_other = ann is not None and (ann.changed_by or "") not in ("", actor)
        if current != change[old_key] or by_other:
            if ann is None:
                raise ConflictError(_("annotation"), change["id"], deleted=True, prefix=prefix)
            raise ConflictError.for_row(ann, _("annotation"), prefix=prefix)
    for block in blocks:
        _check_block(session, block, present=not redo, actor=actor, prefix=prefix)
    # Deletions first so that a restored row never meets a stale one with the same uid.
    for change in single:
        if change[new_key] is None:
            _write(session, loaded.get(change["id"]), None)
    session.flush()
    if not redo:
        for block in blocks:
            _delete_block(session, block, prefix)
    for change in single:
        if change[new_key] is not None:
            _write(session, loaded.get(change["id"]), change[new_key])
    session.flush()
    if redo:
        for block in blocks:
            _insert_block(session, block)
    session.execute(update(journal_table).where(journal_table.c.id == entry.id)
                    .values(undone=not redo))
    applied = [{"id": c["id"], "before": c[old_key], "after": c[new_key]} for c in single]
    for block in blocks:
        for values in block["rows"]:
            side = {"id": values[0]}
            applied.append({"id": values[0], "before": None if redo else side,
                            "after": side if redo else None})
    return entry.label, applied


def _batches(block: dict[str, Any]) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in _expand(block):
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_block(session: Session, block: dict[str, Any], *, present: bool, actor: str,
                 prefix: str) -> None:
    """Undo (``present``): every row is there as added, by nobody else; redo: none is there."""
    table = Annotation.__table__
    for batch in _batches(block):
        found = {r.id: r for r in session.execute(
            select(table).where(table.c.id.in_([row["id"] for row in batch])))}
        for row in batch:
            current = found.get(row["id"])
            if not present:
                if current is not None:
                    raise ConflictError.for_row(current, _("annotation"), prefix=prefix)
            elif current is None:
                raise ConflictError(_("annotation"), row["id"], deleted=True, prefix=prefix)
            elif (_older(snapshot(current), row) != row  # type: ignore[arg-type]
                    or (current.changed_by or "") not in ("", actor)):
                raise ConflictError.for_row(current, _("annotation"), prefix=prefix)


def _delete_block(session: Session, block: dict[str, Any], prefix: str) -> None:
    table = Annotation.__table__
    for batch in _batches(block):
        batch_ids = [row["id"] for row in batch]
        gone = session.execute(delete(table).where(table.c.id.in_(batch_ids)))
        if gone.rowcount != len(batch_ids):  # checked above, under the edit lock: a safeguard
            raise ConflictError(_("annotation"), batch_ids[0], deleted=True, prefix=prefix)


def _insert_block(session: Session, block: dict[str, Any]) -> None:
    """Re-insert the rows; stamped like an ORM write of this session (its actor, now)."""
    table = Annotation.__table__
    now = utcnow()
    actor = str(session.info.get("actor") or "")[:120]
    for batch in _batches(block):
        for row in batch:
            row["created_at"] = (datetime.fromisoformat(row["created_at"])
                                 if row.get("created_at") else now)
            row.update(updated_at=now, version=1, changed_by=actor, changed_at=now)
        session.execute(insert(table), batch)
