"""The clinician's flow (issue 14): what the screen shows is what is stored, Space always
plays/pauses where coding happens, and undo says what it did. Real widgets, real key and mouse
events (QTest), real database; every check compares the screen with the stored state read
through the services."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.application import make_application  # noqa: E402

# Generous: a loaded CI machine (and PostgreSQL) can take seconds per queued edit; waitUntil
# returns as soon as the condition holds.
WAIT_MS = 20_000

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, app, indexed_video):  # noqa: ANN001, ANN201
    make_application()
    from gui import case_browser
    from gui.main_window import MainWindow
    from services import catalogue

    win = MainWindow(app)
    qtbot.addWidget(win)
    catalogue.create_case(app, None, "F12")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    win.browser.refresh()  # made behind the window's back: show it
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.open_recording(rid)
    yield win
    win.close()


def stored(win):  # noqa: ANN001, ANN201
    """The open recording's annotations as the database holds them (through the service)."""
    from services import annotations

    return annotations.annotations(win.app, None, win.state.recording_id)


def settle(qtbot, win) -> None:  # noqa: ANN001
    """Wait until every queued edit ran and its change notice reached the views."""
    from services import annotations

    qtbot.waitUntil(lambda: not win.coding.session.busy, timeout=WAIT_MS)
    annotations.QUEUE.drain(5)
    qtbot.wait(50)


def key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(QApplication.focusWidget(), text)


def code_two(qtbot, win):  # noqa: ANN001, ANN201
    win.player.setFocus()
    for ms, letter in ((1000, Qt.Key.Key_S), (3000, Qt.Key.Key_P)):
        win.state.set_playhead(ms)
        key(qtbot, letter)
    qtbot.waitUntil(lambda: len(stored(win)) == 2, timeout=WAIT_MS)
    settle(qtbot, win)
    return stored(win)


def assert_inspector_shows_stored(win) -> None:  # noqa: ANN001
    inspector = win.coding.inspector
    [ann_id] = win.state.selection
    row = next(a for a in stored(win) if a.id == ann_id)
    assert inspector.current.id == ann_id
    assert inspector.caption_edit.text() == (row.caption or "")
    assert inspector.comment_edit.toPlainText() == (row.comment or "")


