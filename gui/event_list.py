"""The event list: every annotation of the open recording as a table that filters and jumps.

Columns: time, code, subject, valence, caption. The filter box matches any column. Enter or a
double click moves the playhead to the event; Delete removes the selected events through the
annotation editor (undoable); the table's selection is the app's selection
(:meth:`GuiState.set_selection`), so the inspector and the timeline follow it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView, QVBoxLayout, QWidget

from .actions import make_action
from .annotation_session import AnnotationSession
from .player import format_time
from .state import GuiState

Index = QModelIndex | QPersistentModelIndex


class EventModel(QAbstractTableModel):
    COLUMNS = ("time", "code", "subject", "valence", "caption")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []  # annotation.editing.AnnotationView

    def headers(self) -> list[str]:
        return [self.tr("Time"), self.tr("Code"), self.tr("Subject"), self.tr("Valence"),
                self.tr("Caption")]

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def valence_text(self, valence: str | None) -> str:
        return {"strength": self.tr("strength"), "work_on": self.tr("to work on")}.get(
            valence or "", "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == "time":
                text = format_time(row.start_ms)
                return text if row.end_ms is None else f"{text} – {format_time(row.end_ms)}"
            if column == "code":
                return row.code_name
            if column == "subject":
                return row.subject or ""
            if column == "valence":
                return self.valence_text(row.valence)
            return row.caption
        if role == Qt.ItemDataRole.DecorationRole and column == "code":
            return QColor(row.colour)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.UserRole + 1:  # sort key: time sorts as time, not text
            return row.start_ms if column == "time" else str(self.data(index))
        return None

    def row_of(self, ann_id: int) -> int:
        for number, row in enumerate(self.rows):
            if row.id == ann_id:
                return number
        return -1


class EventList(QWidget):
    def __init__(self, state: GuiState, session: AnnotationSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventList")
        self.state, self.session = state, session
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText(self.tr("Filter events (code, subject, caption…)"))
        self.filter_box.setClearButtonEnabled(True)
        self.model = EventModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole + 1)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setObjectName("eventTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(self.jump_to)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # Enter and Delete act on the table only (the player owns the other keys).
        for action_id, slot in (("events.jump", self._jump_current),
                                ("events.delete", self.delete_selected)):
            self.table.addAction(make_action(self, action_id, slot))
        self.filter_box.returnPressed.connect(self.table.setFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.table, 1)
        self._syncing = False
        session.changed.connect(lambda _n: self.refresh())
        state.selectionChanged.connect(self._follow_selection)
        self.refresh()

    def refresh(self) -> None:
        self._syncing = True
        try:
            self.model.set_rows(self.session.annotations())
            self.table.resizeColumnsToContents()
            # Long code names must not push the caption out of sight.
            for column in range(self.model.columnCount() - 1):
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), 200))
        finally:
            self._syncing = False
        self._follow_selection(self.state.selection)

    def ids_at(self, proxy_rows: list[int]) -> list[int]:
        return [self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in proxy_rows]

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return self.ids_at(rows)

    def _selection_changed(self, *_args: object) -> None:
        if not self._syncing:
            self.state.set_selection(self.selected_ids())

    def _follow_selection(self, ids: list[int]) -> None:
        if self._syncing or ids == self.selected_ids():
            return
        self._syncing = True
        try:
            selection = self.table.selectionModel()
            selection.clearSelection()
            for ann_id in ids:
                row = self.model.row_of(ann_id)
                if row >= 0:
                    index = self.proxy.mapFromSource(self.model.index(row, 0))
                    if index.isValid():
                        selection.select(index, QItemSelectionModel.SelectionFlag.Select
                                         | QItemSelectionModel.SelectionFlag.Rows)
                        self.table.scrollTo(index)
        finally:
            self._syncing = False

    def jump_to(self, index: QModelIndex) -> None:
        ann_id = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        if ann_id is None:
            ann_id = self.proxy.index(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        row = self.model.row_of(ann_id) if ann_id is not None else -1
        if row >= 0:
            self.state.set_selection([ann_id])
            self.state.set_playhead(self.model.rows[row].start_ms)

    def _jump_current(self) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self.jump_to(self.proxy.index(current.row(), 0))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.session.delete(ids)
