"""The main window: case browser on the left, player over timeline in the middle, panels
docked around them; menus, status bar and a remembered layout.

Other widgets plug in with :meth:`MainWindow.add_panel` (see the ``gui`` package docstring).
The window itself holds no state of its own beyond layout: what is open lives in
:class:`~gui.state.GuiState`, work runs through :mod:`gui.operations`.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from services import annotations, capture, catalogue
from vfeedback.fileio import atomic_output

from .accounts_view import accounts_action
from .actions import (
    TRANSPORT_KEY_AREAS,
    install_transport_keys,
    keyboard_help,
    make_action,
)
from .annotation_session import AnnotationSession
from .audit_view import audit_action
from .case_browser import CaseBrowser, remember_recording
from .live_refresh import LiveRefresh
from .operations import cancel_all, run_in_background, show_error
from .player import Player
from .review_view import open_review
from .scheme_editor import open_scheme_editor
from .state import GuiState, RecordingView

AREAS = {
    "left": Qt.DockWidgetArea.LeftDockWidgetArea,
    "right": Qt.DockWidgetArea.RightDockWidgetArea,
    "bottom": Qt.DockWidgetArea.BottomDockWidgetArea,
    "top": Qt.DockWidgetArea.TopDockWidgetArea,
}


def proxy_or_original(app, recording: RecordingView, actor: str | None = None  # noqa: ANN001
                      ) -> tuple[str, bool]:
    """The file the player should read now, and whether it is the proxy."""
    # A path, or for an encrypted home a loopback URL that lasts as long as the process.
    with catalogue.playable_file(app, actor, recording.id) as (path, is_proxy):
        return str(path), is_proxy


def save_png(pixmap, path: str | Path) -> None:  # noqa: ANN001 - QPixmap
    """Write a PNG crash-safely: readers never see a half-written file."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path) as tmp:
        if not pixmap.save(str(tmp), "PNG"):
            raise OSError(f"could not write {path}")


