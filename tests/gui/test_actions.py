"""The action registry is the one place keys are declared: the window's shortcuts, menus and
the code-key rule all come from it."""

from __future__ import annotations

from collections import Counter

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtGui import QAction, QKeySequence  # noqa: E402


@pytest.fixture
def window(qtbot, app):  # noqa: ANN001, ANN201
    from gui.main_window import MainWindow

    win = MainWindow(app)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def test_every_shortcut_of_the_window_is_declared_in_the_registry(window) -> None:  # noqa: ANN001
    from gui.actions import ACTIONS

    code_keys = set(window.coding.coding.code_actions.values())
    stray = [(a.text(), [k.toString() for k in a.shortcuts()])
             for a in window.findChildren(QAction)
             if a.shortcuts() and a not in code_keys and a.objectName() not in ACTIONS]
    assert stray == []
    # ... and the menus show the registry's own actions with the registry's keys.
    from gui.actions import sequences

    assert window.undo_action.objectName() == "edit.undo"
    assert window.undo_action.shortcuts() == sequences("edit.undo")
    assert [s.toString() for s in window.redo_action.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert window.coding.present_action.shortcut() == QKeySequence("F5")


def test_no_two_window_wide_actions_share_a_key() -> None:
    from gui.actions import ACTIONS, Scope, sequences

    keys = Counter(seq.toString() for spec in ACTIONS.values() if spec.scope is Scope.WINDOW
                   for seq in sequences(spec.id))
    assert [k for k, n in keys.items() if n > 1] == []


def test_code_keys_only_where_coding_happens(window) -> None:  # noqa: ANN001
    from gui.actions import CODE_KEY_AREAS, reserved_keys

    coding = window.coding.coding
    code_keys = list(coding.code_actions.values())
    assert code_keys, "the built-in scheme has single-key codes"
    hosts = {"media": window.media_area, "coding": coding, "events": window.coding.events,
             "inspector": window.coding.inspector, "plan": window.coding.plan}
    assert set(hosts) == set(CODE_KEY_AREAS)
    for name, host in hosts.items():
        assert set(code_keys) <= set(host.actions()), name
    for elsewhere in (window.browser, window.panels["capture"].widget()):
        assert not set(code_keys) & set(elsewhere.actions())
    taken = {a.shortcut().toString().upper() for a in code_keys}
    assert not taken & reserved_keys()
