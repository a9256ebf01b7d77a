"""Annotations: one editor per recording, one edit queue for the whole app, undo and redo.

- :func:`editor` is the registry: one :class:`annotation.editing.AnnotationEditor` per
  recording and database, so every view shares one command stack.
- :data:`QUEUE` runs edits one after another on one worker thread (a burst of key presses,
  a timeline drag and a suggestion decision never race in the journal). The GUI submits
  every annotation edit there (``gui.operations.run_queued``); the CLI calls the same
  functions directly.
- :func:`undo` / :func:`redo` step the journal and, in the same transaction, the status of
  a suggestion that an edit accepted or dismissed (see :mod:`services.suggestions`): the
  journal entry of such a decision carries a ``"suggestion"`` link beside its row change.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select, update

from annotation import journal
from annotation.editing import AnnotationEditor, AnnotationView
from vfeedback.audit import record as audit_record
from vfeedback.db import ConflictError, ServerUnreachable, local_hhmm
from vfeedback.errors import InputError
from vfeedback.i18n import N_, _
from vfeedback.models import Code, Suggestion

from .access import Actor, actor_name, check
from .changes import NOTHING, Changes, Outcome, Subject

App = Any  # vfeedback.app.App
T = TypeVar("T")
LINK = "suggestion"  # the key of a suggestion's status change inside a journal change

# ConflictError, ServerUnreachable, local_hhmm: for the shell, which never imports vfeedback.db.
__all__ = ["AnnotationView", "ConflictError", "QUEUE", "ServerUnreachable", "editor",
           "local_hhmm"]


# -- one editor per recording ------------------------------------------------------------------
_editors: weakref.WeakKeyDictionary[Any, dict[int, AnnotationEditor]] = \
    weakref.WeakKeyDictionary()
_editors_lock = threading.Lock()


def editor(app: App, recording_id: int) -> AnnotationEditor:
    """The recording's one editor (made on first use; an unknown recording is an error)."""
    with _editors_lock:
        per_db = _editors.setdefault(app.db, {})
        found = per_db.get(recording_id)
    if found is None:
        found = AnnotationEditor(app.db, recording_id)
        with _editors_lock:
            found = per_db.setdefault(recording_id, found)
    return found


# -- one queue ----------------------------------------------------------------------------------
class EditQueue:
    """Runs submitted edits one at a time, in order, on one worker thread."""

    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, work: Callable[[], T]) -> Future[T]:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="vfeedback-edits")
            return self._executor.submit(work)

    def drain(self, timeout: float | None = None) -> None:
        """Wait until everything submitted so far has run."""
        self.submit(lambda: None).result(timeout)


QUEUE = EditQueue()


def _changed(recording_id: int, *extra: Subject) -> Changes:
    return Changes({Subject.ANNOTATIONS, *extra}, recording_id)


# -- reading ------------------------------------------------------------------------------------
def annotations(app: App, actor: Actor, recording_id: int) -> list[AnnotationView]:
    check(actor, "annotations.read", app, recording=recording_id)
    return editor(app, recording_id).annotations()


def get(app: App, actor: Actor, recording_id: int, ann_id: int) -> AnnotationView | None:
    check(actor, "annotations.read", app, recording=recording_id)
    try:
        return editor(app, recording_id).get(ann_id)
    except InputError:  # deleted meanwhile: nothing to show
        return None


def undo_texts(app: App, actor: Actor, recording_id: int) -> tuple[str, str]:
    """The labels of the edit Undo would take back and Redo would do again ("" for none)."""
    check(actor, "annotations.read", app, recording=recording_id)
    found = editor(app, recording_id)
    return found.undo_text, found.redo_text


_FIELD_NAMES = {"caption": N_("caption"), "comment": N_("comment"), "valence": N_("valence"),
                "subject": N_("subject"), "modifiers": N_("modifiers"), "value": N_("rating"),
                "code_id": N_("code"), "start_ms": N_("time"), "end_ms": N_("time")}


@dataclass(frozen=True)
class StepInfo:
    """What Undo (or Redo) would change, in words, and the moment it concerns."""

    text: str  # "caption of moment 3 (Mutual gaze 0:42)"; "" when there is nothing
    annotation_id: int | None = None


def _clock(ms: int) -> str:
    seconds = int(ms) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


