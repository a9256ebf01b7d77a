"""The inspector: edit the selected annotation (subject, valence, comment, caption, times,
modifiers, rating) through the annotation editor, so every change can be undone.

A field is saved when the user leaves it (or presses Enter); only a field that really changed
is sent, as one undoable edit. The caption is "what the child would say": it becomes the
reel's caption when the moment goes into the feedback plan.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from .annotation_session import AnnotationSession
from .state import GuiState


def to_qtime(ms: int) -> QTime:
    return QTime(0, 0).addMSecs(int(ms))


def from_qtime(value: QTime) -> int:
    return QTime(0, 0).msecsTo(value)


class Inspector(QWidget):
    captionDone = Signal()  # Enter in the caption field: saved, back to coding

    def __init__(self, state: GuiState, session: AnnotationSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.state, self.session = state, session
        self.current: Any = None  # AnnotationView shown
        self._loading = False

        self.title = QLabel(self.tr("Select an event to edit it"), self)
        self.title.setWordWrap(True)
        self.start_edit = QTimeEdit(self)
        self.end_edit = QTimeEdit(self)
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat("HH:mm:ss.zzz")
            edit.editingFinished.connect(self._times_edited)
        self.subject_box = QComboBox(self)
        for value, text in ((None, self.tr("—")), ("parent", self.tr("Parent")),
                            ("child", self.tr("Child")), ("both", self.tr("Both"))):
            self.subject_box.addItem(text, value)
        self.subject_box.activated.connect(lambda _i: self._save(
            "subject", self.subject_box.currentData()))
        self.valence_box = QComboBox(self)
        for value, text in ((None, self.tr("—")), ("strength", self.tr("Strength")),
                            ("work_on", self.tr("To work on"))):
            self.valence_box.addItem(text, value)
        self.valence_box.activated.connect(lambda _i: self._save(
            "valence", self.valence_box.currentData()))
        self.caption_edit = QLineEdit(self)
        self.caption_edit.setPlaceholderText(self.tr("What the child would say…"))
        self.caption_edit.editingFinished.connect(
            lambda: self._save("caption", self.caption_edit.text().strip()))
        self.caption_edit.returnPressed.connect(self.captionDone.emit)
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setPlaceholderText(self.tr("Your note (not shown to the parent)"))
        self.comment_edit.setTabChangesFocus(True)  # keyboard users can leave the box
        self.comment_edit.setMaximumHeight(90)
        self.comment_edit.installEventFilter(self)
        self.modifiers_edit = QLineEdit(self)
        self.modifiers_edit.setPlaceholderText(self.tr("comma-separated"))
        self.modifiers_edit.editingFinished.connect(self._modifiers_edited)
        self.value_edit = QDoubleSpinBox(self)
        self.value_edit.setDecimals(1)
        self.value_edit.editingFinished.connect(
            lambda: self._save("value", float(self.value_edit.value())))

        form = QFormLayout()
        form.addRow(self.tr("S&tart:"), self.start_edit)
        form.addRow(self.tr("&End:"), self.end_edit)
        form.addRow(self.tr("Su&bject:"), self.subject_box)
        form.addRow(self.tr("&Valence:"), self.valence_box)
        form.addRow(self.tr("C&aption:"), self.caption_edit)
        form.addRow(self.tr("Co&mment:"), self.comment_edit)
        form.addRow(self.tr("Mo&difiers:"), self.modifiers_edit)
        form.addRow(self.tr("Rat&ing:"), self.value_edit)
        self.form = form
        self.fields = QWidget(self)
        self.fields.setLayout(form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.fields)
        layout.addStretch(1)

        # Another moment chosen: the edit in progress is saved for the moment it was typed for,
        # then the fields show the newly selected moment as stored (never unsaved text).
        state.selectionChanged.connect(lambda _ids: self.commit_pending() or self.load())
        session.changed.connect(lambda _n: self.load())
        self.load()

    # -- showing ----------------------------------------------------------------------------
    def load(self) -> None:
        ids = self.state.selection
        view = self.session.get(ids[0]) if len(ids) == 1 else None
        previous, self.current = self.current, view
        self.fields.setEnabled(view is not None)
        if view is None:
            self.title.setText(self.tr("Select one event to edit it") if ids else
                               self.tr("Select an event to edit it"))
            return
        # Keep only text being typed for this very moment (modified since last saved): an
        # undo, a redo or another view's edit otherwise shows what is stored.
        same = previous is not None and previous.id == view.id
        self._loading = True
        try:
            self.title.setText(view.code_name)
            self.start_edit.setTime(to_qtime(view.start_ms))
            self.end_edit.setEnabled(view.end_ms is not None)
            self.end_edit.setTime(to_qtime(view.end_ms if view.end_ms is not None
                                           else view.start_ms))
            self.subject_box.setCurrentIndex(max(0, self.subject_box.findData(view.subject)))
            self.valence_box.setCurrentIndex(max(0, self.valence_box.findData(view.valence)))
            if not (same and self.caption_edit.isModified()):
                self.caption_edit.setText(view.caption)
                self.caption_edit.setModified(False)
            if not (same and self.comment_edit.document().isModified()):
                self.comment_edit.setPlainText(view.comment)
                self.comment_edit.document().setModified(False)
            self.modifiers_edit.setText(", ".join(view.modifiers))
            self.value_edit.setEnabled(view.value is not None)
            if view.value is not None:
                self.value_edit.setRange(-1e6, 1e6)
                self.value_edit.setValue(view.value)
        finally:
            self._loading = False

    def edit_caption(self) -> None:
        """Put the cursor in the selected moment's caption (the inspector's panel raised)."""
        dock = self.parentWidget()
        while dock is not None and not hasattr(dock, "toggleViewAction"):
            dock = dock.parentWidget()
        if dock is not None:
            dock.show()
            dock.raise_()
        self.caption_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.caption_edit.selectAll()

    # -- saving ------------------------------------------------------------------------------
    def commit_pending(self) -> None:
        """Save the caption or comment still being typed (before the selection moves on, or
        before an undo), so no unsaved text is ever left on screen."""
        if self.current is None or self._loading:
            return
        if self.caption_edit.isModified():
            self._save("caption", self.caption_edit.text().strip())
        if self.comment_edit.document().isModified():
            self._save("comment", self.comment_edit.toPlainText().strip())

    def _save(self, field: str, value: Any) -> None:
        view = self.current
        if self._loading or view is None:
            return
        old = getattr(view, field)
        if field == "caption":
            self.caption_edit.setModified(False)  # saved (or unchanged): nothing pending
        if field == "comment":
            self.comment_edit.document().setModified(False)
        if field in ("caption", "comment"):
            old = old or ""
        if field == "modifiers":
            old = list(old)
        if value == old:
            return
        self.session.update(view.id, **{field: value})

    def _times_edited(self) -> None:
        view = self.current
        if self._loading or view is None:
            return
        start = from_qtime(self.start_edit.time())
        fields: dict[str, Any] = {}
        if start != view.start_ms:
            fields["start_ms"] = start
        if view.end_ms is not None:
            end = from_qtime(self.end_edit.time())
            if end != view.end_ms:
                fields["end_ms"] = end
        if fields:
            self.session.update(view.id, **fields)

    def _modifiers_edited(self) -> None:
        items = [m.strip() for m in self.modifiers_edit.text().split(",") if m.strip()]
        self._save("modifiers", items)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.comment_edit and event.type() == QEvent.Type.FocusOut:
            self._save("comment", self.comment_edit.toPlainText().strip())
        return super().eventFilter(watched, event)
