"""File > Accounts…: an administrator adds, disables, re-enables and re-roles the people who
may open a protected home, and sets a new password for one who forgot theirs.

Everything goes through :mod:`vfeedback.accounts` (and the role through
:func:`services.assignments.set_role`), which checks that the logged-in user is an
administrator, re-wraps the home's key for a new password and writes the audit row; this
dialog only asks for names, roles and passwords. A password is typed twice, never shown, and
its rules (at least 8 characters) are the core's, so the message is the same as on the
command line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services import assignments
from vfeedback import accounts
from vfeedback.errors import VFeedbackError
from vfeedback.security import ROLES

COLUMNS = 4  # name, role, last login, state


class AccountForm(QDialog):
    """A name (for a new account), a role and a password typed twice; ``values()`` after
    ``accept``. A mismatch or an empty field keeps the form open with the reason."""

    def __init__(self, title: str, parent: QWidget | None = None, *, name: str | None = None,
                 ask_role: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name_edit = QLineEdit(name or "", self)
        self.name_edit.setReadOnly(name is not None)
        self.role_box = QComboBox(self)
        for role in ROLES:
            self.role_box.addItem(role_label(self, role), role)
        self.role_box.setCurrentIndex(self.role_box.findData("clinician"))
        self.password_edit = QLineEdit(self)
        self.repeat_edit = QLineEdit(self)
        for edit in (self.password_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("User"), self.name_edit)
        if ask_role:
            form.addRow(self.tr("Role"), self.role_box)
        form.addRow(self.tr("New password"), self.password_edit)
        form.addRow(self.tr("Repeat it"), self.repeat_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password_edit if name else self.name_edit).setFocus()
        self.setMinimumWidth(360)

    def accept(self) -> None:
        if not self.name_edit.text().strip():
            self.error.setText(self.tr("Give a user name"))
            return
        if self.password_edit.text() != self.repeat_edit.text():
            self.error.setText(self.tr("The two passwords differ"))
            self.repeat_edit.clear()
            self.repeat_edit.setFocus()
            return
        super().accept()

    def values(self) -> tuple[str, str, str]:
        return (self.name_edit.text().strip(), self.role_box.currentData(),
                self.password_edit.text())


def role_label(widget: QWidget, role: str) -> str:
    return {"admin": widget.tr("administrator"), "supervisor": widget.tr("supervisor"),
            "clinician": widget.tr("clinician"), "trainee": widget.tr("trainee")}.get(role, role)


class AccountsDialog(QDialog):
    """The accounts as a table, with one button per change; each change reloads the table and
    says what it did in the status line (or why not, from the core's message)."""

    def __init__(self, app, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.app = app
        self.form: AccountForm | None = None  # the open form (tests fill it in)
        self.setWindowTitle(self.tr("Accounts"))
        self.resize(640, 380)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setHorizontalHeaderLabels([self.tr("User"), self.tr("Role"),
                                              self.tr("Last login (UTC)"), self.tr("State")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.add_button = QPushButton(self.tr("&Add…"), self)
        self.add_button.clicked.connect(self.add_dialog)
        self.password_button = QPushButton(self.tr("New &password…"), self)
        self.password_button.clicked.connect(self.password_dialog)
        self.role_box = QComboBox(self)
        for role in ROLES:
            self.role_box.addItem(role_label(self, role), role)
        self.role_box.setToolTip(self.tr("The selected user's role (from their next login)"))
        self.role_box.activated.connect(lambda _i: self.change_role(self.role_box.currentData()))
        self.disable_button = QPushButton(self.tr("&Disable"), self)
        self.disable_button.clicked.connect(lambda: self.disable(self.selected() or ""))
        self.enable_button = QPushButton(self.tr("&Enable…"), self)
        self.enable_button.clicked.connect(self.enable_dialog)
        buttons = QHBoxLayout()
        role_label_widget = QLabel(self.tr("&Role:"), self)
        role_label_widget.setBuddy(self.role_box)
        for widget in (self.add_button, self.password_button, role_label_widget, self.role_box,
                       self.disable_button, self.enable_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.reload()

    # -- the table ------------------------------------------------------------------------
    def reload(self) -> None:
        chosen = self.selected()
        try:
            rows = accounts.list_accounts(self.app)
        except VFeedbackError as exc:
            self._say(str(exc), error=True)
            rows = []
        self.table.setRowCount(len(rows))
        for r, account in enumerate(rows):
            state = [self.tr("disabled")] if account.disabled else []
            if account.locked_minutes:
                state.append(self.tr("locked {n} min").replace("{n}",
                                                               str(account.locked_minutes)))
            last = (account.last_login_at.strftime("%Y-%m-%d %H:%M") if account.last_login_at
                    else "–")
            values = (account.name, role_label(self, account.role), last,
                      ", ".join(state) or self.tr("active"))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 1:
                    item.setData(Qt.ItemDataRole.UserRole, account.role)
                if c == 3:
                    item.setData(Qt.ItemDataRole.UserRole, account.disabled)
                self.table.setItem(r, c, item)
            if account.name == chosen:
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def rows(self) -> list[tuple[str, str, bool]]:
        """(name, role, disabled) per row, as shown."""
        role = Qt.ItemDataRole.UserRole
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).data(role),
                 bool(self.table.item(r, 3).data(role))) for r in range(self.table.rowCount())]

    def select(self, name: str) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).text() == name:
                self.table.selectRow(r)
                return

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.table.item(rows[0].row(), 0).text() if rows else None

    def _update_buttons(self) -> None:
        name = self.selected()
        row = next((r for r in self.rows() if r[0] == name), None)
        self.password_button.setEnabled(row is not None and not row[2])
        self.disable_button.setEnabled(row is not None and not row[2])
        self.enable_button.setEnabled(row is not None and row[2])
        self.role_box.setEnabled(row is not None)
        if row is not None:
            self.role_box.setCurrentIndex(max(0, self.role_box.findData(row[1])))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")

    def _run(self, change: Callable[[], None], done: str) -> bool:
        try:
            change()
        except VFeedbackError as exc:
            self._say(str(exc), error=True)
            self.reload()
            return False
        self.reload()
        self._say(done)
        return True

    # -- the changes ----------------------------------------------------------------------
    def add(self, name: str, role: str, password: str) -> bool:
        return self._run(lambda: accounts.add_user(self.app, name, role, password),
                         self.tr("Added {name}").replace("{name}", name))

    def disable(self, name: str) -> bool:
        return self._run(lambda: accounts.disable_user(self.app, name),
                         self.tr("{name} can no longer log in").replace("{name}", name))

    def enable(self, name: str, password: str) -> bool:
        return self._run(lambda: accounts.enable_user(self.app, name, password),
                         self.tr("{name} can log in again with the new password")
                         .replace("{name}", name))

    def set_password(self, name: str, password: str) -> bool:
        return self._run(lambda: accounts.set_password(self.app, name, password),
                         self.tr("New password set for {name}").replace("{name}", name))

    def change_role(self, role: str) -> bool:
        name = self.selected()
        if name is None:
            return False
        return self._run(lambda: assignments.set_role(self.app, self.app.actor, name, role),
                         self.tr("{name} is now {role} (from their next login)")
                         .replace("{name}", name).replace("{role}", role_label(self, role)))

    def _open_form(self, form: AccountForm, on_ok: Callable[[tuple[str, str, str]], None]) -> None:
        self.form = form
        form.accepted.connect(lambda: on_ok(form.values()))
        form.open()

    def add_dialog(self) -> None:
        self._open_form(AccountForm(self.tr("Add an account"), self),
                        lambda v: self.add(*v))

    def enable_dialog(self) -> None:
        name = self.selected()
        if name is not None:
            self._open_form(AccountForm(self.tr("Enable {name}").replace("{name}", name), self,
                                        name=name, ask_role=False),
                            lambda v: self.enable(v[0], v[2]))

    def password_dialog(self) -> None:
        name = self.selected()
        if name is not None:
            self._open_form(AccountForm(self.tr("New password for {name}").replace(
                "{name}", name), self, name=name, ask_role=False),
                lambda v: self.set_password(v[0], v[2]))


def accounts_action(window) -> QAction:  # noqa: ANN001 - a MainWindow
    """File > Accounts…: for an administrator of a protected home (hidden otherwise)."""
    action = QAction(window.tr("A&ccounts…"), window)
    action.setObjectName("file.accounts")
    identity = getattr(window.app, "identity", None)
    action.setVisible(identity is not None and identity.role == "admin")

    def open_dialog() -> None:
        dialog = AccountsDialog(window.app, window)
        window.accounts_dialog = dialog  # tests find it here
        dialog.open()

    action.triggered.connect(open_dialog)
    return action