def describe_step(app: App, actor: Actor, recording_id: int, redo: bool) -> StepInfo:
    """Name the moment and the field the next undo (``redo``: redo) changes, for the Edit
    menu and the status bar: "caption of moment 3 (Mutual gaze 0:42)". Moments are numbered
    by time, as the event list shows them."""
    check(actor, "annotations.read", app, recording=recording_id)
    who = editor(app, recording_id).actor  # the journal is per person: that editor's entries
    with app.db.session() as session:
        entry = journal.top_entry(session, recording_id, redo, who)
        if entry is None or not entry.changes:
            return StepInfo("")
        change = entry.changes[0]
        if "id" not in change:  # a compact import block: many moments at once
            return StepInfo(entry.label)
        before, after = change.get("before"), change.get("after")
        row = after or before or {}
        code = session.get(Code, row.get("code_id")) if row.get("code_id") else None
        name = code.name if code is not None else _("event")
    ids = [a.id for a in annotations(app, actor, recording_id)]
    number = ids.index(change["id"]) + 1 if change["id"] in ids else None
    what = (_("moment {n}").format(n=number) if number is not None else _("a moment"))
    where = f"{what} ({name} {_clock(row.get('start_ms') or 0)})"
    if len(entry.changes) > 1:
        text = _("{label} ({n} moments)").format(label=entry.label, n=len(entry.changes))
    elif before is None:
        text = _("adding {moment}").format(moment=where)
    elif after is None:
        text = _("deleting {moment}").format(moment=where)
    else:
        fields = sorted({_FIELD_NAMES[f] for f in _FIELD_NAMES if before.get(f) != after.get(f)})
        text = _("{fields} of {moment}").format(
            fields=", ".join(_(f) for f in fields) or entry.label, moment=where)
    return StepInfo(text, change["id"])


@dataclass(frozen=True)
class CodeRow:
    id: int
    key: str
    name: str
    group: str
    shortcut: str
    colour: str
    kind: str
    subject: str
    scale_min: float | None
    scale_max: float | None


@dataclass(frozen=True)
class SchemeRow:
    id: int
    name: str
    version: int
    title: str
    codes: tuple[CodeRow, ...]


def schemes(app: App, actor: Actor) -> list[SchemeRow]:
    """Every coding scheme with its codes (the built-ins are added when missing)."""
    from annotation.schemes import ensure_builtin_schemes, list_schemes

    check(actor, "schemes.read", app)
    with app.db.session() as session:
        builtin = ensure_builtin_schemes(session)
        others = [s for s in list_schemes(session) if s not in builtin]
        return [SchemeRow(s.id, s.name, s.version, s.title or s.name, tuple(
            CodeRow(c.id, c.key, c.name, c.group, c.shortcut, c.colour, c.kind, c.subject,
                    c.scale_min, c.scale_max) for c in s.codes)) for s in builtin + others]


def code_choices(app: App, actor: Actor) -> list[tuple[int, str]]:
    """(id, "scheme: code") of every code, e.g. for what an accepted suggestion becomes."""
    check(actor, "schemes.read", app)
    with app.db.session() as session:
        rows = session.scalars(select(Code).order_by(Code.scheme_id, Code.position))
        return [(c.id, f"{c.scheme.title or c.scheme.name}: {c.name}") for c in rows]


# -- editing ------------------------------------------------------------------------------------
def add(app: App, actor: Actor, recording_id: int, code_id: int, start_ms: int,
        end_ms: int | None = None, **fields: Any) -> Outcome[int]:
    check(actor, "annotations.edit", app, recording=recording_id)
    ann_id = editor(app, recording_id).add(code_id, start_ms, end_ms, **fields)
    return Outcome(ann_id, _changed(recording_id))


def update_annotation(app: App, actor: Actor, recording_id: int, ann_id: int, *,
                      force: bool = False, expected_version: int | None = None,
                      **fields: Any) -> Outcome[None]:
    """Change fields of one annotation. Someone else's newer change is a
    :class:`vfeedback.db.ConflictError` unless ``force`` ("keep mine");
    ``expected_version``: the version the change was made on (an edit kept in the outbox)."""
    check(actor, "annotations.edit", app, recording=recording_id)
    editor(app, recording_id).update(ann_id, force=force, expected_version=expected_version,
                                     **fields)
    return Outcome(None, _changed(recording_id))


def move(app: App, actor: Actor, recording_id: int, ann_id: int, start_ms: int,
         end_ms: int | None, *, force: bool = False,
         expected_version: int | None = None) -> Outcome[None]:
    """A drag on the timeline: new times for one annotation (one undo step)."""
    return update_annotation(app, actor, recording_id, ann_id, start_ms=start_ms,
                             end_ms=end_ms, force=force, expected_version=expected_version)


def delete(app: App, actor: Actor, recording_id: int, ann_ids: list[int], *,
           force: bool = False, expected: dict[int, int] | None = None) -> Outcome[None]:
    """Delete annotations (``force``: even when someone else changed them meanwhile;
    ``expected``: id -> the version the deletion was decided on)."""
    check(actor, "annotations.edit", app, recording=recording_id)
    ed = editor(app, recording_id)
    for ann_id in ann_ids:
        ed.delete(ann_id, force=force, expected_version=(expected or {}).get(ann_id))
    return Outcome(None, _changed(recording_id) if ann_ids else NOTHING)


def seen_versions(app: App, recording_id: int, ann_ids: list[int]) -> dict[int, int]:
    """The versions of these annotations this app last showed (for an edit to keep)."""
    seen = editor(app, recording_id)._seen  # noqa: SLF001 - the editor's own bookkeeping
    return {i: seen[i] for i in ann_ids if i in seen}


def reload_notice(recording_id: int) -> Changes:
    """The change notice that makes the views read the recording's moments again (the
    "Reload" of a conflict: the colleague's version is shown)."""
    return _changed(recording_id, Subject.SUGGESTIONS)


