"""The coding-scheme editor, driven with real clicks and keys: copy a built-in scheme, add a
code, name it, give it a key (a taken or transport key is refused and the field shows the
stored key again), a kind and a colour, reorder, rename a code in use without losing its
moments; the coding panel then codes with the new key."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit  # noqa: E402

from gui.application import make_application  # noqa: E402


def answer_next_input(text: str) -> list[str]:
    """Type ``text`` and Enter into the next QInputDialog (from inside its event loop)."""
    from PySide6.QtTest import QTest

    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog.textValue())
        edit = dialog.findChild(QLineEdit)
        edit.selectAll()
        QTest.keyClicks(edit, text)
        QTest.keyClick(edit, Qt.Key.Key_Return)
    QTimer.singleShot(0, poll)
    return seen


def type_into(qtbot, edit, text: str) -> None:  # noqa: ANN001
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def stored(app, scheme_id: int):  # noqa: ANN001, ANN201
    from services import schemes

    return next(s for s in schemes.list_schemes(app, None) if s.id == scheme_id)


@pytest.fixture
def window(qtbot, app, recording_id):  # noqa: ANN001, ANN201
    make_application()
    from gui.main_window import MainWindow

    win = MainWindow(app)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def open_editor(qtbot, win):  # noqa: ANN001, ANN201
    from PySide6.QtGui import QAction

    from gui.scheme_editor import SchemeEditor

    [action] = [a for a in win.findChildren(QAction) if a.text() == "Coding &schemes…"]
    action.trigger()
    editor = win.findChild(SchemeEditor)
    assert editor is not None
    qtbot.waitExposed(editor)
    return editor


def test_copy_a_built_in_scheme_and_edit_its_codes(qtbot, app, window, recording_id) -> None:  # noqa: ANN001
    from services import annotations

    editor = open_editor(qtbot, window)
    # A built-in scheme is shown read-only.
    titles = [editor.scheme_list.item(i).text() for i in range(editor.scheme_list.count())]
    vipp_row = next(i for i, t in enumerate(titles) if t.startswith("[built-in] VIPP-SD"))
    editor.scheme_list.setCurrentRow(vipp_row)
    assert editor.read_only.isVisibleTo(editor)
    assert not editor.name_edit.isEnabled() and not editor.add_button.isEnabled()
    vipp = editor.current_scheme()

    # Copy it, named in the dialog.
    seen = answer_next_input("Our VIPP")
    qtbot.mouseClick(editor.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.current_scheme().title == "Our VIPP", timeout=5000)
    assert seen == [f"{vipp.title} (own copy)"]
    copy = editor.current_scheme()
    assert not copy.builtin and len(copy.codes) == len(vipp.codes)
    assert not editor.read_only.isVisibleTo(editor) and editor.name_edit.isEnabled()

    # A new code: Add, type its name.
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.focusWidget() is editor.name_edit
    assert editor.name_edit.selectedText() == "New code"
    qtbot.keyClicks(editor.name_edit, "Shared smile")
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return)
    new = stored(app, copy.id).codes[-1]
    assert new.name == "Shared smile" and editor.current_code().id == new.id

    # A transport key and a key another code has are refused; the field shows the stored key.
    type_into(qtbot, editor.key_edit, "k")
    assert editor.error.isVisibleTo(editor) and "belongs to the player" in editor.error.text()
    assert editor.key_edit.text() == "" and stored(app, copy.id).codes[-1].shortcut == ""
    type_into(qtbot, editor.key_edit, "s")  # VIPP's "Child's signal"
    assert "already the key of" in editor.error.text() and editor.key_edit.text() == ""
    type_into(qtbot, editor.key_edit, "g")  # free in VIPP-SD
    assert not editor.error.isVisibleTo(editor)
    assert editor.key_edit.text() == "G" and stored(app, copy.id).codes[-1].shortcut == "g"

    # Kind (keyboard on the combo box) and colour.
    editor.kind_box.setFocus()
    qtbot.keyClick(editor.kind_box, Qt.Key.Key_Down)
    assert stored(app, copy.id).codes[-1].kind == "interval"
    type_into(qtbot, editor.colour_edit, "#00AA00")
    assert stored(app, copy.id).codes[-1].colour == "#00aa00"
    type_into(qtbot, editor.colour_edit, "green")
    assert "#rrggbb" in editor.error.text() and editor.colour_edit.text() == "#00aa00"

    # Reorder: up one place.
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    names = [c.name for c in stored(app, copy.id).codes]
    assert names[-2] == "Shared smile" and editor.current_code().name == "Shared smile"

    from pathlib import Path

    shots = Path("/tmp/vfeedback-shots")
    shots.mkdir(parents=True, exist_ok=True)
    editor.grab().save(str(shots / "scheme-editor.png"))

    # The built-in one is untouched.
    assert stored(app, vipp.id).codes == vipp.codes

    # Rename a code in use: its moment keeps it and shows the new name.
    editor.code_list.setCurrentRow(0)
    first = editor.current_code()
    annotations.add(app, None, recording_id, first.id, 1000, 2000)
    type_into(qtbot, editor.name_edit, "Exploring (renamed)")
    [moment] = annotations.annotations(app, None, recording_id)
    assert (moment.code_id, moment.code_name) == (first.id, "Exploring (renamed)")
    editor.reload()
    assert not editor.kind_box.isEnabled()  # a used code keeps its kind
    editor.close()

    # The coding panel offers the new scheme with the new code on its key.
    coding = window.coding.coding
    qtbot.waitUntil(lambda: any(s.id == copy.id for s in coding.schemes), timeout=5000)
    coding.scheme_box.setCurrentIndex([s.id for s in coding.schemes].index(copy.id))
    keys = {a.shortcut().toString() for a in coding.code_actions.values()}
    assert "G" in keys


def test_a_new_scheme_from_nothing(qtbot, app, window) -> None:  # noqa: ANN001
    editor = open_editor(qtbot, window)
    answer_next_input("Home visit codes")
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.current_scheme().title == "Home visit codes", timeout=5000)
    assert editor.code_list.count() == 0
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.name_edit, "Turn taking")
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.name_edit, "Praise")
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert [c.name for c in stored(app, editor.current_scheme().id).codes] == ["Turn taking"]
    assert editor.code_list.count() == 1
    editor.close()
