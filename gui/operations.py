"""The one way to run core work off the GUI thread (like Anki's CollectionOp / QueryOp).

A core function that takes ``(progress, cancel)`` runs in a QThreadPool worker::

    Operation(parent, lambda progress, cancel: services.catalogue.import_files(
                  app, actor, visit_id, paths, progress, cancel),
              title=self.tr("Importing")).success(on_done).run(state)

- long work shows a QProgressDialog (after 400 ms) whose Cancel sets the CancelToken;
- the result is delivered to ``success`` on the GUI thread;
- a :class:`VFeedbackError` becomes a readable message box (one sentence, never a traceback);
  :class:`Cancelled` only a status-bar note; an unexpected error a short dialog, with the
  traceback on stderr for the log;
- when the work returns a :class:`services.changes.Outcome`, ``success`` gets its value and
  ``state.notify(outcome.changes)`` tells the views what to refresh: the change notice comes
  from the service, never from the shell;
- :func:`run_queued` runs the work on the one annotation edit queue
  (:data:`services.annotations.QUEUE`) instead of the thread pool, so edits from every view
  run one after another.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from services.changes import Changes, Outcome
from vfeedback.errors import Cancelled, VFeedbackError
from vfeedback.progress import CancelToken, ProgressFn

__all__ = ["Changes", "Operation", "run_in_background", "run_queued", "show_error"]

Work = Callable[[ProgressFn, CancelToken], Any]


class _Signals(QObject):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object, str)


class _Runnable(QRunnable):
    def __init__(self, work: Work, cancel: CancelToken, signals: _Signals) -> None:
        super().__init__()
        self.work, self.cancel, self.signals = work, cancel, signals
        self.done = threading.Event()  # set when this thread no longer touches the signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work(self._progress, self.cancel)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            detail = "" if isinstance(exc, VFeedbackError) else traceback.format_exc()
            self._emit(self.signals.failed, exc, detail)
        else:
            self._emit(self.signals.succeeded, result)
        finally:
            # Not the last reference (the operation holds it until ``done``): the signals
            # object, a QObject of the GUI thread, is never deleted by this thread.
            self.signals = None
            self.done.set()

    def _progress(self, fraction: float, what: str) -> None:
        self._emit(self.signals.progressed, fraction, what)

    def _emit(self, signal, *args: object) -> None:  # noqa: ANN001
        try:
            signal.emit(*args)
        except RuntimeError:
            # The app is closing and the receiver is gone: stop the work, nobody is listening.
            self.cancel.cancel()


_running: set[Operation] = set()  # keeps Python wrappers alive until their worker reports


def _let_go(op: Operation) -> None:
    """Drop the reference that kept ``op`` alive once its worker is done with it.

    Not there and then, inside ``op``'s own slot: the last reference would delete the QObject
    while Qt and PySide are still delivering the event to it. And not before the worker has
    let go of the signals object: deleted by the worker thread at the same time, the two
    crashed (a segmentation fault, about one run in three of some thousand short operations).
    """
    def release() -> None:
        if op._done is not None and not op._done.is_set():
            QTimer.singleShot(5, release)  # the worker is returning from its last emit
        else:
            _running.discard(op)

    QTimer.singleShot(0, release)


def show_error(parent: QWidget | None, title: str, message: str) -> QMessageBox:
    """A non-blocking warning box (tests find it; the event loop keeps running)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("operationError")
    box.open()
    return box