def click_event_row(qtbot, win, row: int) -> None:  # noqa: ANN001
    table = win.coding.events.table
    win.panels["events"].raise_()
    qtbot.wait(50)
    rect = table.visualRect(win.coding.events.proxy.index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_inspector_saves_typing_and_follows_selection_and_undo(qtbot, window) -> None:  # noqa: ANN001
    win = window
    inspector = win.coding.inspector
    first, second = code_two(qtbot, win)
    win.state.set_selection([first.id])
    # Type a caption (focus in the field, real keys), then choose the other moment with the
    # mouse in the event list while the caption field still has unsaved text.
    QTest.mouseClick(inspector.caption_edit, Qt.MouseButton.LeftButton)
    inspector.caption_edit.setFocus()
    type_text(qtbot, "Look at me")
    win.state.set_selection([second.id])  # as the timeline does when a moment is clicked
    settle(qtbot, win)
    # The typed caption was saved for the moment it was typed for; the field shows the newly
    # selected moment's (empty) caption, as stored.
    assert {a.id: a.caption for a in stored(win)} == {first.id: "Look at me", second.id: ""}
    assert_inspector_shows_stored(win)
    assert inspector.caption_edit.text() == ""

    # The same through a real mouse click in the event list (the field has the focus).
    inspector.caption_edit.setFocus()
    type_text(qtbot, "Again")
    row_of_first = next(r for r in range(win.coding.events.proxy.rowCount())
                        if win.coding.events.ids_at([r]) == [first.id])
    click_event_row(qtbot, win, row_of_first)
    settle(qtbot, win)
    assert win.state.selection == [first.id]
    assert {a.id: a.caption for a in stored(win)}[second.id] == "Again"
    assert_inspector_shows_stored(win)
    assert inspector.caption_edit.text() == "Look at me"

    # A comment saved with Tab, then Ctrl+Z from the comment box's neighbour: the comment goes
    # back to empty in the database AND on screen, though the box had the focus.
    inspector.comment_edit.setFocus()
    type_text(qtbot, "good timing")
    key(qtbot, Qt.Key.Key_Tab)  # leaves the box: saved
    settle(qtbot, win)
    assert {a.id: a.comment for a in stored(win)}[first.id] == "good timing"
    inspector.comment_edit.setFocus()
    win.player.setFocus()
    key(qtbot, Qt.Key.Key_Z, CTRL)
    settle(qtbot, win)
    assert {a.id: a.comment for a in stored(win)}[first.id] == ""
    assert_inspector_shows_stored(win)
    # Redo brings it back on screen too; the event list re-reads as well.
    key(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    settle(qtbot, win)
    assert {a.id: a.comment for a in stored(win)}[first.id] == "good timing"
    assert_inspector_shows_stored(win)
    model = win.coding.events.model
    shown = {model.rows[r].id: model.rows[r].caption for r in range(model.rowCount())}
    assert shown == {a.id: a.caption for a in stored(win)}


def test_undo_with_a_caption_being_typed_takes_back_that_caption(qtbot, window) -> None:  # noqa: ANN001
    win = window
    inspector = win.coding.inspector
    first, _second = code_two(qtbot, win)
    win.state.set_selection([first.id])
    inspector.caption_edit.setFocus()
    type_text(qtbot, "Half typed")
    win.undo()  # Edit > Undo from the menu: the field keeps the focus
    settle(qtbot, win)
    # The typing was saved then undone: nothing unsaved is left on screen.
    assert {a.id: a.caption for a in stored(win)}[first.id] == ""
    assert_inspector_shows_stored(win)


@pytest.mark.parametrize("where", ["player button", "coding radio", "code list"])
def test_space_is_play_pause_where_coding_happens(qtbot, window, where) -> None:  # noqa: ANN001
    win = window
    coding = win.coding.coding
    if where == "player button":
        from PySide6.QtWidgets import QToolButton

        target = win.player.findChildren(QToolButton)[0]
        QTest.mouseClick(target, Qt.MouseButton.LeftButton)
        win.player.pause()
        target.setFocus()  # a keyboard user tabbed onto it
    elif where == "coding radio":
        target = coding.valence_buttons.button(2)  # "To work on"
        QTest.mouseClick(target, Qt.MouseButton.LeftButton)
        assert target.isChecked()
        # A click does not take the focus away from where the user was.
        assert QApplication.focusWidget() is not target
        target.setFocus(Qt.FocusReason.TabFocusReason)  # reached by Tab
    else:
        target = coding.codes
        target.setFocus()
    assert QApplication.focusWidget() is target
    checked = coding.valence_buttons.checkedId()
    qtbot.keyClick(target, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: win.player.playing, timeout=WAIT_MS)
    qtbot.keyClick(target, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not win.player.playing, timeout=WAIT_MS)
    assert coding.valence_buttons.checkedId() == checked  # no radio toggled
    assert stored(win) == []  # and nothing coded


def test_undo_names_the_moment_and_field_and_shows_it(qtbot, window) -> None:  # noqa: ANN001
    win = window
    inspector = win.coding.inspector
    first, second = code_two(qtbot, win)
    win.state.set_selection([second.id])
    inspector.caption_edit.setFocus()
    type_text(qtbot, "Yes!")
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, win)
    win._update_undo_texts()  # as the Edit menu does when it opens
    name = second.code_name
    assert win.undo_action.text().replace("&", "") == \
        f"Undo: caption of moment 2 ({name} 0:03)"
    # Select the other moment, then undo: the changed moment is selected again, the status
    # bar says what happened, and the inspector shows the stored (empty) caption.
    win.state.set_selection([first.id])
    win.player.setFocus()
    key(qtbot, Qt.Key.Key_Z, CTRL)
    settle(qtbot, win)
    assert win.state.selection == [second.id]
    assert win.statusBar().currentMessage() == f"Undone: caption of moment 2 ({name} 0:03)"
    assert_inspector_shows_stored(win)
    assert inspector.caption_edit.text() == ""
    win._update_undo_texts()
    assert win.redo_action.text().replace("&", "") == f"Redo: caption of moment 2 ({name} 0:03)"
    assert win.undo_action.text().replace("&", "").startswith("Undo: adding moment 2")
    key(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    settle(qtbot, win)
    assert win.statusBar().currentMessage().startswith("Redone: caption of moment 2")
    assert_inspector_shows_stored(win)
    assert inspector.caption_edit.text() == "Yes!"


def on_dialog(name: str, answer) -> list:  # noqa: ANN001
    """Answer the modal dialog ``name`` when it opens (``answer(dialog)`` sends real keys);
    returns a list that gets what the dialog showed when it opened."""
    from PySide6.QtCore import QTimer

    seen: list = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != name:
            QTimer.singleShot(20, poll)
            return
        seen.append((dialog.labelText(), dialog.textValue()))
        answer(dialog)
    QTimer.singleShot(0, poll)
    return seen


def visit_rows(win):  # noqa: ANN001, ANN201
    from services import catalogue

    return {v.number: v for v in catalogue.list_visits(win.app, None)}


def tree_item_of(win, visit_id: int):  # noqa: ANN001, ANN201
    tree = win.browser.tree
    for i in range(tree.topLevelItemCount()):
        case_item = tree.topLevelItem(i)
        for j in range(case_item.childCount()):
            if case_item.child(j).data(0, Qt.ItemDataRole.UserRole)[1] == visit_id:
                return case_item.child(j)
    raise AssertionError("visit not in the tree")


def test_visit_theme_asked_at_creation_and_on_double_click(qtbot, window) -> None:  # noqa: ANN001
    from services import catalogue

    win = window
    titles = dict(catalogue.theme_choices())
    tree = win.browser.tree
    case_item = tree.topLevelItem(0)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(case_item).center())
    assert win.state.case_id is not None
    # New visit (Ctrl+Shift+V): the theme is asked, preselected for visit 2; Enter accepts.
    seen = on_dialog("themeDialog", lambda d: qtbot.keyClick(d, Qt.Key.Key_Return))
    qtbot.keyClick(tree, Qt.Key.Key_V, CTRL | SHIFT)
    assert seen == [("Theme of visit 2:", titles["vipp.speaking_for_child"])]
    qtbot.waitUntil(lambda: 2 in visit_rows(win), timeout=WAIT_MS)
    visit = visit_rows(win)[2]
    assert visit.theme == "vipp.speaking_for_child"
    qtbot.waitUntil(lambda: win.state.visit_id == visit.id, timeout=WAIT_MS)
    item = tree_item_of(win, visit.id)
    assert item.text(1) == titles["vipp.speaking_for_child"]  # the tree shows the stored theme

    # Double-clicking the visit opens its theme, its own preselected; Down + Enter changes it.
    def next_theme(dialog) -> None:  # noqa: ANN001
        combo = dialog.findChild(__import__("PySide6.QtWidgets").QtWidgets.QComboBox)
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        qtbot.keyClick(combo, Qt.Key.Key_Return)
    seen = on_dialog("themeDialog", next_theme)
    qtbot.wait(100)
    rect = tree.visualItemRect(tree_item_of(win, visit.id))  # the tree was rebuilt meanwhile
    # A double click is press, release, then the double-click event (QTest sends the last).
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen == [("Theme of visit 2:", titles["vipp.speaking_for_child"])]
    qtbot.waitUntil(lambda: visit_rows(win)[2].theme == "vipp.sensitivity_chain", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tree_item_of(win, visit.id).text(1)
                    == titles["vipp.sensitivity_chain"], timeout=WAIT_MS)
    # Cancelling the question at creation adds no visit.
    seen = on_dialog("themeDialog", lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape))
    win.browser.new_visit()
    assert seen and 3 not in visit_rows(win)


