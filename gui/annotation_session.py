"""The coding session of the open recording as a Qt object: one bridge to the annotation engine.

:class:`AnnotationSession` follows :class:`~gui.state.GuiState`: when the recording changes it
takes the recording's :class:`annotation.editing.AnnotationEditor` (the one the main window put
on ``state.editor``, so the timeline, Edit > Undo and these panels share one command stack; or
its own when there is no main window). The editor's change notices, which may arrive on a
worker thread, become the Qt signal :attr:`changed` on the GUI thread.

Edits go through :meth:`AnnotationSession.edit`: they run off the GUI thread through
:mod:`gui.operations` one after another (a burst of key presses never races in the journal),
and a bad edit becomes a readable dialog. The main window's Undo/Redo
(Ctrl+Z / Ctrl+Shift+Z) go through the same queue (:meth:`undo`, :meth:`redo`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from .operations import Changes, Operation, run_in_background
from .state import GuiState, RecordingView

try:  # the annotation layer is optional for the shell: without it coding is switched off
    from annotation.editing import AnnotationEditor, AnnotationView
except ImportError:  # pragma: no cover - exercised only in a partial install
    AnnotationEditor = None  # type: ignore[assignment,misc]
    AnnotationView = None  # type: ignore[assignment,misc]


class AnnotationSession(QObject):
    """The open recording's annotations: read, edit (queued, undoable) and observe."""

    changed = Signal(object)  # annotation.editing.ChangeNotice (or None after a reload)
    editorChanged = Signal(object)  # the AnnotationEditor or None
    _notice = Signal(object)  # from whichever thread the editor ran on

    def __init__(self, app: Any, state: GuiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.state = app, state
        self.parent_widget = parent
        self.editor = None
        self._unsubscribe: Callable[[], None] | None = None
        self._queue: deque[tuple[str, Callable[[], Any], Callable[[Any], None] | None]] = deque()
        self._running: Operation | None = None
        self._notice.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

        state.recordingChanged.connect(self._recording_changed)
        self._recording_changed(state.recording)

    # -- following the open recording ---------------------------------------------------------
    @property
    def available(self) -> bool:
        """False when the annotation layer is missing (the panels then say so)."""
        return AnnotationEditor is not None

    @property
    def recording(self) -> RecordingView | None:
        return self.state.recording

    def _recording_changed(self, view: RecordingView | None) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._queue.clear()
        self.editor = None
        if view is not None and AnnotationEditor is not None:
            shared = getattr(self.state, "editor", None)
            if shared is not None and shared.recording_id == view.id:
                self.editor = shared
            else:
                self.editor = AnnotationEditor(self.app.db, view.id)
                if getattr(self.state, "editor", None) is None:
                    self.state.editor = self.editor  # no main window: be the shared one
            self._unsubscribe = self.editor.subscribe(self._notice.emit)
        self.editorChanged.emit(self.editor)
        self.changed.emit(None)

    def _deliver(self, notice: object) -> None:
        self.changed.emit(notice)

    # -- reading ------------------------------------------------------------------------------
    def annotations(self) -> list:
        """Every annotation of the open recording (``AnnotationView`` snapshots), by time."""
        return self.editor.annotations() if self.editor is not None else []

    def get(self, ann_id: int):  # noqa: ANN201 - AnnotationView | None
        if self.editor is None:
            return None
        try:
            return self.editor.get(ann_id)
        except Exception:  # noqa: BLE001 - deleted meanwhile: nothing to show
            return None

    # -- editing --------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._running is not None or bool(self._queue)

    def edit(self, title: str, work: Callable[[Any], Any],
             on_success: Callable[[Any], None] | None = None) -> bool:
        """Queue ``work(editor)`` to run off the GUI thread after earlier edits; False when no
        recording is open."""
        editor = self.editor
        if editor is None:
            self.state.statusMessage.emit(self.tr("Open a recording first"))
            return False
        self._queue.append((title, lambda: work(editor), on_success))
        self._next()
        return True

    def _next(self) -> None:
        if self._running is not None or not self._queue:
            return
        title, work, on_success = self._queue.popleft()
        op = run_in_background(self.parent_widget, lambda _p, _c: work(), title=title,
                               state=self.state, on_success=on_success, show_progress=False,
                               changes=Changes({"annotations"}, self.state.recording_id))
        self._running = op
        op.finished.connect(lambda _ok: self._finished(op))

    def _finished(self, op: Operation) -> None:
        if self._running is op:
            self._running = None
        self._next()

    def add(self, code_id: int, start_ms: int, end_ms: int | None = None,
            on_success: Callable[[Any], None] | None = None, **fields: Any) -> bool:
        return self.edit(self.tr("Add event"),
                         lambda ed: ed.add(code_id, start_ms, end_ms, **fields), on_success)

    def update(self, ann_id: int, **fields: Any) -> bool:
        return self.edit(self.tr("Change event"), lambda ed: ed.update(ann_id, **fields))

    def delete(self, ann_ids: list[int]) -> bool:
        def work(ed: Any) -> None:
            for ann_id in ann_ids:
                ed.delete(ann_id)
        return self.edit(self.tr("Delete event"), work)

    def undo(self) -> bool:
        return self.edit(self.tr("Undo"), lambda ed: ed.undo())

    def redo(self) -> bool:
        return self.edit(self.tr("Redo"), lambda ed: ed.redo())

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