class Operation(QObject):
    """One piece of background work; see the module docstring."""

    finished = Signal(bool)  # True on success

    def __init__(self, parent: QWidget | None, work: Work, *, title: str = "",
                 show_progress: bool = True, queue: Any = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.work, self.title = work, title
        self.changes: Changes | None = None
        self.queue = queue  # None: the thread pool; else an object with submit(callable)
        self.show_progress = show_progress
        self.cancel = CancelToken()
        self.result: Any = None
        self.error: BaseException | None = None
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._dialog: QProgressDialog | None = None
        self._signals = _Signals()
        self._done: threading.Event | None = None  # the worker's (see _let_go)
        self._signals.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self._signals.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._state = None

    def success(self, callback: Callable[[Any], None]) -> Operation:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation:
        """Replace the default error dialog."""
        self._on_failure = callback
        return self

    def run(self, state: Any = None) -> Operation:
        self._state = state
        if self.show_progress:
            dialog = QProgressDialog(self.title, self.tr("Cancel"), 0, 1000, self.parent_widget)
            dialog.setWindowTitle(self.title or self.tr("Working"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)  # quick work never flashes a dialog
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel.cancel)
            dialog.rejected.connect(self.cancel.cancel)  # Escape
            dialog.setValue(0)
            self._dialog = dialog
        _running.add(self)
        runnable = _Runnable(self.work, self.cancel, self._signals)
        self._done = runnable.done
        if self.queue is not None:
            runnable.setAutoDelete(False)
            self._runnable = runnable  # kept alive until it has reported
            self.queue.submit(runnable.run)
        else:
            QThreadPool.globalInstance().start(runnable)
        return self

    def _progressed(self, fraction: float, what: str) -> None:
        if self._dialog is not None and self._dialog.wasCanceled():
            self.cancel.cancel()
        if self._dialog is not None and not self.cancel.cancelled:
            # A modal QProgressDialog processes events inside setValue(); the operation may
            # finish there and close the dialog, so look again before touching it.
            self._dialog.setValue(int(fraction * 1000))
            if what and self._dialog is not None:
                self._dialog.setLabelText(what)

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel.cancel)
            self._dialog.rejected.disconnect(self.cancel.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _succeeded(self, result: Any) -> None:
        self._close_dialog()
        if isinstance(result, Outcome):
            result, self.changes = result.value, result.changes
        self.result = result
        _let_go(self)
        try:
            if self._on_success is not None:
                self._on_success(result)
            if self.changes and self._state is not None:
                self._state.notify(self.changes)
        finally:
            self.finished.emit(True)

    def _failed(self, exc: BaseException, detail: str) -> None:
        self._close_dialog()
        self.error = exc
        _let_go(self)
        try:
            if self._on_failure is not None:
                self._on_failure(exc)
            elif isinstance(exc, Cancelled):
                if self._state is not None:
                    self._state.statusMessage.emit(self.tr("Cancelled: {what}")
                                                   .replace("{what}", self.title))
            elif isinstance(exc, VFeedbackError):
                show_error(self.parent_widget, self.title or self.tr("vfeedback"), str(exc))
            else:
                print(detail, file=sys.stderr)  # for the log; the user gets one sentence
                show_error(self.parent_widget, self.title or self.tr("vfeedback"),
                           self.tr("Something went wrong ({kind}): {message}")
                           .replace("{kind}", type(exc).__name__).replace("{message}", str(exc)))
        finally:
            self.finished.emit(False)


def cancel_all(wait_ms: int = 3000) -> None:
    """Cancel every running operation and wait for the workers (when the app closes), so no
    ffmpeg keeps running and no partial file is left."""
    for op in list(_running):
        op.cancel.cancel()
    QThreadPool.globalInstance().waitForDone(wait_ms)


def run_in_background(parent: QWidget | None, work: Work, *, title: str = "",
                      state: Any = None, on_success: Callable[[Any], None] | None = None,
                      show_progress: bool = True, queue: Any = None) -> Operation:
    """Shorthand for ``Operation(...).success(on_success).run(state)``."""
    op = Operation(parent, work, title=title, show_progress=show_progress, queue=queue)
    if on_success is not None:
        op.success(on_success)
    return op.run(state)


def run_queued(parent: QWidget | None, work: Callable[[], Any], *, title: str = "",
               state: Any = None, on_success: Callable[[Any], None] | None = None
               ) -> Operation:
    """Run an annotation edit on the one edit queue (after every edit queued before it)."""
    from services.annotations import QUEUE

    return run_in_background(parent, lambda _p, _c: work(), title=title, state=state,
                             on_success=on_success, show_progress=False, queue=QUEUE)


def later(ms: int, callback: Callable[[], None]) -> None:
    QTimer.singleShot(ms, callback)
