"""Coding a recording: add, change, delete, split and merge annotations, with undo and redo.

:class:`AnnotationEditor` is what the CLI, the demo and the GUI timeline use. Every operation
is a command that runs in its own database transaction and is journaled in that same
transaction (see :mod:`annotation.journal`), so the work is saved as it happens and the undo
stack survives a restart. Listeners registered with :meth:`AnnotationEditor.subscribe` get a
:class:`ChangeNotice` after each do, undo or redo (the GUI turns it into Qt signals).

Several people on one recording (clinic server): each editor has an *actor* (who edits;
stamped on the rows, owner of its undo entries). An editor remembers the version of every
annotation it has shown (:meth:`AnnotationEditor.annotations`, :meth:`~AnnotationEditor.get`,
its own edits); changing or deleting one that someone else changed since raises
:class:`~vfeedback.db.ConflictError` ("changed by X at HH:MM — reload or keep yours"): the
caller reloads, or repeats the edit with ``force=True`` to keep theirs. Every edit bumps the
recording's ``annotations_rev`` in its own transaction: that row lock serialises the edits of
one recording, numbers them (``last_rev``), and lets :meth:`AnnotationEditor.poll` see other
people's edits cheaply (live refresh; see :mod:`annotation.live`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vfeedback.audit import record as audit_record
from vfeedback.db import ConflictError, Database
from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.models import VALENCES, Annotation, Code, Recording, User, utcnow

from . import journal

# A hook run inside an undo/redo (see AnnotationEditor.step): it sees the journal entry and may
# return a function to run after the rows were restored.
StepHook = Callable[[Session, Any], "Callable[[], None] | None"]

EDITABLE = ("code_id", "start_ms", "end_ms", "subject", "valence", "comment", "caption",
            "modifiers", "value")
ADD_BATCH = 2000  # rows per INSERT of add_many: bounded memory, few round trips


@dataclass(frozen=True)
class AnnotationView:
    """A read-only snapshot of one annotation, safe to hand to any thread or widget."""

    id: int
    uid: str
    code_id: int
    code_key: str
    code_name: str
    colour: str
    start_ms: int
    end_ms: int | None
    subject: str | None
    valence: str | None
    comment: str
    caption: str
    modifiers: tuple[str, ...]
    value: float | None
    version: int = 1  # optimistic locking: bumped by every change of the row
    changed_by: str = ""
    changed_at: datetime | None = None

    @property
    def is_point(self) -> bool:
        return self.end_ms is None


@dataclass(frozen=True)
class ChangeNotice:
    """What one do/undo/redo changed: annotation ids added, changed and removed.

    ``action`` "refresh": other people's edits found by :meth:`AnnotationEditor.poll`.
    """

    action: str  # "do", "undo", "redo" or "refresh"
    label: str
    added: frozenset[int]
    changed: frozenset[int]
    removed: frozenset[int]


def view_of(ann: Annotation, code: Code) -> AnnotationView:
    return AnnotationView(
        id=ann.id, uid=ann.uid, code_id=ann.code_id, code_key=code.key, code_name=code.name,
        colour=code.colour, start_ms=ann.start_ms, end_ms=ann.end_ms, subject=ann.subject,
        valence=ann.valence, comment=ann.comment or "", caption=ann.caption or "",
        modifiers=tuple(ann.modifiers or ()), value=ann.value, version=ann.version,
        changed_by=ann.changed_by or "", changed_at=ann.changed_at)


def bump_rev(session: Session, recording_id: int) -> int:
    """Take the recording's edit lock and number this edit; the first write of a transaction.

    PostgreSQL: the UPDATE locks the recording's row until commit, so edits of one recording
    run one after another (journal ``seq`` and ``annotations_rev`` never collide) while other
    recordings are edited in parallel. SQLite: it starts the write transaction at once.
    A notification tells listeners (``annotation.live``) at commit.
    """
    session.execute(sql_update(Recording).where(Recording.id == recording_id)
                    .values(annotations_rev=Recording.annotations_rev + 1)
                    .execution_options(synchronize_session=False))
    rev = session.scalar(select(Recording.annotations_rev).where(Recording.id == recording_id))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": NOTIFY_CHANNEL, "payload": f"{recording_id} {rev}"})
    return int(rev or 0)


NOTIFY_CHANNEL = "vfeedback_annotations"


def validate(session: Session, recording: Recording, fields: dict[str, Any],
             where: str = "") -> Code:
    """Check one annotation's fields against its code and recording; returns the code."""
    prefix = f"{where}: " if where else ""
    code = session.get(Code, fields["code_id"])
    if code is None:
        raise InputError(prefix + _("There is no code with id {id}").format(id=fields["code_id"]))
    start, end = fields["start_ms"], fields.get("end_ms")
    if not isinstance(start, int) or start < 0:
        raise InputError(prefix + _("A start time must be 0 ms or later"))
    if code.kind == "point" and end is not None:
        raise InputError(prefix + _("{code} is a point code: it has no end time").format(
            code=code.name))
    if code.kind == "interval" and (end is None or end <= start):
        raise InputError(prefix + _("{code} is an interval: its end must come after its start")
                         .format(code=code.name))
    if end is not None and (not isinstance(end, int) or end < start):
        raise InputError(prefix + _("The end time must not come before the start time"))
    if recording.duration_ms and max(start, end or start) > recording.duration_ms:
        raise InputError(prefix + _("{t} ms is beyond the end of the recording ({d} ms)").format(
            t=max(start, end or start), d=recording.duration_ms))
    if fields.get("valence") not in (None, *VALENCES):
        raise InputError(prefix + _("Valence must be one of {v}").format(v=", ".join(VALENCES)))
    subject = fields.get("subject")
    if subject is not None and (not isinstance(subject, str) or len(subject) > 40):
        raise InputError(prefix + _("A subject is a name of at most 40 characters"))
    value = fields.get("value")
    if code.kind == "rating" and (
            value is None or not (code.scale_min <= value <= code.scale_max)):
            raise InputError(prefix + _("{code} needs a rating from {lo} to {hi}").format(
                code=code.name, lo=code.scale_min, hi=code.scale_max))
    return code