def test_code_list_kinds_interval_feedback_and_valence_key(qtbot, window) -> None:  # noqa: ANN001
    win = window
    coding = win.coding.coding
    tree = coding.codes
    items = {tree.topLevelItem(g).child(i).data(0, Qt.ItemDataRole.UserRole):
             tree.topLevelItem(g).child(i)
             for g in range(tree.topLevelItemCount())
             for i in range(tree.topLevelItem(g).childCount())}
    exploration = coding.code_by_shortcut("e")
    signal = coding.code_by_shortcut("s")
    assert (exploration.kind, signal.kind) == ("interval", "point")
    # Point and interval codes look different, and their tooltips say what the key does.
    assert "⟷" in items[exploration.id].text(1) and "⟷" in items[exploration.id].text(2)
    assert "⟷" not in items[signal.id].text(1)
    assert items[signal.id].text(2) != items[exploration.id].text(2)
    assert "again to end" in items[exploration.id].toolTip(1)
    assert "Point" in items[signal.id].toolTip(1)

    # An interval key says so, in the panel and the status bar.
    win.player.setFocus()
    win.state.set_playhead(1000)
    key(qtbot, Qt.Key.Key_E)
    assert coding.interval_label.isVisible()
    assert "Recording interval" in coding.interval_label.text()
    assert "Esc to cancel" in win.statusBar().currentMessage()
    assert "press E again to end" in win.statusBar().currentMessage()
    key(qtbot, Qt.Key.Key_Escape)
    assert coding.open_interval is None and "Recording interval" not in \
        coding.interval_label.text()

    # The valence key is shown in the panel; W makes the next moment "to work on", and
    # after that moment the panel is back on strength, visibly.
    assert "W" in coding.valence_label.text()
    strength, work_on = coding.valence_buttons.button(1), coding.valence_buttons.button(2)
    assert strength.isChecked()
    key(qtbot, Qt.Key.Key_W)
    assert work_on.isChecked() and "to work on" in win.statusBar().currentMessage()
    win.state.set_playhead(2000)
    key(qtbot, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: len(stored(win)) == 1, timeout=WAIT_MS)
    assert strength.isChecked()
    assert "next moment is a strength" in win.statusBar().currentMessage()
    win.state.set_playhead(3000)
    key(qtbot, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: len(stored(win)) == 2, timeout=WAIT_MS)
    settle(qtbot, win)
    assert [(a.start_ms, a.valence) for a in stored(win)] == [(2000, "work_on"),
                                                              (3000, "strength")]
    # In a text field W is a letter, not the valence key.
    inspector = win.coding.inspector
    inspector.caption_edit.setFocus()
    key(qtbot, Qt.Key.Key_W)
    assert inspector.caption_edit.text() == "w" and strength.isChecked()


