"""Live refresh and the outbox, in the main window: a colleague's edits appear by themselves,
and edits made while the clinic server was away are sent when it is back.

- A watcher thread per open recording (:func:`annotation.live.watch`: PostgreSQL LISTEN/NOTIFY,
  SQLite polling every 0.5 s) says when the recording's annotations changed; the look at what
  changed (:func:`services.annotations.refresh`) then runs on the edit queue, after any own edit
  in flight, and its change notice reloads the views: a colleague's new, changed or deleted
  moment shows within about a second. Undo and Redo stay each person's own (the journal is
  per actor), so refreshing never makes one undo someone else's work.
- The outbox (:mod:`services.outbox`): while edits wait, a permanent status-bar label says
  "3 edits waiting — not yet on the server" (its tooltip lists them) and every
  :data:`RESEND_MS` the edits are sent again, in order. One that meets a colleague's newer
  change opens the conflict dialog (:mod:`gui.conflict_dialog`): Reload drops it, Keep mine
  sends it anyway. One the server refuses (the recording gone, access to the case withdrawn
  meanwhile) is kept with the reason; a second label, "2 edits refused by the server", opens
  the list (to redo them by hand) and can forget them.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QStatusBar, QWidget

from annotation.live import watch
from services import annotations, outbox

from . import conflict_dialog
from .annotation_session import AnnotationSession
from .operations import run_queued
from .state import GuiState, RecordingView

RESEND_MS = 2000


class LiveRefresh(QObject):
    """Follows the open recording (watcher thread) and drains the outbox (timer)."""

    _changed = Signal(int)  # from the watcher thread: this recording changed (queued to GUI)
    refreshed = Signal(object)  # the ChangeNotice of colleagues' edits just shown

    def __init__(self, app: Any, state: GuiState, session: AnnotationSession,
                 status_bar: QStatusBar | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.state, self.session = app, state, session
        self.parent_widget = parent
        self._stop: threading.Event | None = None
        self._polling = False
        self._again: int | None = None  # a recording that changed during a look
        self._sending = False
        self.conflict: conflict_dialog.ConflictDialog | None = None
        self.label = QLabel(parent)
        self.label.setObjectName("outboxStatus")
        self.label.hide()
        self.refused_label = QLabel(parent)
        self.refused_label.setObjectName("outboxRefused")
        self.refused_label.linkActivated.connect(lambda _link: self.show_refused())
        self.refused_label.hide()
        if status_bar is not None:
            status_bar.addPermanentWidget(self.label)
            status_bar.addPermanentWidget(self.refused_label)
        self._changed.connect(self._poll)
        state.recordingChanged.connect(self._follow)
        session.outboxChanged.connect(self._show_waiting)
        self.timer = QTimer(self)
        self.timer.setInterval(RESEND_MS)
        self.timer.timeout.connect(self.send_waiting)
        self.timer.start()
        self._show_waiting(session.waiting())
        self._show_refused()

    # -- live refresh -------------------------------------------------------------------------
    def _follow(self, view: RecordingView | None) -> None:
        self._stop_watch()
        if view is None:
            return
        stop = threading.Event()
        self._stop = stop
        rid, db = view.id, self.app.db

        def changed(_rev: int) -> None:
            if not stop.is_set():
                try:
                    self._changed.emit(rid)
                except RuntimeError:  # the window is gone (closing): nobody to tell
                    stop.set()
        threading.Thread(target=watch, args=(db, rid, changed, stop), daemon=True,
                         name=f"vfeedback-live-{rid}").start()

    def _stop_watch(self) -> None:
        if self._stop is not None:
            self._stop.set()  # the thread ends within annotation.live.POLL_S
            self._stop = None

    def _poll(self, rid: int) -> None:
        if rid != self.state.recording_id:
            return
        if self._polling:  # a change during a look: look once more when it is done
            self._again = rid  # this recording's, even if the look under way was another's
            return
        self._polling, self._again = True, None
        op = run_queued(self.parent_widget, lambda: annotations.refresh(
            self.app, self.state.actor, rid), state=self.state,
            on_success=lambda notice: notice is not None and self.refreshed.emit(notice))
        # A refresh that fails (the server went away) is not the person's doing: no dialog;
        # the watcher tries again, the outbox label says what waits.
        op.failure(lambda _exc: None)
        op.finished.connect(lambda _ok: self._polled(rid))

    def _polled(self, _rid: int) -> None:
        self._polling = False
        if self._again is not None:
            self._poll(self._again)

    # -- the outbox ---------------------------------------------------------------------------
    def _show_waiting(self, count: int) -> None:
        aside = outbox.outbox(self.app).set_aside
        if aside is not None and not getattr(self, "_told_aside", False):
            self._told_aside = True
            self.state.statusMessage.emit(self.tr(
                "The list of edits waiting for the server was damaged; it was set aside as "
                "{path} and a new one started").replace("{path}", str(aside)))
        if count <= 0:
            self.label.hide()
            self.label.clear()
            return
        self.label.setText(self.tr("1 edit waiting — not yet on the server") if count == 1
                           else self.tr("{n} edits waiting — not yet on the server")
                           .replace("{n}", str(count)))
        self.label.setToolTip("\n".join(e.label for e in outbox.outbox(self.app).entries()))
        self.label.show()

    def send_waiting(self) -> None:
        """Send what waits in the outbox (a no-op when nothing does or a send is running)."""
        if self._sending or self.conflict is not None or not self.session.waiting():
            return
        self._sending = True
        op = run_queued(self.parent_widget, lambda: outbox.send(self.app, self.state.actor),
                        state=self.state, on_success=self._sent)
        op.failure(lambda _exc: None)  # e.g. the server went away again: try later
        op.finished.connect(lambda _ok: setattr(self, "_sending", False))

    def _sent(self, report: outbox.SendReport) -> None:
        self._show_waiting(report.waiting)
        if report.sent:
            self.state.statusMessage.emit(self.tr("Sent to the server: {n} edits that waited")
                                          .replace("{n}", str(report.sent)))
        for entry, why in report.dropped:
            self.state.statusMessage.emit(self.tr("Not sent: “{what}”: {why}")
                                          .replace("{what}", entry.label).replace("{why}", why))
        self._show_refused()
        if report.conflict is not None:
            entry, exc = report.conflict

            def settle(keep_mine: bool) -> None:
                self.conflict = None
                op = run_queued(self.parent_widget, lambda: outbox.resolve(
                    self.app, self.state.actor, entry.id, keep_mine), state=self.state)
                op.finished.connect(lambda _ok: (self._show_waiting(self.session.waiting()),
                                                 self.send_waiting()))
            self.conflict = conflict_dialog.ask(self.parent_widget, exc,
                                                lambda: settle(False), lambda: settle(True))

    def _show_refused(self) -> None:
        count = len(outbox.refused(self.app, self.state.actor))
        self.refused_label.setVisible(count > 0)
        text = (self.tr("1 edit refused by the server") if count == 1 else
                self.tr("{n} edits refused by the server").replace("{n}", str(count)))
        self.refused_label.setText(f'<a href="refused">{text}</a>' if count else "")

    def show_refused(self) -> QMessageBox | None:
        """The refused edits with their reasons; Forget clears the list once read."""
        kept = outbox.refused(self.app, self.state.actor)
        if not kept:
            self._show_refused()
            return None
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Edits refused by the server"),
                          self.tr("The server refused these edits when they were sent. Redo "
                                  "them by hand if they are still wanted."),
                          QMessageBox.StandardButton.Close, self.parent_widget)
        box.setDetailedText("\n".join(
            self.tr("Recording {rid}: {what}: {why}").replace("{rid}", str(r.recording_id))
            .replace("{what}", r.label or r.kind).replace("{why}", r.reason) for r in kept))
        forget = box.addButton(self.tr("Forget them"), QMessageBox.ButtonRole.DestructiveRole)
        ids = [r.id for r in kept]

        def done(_result: int) -> None:
            if box.clickedButton() is forget:
                outbox.forget_refused(self.app, self.state.actor, ids)
            self._show_refused()

        box.finished.connect(done)
        box.open()
        return box

    def stop(self) -> None:
        self.timer.stop()
        self._stop_watch()