class AnnotationEditor:
    """The coding session of one recording; holds (through the journal) its undo/redo stack."""

    def __init__(self, db: Database, recording_id: int, annotator_id: int | None = None,
                 actor: str | None = None) -> None:
        self.db = db
        self.recording_id = recording_id
        self.annotator_id = annotator_id
        self._listeners: list[Callable[[ChangeNotice], None]] = []
        self._seen: dict[int, int] = {}  # annotation id -> the version this editor last showed
        # Every id this editor has shown and not deleted itself. An edit still on its way
        # (queued, or typed into an inspector) may meet a refresh that no longer shows a row a
        # colleague deleted: it is still "deleted by someone else", not "no such annotation".
        self._shown: set[int] = set()
        self._rev_seen: int | None = None
        self.last_rev = 0  # the recording's edit number of this editor's last edit
        # The rows this editor's last do/undo/redo changed: [{"id", "before", "after"}].
        self.last_changes: list[dict[str, Any]] = []
        with db.session() as session:
            if session.get(Recording, recording_id) is None:
                raise InputError(_("There is no recording {id}").format(id=recording_id))
            if actor is None and annotator_id is not None:
                user = session.get(User, annotator_id)
                actor = user.name if user is not None else None
        self.actor = db.actor if actor is None else actor

    # -- observing ------------------------------------------------------------------------
    def subscribe(self, callback: Callable[[ChangeNotice], None]) -> Callable[[], None]:
        """Call ``callback`` after every change; returns a function that unsubscribes."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    def _notify(self, action: str, label: str, changes: Iterable[dict[str, Any]]) -> None:
        added, changed, removed = set(), set(), set()
        for c in changes:
            (added if c["before"] is None else removed if c["after"] is None else changed).add(
                c["id"])
        notice = ChangeNotice(action, label, frozenset(added), frozenset(changed),
                              frozenset(removed))
        for listener in list(self._listeners):
            listener(notice)

    def annotations(self) -> list[AnnotationView]:
        """All annotations of the recording, now; what the caller shows becomes "seen"."""
        with self.db.session(self.actor) as session:
            rev = session.scalar(select(Recording.annotations_rev)
                                 .where(Recording.id == self.recording_id))
            rows = session.execute(
                select(Annotation, Code).join(Code, Annotation.code_id == Code.id)
                .where(Annotation.recording_id == self.recording_id)
                .order_by(Annotation.start_ms, Annotation.id)).all()
            views = [view_of(ann, code) for ann, code in rows]
        self._seen = {v.id: v.version for v in views}
        self._shown.update(self._seen)
        self._rev_seen = rev
        return views

    def get(self, ann_id: int) -> AnnotationView:
        with self.db.session(self.actor) as session:
            ann = self._load(session, ann_id)
            view = view_of(ann, ann.code)
        self._seen[ann_id] = view.version
        self._shown.add(ann_id)
        return view

    def poll(self) -> ChangeNotice | None:
        """Other people's edits since this editor last looked, as a "refresh" notice.

        Cheap when nothing changed (one indexed read of the recording's edit counter);
        otherwise compares ids and versions. Listeners get the notice too; afterwards the
        found rows count as seen. Call it from a timer (e.g. every 2 s) or after
        :func:`annotation.live.wait_for_change` returns.
        """
        with self.db.session(self.actor) as session:
            rev = session.scalar(select(Recording.annotations_rev)
                                 .where(Recording.id == self.recording_id))
            if rev == self._rev_seen:
                return None
            now = dict(session.execute(select(Annotation.id, Annotation.version).where(
                Annotation.recording_id == self.recording_id)).all())
        added = frozenset(set(now) - set(self._seen))
        removed = frozenset(set(self._seen) - set(now))
        changed = frozenset(i for i in set(now) & set(self._seen) if now[i] != self._seen[i])
        first_look = self._rev_seen is None
        self._seen, self._rev_seen = now, rev
        self._shown.update(now)
        if first_look or not (added or changed or removed):
            return None
        notice = ChangeNotice("refresh", _("Changes by others"), added, changed, removed)
        for listener in list(self._listeners):
            listener(notice)
        return notice

    # -- the command runner ---------------------------------------------------------------
    def _load(self, session: Session, ann_id: int) -> Annotation:
        ann = session.get(Annotation, ann_id)
        if ann is None or ann.recording_id != self.recording_id:
            raise InputError(_("There is no annotation {id} in this recording").format(id=ann_id))
        return ann

    def _run(self, label: str, action: Callable[[Session, Recording], list[int]],
             existing: Iterable[int] = (), *, expected: dict[int, int] | None = None,
             force: bool = False) -> list[int]:
        """Run ``action`` as one journaled transaction.

        ``existing``: the ids of the rows the action will change or delete (their state
        before is journaled, their version checked against ``expected`` or what this editor
        last showed, unless ``force``); the action returns every id it touched, new rows
        included.
        """
        existing = list(existing)
        with self.db.session(self.actor) as session:
            rev = bump_rev(session, self.recording_id)
            recording = session.get(Recording, self.recording_id)
            before = {}
            for ann_id in existing:
                ann = session.get(Annotation, ann_id)
                want = (expected or {}).get(ann_id, self._seen.get(ann_id))
                gone = ann is None and (want is not None or ann_id in self._shown)
                # A newer version by this same person (another window of theirs) is no
                # conflict: nobody's work is lost by building on it.
                stale = (ann is not None and want is not None and ann.version != want
                         and ann.changed_by != self.actor)
                if not force and (gone or stale):
                    raise ConflictError.for_row(ann, _("annotation"), ann_id)
                if ann is not None:
                    before[ann_id] = journal.snapshot(ann)
            touched = action(session, recording)
            session.flush()
            changes, versions = [], {}
            for ann_id in touched:
                ann = session.get(Annotation, ann_id)
                after = journal.snapshot(ann) if ann is not None else None
                if ann is not None:
                    versions[ann_id] = ann.version
                if after != before.get(ann_id):
                    changes.append((ann_id, before.get(ann_id), after))
            if changes:
                journal.record(session, self.recording_id, label, changes, self.actor)
        self._after_edit(rev, versions, touched)
        payload = [{"id": i, "before": b, "after": a} for i, b, a in changes]
        self.last_changes = payload
        if payload:
            self._notify("do", label, payload)
        return touched

    def _after_edit(self, rev: int, versions: dict[int, int], touched: Iterable[int]) -> None:
        """Own edits count as seen; the counter only when nobody else edited in between."""
        for ann_id in touched:
            if ann_id in versions:
                self._seen[ann_id] = versions[ann_id]
                self._shown.add(ann_id)
            else:
                self._seen.pop(ann_id, None)
                self._shown.discard(ann_id)
        if self._rev_seen is not None and rev == self._rev_seen + 1:
            self._rev_seen = rev
        self.last_rev = rev

    # -- commands -------------------------------------------------------------------------
    def add(self, code_id: int, start_ms: int, end_ms: int | None = None, *,
            subject: str | None = None, valence: str | None = None, comment: str = "",
            caption: str = "", modifiers: Iterable[str] = (), value: float | None = None,
            source: str = "manual") -> int:
        """Add a point (``end_ms`` None) or an interval; ``source``: manual, suggestion…"""
        fields = dict(code_id=code_id, start_ms=start_ms, end_ms=end_ms, subject=subject,
                      valence=valence, comment=comment, caption=caption,
                      modifiers=list(modifiers), value=value)

        def action(session: Session, recording: Recording) -> list[int]:
            code = validate(session, recording, fields)
            if fields["subject"] is None:
                fields["subject"] = code.subject
            ann = Annotation(recording_id=self.recording_id, annotator_id=self.annotator_id,
                             uid=uuid.uuid4().hex, source=source, **fields)
            session.add(ann)
            session.flush()
            return [ann.id]

        with self.db.session() as session:
            code = session.get(Code, code_id)
            name = code.name if code else str(code_id)
        return self._run(_("Add {code}").format(code=name), action)[0]

    def add_many(self, plan: Callable[[Session], list[dict[str, Any]]], label: str,
                 source: str = "import") -> list[int]:
        """Add many annotations as one edit (one transaction, one undo step).

        ``plan(session)`` returns the checked fields of each new annotation (see
        :func:`annotation.interchange.records.plan_import`); if it raises, nothing is written.
        Rows go in as bulk INSERTs in batches and are journaled from what the database gives
        back, so a BORIS file of 200,000 events never holds an ORM object per row.
        """
        table = Annotation.__table__
        ids: list[int] = []
        with self.db.session(self.actor) as session:
            rev = bump_rev(session, self.recording_id)
            planned = plan(session)
            now = utcnow()
            for first in range(0, len(planned), ADD_BATCH):
                batch = [dict(fields, recording_id=self.recording_id,
                              annotator_id=self.annotator_id, uid=uuid.uuid4().hex,
                              source=source, created_at=now, updated_at=now, version=1,
                              changed_by=self.actor or "", changed_at=now,
                              coder=self.actor or "local")
                         for fields in planned[first:first + ADD_BATCH]]
                planned[first:first + ADD_BATCH] = [{}] * len(batch)  # let them go
                ids += session.scalars(insert(table).returning(
                    table.c.id, sort_by_parameter_order=True), batch)

            def rows() -> Iterator[journal.Row]:
                # Journaled as the database gives the rows back, read in batches as the
                # journal writes them out (compactly, one row at a time).
                for first in range(0, len(ids), ADD_BATCH):
                    for row in session.execute(select(table).where(
                            table.c.id.in_(ids[first:first + ADD_BATCH]))):
                        yield journal.snapshot(row)  # type: ignore[arg-type]

            if ids:
                journal.record_added(session, self.recording_id, label, rows(), self.actor)
        self._after_edit(rev, dict.fromkeys(ids, 1), ids)
        if ids:
            self._notify("do", label, ({"id": i, "before": None, "after": {"id": i}}
                                       for i in ids))
        return ids

    def update(self, ann_id: int, *, expected_version: int | None = None, force: bool = False,
               **fields: Any) -> None:
        """Change fields of one annotation; ``force`` overwrites someone else's newer change."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise InputError(_("Cannot change {fields}").format(fields=", ".join(sorted(unknown))))
        if "modifiers" in fields:
            fields["modifiers"] = list(fields["modifiers"])

        def action(session: Session, recording: Recording) -> list[int]:
            ann = self._load(session, ann_id)
            merged = {f: getattr(ann, f) for f in EDITABLE} | fields
            validate(session, recording, merged)
            for key, value in fields.items():
                setattr(ann, key, value)
            return [ann.id]

        self._run(_("Change annotation"), action, [ann_id], force=force,
                  expected=None if expected_version is None else {ann_id: expected_version})

    def delete(self, ann_id: int, *, expected_version: int | None = None,
               force: bool = False) -> None:
        def action(session: Session, recording: Recording) -> list[int]:
            session.delete(self._load(session, ann_id))
            return [ann_id]

        self._run(_("Delete annotation"), action, [ann_id], force=force,
                  expected=None if expected_version is None else {ann_id: expected_version})

    def split(self, ann_id: int, at_ms: int) -> tuple[int, int]:
        """Cut an interval in two at ``at_ms``; the first part keeps the id."""
        def action(session: Session, recording: Recording) -> list[int]:
            ann = self._load(session, ann_id)
            if ann.end_ms is None or not (ann.start_ms < at_ms < ann.end_ms):
                raise InputError(_("Only an interval can be split, at a time inside it"))
            second = Annotation(
                recording_id=ann.recording_id, code_id=ann.code_id, start_ms=at_ms,
                end_ms=ann.end_ms, subject=ann.subject, valence=ann.valence,
                modifiers=list(ann.modifiers or []), value=ann.value, comment=ann.comment,
                caption=ann.caption, annotator_id=ann.annotator_id, source=ann.source,
                uid=uuid.uuid4().hex, coder=ann.coder)
            ann.end_ms = at_ms
            session.add(second)
            session.flush()
            return [ann.id, second.id]

        first, second = self._run(_("Split annotation"), action, [ann_id])
        return first, second

    def merge(self, id_a: int, id_b: int) -> int:
        """Join two annotations of the same code into one spanning both; keeps the earlier id."""
        def action(session: Session, recording: Recording) -> list[int]:
            a, b = self._load(session, id_a), self._load(session, id_b)
            if a.id == b.id or a.code_id != b.code_id:
                raise InputError(_("Only two annotations of the same code can be merged"))
            if (b.start_ms, b.id) < (a.start_ms, a.id):
                a, b = b, a
            if a.end_ms is None and b.end_ms is None and a.code.kind == "point":
                raise InputError(_("Point events cannot be merged"))
            a.end_ms = max(x for x in (a.start_ms, a.end_ms, b.start_ms, b.end_ms)
                           if x is not None)
            a.comment = _join(a.comment, b.comment)
            a.caption = _join(a.caption, b.caption)
            a.modifiers = list(dict.fromkeys([*(a.modifiers or []), *(b.modifiers or [])]))
            session.delete(b)
            return [a.id, b.id]

        return self._run(_("Merge annotations"), action, [id_a, id_b])[0]

    # -- undo / redo ----------------------------------------------------------------------
    def step(self, redo: bool, hook: StepHook | None = None) -> bool:
        """Undo (or redo) this person's last edit of the recording; False when there is none.

        ``hook(session, entry)`` runs first in the same transaction with the journal entry
        about to be undone (it may refuse by raising) and may return a function that runs
        after the rows were restored (e.g. a suggestion's status that travels with the edit).
        """
        with self.db.session(self.actor) as session:
            entry = journal.top_entry(session, self.recording_id, redo, self.actor)
            if entry is None:
                return False
            finish = hook(session, entry) if hook is not None else None
            rev = bump_rev(session, self.recording_id)
            try:
                result = journal.step(session, self.recording_id, redo=redo, actor=self.actor)
                session.flush()
            except IntegrityError as exc:  # a code removed from its scheme since the edit
                raise InputError(
                    _("This redo would bring back a moment whose code was removed from its "
                      "coding scheme; nothing was changed") if redo else
                    _("This undo would bring back a moment whose code was removed from its "
                      "coding scheme; nothing was changed")) from exc
            if result is None:
                return False
            if finish is not None:
                finish()
            audit_record(session, "annotation.redo" if redo else "annotation.undo", None,
                         actor=self.actor or None, recording=self.recording_id,
                         rows=len(result[1]))
            changed = [c["id"] for c in result[1] if c["after"] is not None]
            versions: dict[int, int] = {}
            for first in range(0, len(changed), ADD_BATCH):  # a few queries, no ORM objects
                versions.update(session.execute(select(Annotation.id, Annotation.version).where(
                    Annotation.id.in_(changed[first:first + ADD_BATCH]))).all())  # type: ignore[arg-type]
        label, applied = result
        self._after_edit(rev, versions, [c["id"] for c in applied])
        self.last_changes = applied
        self._notify("redo" if redo else "undo", label, applied)
        return True

    def undo(self) -> bool:
        """Undo the last edit of this recording; False when there is nothing to undo."""
        return self.step(redo=False)

    def redo(self) -> bool:
        return self.step(redo=True)

    def _peek(self, undone: bool) -> str | None:
        with self.db.session(self.actor) as session:
            return journal.peek_label(session, self.recording_id, undone, self.actor)

    @property
    def can_undo(self) -> bool:
        return self._peek(False) is not None

    @property
    def can_redo(self) -> bool:
        return self._peek(True) is not None

    @property
    def undo_text(self) -> str:
        return self._peek(False) or ""

    @property
    def redo_text(self) -> str:
        return self._peek(True) or ""


def _join(a: str, b: str) -> str:
    a, b = (a or "").strip(), (b or "").strip()
    return a if not b or a == b else b if not a else f"{a} / {b}"
