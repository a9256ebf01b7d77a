"""File > Accounts… in a protected home (real keyring, real database), driven as an
administrator would: add a trainee, a mismatched password, a new role, disable, enable; and
the menu entry only for an administrator."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from vfeedback.accounts import add_user
from vfeedback.app import open_app
from vfeedback.security import LoginError, login


@pytest.fixture
def home(protected_home: Path) -> Path:
    return protected_home


def _window(qtbot, app):  # noqa: ANN001, ANN202
    from gui.main_window import MainWindow

    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    return window


def _accounts_action(window):  # noqa: ANN001, ANN202
    return next(a for m in window.menuBar().actions() for a in m.menu().actions()
                if a.objectName() == "file.accounts")


def _fill(qtbot, form, name: str, password: str, repeat: str | None = None) -> None:  # noqa: ANN001
    if not form.name_edit.isReadOnly():
        qtbot.keyClicks(form.name_edit, name)
    qtbot.keyClicks(form.password_edit, password)
    qtbot.keyClicks(form.repeat_edit, password if repeat is None else repeat)


def test_an_admin_manages_accounts_in_the_window(qtbot, home: Path) -> None:  # noqa: ANN001
    app = open_app(home, identity=login(home, "ada", "admin-secret-1"))
    window = _window(qtbot, app)
    try:
        action = _accounts_action(window)
        assert action.isVisible()
        action.trigger()
        dialog = window.accounts_dialog
        qtbot.waitUntil(dialog.isVisible)
        assert dialog.rows() == [("ada", "admin", False)]

        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        form = dialog.form
        qtbot.waitUntil(form.isVisible)
        form.role_box.setCurrentIndex(form.role_box.findData("trainee"))
        _fill(qtbot, form, "tom", "trainee-pw-1", repeat="trainee-pw-X")
        qtbot.keyClick(form.repeat_edit, Qt.Key.Key_Return)
        assert form.isVisible() and "differ" in form.error.text()  # nothing saved yet
        assert [r[0] for r in dialog.rows()] == ["ada"]
        qtbot.keyClicks(form.repeat_edit, "trainee-pw-1")
        qtbot.keyClick(form.repeat_edit, Qt.Key.Key_Return)
        assert form.result() == QDialog.DialogCode.Accepted
        assert ("tom", "trainee", False) in dialog.rows() and "Added tom" in dialog.status.text()
        assert login(home, "tom", "trainee-pw-1").role == "trainee"

        # The core's rules come through as they are.
        assert not dialog.add("bob", "clinician", "short")
        assert "at least 8" in dialog.status.text()

        dialog.select("tom")
        assert dialog.enable_button.isEnabled() is False and dialog.disable_button.isEnabled()
        dialog.role_box.setCurrentIndex(dialog.role_box.findData("clinician"))
        dialog.role_box.activated.emit(dialog.role_box.currentIndex())
        assert ("tom", "clinician", False) in dialog.rows()
        qtbot.mouseClick(dialog.disable_button, Qt.MouseButton.LeftButton)
        assert ("tom", "clinician", True) in dialog.rows()
        with pytest.raises(LoginError, match="disabled"):
            login(home, "tom", "trainee-pw-1")

        dialog.select("tom")
        assert dialog.enable_button.isEnabled() and not dialog.password_button.isEnabled()
        qtbot.mouseClick(dialog.enable_button, Qt.MouseButton.LeftButton)
        form = dialog.form
        qtbot.waitUntil(form.isVisible)
        assert form.name_edit.text() == "tom" and form.name_edit.isReadOnly()
        _fill(qtbot, form, "tom", "trainee-pw-2")
        qtbot.keyClick(form.repeat_edit, Qt.Key.Key_Return)
        assert ("tom", "clinician", False) in dialog.rows()
        assert login(home, "tom", "trainee-pw-2").role == "clinician"

        dialog.select("ada")  # oneself: refused by the core, said in the dialog
        assert not dialog.disable("ada") and "own account" in dialog.status.text()
        assert not dialog.change_role("trainee") and "last administrator" in dialog.status.text()
        assert ("ada", "admin", False) in dialog.rows()
    finally:
        window.close()
        app.close()


def test_the_accounts_entry_is_hidden_from_others(qtbot, home: Path) -> None:  # noqa: ANN001
    admin = open_app(home, identity=login(home, "ada", "admin-secret-1"))
    try:
        add_user(admin, "sue", "supervisor", "supervisor-pw-1")
    finally:
        admin.close()
    app = open_app(home, identity=login(home, "sue", "supervisor-pw-1"))
    window = _window(qtbot, app)
    try:
        assert not _accounts_action(window).isVisible()
    finally:
        window.close()
        app.close()