def stored_clips(win):  # noqa: ANN001, ANN201
    from services import plan

    return plan.show(win.app, None, win.state.visit_id).clips


def test_delete_in_edit_menu_and_clip_note_speed_freeze(qtbot, window) -> None:  # noqa: ANN001
    win = window
    first, second = code_two(qtbot, win)
    assert win.state.visit_id is not None
    edit_menu = win.menuBar().actions()[1].menu()
    assert win.delete_action in edit_menu.actions()
    assert win.delete_action.objectName() == "edit.delete"
    # Delete from the event list deletes the selected moment (through the registry's action).
    events = win.coding.events
    click_event_row(qtbot, win, 0)
    assert win.state.selection == [first.id]
    key(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: [a.id for a in stored(win)] == [second.id], timeout=WAIT_MS)
    settle(qtbot, win)
    assert events.model.rowCount() == 1
    key(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: len(stored(win)) == 2, timeout=WAIT_MS)

    # Into the plan by keyboard, then the clip's note, slow motion and freeze-frame.
    builder = win.coding.plan
    win.panels["plan"].raise_()
    qtbot.waitUntil(lambda: builder.moments.count() == 2, timeout=WAIT_MS)
    builder.moments.setFocus()
    builder.moments.setCurrentRow(0)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(stored_clips(win)) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: builder.clip_list.count() == 1, timeout=WAIT_MS)
    QTest.mouseClick(builder.note_edit, Qt.MouseButton.LeftButton)
    builder.note_edit.setFocus()
    type_text(qtbot, "Ask about the book")
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: stored_clips(win)[0].note == "Ask about the book", timeout=WAIT_MS)
    settle(qtbot, win)
    builder.speed_box.setFocus()
    key(qtbot, Qt.Key.Key_Down)  # 0.75×
    qtbot.waitUntil(lambda: stored_clips(win)[0].speed == 0.75, timeout=WAIT_MS)
    settle(qtbot, win)
    key(qtbot, Qt.Key.Key_Down)  # 0.5×
    qtbot.waitUntil(lambda: stored_clips(win)[0].speed == 0.5, timeout=WAIT_MS)
    builder.freeze_box.setFocus()
    builder.freeze_box.selectAll()
    type_text(qtbot, "1.5")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored_clips(win)[0].freeze_ms == 1500, timeout=WAIT_MS)
    clip = stored_clips(win)[0]
    assert clip.freeze_at_ms == clip.start_ms
    qtbot.wait(100)
    # The screen shows the stored settings (after the reloads the edits caused).
    assert builder.note_edit.text() == clip.note
    assert builder.speed_box.currentData() == clip.speed
    assert builder.freeze_box.value() == clip.freeze_ms / 1000
    # Delete with the clip list focused removes the clip, not a moment.
    builder.clip_list.setFocus()
    key(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: stored_clips(win) == (), timeout=WAIT_MS)
    assert len(stored(win)) == 2
