"""The admin's audit view (File > Audit log…) and a case's consent panel (the case browser's
context menu), driven as a person would, with the data written through the services."""

from __future__ import annotations

import csv

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QDate  # noqa: E402
from sqlalchemy import text  # noqa: E402

from gui.application import make_application  # noqa: E402
from services import catalogue, consent  # noqa: E402


@pytest.fixture
def window(qtbot, app):  # noqa: ANN001, ANN201
    make_application()
    from gui.main_window import MainWindow
    from services import assignments

    assignments.add_user_row(app, None, "anna", "clinician")  # her case, from the start
    assignments.add_user_row(app, None, "bo", "clinician")
    assignments.add_user_row(app, None, "admin", "admin")
    catalogue.create_case(app, "anna", "GUI-1")
    assignments.assign(app, None, "GUI-1", "bo")
    consent.set_consent(app, "anna", "GUI-1", filming="yes")
    win = MainWindow(app)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _menu_action(window, name: str):  # noqa: ANN001, ANN202
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.objectName() == name:
                return action
    raise AssertionError(f"no menu action {name}")


def test_audit_view_lists_filters_verifies_and_exports(qtbot, window, app, tmp_path) -> None:  # noqa: ANN001
    _menu_action(window, "file.audit_log").trigger()
    dialog = window.audit_dialog
    qtbot.waitUntil(dialog.isVisible)
    actions = [row[3] for row in dialog.visible_rows()]
    assert "case.create" in actions and "consent.set" in actions
    dialog.filter.setText("consent")
    assert [row[3] for row in dialog.visible_rows()] == ["consent.set"]
    assert dialog.visible_rows()[0][2] == "anna"
    dialog.filter.clear()
    assert dialog.verify() and "intact" in dialog.status.text()

    out = tmp_path / "audit.csv"
    assert dialog.export_to(out) == len(actions)
    with open(out, newline="", encoding="utf-8") as fh:
        exported = list(csv.DictReader(fh))
    order = [r["action"] for r in exported]
    assert order[0] == "user.add" and order[-1] == "consent.set"  # oldest first
    assert order.index("case.create") < order.index("consent.set")

    with app.db.engine.begin() as conn:  # someone edits the log behind the app's back
        conn.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 1"))
    dialog.reload()
    assert not dialog.verify()
    assert "Tampered with at row" in dialog.status.text() and "#1" in dialog.status.text()


def test_consent_panel_from_the_case_menu_records_and_shows_history(qtbot, window, app) -> None:  # noqa: ANN001
    window.state.actor = "bo"
    browser = window.browser
    item = browser.tree.topLevelItem(0)
    assert item.text(0) == "GUI-1"
    from gui.consent_dialog import case_of_item, consent_menu

    menu = consent_menu(browser, item)
    (action,) = menu.actions()
    action.trigger()
    dialog = browser.consent_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.choices["filming"].currentData() == "yes"
    assert "recorded by anna" in dialog.recorded["filming"].text()
    assert dialog.choices["research"].currentData() == ""  # never recorded
    dialog.choices["feedback"].setCurrentIndex(dialog.choices["feedback"].findData("yes"))
    dialog.choices["research"].setCurrentIndex(dialog.choices["research"].findData("no"))
    dialog.keep.setChecked(True)
    dialog.keep_until.setDate(QDate(2032, 3, 31))
    assert dialog.changes() == {"feedback": "yes", "research": "no",
                                "keep_until": "2032-03-31"}
    assert dialog.save()
    state = consent.get(app, None, "GUI-1")
    assert state.value("feedback") == "yes" and state.value("research") == "no"
    assert str(state.keep_until) == "2032-03-31"
    assert state.current["research"].recorded_by == "bo"
    assert state.current["filming"].recorded_by == "anna"  # untouched

    if item.childCount():  # a visit row belongs to its case
        assert case_of_item(item.child(0)) == case_of_item(item)
    consent_menu(browser, item).actions()[0].trigger()
    again = browser.consent_dialog
    qtbot.waitUntil(again.isVisible)
    assert again.history.rowCount() == 4 and again.changes() == {}
    assert again.keep.isChecked() and again.keep_until.date() == QDate(2032, 3, 31)
    again.reject()


def test_consent_panel_of_a_case_deleted_meanwhile_is_a_readable_error(qtbot, window, app) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    from gui.consent_dialog import consent_menu
    from services import privacy

    menu = consent_menu(window.browser, window.browser.tree.topLevelItem(0))
    privacy.delete_case(app, "admin", "GUI-1")
    menu.actions()[0].trigger()
    box = window.browser.findChild(QMessageBox, "operationError")
    assert box is not None and "There is no case" in box.text()
    assert not hasattr(window.browser, "consent_dialog")