class MainWindow(QMainWindow):
    def __init__(self, app, state: GuiState | None = None,  # noqa: ANN001
                 actor: str | None = None) -> None:
        super().__init__()
        self.app = app
        self.state = state or GuiState(self)
        if actor is None and getattr(app, "identity", None) is not None:
            actor = app.identity.name  # a protected home: who logged in
        if actor is not None:  # who is at the keyboard: every view's service calls use it
            self.state.actor = actor
        self.setWindowTitle("vfeedback")
        self.setObjectName("vfeedbackMainWindow")
        self.setDockNestingEnabled(True)
        self.panels: dict[str, QDockWidget] = {}
        # Every annotation edit of every view goes through this one session (the edit queue).
        self.annotations = AnnotationSession(app, self.state, self)
        self._proxy_ops: dict[int, object] = {}  # recording id -> running proxy Operation

        self.player = Player(self.state, self)
        self.timeline = self._make_timeline()
        self.media_area = QWidget(self)
        self.media_area.setObjectName("mediaArea")
        splitter = QSplitter(Qt.Orientation.Vertical, self.media_area)
        splitter.addWidget(self.player)
        if self.timeline is not None:
            splitter.addWidget(self.timeline)
            splitter.setStretchFactor(0, 3)
            splitter.setStretchFactor(1, 2)
            splitter.setSizes([560, 240])
        layout = QVBoxLayout(self.media_area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        # Transport keys work anywhere in the player/timeline area, not inside text fields.
        self.media_area.addActions(list(self.player.actions_by_name.values()))
        self.setCentralWidget(self.media_area)

        self.browser = CaseBrowser(app, self.state, self)
        self.browser.recordingActivated.connect(self.open_recording)
        self.browser.recordingsImported.connect(
            lambda ids: [self.make_proxy_later(rid) for rid in ids])
        # Ready to code: after choosing a visit or importing, the keys go to the player (Space
        # plays, code keys code), not to the button or tree that was used.
        self.browser.visitActivated.connect(lambda _v: self._focus_player_if_open())
        self.browser.recordingsImported.connect(
            lambda _ids: QTimer.singleShot(0, self._focus_player_if_open))
        self.setAcceptDrops(True)  # a video dropped anywhere goes into the current visit
        self.add_panel(self.browser, "left", self.tr("Cases"), "cases")
        self._add_capture_view()

        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        # Colleagues' edits shown as they happen; edits made offline sent when the server is back.
        self.live = LiveRefresh(app, self.state, self.annotations, self.statusBar(), self)
        self.state.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.state.recordingChanged.connect(self._recording_changed)
        self._build_menus()
        from .panels import install

        self.coding = install(self)  # coding, inspector, events, plan, overlay, presentation
        self._connect_flow()
        # Space is play/pause in the player, the timeline and the coding panel, always.
        hosts = {"media": self.media_area, "coding": self.coding.coding}
        install_transport_keys(list(self.player.actions_by_name.values()),
                               [hosts[n] for n in TRANSPORT_KEY_AREAS if hosts.get(n)])
        self._restore_layout()
        self.statusBar().showMessage(self.tr("Ready: choose a case and a recording, or import "
                                             "video"), 8000)
        QTimer.singleShot(0, self._recover_unfinished_recordings)
        from .login import install_lock

        self.lock = install_lock(self)  # protected homes: hide everything after inactivity

    def _recover_unfinished_recordings(self) -> None:
        """A visit recorded when the laptop died is stored now, in the background."""
        if not capture.unfinished(self.app, self.state.actor):  # the common case: nothing
            return

        def recovered(ids: list[int]) -> None:
            if ids:
                self.state.statusMessage.emit(self.tr(
                    "Recovered {n} unfinished recording(s) and added them to their visits")
                    .replace("{n}", str(len(ids))))

        run_in_background(self, lambda progress, cancel: capture.recover(
            self.app, self.state.actor, progress, cancel),
                          title=self.tr("Recovering recordings"), state=self.state,
                          show_progress=False, on_success=recovered)

    # -- plugging in ----------------------------------------------------------------------
    def add_panel(self, widget: QWidget, area: str = "right", title: str = "",
                  name: str | None = None, tabify_with: str | None = None) -> QDockWidget:
        """Dock ``widget`` in ``area`` (left/right/bottom/top); ``name`` keys the saved
        layout and :attr:`panels`; ``tabify_with`` puts it in a tab beside another panel."""
        name = name or widget.objectName() or title
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        self.addDockWidget(AREAS[area], dock)
        if tabify_with and tabify_with in self.panels:
            self.tabifyDockWidget(self.panels[tabify_with], dock)
        self.panels[name] = dock
        if hasattr(self, "view_menu"):
            self.view_menu.addAction(dock.toggleViewAction())
        return dock

    def _make_timeline(self):  # noqa: ANN202
        try:
            from .timeline import Timeline
        except ImportError:
            return None
        timeline = Timeline(self.app, self.state, self)
        timeline.eventEditRequested.connect(self.move_event)
        timeline.suggestionDecided.connect(self.decide_suggestion)
        return timeline

    def _add_capture_view(self) -> None:
        try:
            module = importlib.import_module("gui.capture_view")
            view = module.CaptureView(self.app, self)
            view.follow(self.state)  # its stored recordings announce themselves here
        except ModuleNotFoundError:
            return
        except Exception as exc:  # noqa: BLE001 - a broken optional panel must not stop the app
            print(f"capture view unavailable: {exc}", file=sys.stderr)
            return
        if hasattr(view, "recordingAdded"):
            view.recordingAdded.connect(self._capture_added)
        self.add_panel(view, "left", self.tr("Capture"), "capture", tabify_with="cases")
        self.panels["cases"].raise_()

    def _connect_flow(self) -> None:
        """The short path: Shift+code key -> caption -> Enter -> back to coding; the plan's
        actions in a menu of their own, so they work whichever panel tab is in front."""
        parts = self.coding
        if parts.coding is not None and parts.inspector is not None:
            parts.coding.captionRequested.connect(lambda _id: parts.inspector.edit_caption())
            parts.inspector.captionDone.connect(self._focus_player_if_open)
        if parts.plan is None:
            return
        menu = self.menuBar().addMenu(self.tr("P&lan"))
        self.plan_menu = menu
        for action_id, slot in (("plan.propose", parts.plan.propose),
                                ("plan.export_visit", parts.plan.export_for_visit),
                                ("plan.export_to", parts.plan.export_dialog)):
            self._action(menu, action_id, slot)
        if getattr(parts, "present_action", None) is not None:
            menu.addSeparator()
            menu.addAction(parts.present_action)

    def _focus_player_if_open(self) -> None:
        if self.state.recording is not None:
            self.player.setFocus(Qt.FocusReason.OtherFocusReason)

    def dragEnterEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: ANN001, N802
        """Files dropped on the window are imported into the current visit (as on the case
        browser), then the last one opens ready to code."""
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.browser.import_paths(paths)

    def _capture_added(self, recording_id: int) -> None:
        self.open_recording(recording_id)

    # -- menus ----------------------------------------------------------------------------
    def _action(self, menu, action_id: str, slot):  # noqa: ANN001, ANN202
        """A menu entry from the action registry (text and keys in :mod:`gui.actions`)."""
        action = make_action(self, action_id, slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        from .translations import family_language_action, language_menu

        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self._action(file_menu, "file.new_case", self.browser.new_case)
        self._action(file_menu, "file.import_video", self.browser.import_dialog)
        file_menu.addSeparator()
        file_menu.addAction(audit_action(self))
        file_menu.addAction(accounts_action(self))
        self._action(file_menu, "file.quit", self.close)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self._action(edit_menu, "edit.undo", self.undo)
        self.redo_action = self._action(edit_menu, "edit.redo", self.redo)
        edit_menu.addSeparator()
        self.delete_action = self._action(edit_menu, "edit.delete", self.delete_selected)
        edit_menu.addAction(self.tr("Coding &schemes…"), lambda: open_scheme_editor(self))
        edit_menu.aboutToShow.connect(self._update_undo_texts)
        self.annotations.changed.connect(lambda _c: self._update_undo_texts())
        case_menu = bar.addMenu(self.tr("&Case"))
        self._action(case_menu, "case.rename", self.browser.rename_selected_case)
        self._action(case_menu, "case.new_visit", self.browser.new_visit)
        self._action(case_menu, "case.theme", self.browser.choose_theme)
        case_menu.addAction(family_language_action(self))  # the family's, not the app's
        self.playback_menu = bar.addMenu(self.tr("&Playback"))
        for action in self.player.actions_by_name.values():
            self.playback_menu.addAction(action)
        self.view_menu = bar.addMenu(self.tr("&View"))
        self._action(self.view_menu, "view.focus_cases", lambda: self.browser.tree.setFocus())
        self._action(self.view_menu, "view.focus_player", lambda: self.player.setFocus())
        if self.timeline is not None:
            self._action(self.view_menu, "view.focus_timeline",
                         lambda: self.timeline.setFocus())
        self._action(self.view_menu, "review.open", lambda: open_review(self))
        self.view_menu.addSeparator()
        for dock in self.panels.values():
            self.view_menu.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, "help.keys", self._show_keys)
        help_menu.addMenu(language_menu(self))

    def _show_keys(self) -> None:
        QMessageBox.information(self, self.tr("Keyboard"), "\n".join(keyboard_help()))

    # -- recordings -----------------------------------------------------------------------
    def open_recording(self, recording_id: int):  # noqa: ANN201
        """Open a recording in the player and timeline; makes its proxy in the background."""
        try:
            view = catalogue.get_recording(self.app, self.state.actor, recording_id)
            path, is_proxy = proxy_or_original(self.app, view, self.state.actor)
        except Exception as exc:  # noqa: BLE001 - VFeedbackError or a store problem
            show_error(self, self.tr("Open recording"), str(exc))
            return None
        remember_recording(self.app, recording_id)
        self.state.set_recording(view)
        if view.visit_id is not None and view.visit_id != self.state.visit_id:
            self.browser.select_visit(view.visit_id)
        self.player.open_recording(view, path)
        self.browser.refresh_recent()
        return None if is_proxy else self.make_proxy_later(recording_id)

    def make_proxy_later(self, recording_id: int):  # noqa: ANN201
        """Make a recording's seek proxy in the background (once, however often asked); the
        player switches to it when it is ready and the recording is still open."""
        running = self._proxy_ops.get(recording_id)
        if running is not None:
            return running
        self.state.statusMessage.emit(self.tr("Preparing smooth seeking for this recording…"))

        def ready(_key: str) -> None:
            view = self.state.recording
            if view is not None and view.id == recording_id:
                new_path, _p = proxy_or_original(self.app, view, self.state.actor)
                self.player.set_source(new_path)
                self.state.statusMessage.emit(self.tr("Smooth seeking ready"))
        actor = self.state.actor
        op = run_in_background(
            self, lambda p, c: catalogue.ensure_proxy(self.app, actor, recording_id, p, c),
            title=self.tr("Preparing the recording"), state=self.state, on_success=ready,
            show_progress=False)
        self._proxy_ops[recording_id] = op
        op.finished.connect(lambda _ok: self._proxy_ops.pop(recording_id, None))
        return op

    # -- undo/redo: the annotation engine's command stack of the open recording ----------------
    def _update_undo_texts(self) -> None:
        # Only the texts change: disabling would also silence the shortcuts until next shown.
        # Name the moment and the field: "Undo: caption of moment 3 (Mutual gaze 0:42)".
        undo_text, redo_text = self.annotations.step_texts()
        self.undo_action.setText(self.tr("&Undo: {what}").replace("{what}", undo_text)
                                 if undo_text else self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo: {what}").replace("{what}", redo_text)
                                 if redo_text else self.tr("&Redo"))

    def undo(self):  # noqa: ANN201
        return self._undo_redo(redo=False)

    def redo(self):  # noqa: ANN201
        return self._undo_redo(redo=True)

    def _undo_redo(self, redo: bool):  # noqa: ANN202
        # A caption or comment still being typed is saved first (queued before the step), so
        # the step takes back exactly what the screen showed; queued behind every other edit.
        inspector = getattr(getattr(self, "coding", None), "inspector", None)
        if inspector is not None:
            inspector.commit_pending()

        def done(info) -> None:  # noqa: ANN001 - services.annotations.StepInfo | None
            if info is None:
                self.state.statusMessage.emit(self.tr("Nothing to redo") if redo
                                              else self.tr("Nothing to undo"))
                return
            self.state.statusMessage.emit(
                (self.tr("Redone: {what}") if redo else self.tr("Undone: {what}"))
                .replace("{what}", info.text))
            # Show the moment that changed: selected (the inspector and event list show and
            # scroll to it), unless the step removed it.
            if info.annotation_id is not None and self.annotations.get(info.annotation_id):
                self.state.set_selection([info.annotation_id])
            else:  # the step removed it: select nothing rather than a moment that is gone
                self.state.set_selection([i for i in self.state.selection
                                          if self.annotations.get(i) is not None])
            self._update_undo_texts()
        step = self.annotations.redo if redo else self.annotations.undo
        return step(on_success=done)

    def delete_selected(self):  # noqa: ANN201
        """Edit > Delete: the current clip while the plan's clip list has the focus, else the
        selected moments (undoable); nothing from the case browser or the capture view."""
        focus = self.focusWidget()
        plan = getattr(self.coding, "plan", None)
        if plan is not None and focus is plan.clip_list:
            return plan.remove_current()
        for name in ("cases", "capture"):
            dock = self.panels.get(name)
            if dock is not None and focus is not None and dock.isAncestorOf(focus):
                self.state.statusMessage.emit(self.tr("Select a moment to delete it"))
                return None
        ids = list(self.state.selection)
        if not ids:
            self.state.statusMessage.emit(self.tr("Select a moment to delete it"))
            return None
        return self.annotations.delete(ids)

    def move_event(self, ann_id: int, start_ms: int, end_ms: int):  # noqa: ANN201
        """Apply a drag from the timeline (undoable), through the one edit queue."""
        return self.annotations.move(ann_id, start_ms, None if end_ms < 0 else end_ms)

    def decide_suggestion(self, suggestion_id: int, status: str):  # noqa: ANN201
        code_id = None
        if status == "accepted":
            choices = annotations.code_choices(self.app, self.state.actor)
            if not choices:
                show_error(self, self.tr("Accept suggestion"),
                           self.tr("There is no coding scheme with codes yet"))
                return None
            label, ok = QInputDialog.getItem(self, self.tr("Accept suggestion"),
                                             self.tr("Code the moment as:"),
                                             [c[1] for c in choices], 0, False)
            if not ok:
                return None
            code_id = dict((c[1], c[0]) for c in choices)[label]
        return self.annotations.decide_suggestion(suggestion_id, status, code_id)

    def _recording_changed(self, view: RecordingView | None) -> None:
        if view is None:
            self.status_label.setText("")
            self.setWindowTitle("vfeedback")
        else:
            self.status_label.setText(f"{view.name} · {view.width}×{view.height} · {view.fps:g} fps")
            self.setWindowTitle(f"vfeedback — {view.name}")

    # -- layout ---------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = self.screen()
            free = screen.availableGeometry() if screen is not None else None
            if free is not None and free.width() > 0:
                self.resize(min(1400, int(free.width() * 0.9)), min(900, int(free.height() * 0.9)))
            else:
                self.resize(1280, 800)
        layout = settings.value("main/state")
        if isinstance(layout, QByteArray) and not layout.isEmpty():
            self.restoreState(layout)

    def save_layout(self) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        self.save_layout()
        self.player.open_recording(None)
        self.annotations.close()
        self.live.stop()
        cancel_all()
        super().closeEvent(event)

    # -- debugging and documentation --------------------------------------------------------
    def screenshot(self, path: str | Path) -> None:
        """Save what the window shows now as a PNG (for docs and the Xvfb test)."""
        save_png(self.grab(), path)

    def screenshot_later(self, path: str | Path, delay_ms: int = 1500, quit_after: bool = False) -> None:
        def shoot() -> None:
            screen = self.screen()
            pixmap = screen.grabWindow(0) if screen is not None else self.grab()
            if pixmap.isNull():
                pixmap = self.grab()
            save_png(pixmap, path)
            if quit_after:
                self.close()
        QTimer.singleShot(delay_ms, shoot)
