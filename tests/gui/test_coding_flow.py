"""Coding as a person does it: open a case, play, code three events by keyboard, undo one,
edit the caption in the inspector, find and delete an event in the event list."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.application import make_application  # noqa: E402


@pytest.fixture
def coded_window(qtbot, app, indexed_video):  # noqa: ANN001, ANN201
    """The main window with the panels installed and the 6 s indexed video open."""
    make_application()
    from gui import case_browser
    from gui.main_window import MainWindow
    from gui.panels import install

    win = MainWindow(app)
    qtbot.addWidget(win)
    installed = install(win)
    assert not [p for p in installed.problems if p.startswith("coding")]
    case_browser.create_case(app, "FAM-CODE")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = case_browser.import_files(app, visit_id, [indexed_video])
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.open_recording(rid)
    yield win
    win.close()


def errors(win):  # noqa: ANN001, ANN201
    from PySide6.QtWidgets import QMessageBox

    return [b.text() for b in win.findChildren(QMessageBox) if b.objectName() == "operationError"]


def annotations(win):  # noqa: ANN001, ANN201
    return win.coding.session.annotations()


def press(qtbot, win, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    # Keys go to whatever has the focus in the window, as they would for a person.
    target = QApplication.focusWidget() or win
    qtbot.keyClick(target, key, modifier)


def test_code_three_events_by_keyboard_and_undo(qtbot, coded_window) -> None:  # noqa: ANN001
    win = coded_window
    coding = win.coding.coding
    win.player.setFocus()
    assert coding.scheme is not None and coding.scheme.name == "vipp-sd"
    # Play a moment: the playhead moves by itself.
    win.player.play()
    qtbot.waitUntil(lambda: win.state.playhead_ms > 200, timeout=10000)
    win.player.pause()

    win.state.set_playhead(1000)
    press(qtbot, win, Qt.Key.Key_S)  # child's signal: a point
    qtbot.waitUntil(lambda: len(annotations(win)) == 1, timeout=5000)
    win.state.set_playhead(2000)
    press(qtbot, win, Qt.Key.Key_E)  # exploration: an interval starts…
    assert coding.open_interval is not None
    assert "Recording interval" in coding.interval_label.text()
    win.state.set_playhead(3200)
    press(qtbot, win, Qt.Key.Key_E)  # …and ends
    assert coding.open_interval is None
    qtbot.waitUntil(lambda: len(annotations(win)) == 2, timeout=5000)
    win.state.set_playhead(4000)
    press(qtbot, win, Qt.Key.Key_P)  # positive reinforcement: a point
    qtbot.waitUntil(lambda: len(annotations(win)) == 3, timeout=5000)

    rows = annotations(win)
    assert [(a.code_key, a.start_ms, a.end_ms) for a in rows] == [
        ("child_signal", 1000, None), ("exploration", 2000, 3200),
        ("positive_reinforcement", 4000, None)]
    assert all(a.valence == "strength" for a in rows)  # the panel's default valence
    # The newest event is selected, so the inspector shows it; the list shows all three.
    qtbot.waitUntil(lambda: win.state.selection == [rows[2].id], timeout=3000)
    assert win.coding.inspector.current.id == rows[2].id
    qtbot.waitUntil(lambda: win.coding.events.model.rowCount() == 3, timeout=3000)

    # An interval started and cancelled with Esc leaves nothing behind.
    win.state.set_playhead(5000)
    press(qtbot, win, Qt.Key.Key_E)
    assert coding.open_interval is not None
    press(qtbot, win, Qt.Key.Key_Escape)
    assert coding.open_interval is None

    # Ctrl+Z undoes the last event through the annotation engine's command stack.
    press(qtbot, win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(annotations(win)) == 2, timeout=5000)
    assert [a.code_key for a in annotations(win)] == ["child_signal", "exploration"]
    qtbot.waitUntil(lambda: win.coding.events.model.rowCount() == 2, timeout=3000)
    press(qtbot, win, Qt.Key.Key_Z,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(annotations(win)) == 3, timeout=5000)


def test_inspector_and_event_list(qtbot, coded_window) -> None:  # noqa: ANN001
    win = coded_window
    session, coding = win.coding.session, win.coding.coding
    code = coding.code_by_shortcut("r")  # parent's response
    coding.set_default_valence("work_on")
    win.state.set_playhead(1500)
    coding.code_pressed(code)
    win.state.set_playhead(500)
    coding.code_pressed(coding.code_by_shortcut("s"))
    qtbot.waitUntil(lambda: len(session.annotations()) == 2 and not session.busy, timeout=5000)
    first = session.annotations()[1]
    assert (first.code_key, first.valence, first.subject) == ("parent_response", "work_on",
                                                               "parent")

    # Edit the caption and comment in the inspector: saved through the editor, undoable.
    win.state.set_selection([first.id])
    inspector = win.coding.inspector
    inspector.caption_edit.setFocus()
    inspector.caption_edit.setText("Mummy, look what I found!")
    inspector.caption_edit.setModified(True)
    inspector.caption_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: session.get(first.id).caption == "Mummy, look what I found!",
                    timeout=5000)
    inspector.valence_box.setCurrentIndex(inspector.valence_box.findData("strength"))
    inspector.valence_box.activated.emit(inspector.valence_box.currentIndex())
    qtbot.waitUntil(lambda: session.get(first.id).valence == "strength", timeout=5000)
    assert not errors(win)
    assert "Change" in session.editor.undo_text

    # The event list filters, jumps the playhead on Enter and deletes with Delete.
    events = win.coding.events
    qtbot.waitUntil(lambda: events.model.rowCount() == 2, timeout=3000)
    events.filter_box.setText("mummy")
    assert events.proxy.rowCount() == 1
    events.table.setFocus()
    events.table.setCurrentIndex(events.proxy.index(0, 0))
    win.state.set_playhead(0)
    qtbot.keyClick(events.table, Qt.Key.Key_Return)
    assert win.state.playhead_ms == 1500
    events.table.selectRow(0)
    qtbot.keyClick(events.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(session.annotations()) == 1, timeout=5000)
    events.filter_box.clear()
    qtbot.waitUntil(lambda: events.proxy.rowCount() == 1, timeout=3000)