def refresh(app: App, actor: Actor, recording_id: int) -> Outcome[Any]:
    """Other people's edits of the recording since this app last looked (live refresh):
    the :class:`annotation.editing.ChangeNotice` or None, and a change notice for the views
    only when something changed. Runs on the edit queue, so it never races an own edit."""
    check(actor, "annotations.read", app, recording=recording_id)
    notice = editor(app, recording_id).poll()
    return Outcome(notice, _changed(recording_id) if notice is not None else NOTHING)


def split(app: App, actor: Actor, recording_id: int, ann_id: int,
          at_ms: int) -> Outcome[tuple[int, int]]:
    check(actor, "annotations.edit", app, recording=recording_id)
    return Outcome(editor(app, recording_id).split(ann_id, at_ms), _changed(recording_id))


def merge(app: App, actor: Actor, recording_id: int, id_a: int, id_b: int) -> Outcome[int]:
    check(actor, "annotations.edit", app, recording=recording_id)
    return Outcome(editor(app, recording_id).merge(id_a, id_b), _changed(recording_id))


def import_file(app: App, actor: Actor, recording_id: int, path: Path, *,
                create_codes: bool = False, observation: str | None = None,
                scheme: str | None = None, duplicates: str = "refuse") -> Outcome[Any]:
    """Import an annotation file (all of it or nothing; one undo step). The value is the
    ``annotation.interchange.records.ImportResult``. ``duplicates`` says what to do with
    annotations the recording already holds: ``"refuse"``, ``"again"`` or ``"new"``."""
    from annotation.interchange.records import import_file as read_into

    check(actor, "annotations.edit", app, recording=recording_id)
    result = read_into(app.db, recording_id, path, create_codes=create_codes,
                       observation=observation, scheme=scheme, duplicates=duplicates,
                       editor=editor(app, recording_id))
    return Outcome(result, _changed(recording_id))


def export_file(app: App, actor: Actor, recording_id: int, path: Path,
                fmt: str | None = None) -> int:
    """Write the recording's annotations to a file; how many events."""
    from annotation.interchange.records import export_recording

    check(actor, "annotations.export", app, recording=recording_id)
    count = export_recording(app.db, recording_id, path, fmt)
    with app.db.session() as session:  # ids and counts only: no file name
        audit_record(session, "annotations.export", None, actor=actor_name(actor),
                     recording=recording_id, events=count)
    return count


# -- undo and redo ------------------------------------------------------------------------------
def link_newest_entry(session, recording_id: int, link: dict[str, Any],  # noqa: ANN001
                      journal_actor: str) -> None:
    """Attach a suggestion's status change (``{"id", "before", "after"}``, each side
    ``{"status", "annotation_id"}``) to the journal entry ``journal_actor`` just recorded."""
    entry = journal.top_entry(session, recording_id, False, journal_actor)
    changes = [dict(c) for c in entry.changes]
    changes[0][LINK] = link
    table = journal.journal_table
    session.execute(update(table).where(table.c.id == entry.id).values(changes=changes))


def _step(app: App, actor: Actor, recording_id: int, redo: bool) -> Outcome[bool]:
    check(actor, "annotations.edit", app, recording=recording_id)
    linked: list[dict[str, Any]] = []

    def suggestion_status(session, entry):  # noqa: ANN001, ANN202 - see AnnotationEditor.step
        now, then = ("before", "after") if redo else ("after", "before")
        rows = []
        for link in (c[LINK] for c in entry.changes if c.get(LINK)):
            row = session.get(Suggestion, link["id"])
            if row is None or row.status != link[now]["status"]:
                raise InputError(_("Cannot {what} \"{label}\": the suggestion was decided "
                                   "elsewhere").format(what=_("redo") if redo else _("undo"),
                                                       label=entry.label))
            rows.append((row, link[then]))
            linked.append(link)

        def finish() -> None:
            for row, state in rows:
                row.status = state["status"]
                row.annotation_id = state["annotation_id"]
        return finish

    if not editor(app, recording_id).step(redo, suggestion_status):
        return Outcome(False, NOTHING)
    extra = (Subject.SUGGESTIONS,) if linked else ()
    return Outcome(True, _changed(recording_id, *extra))


def undo(app: App, actor: Actor, recording_id: int) -> Outcome[bool]:
    """Undo the recording's last edit (a suggestion decision included); False: nothing."""
    return _step(app, actor, recording_id, redo=False)


def redo(app: App, actor: Actor, recording_id: int) -> Outcome[bool]:
    return _step(app, actor, recording_id, redo=True)


def step_described(app: App, actor: Actor, recording_id: int,
                   redo: bool) -> Outcome[StepInfo | None]:
    """Undo (``redo``: redo) and say what it changed (None: there was nothing to do). The
    description is read in the same queued turn as the step, so it names what really moved."""
    info = describe_step(app, actor, recording_id, redo)
    outcome = _step(app, actor, recording_id, redo=redo)
    return Outcome(info if outcome.value else None, outcome.changes)
