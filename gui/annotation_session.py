"""The coding session of the open recording as a Qt object: the shell's side of the edit queue.

:class:`AnnotationSession` follows :class:`~gui.state.GuiState`. Every annotation edit of the
app, from any view (coding keys, inspector, event list, file import, timeline drags, accepted
or dismissed suggestions, Edit > Undo/Redo), goes through :meth:`AnnotationSession.edit`: the
work is a :mod:`services.annotations` / :mod:`services.suggestions` call that runs on the one
edit queue below the GUI (:data:`services.annotations.QUEUE`), after every edit queued before
it. The service returns what it changed; :mod:`gui.operations` announces it on
``GuiState.dataChanged`` and :attr:`changed` fires for the open recording's annotations.

On a clinic server (see docs/clinic-server.md): an edit that lost to a colleague's newer one
opens :class:`gui.conflict_dialog.ConflictDialog` (Reload / Keep mine); an add, change, move or
delete made while the server is unreachable is kept in the home's outbox
(:mod:`services.outbox`) and sent by :class:`gui.live_refresh.LiveRefresh` when it is back;
while edits wait there, new ones join the queue behind them, so they reach the server in the
order they were made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from services import annotations, outbox, suggestions
from services.changes import Changes, Outcome, Subject

from . import conflict_dialog
from .operations import Operation, run_queued, show_error
from .state import GuiState, RecordingView


class AnnotationSession(QObject):
    """The open recording's annotations: read, edit (queued, undoable) and observe."""

    changed = Signal(object)  # the Changes that touched the open recording (None: reload)
    editorChanged = Signal(object)  # the open recording's id or None
    outboxChanged = Signal(int)  # how many edits wait for the server

    def __init__(self, app: Any, state: GuiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.state = app, state
        self.parent_widget = parent
        self._pending: list[Operation] = []
        state.recordingChanged.connect(self._recording_changed)
        state.dataChanged.connect(self._data_changed)

    # -- following the open recording ---------------------------------------------------------
    @property
    def available(self) -> bool:
        return True

    @property
    def recording(self) -> RecordingView | None:
        return self.state.recording

    @property
    def recording_id(self) -> int | None:
        return self.state.recording_id

    def _recording_changed(self, view: RecordingView | None) -> None:
        self.editorChanged.emit(view.id if view is not None else None)
        self.changed.emit(None)

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(Subject.ANNOTATIONS) and changes.recording_id in (
                None, self.state.recording_id):
            self.changed.emit(changes)

    # -- reading ------------------------------------------------------------------------------
    def annotations(self) -> list:
        """Every annotation of the open recording (``AnnotationView`` snapshots), by time."""
        rid = self.state.recording_id
        return annotations.annotations(self.app, self.state.actor, rid) if rid else []

    def get(self, ann_id: int):  # noqa: ANN201 - AnnotationView | None
        rid = self.state.recording_id
        return annotations.get(self.app, self.state.actor, rid, ann_id) if rid else None

    def undo_texts(self) -> tuple[str, str]:
        rid = self.state.recording_id
        return annotations.undo_texts(self.app, self.state.actor, rid) if rid else ("", "")

    # -- editing --------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def edit(self, title: str, work: Callable[[Any, Any, int], Outcome[Any]],
             on_success: Callable[[Any], None] | None = None, *,
             forced: Callable[[Any, Any, int], Outcome[Any]] | None = None,
             keep: tuple[str, dict[str, Any]] | None = None) -> Operation | None:
        """Queue ``work(app, actor, recording_id)`` (a service call) after earlier edits;
        None when no recording is open. ``forced``: the same edit with ``force=True``, for
        "Keep mine" after a conflict; ``keep``: the edit as data (``services.outbox``), kept
        when the server cannot be reached."""
        rid = self.state.recording_id
        if rid is None:
            self.state.statusMessage.emit(self.tr("Open a recording first"))
            return None
        app, actor = self.app, self.state.actor
        if keep is not None and self.waiting():
            # Earlier edits still wait for the server: this one goes behind them.
            return self._keep(rid, title, keep)
        op = run_queued(self.parent_widget, lambda: work(app, actor, rid), title=title,
                        state=self.state, on_success=on_success)
        op.failure(conflict_dialog.failure_handler(
            self.parent_widget, title,
            lambda exc: self._conflict(exc, rid, title, forced, on_success),
            lambda exc: self._unreachable(exc, rid, title, keep)))
        self._pending.append(op)
        op.finished.connect(lambda _ok: self._pending.remove(op) if op in self._pending
                            else None)
        return op

    def _conflict(self, exc: Any, rid: int, title: str, forced: Any,
                  on_success: Callable[[Any], None] | None) -> None:
        def reload() -> None:
            self.state.notify(annotations.reload_notice(rid))

        def keep_mine() -> None:
            if rid == self.state.recording_id:
                self.edit(title, forced, on_success)
        self.conflict = conflict_dialog.ask(self.parent_widget, exc, reload,
                                            keep_mine if forced is not None else None)

    def _unreachable(self, exc: BaseException, rid: int, title: str,
                     keep: tuple[str, dict[str, Any]] | None) -> bool:
        if not isinstance(exc, annotations.ServerUnreachable):
            return False
        if keep is None:  # an undo, an import…: said plainly, nothing half-done
            show_error(self.parent_widget, title, str(exc))
        else:
            self._keep(rid, title, keep)
        return True

    def _keep(self, rid: int, title: str, keep: tuple[str, dict[str, Any]]) -> Operation:
        kind, payload = keep
        op = run_queued(self.parent_widget, lambda: outbox.keep(
            self.app, self.state.actor, rid, kind, payload, title), title=title,
            state=self.state)
        op.success(lambda _id: self._outbox_changed(
            self.tr("Not yet on the server: “{what}” is kept and will be sent when the "
                    "server is back").replace("{what}", title)))
        return op

    def waiting(self) -> int:
        """How many edits wait in the outbox for the server."""
        return outbox.outbox(self.app).count()

    def _outbox_changed(self, message: str = "") -> None:
        if message:
            self.state.statusMessage.emit(message)
        self.outboxChanged.emit(self.waiting())

    def add(self, code_id: int, start_ms: int, end_ms: int | None = None,
            on_success: Callable[[Any], None] | None = None, **fields: Any) -> Operation | None:
        return self.edit(self.tr("Add event"), lambda a, u, r: annotations.add(
            a, u, r, code_id, start_ms, end_ms, **fields), on_success,
            keep=("add", {"code_id": code_id, "start_ms": start_ms, "end_ms": end_ms,
                          "fields": fields}))

    def update(self, ann_id: int, **fields: Any) -> Operation | None:
        return self.edit(self.tr("Change event"), lambda a, u, r: annotations.update_annotation(
            a, u, r, ann_id, **fields), forced=lambda a, u, r: annotations.update_annotation(
            a, u, r, ann_id, force=True, **fields),
            keep=("update", {"ann_id": ann_id, "fields": fields}))

    def move(self, ann_id: int, start_ms: int, end_ms: int | None) -> Operation | None:
        return self.edit(self.tr("Move event"), lambda a, u, r: annotations.move(
            a, u, r, ann_id, start_ms, end_ms), forced=lambda a, u, r: annotations.move(
            a, u, r, ann_id, start_ms, end_ms, force=True),
            keep=("update", {"ann_id": ann_id,
                             "fields": {"start_ms": start_ms, "end_ms": end_ms}}))

    def delete(self, ann_ids: list[int]) -> Operation | None:
        return self.edit(self.tr("Delete event"), lambda a, u, r: annotations.delete(
            a, u, r, list(ann_ids)), forced=lambda a, u, r: annotations.delete(
            a, u, r, list(ann_ids), force=True),
            keep=("delete", {"ann_ids": list(ann_ids)}))

    def import_file(self, path: Any, create_codes: bool = False,
                    on_success: Callable[[Any], None] | None = None) -> Operation | None:
        return self.edit(self.tr("Import annotations"), lambda a, u, r: annotations.import_file(
            a, u, r, path, create_codes=create_codes), on_success)

    def decide_suggestion(self, suggestion_id: int, status: str,
                          code_id: int | None = None) -> Operation | None:
        return self.edit(self.tr("Suggested moment"), lambda a, u, _r: suggestions.decide(
            a, u, suggestion_id, status, code_id))

    def undo(self, on_success: Callable[[Any], None] | None = None) -> Operation | None:
        """Undo; ``on_success`` gets a :class:`services.annotations.StepInfo` (None: nothing
        to undo) naming the moment and the field that changed."""
        return self.edit(self.tr("Undo"), lambda a, u, r: annotations.step_described(
            a, u, r, redo=False), on_success)

    def redo(self, on_success: Callable[[Any], None] | None = None) -> Operation | None:
        return self.edit(self.tr("Redo"), lambda a, u, r: annotations.step_described(
            a, u, r, redo=True), on_success)

    def step_texts(self) -> tuple[str, str]:
        """What Undo and Redo would change, in words ("caption of moment 3 (…)")."""
        rid = self.state.recording_id
        if rid is None:
            return "", ""
        return (annotations.describe_step(self.app, self.state.actor, rid, False).text,
                annotations.describe_step(self.app, self.state.actor, rid, True).text)

    def close(self) -> None:
        self._pending.clear()
