"""The plan builder's two lists' helpers: the clip list (reorder by dragging, accept moments
dragged from the moments list) and the in-place caption editor. The database decides the order
and the text; the lists are reloaded from it afterwards (see :mod:`gui.plan_builder`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListWidget,
    QStyledItemDelegate,
    QWidget,
)

from .actions import matches

if TYPE_CHECKING:
    from .plan_builder import PlanBuilder


# -- widgets ---------------------------------------------------------------------------------------
CAPTION_ROLE = Qt.ItemDataRole.UserRole + 1


class CaptionDelegate(QStyledItemDelegate):
    """Edits a clip's caption in place; the text is saved through :mod:`sessions.plan`, and the
    list shows it after the reload (never the half-typed text as if it were saved)."""

    def __init__(self, builder: PlanBuilder) -> None:
        super().__init__(builder)
        self.builder = builder

    def createEditor(self, parent, option, index):  # noqa: ANN001, ANN201, N802
        editor = QLineEdit(parent)
        editor.setPlaceholderText(self.builder.tr("What the child would say…"))
        return editor

    def setEditorData(self, editor, index) -> None:  # noqa: ANN001, N802
        editor.setText(index.data(CAPTION_ROLE) or "")

    def setModelData(self, editor, model, index) -> None:  # noqa: ANN001, N802
        text = editor.text().strip()
        if text != (index.data(CAPTION_ROLE) or ""):
            self.builder.set_caption(index.data(Qt.ItemDataRole.UserRole), text)


class ClipList(QListWidget):
    """The plan's clips: reorder by drag and drop, accept moments dragged from the list above."""

    clipMoved = Signal(int, int)  # clip id, new position
    momentsDropped = Signal(list, int)  # annotation ids, position

    def __init__(self, moments: QListWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.moments = moments
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAcceptDrops(True)

    def event(self, event) -> bool:  # noqa: ANN001
        # F2 is also the window's "Rename case"; inside the clip list it edits the caption.
        if event.type() == QEvent.Type.ShortcutOverride and matches("case.rename", event) \
                and self.state() != QAbstractItemView.State.EditingState:
            event.accept()
            return True
        return super().event(event)

    def _drop_row(self, event) -> int:  # noqa: ANN001
        item = self.itemAt(event.position().toPoint())
        if item is None:
            return self.count()
        row = self.row(item)
        rect = self.visualItemRect(item)
        return row + (1 if event.position().y() > rect.center().y() else 0)

    def dragEnterEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.source() in (self, self.moments):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.source() in (self, self.moments):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: ANN001, N802
        # The database decides the order; the list is reloaded afterwards, so Qt's own
        # item move is not used (it would show an order that was never saved).
        row = self._drop_row(event)
        if event.source() is self.moments:
            ids = [i.data(Qt.ItemDataRole.UserRole) for i in self.moments.selectedItems()]
            if ids:
                self.momentsDropped.emit(ids, row)
        elif event.source() is self and self.currentItem() is not None:
            current = self.row(self.currentItem())
            self.clipMoved.emit(self.currentItem().data(Qt.ItemDataRole.UserRole),
                                row - 1 if row > current else row)
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
