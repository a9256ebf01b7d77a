"""Cases, visits and their recordings: the left side of the main window.

The data comes from :mod:`services.catalogue` (plain rows, safe in a worker thread); the widget below only shows rows and starts
operations. Files dropped on the browser (or chosen with Import…) are imported into the
selected visit, then their seek proxies are made, with progress and cancel.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services import catalogue
from services.catalogue import CaseRow, VisitRow
from services.changes import Changes, Subject

__all__ = ["CaseBrowser", "CaseRow", "VisitRow", "load_cases", "load_recording"]
from vfeedback.errors import InputError

from .consent_dialog import show_case_menu
from .operations import run_in_background, show_error
from .state import GuiState, RecordingView

VIDEO_FILTER = "Video (*.mp4 *.mov *.m4v *.avi *.mkv *.webm *.mts *.3gp);;All files (*)"
RECENT_KEY = "recent/recordings"


# -- data (services; no widgets, callable from workers) ----------------------------------------
def load_cases(app, actor: str | None = None) -> list[CaseRow]:  # noqa: ANN001
    return catalogue.list_cases(app, actor)


def load_recordings(app, visit_id: int, actor: str | None = None  # noqa: ANN001
                    ) -> list[RecordingView]:
    return catalogue.list_recordings(app, actor, visit_id)


def load_recording(app, recording_id: int, actor: str | None = None  # noqa: ANN001
                   ) -> RecordingView:
    return catalogue.get_recording(app, actor, recording_id)


def theme_choices() -> list[tuple[str, str]]:
    """(key, title) of the protocol themes."""
    return catalogue.theme_choices()


# -- the widget ------------------------------------------------------------------------------
class CaseBrowser(QWidget):
    recordingActivated = Signal(int)
    recordingsImported = Signal(list)  # ids, after the copy; their proxies come later
    visitActivated = Signal(int)  # a visit clicked or Enter pressed on it: ready to code

    def __init__(self, app, state: GuiState, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.app, self.state = app, state
        self.setAcceptDrops(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Case / visit"), self.tr("Theme")])
        self.tree.setObjectName("caseTree")
        self.tree.currentItemChanged.connect(self._tree_selected)
        # Double-clicking a visit opens its theme (the user guide's way to set it).
        self.tree.itemDoubleClicked.connect(self._tree_double_clicked)
        self.tree.itemClicked.connect(self._tree_activated)
        self.tree.itemActivated.connect(self._tree_activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)  # Consent…
        self.tree.customContextMenuRequested.connect(
            lambda pos: show_case_menu(self, self.tree, pos))
        self.recordings = QListWidget(self)
        self.recordings.setObjectName("recordingList")
        self.recordings.itemActivated.connect(self._activate_item)
        self.recordings.itemDoubleClicked.connect(self._activate_item)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentList")
        self.recent.setMaximumHeight(90)
        self.recent.itemActivated.connect(self._activate_item)
        self.recent.itemDoubleClicked.connect(self._activate_item)

        buttons = QHBoxLayout()
        for text, slot, tip in (
            (self.tr("New case…"), self.new_case, self.tr("Create a case (Ctrl+Shift+N)")),
            (self.tr("New visit"), self.new_visit, self.tr("Add a visit to the selected case")),
            (self.tr("Import…"), self.import_dialog, self.tr("Import video into the visit")),
        ):
            button = QPushButton(text, self)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 2)
        layout.addWidget(QLabel(self.tr("Recordings of the visit (drop video here)"), self))
        layout.addWidget(self.recordings, 1)
        layout.addWidget(QLabel(self.tr("Recent"), self))
        layout.addWidget(self.recent)
        state.dataChanged.connect(self._data_changed)
        self.refresh()

    # -- showing --------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = (self.state.case_id, self.state.visit_id)
        self.tree.blockSignals(True)
        self.tree.clear()
        themes = dict(theme_choices())
        current = None
        for case in load_cases(self.app, self.state.actor):
            case_item = QTreeWidgetItem([case.code, ""])
            case_item.setData(0, Qt.ItemDataRole.UserRole, ("case", case.id))
            self.tree.addTopLevelItem(case_item)
            if selected == (case.id, None):
                current = case_item
            for visit in case.visits:
                label = self.tr("Visit {n} ({k} rec.)").replace("{n}", str(visit.number)) \
                    .replace("{k}", str(visit.recordings))
                item = QTreeWidgetItem([label, themes.get(visit.theme, visit.theme)])
                item.setData(0, Qt.ItemDataRole.UserRole, ("visit", visit.id, case.id))
                case_item.addChild(item)
                if visit.id == selected[1]:
                    current = item
            case_item.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.tree.blockSignals(False)
        if current is not None:
            self.tree.setCurrentItem(current)
        self._show_recordings()
        self.refresh_recent()

    def select_visit(self, visit_id: int | None) -> None:
        """Select a visit in the tree (e.g. the visit of a recording opened from elsewhere)."""
        for i in range(self.tree.topLevelItemCount()):
            case_item = self.tree.topLevelItem(i)
            for j in range(case_item.childCount()):
                item = case_item.child(j)
                if item.data(0, Qt.ItemDataRole.UserRole)[1] == visit_id:
                    self.tree.setCurrentItem(item)
                    return

    def _show_recordings(self) -> None:
        self.recordings.clear()
        if self.state.visit_id is None:
            return
        for rec in load_recordings(self.app, self.state.visit_id, self.state.actor):
            item = QListWidgetItem(f"{rec.name}  ({rec.duration_ms / 1000:.1f} s, "
                                   f"{rec.width}×{rec.height}, {rec.fps:g} fps)")
            item.setData(Qt.ItemDataRole.UserRole, rec.id)
            self.recordings.addItem(item)
            if rec.id == self.state.recording_id:
                self.recordings.setCurrentItem(item)

    def refresh_recent(self) -> None:
        self.recent.clear()
        for rid in recent_recordings(self.app):
            try:
                rec = load_recording(self.app, rid, self.state.actor)
            except InputError:
                continue
            item = QListWidgetItem(f"#{rec.id} {rec.name}")
            item.setData(Qt.ItemDataRole.UserRole, rec.id)
            self.recent.addItem(item)

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(Subject.CASES, Subject.VISITS, Subject.RECORDINGS):
            self.refresh()

    def _tree_selected(self, item: QTreeWidgetItem | None, _previous=None) -> None:  # noqa: ANN001
        if item is None:
            return
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if data[0] == "case":
            self.state.set_case(data[1])
            self.state.set_visit(None)
        else:
            self.state.set_case(data[2])
            self.state.set_visit(data[1])
        self._show_recordings()
        # A visit opens ready to code: its first recording in the player (unless one of its
        # recordings is open already).
        if data[0] == "visit" and self.recordings.count():
            ids = [self.recordings.item(i).data(Qt.ItemDataRole.UserRole)
                   for i in range(self.recordings.count())]
            if self.state.recording_id not in ids:
                self.recordingActivated.emit(ids[0])

    def _tree_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if data and data[0] == "visit":
            self.visitActivated.emit(data[1])

    def _activate_item(self, item: QListWidgetItem) -> None:
        rid = item.data(Qt.ItemDataRole.UserRole)
        remember_recording(self.app, rid)
        self.recordingActivated.emit(rid)

    # -- actions --------------------------------------------------------------------------
    def new_case(self) -> None:
        code, ok = QInputDialog.getText(self, self.tr("New case"),
                                        self.tr("Case code (a pseudonym, not a name):"))
        if ok and code.strip():
            self.create_case(code)

    def create_case(self, code: str):  # noqa: ANN201 - Operation
        def done(case_id: int) -> None:
            self.state.set_case(case_id)
        actor = self.state.actor
        return run_in_background(self, lambda p, c: catalogue.create_case(self.app, actor, code),
                                 title=self.tr("New case"), state=self.state, on_success=done,
                                 show_progress=False)

    def rename_selected_case(self) -> None:
        if self.state.case_id is None:
            return
        code, ok = QInputDialog.getText(self, self.tr("Rename case"), self.tr("New case code:"))
        if ok and code.strip():
            case_id, actor = self.state.case_id, self.state.actor
            run_in_background(self, lambda p, c: catalogue.rename_case(self.app, actor, case_id,
                                                                       code),
                              title=self.tr("Rename case"), state=self.state,
                              show_progress=False)

    def new_visit(self):  # noqa: ANN201
        """Add a visit to the selected case, asking its theme first (preselected: the theme
        that fits the visit's number); cancelling the question adds no visit."""
        if self.state.case_id is None:
            self.state.statusMessage.emit(self.tr("Select a case first"))
            return None
        case_id, actor = self.state.case_id, self.state.actor
        try:
            number = catalogue.next_visit_number(self.app, actor, case_id)
        except InputError as exc:  # e.g. an administrator: cases by code only
            show_error(self, self.tr("New visit"), str(exc))
            return None
        theme = self.ask_theme(number, catalogue.theme_for_visit(number))
        if theme is None:
            return None
        return run_in_background(self, lambda p, c: catalogue.add_visit(
            self.app, actor, case_id, theme, number=number),
                                 title=self.tr("New visit"), state=self.state,
                                 on_success=self.state.set_visit, show_progress=False)

    def ask_theme(self, number: int, current: str) -> str | None:
        """The theme chosen for visit ``number`` (None: cancelled); ``current`` preselected."""
        choices = theme_choices()
        dialog = QInputDialog(self)
        dialog.setObjectName("themeDialog")
        dialog.setWindowTitle(self.tr("Visit theme"))
        dialog.setLabelText(self.tr("Theme of visit {n}:").replace("{n}", str(number)))
        if choices:
            titles = [title for _k, title in choices]
            dialog.setComboBoxItems(titles)
            dialog.setComboBoxEditable(False)
            dialog.setTextValue(dict(choices).get(current, titles[0]))
        else:
            dialog.setTextValue(current)
        if not dialog.exec():
            return None
        title = dialog.textValue()
        return dict((t, k) for k, t in choices).get(title, title)

    def _tree_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if data and data[0] == "visit":
            self.choose_theme()

    def choose_theme(self):  # noqa: ANN201
        """Ask the selected visit's theme, its own theme preselected (or, when it has none,
        the theme that fits its number)."""
        if self.state.visit_id is None:
            self.state.statusMessage.emit(self.tr("Select a visit first"))
            return None
        visit = catalogue.get_visit(self.app, self.state.actor, self.state.visit_id)
        if visit is None:
            return None
        theme = self.ask_theme(visit.number,
                               visit.theme or catalogue.theme_for_visit(visit.number))
        return self.set_theme(theme) if theme is not None and theme != visit.theme else None

    def set_theme(self, theme: str):  # noqa: ANN201
        visit_id, actor = self.state.visit_id, self.state.actor
        return run_in_background(self, lambda p, c: catalogue.set_visit_theme(
            self.app, actor, visit_id, theme), title=self.tr("Visit theme"), state=self.state,
            show_progress=False)

    def import_dialog(self) -> None:
        names, _f = QFileDialog.getOpenFileNames(self, self.tr("Import video"), "", VIDEO_FILTER)
        if names:
            self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: list[Path]):  # noqa: ANN201
        if self.state.visit_id is None:
            self.state.statusMessage.emit(self.tr("Select a visit to import into"))
            return None
        visit_id, actor = self.state.visit_id, self.state.actor

        def done(ids: list[int]) -> None:
            self.state.statusMessage.emit(self.tr("Imported {n} recording(s)")
                                          .replace("{n}", str(len(ids))))
            self.recordingsImported.emit(ids)
            if ids:
                remember_recording(self.app, ids[-1])
                self.recordingActivated.emit(ids[-1])
        return run_in_background(
            # Only the checked copy holds the user up; the seek proxies are made afterwards
            # in the background (an hour of 1080p takes minutes).
            self, lambda p, c: catalogue.import_files(self.app, actor, visit_id, paths, p, c,
                                                      make_proxies=False),
            title=self.tr("Importing video"), state=self.state, on_success=done)

    def dragEnterEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: ANN001, N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)


def _recent_key(app) -> str:  # noqa: ANN001
    # Ids only mean something in their own database: one recent list per database.
    return f"{RECENT_KEY}/{hashlib.sha1(app.db.url.encode()).hexdigest()[:10]}"


def recent_recordings(app) -> list[int]:  # noqa: ANN001
    value = QSettings().value(_recent_key(app), []) or []
    if isinstance(value, str):
        value = [value]
    return [int(v) for v in value][:8]


def remember_recording(app, recording_id: int) -> None:  # noqa: ANN001
    ids = [recording_id, *[r for r in recent_recordings(app) if r != recording_id]][:8]
    QSettings().setValue(_recent_key(app), [str(i) for i in ids])
