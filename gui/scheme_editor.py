"""The coding-scheme editor (Edit > Coding schemes…): a scheme of the clinician's own, new or
copied from a built-in one; its codes added, renamed, reordered, given a key, a kind (point or
interval), a group and a colour.

Every change goes through :mod:`services.schemes` at once (when a field is left or Enter is
pressed) and the dialog then shows what is stored: a refused change (a key another code has,
a transport key, a used code's kind) is said in red above the fields, and the fields go back
to the stored values. Built-in schemes are shown read-only. After each change the window's
views hear of it (``GuiState.notify``) and the coding panel reloads its keys.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services import schemes as scheme_service
from services.changes import Outcome
from services.schemes import EditableCode, EditableScheme
from vfeedback.errors import InputError

from .actions import ACTIONS
from .coding_panel import RESERVED_KEYS, swatch
from .state import GuiState

# A code key may be none of the player's keys, nor the timeline's own (F zooms to frames).
TAKEN_KEYS = frozenset(RESERVED_KEYS | {key.upper() for action in ("timeline.frames",)
                                        for key in ACTIONS[action].keys})


class SchemeEditor(QDialog):
    changed = Signal()  # something was saved

    def __init__(self, app, state: GuiState | None = None,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schemeEditor")
        self.setWindowTitle(self.tr("Coding schemes"))
        self.app, self.state = app, state
        self.actor = state.actor if state is not None else None
        self.schemes: list[EditableScheme] = []
        self._loading = False

        self.scheme_list = QListWidget(self)
        self.scheme_list.setObjectName("schemes")
        self.scheme_list.currentRowChanged.connect(lambda _r: self._show_scheme())
        self.new_button = QPushButton(self.tr("&New scheme…"), self)
        self.new_button.clicked.connect(self.new_scheme)
        self.copy_button = QPushButton(self.tr("Cop&y…"), self)
        self.copy_button.setToolTip(self.tr("A copy of this scheme to change (built-in schemes "
                                            "are copied, not changed)"))
        self.copy_button.clicked.connect(self.copy_scheme)

        self.read_only = QLabel(self.tr("A built-in scheme: copy it to change it."), self)
        self.read_only.setObjectName("readOnlyNote")
        self.code_list = QListWidget(self)
        self.code_list.setObjectName("codes")
        self.code_list.currentRowChanged.connect(lambda _r: self._show_code())
        self.add_button = QPushButton(self.tr("&Add code"), self)
        self.add_button.clicked.connect(self.add_code)
        self.up_button = QPushButton(self.tr("Move &up"), self)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = QPushButton(self.tr("Move do&wn"), self)
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.remove_button.setToolTip(self.tr("Only a code no moment uses can be removed"))
        self.remove_button.clicked.connect(self.remove_current)

        self.error = QLabel(self)
        self.error.setObjectName("schemeError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("codeName")
        self.name_edit.editingFinished.connect(lambda: self._field("name", self.name_edit.text()))
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("codeKey")
        self.key_edit.setMaxLength(1)
        self.key_edit.setToolTip(self.tr("One letter or digit; Shift+key codes with a caption. "
                                         "Empty: the code is chosen with Enter"))
        self.key_edit.editingFinished.connect(lambda: self._field("shortcut",
                                                                  self.key_edit.text()))
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("codeKind")
        self.kind_box.addItem(self.tr("• point (one moment)"), "point")
        self.kind_box.addItem(self.tr("⟷ interval (start and end)"), "interval")
        self.kind_box.activated.connect(
            lambda _i: self._field("kind", str(self.kind_box.currentData())))
        self.group_edit = QLineEdit(self)
        self.group_edit.setObjectName("codeGroup")
        self.group_edit.editingFinished.connect(lambda: self._field("group",
                                                                    self.group_edit.text()))
        self.colour_edit = QLineEdit(self)
        self.colour_edit.setObjectName("codeColour")
        self.colour_edit.setPlaceholderText("#rrggbb")
        self.colour_edit.editingFinished.connect(lambda: self._field("colour",
                                                                     self.colour_edit.text()))
        self.colour_button = QPushButton(self.tr("C&hoose…"), self)
        self.colour_button.clicked.connect(self.choose_colour)

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("&Schemes:"), self))
        left.itemAt(0).widget().setBuddy(self.scheme_list)
        left.addWidget(self.scheme_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.copy_button)
        left.addLayout(row)
        right = QVBoxLayout()
        right.addWidget(self.read_only)
        codes_label = QLabel(self.tr("&Codes (in the coding panel's order):"), self)
        codes_label.setBuddy(self.code_list)
        right.addWidget(codes_label)
        right.addWidget(self.code_list, 1)
        row = QHBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button, self.remove_button):
            row.addWidget(button)
        right.addLayout(row)
        right.addWidget(self.error)
        form = QFormLayout()
        form.addRow(self.tr("Na&me:"), self.name_edit)
        form.addRow(self.tr("&Key:"), self.key_edit)
        form.addRow(self.tr("K&ind:"), self.kind_box)
        form.addRow(self.tr("&Group:"), self.group_edit)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_edit, 1)
        colour_row.addWidget(self.colour_button)
        colour_label = QLabel(self.tr("C&olour:"), self)
        colour_label.setBuddy(self.colour_edit)  # (a row of two widgets gets no buddy itself)
        form.addRow(colour_label, colour_row)
        right.addLayout(form)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(buttons)
        # Enter finishes a field; it must never press a button (a dialog's buttons are
        # "auto default": Enter in the name field would open "New scheme…").
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.resize(760, 480)
        self.reload()

    # -- what is stored ---------------------------------------------------------------------------
    def current_scheme(self) -> EditableScheme | None:
        row = self.scheme_list.currentRow()
        return self.schemes[row] if 0 <= row < len(self.schemes) else None

    def current_code(self) -> EditableCode | None:
        scheme = self.current_scheme()
        row = self.code_list.currentRow()
        return scheme.codes[row] if scheme is not None and 0 <= row < len(scheme.codes) \
            else None

    def reload(self, scheme_id: int | None = None, code_id: int | None = None) -> None:
        """Show the stored schemes; keep (or move to) the given scheme and code."""
        scheme = self.current_scheme()
        code = self.current_code()
        scheme_id = scheme_id if scheme_id is not None else scheme.id if scheme else None
        code_id = code_id if code_id is not None else code.id if code else None
        self.schemes = scheme_service.list_schemes(self.app, self.actor)
        self._loading = True
        try:
            self.scheme_list.clear()
            for item in self.schemes:
                # The mark first: long titles are cut on the right.
                text = (self.tr("[built-in] ") if item.builtin else "") + item.title
                QListWidgetItem(text, self.scheme_list).setToolTip(item.title)
            ids = [s.id for s in self.schemes]
            self.scheme_list.setCurrentRow(ids.index(scheme_id) if scheme_id in ids else 0)
        finally:
            self._loading = False
        self._show_scheme(code_id)

    def _show_scheme(self, code_id: int | None = None) -> None:
        if self._loading:
            return
        scheme = self.current_scheme()
        editable = scheme is not None and not scheme.builtin
        self.read_only.setVisible(scheme is not None and scheme.builtin)
        for widget in (self.add_button, self.up_button, self.down_button, self.remove_button):
            widget.setEnabled(editable)
        self._loading = True
        try:
            self.code_list.clear()
            for code in scheme.codes if scheme else ():
                kind = "⟷" if code.kind == "interval" else "•"
                key = code.shortcut.upper() or "↵"
                item = QListWidgetItem(swatch(code.colour), f"{key}   {code.name}   {kind}",
                                       self.code_list)
                item.setToolTip(self.tr("{n} moments coded").replace("{n}", str(code.uses)))
            ids = [c.id for c in scheme.codes] if scheme else []
            if ids:
                self.code_list.setCurrentRow(ids.index(code_id) if code_id in ids else 0)
        finally:
            self._loading = False
        self._show_code()

    def _show_code(self) -> None:
        if self._loading:
            return
        scheme, code = self.current_scheme(), self.current_code()
        editable = code is not None and scheme is not None and not scheme.builtin
        for widget in (self.name_edit, self.key_edit, self.kind_box, self.group_edit,
                       self.colour_edit, self.colour_button):
            widget.setEnabled(editable)
        self._loading = True
        try:
            self.name_edit.setText(code.name if code else "")
            self.key_edit.setText(code.shortcut.upper() if code else "")
            self.group_edit.setText(code.group if code else "")
            self.colour_edit.setText(code.colour if code else "")
            index = self.kind_box.findData(code.kind if code else "point")
            self.kind_box.setCurrentIndex(max(0, index))
            # A used code's kind stays (a point has no end to become an interval).
            self.kind_box.setEnabled(editable and code is not None and code.uses == 0)
            for edit in (self.name_edit, self.key_edit, self.group_edit, self.colour_edit):
                edit.setModified(False)
        finally:
            self._loading = False

    # -- changing (each through services.schemes) -------------------------------------------------
    def _call(self, work: Callable[[], Outcome], scheme_id: int | None = None,
              code_id: int | None = None) -> Outcome | None:
        """Run one service call; on refusal say why; show the stored state either way."""
        try:
            outcome = work()
        except InputError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.reload(scheme_id, code_id)
            return None
        self.error.hide()
        self.reload(scheme_id, code_id)
        if self.state is not None:
            self.state.notify(outcome.changes)
        self.changed.emit()
        return outcome

    def _field(self, name: str, value: str) -> None:
        code = self.current_code()
        if self._loading or code is None:
            return
        stored = {"name": code.name, "shortcut": code.shortcut.upper(), "kind": code.kind,
                  "group": code.group, "colour": code.colour}[name]
        if value.strip() == stored or (name == "shortcut" and value.strip().upper() == stored):
            return
        code_id = code.id
        self._call(lambda: scheme_service.update_code(self.app, self.actor, code_id,
                                                      reserved=TAKEN_KEYS, **{name: value}))

    def choose_colour(self) -> None:
        code = self.current_code()
        if code is None:
            return
        colour = QColorDialog.getColor(QColor(code.colour), self, self.tr("Colour of {code}")
                                       .replace("{code}", code.name))
        if colour.isValid():
            self._field("colour", colour.name())

    def new_scheme(self) -> None:
        title, ok = QInputDialog.getText(self, self.tr("New coding scheme"),
                                         self.tr("Title of the new scheme:"))
        if ok and title.strip():
            outcome = self._call(lambda: scheme_service.new_scheme(self.app, self.actor, title))
            if outcome is not None:
                self.reload(outcome.value)

    def copy_scheme(self) -> None:
        scheme = self.current_scheme()
        if scheme is None:
            return
        title, ok = QInputDialog.getText(self, self.tr("Copy the coding scheme"),
                                         self.tr("Title of the copy:"), QLineEdit.EchoMode.Normal,
                                         self.tr("{title} (own copy)").replace("{title}",
                                                                              scheme.title))
        if ok and title.strip():
            source = scheme.id
            outcome = self._call(lambda: scheme_service.copy_scheme(self.app, self.actor, source,
                                                                    title))
            if outcome is not None:
                self.reload(outcome.value)

    def add_code(self) -> None:
        scheme = self.current_scheme()
        if scheme is None or scheme.builtin:
            return
        scheme_id = scheme.id
        outcome = self._call(lambda: scheme_service.add_code(
            self.app, self.actor, scheme_id, self.tr("New code"), reserved=TAKEN_KEYS))
        if outcome is not None:
            self.reload(scheme_id, outcome.value)
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.name_edit.selectAll()  # typing names it at once

    def move_current(self, delta: int) -> None:
        code = self.current_code()
        row = self.code_list.currentRow()
        scheme = self.current_scheme()
        if code is None or scheme is None or not 0 <= row + delta < len(scheme.codes):
            return
        code_id = code.id
        self._call(lambda: scheme_service.move_code(self.app, self.actor, code_id, row + delta),
                   code_id=code_id)

    def remove_current(self) -> None:
        code = self.current_code()
        if code is None:
            return
        code_id = code.id
        self._call(lambda: scheme_service.remove_code(self.app, self.actor, code_id))


def open_scheme_editor(window) -> SchemeEditor:  # noqa: ANN001 - gui.main_window.MainWindow
    """Edit > Coding schemes…: the editor, modal to the window; the coding panel takes the new
    codes and keys when it closes."""
    editor = SchemeEditor(window.app, window.state, window)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    coding = getattr(getattr(window, "coding", None), "coding", None)
    if coding is not None:
        editor.finished.connect(lambda _r: coding.reload())
    editor.open()
    return editor
