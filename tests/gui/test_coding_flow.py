"""Coding as a person does it: open a case, play, code three events by keyboard, undo one,
edit the caption in the inspector, find and delete an event in the event list."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.application import make_application  # noqa: E402

SHOTS = Path("/tmp/vfeedback-shots")


@pytest.fixture
def coded_window(qtbot, app, indexed_video):  # noqa: ANN001, ANN201
    """The main window with the panels installed and the 6 s indexed video open."""
    make_application()
    from gui import case_browser
    from gui.main_window import MainWindow
    from services import catalogue

    win = MainWindow(app)
    qtbot.addWidget(win)
    installed = win.coding  # installed by the main window itself
    assert installed.problems == []
    catalogue.create_case(app, None, "FAM-CODE")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
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

    # Typing in the case browser codes nothing: code keys live in the coding area.
    win.browser.tree.setFocus()
    press(qtbot, win, Qt.Key.Key_S)
    qtbot.wait(100)
    assert len(annotations(win)) == 3 and not win.coding.session.busy
    win.player.setFocus()

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

    # A screenshot of coding in use: an interval running, the events listed.
    win.state.set_playhead(4400)
    press(qtbot, win, Qt.Key.Key_A)
    win.resize(1500, 900)
    qtbot.wait(300)
    SHOTS.mkdir(parents=True, exist_ok=True)
    win.grab().save(str(SHOTS / "coding_panel.png"))
    win.panels["events"].raise_()
    qtbot.wait(100)
    win.grab().save(str(SHOTS / "coding_events.png"))
    press(qtbot, win, Qt.Key.Key_Escape)


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
    assert "Change" in session.undo_texts()[0]

    # The event list filters, jumps the playhead on Enter and deletes with Delete.
    events = win.coding.events
    qtbot.waitUntil(lambda: events.model.rowCount() == 2, timeout=3000)
    events.filter_box.setText("mummy")
    # The list reloads when the edit's change notice arrives (queued to the GUI thread).
    qtbot.waitUntil(lambda: events.proxy.rowCount() == 1, timeout=3000)
    press(qtbot, win, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # Focus events
    assert QApplication.focusWidget() is events.table
    events.table.setCurrentIndex(events.proxy.index(0, 0))
    win.state.set_playhead(0)
    qtbot.keyClick(events.table, Qt.Key.Key_Return)
    assert win.state.playhead_ms == 1500
    events.table.selectRow(0)
    qtbot.keyClick(events.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(session.annotations()) == 1, timeout=5000)
    events.filter_box.clear()
    qtbot.waitUntil(lambda: events.proxy.rowCount() == 1, timeout=3000)


def test_annotation_files_export_and_import(qtbot, coded_window, tmp_path) -> None:  # noqa: ANN001
    win = coded_window
    session, coding, files = win.coding.session, win.coding.coding, win.coding.files
    for key, ms in (("s", 700), ("r", 1400)):
        win.state.set_playhead(ms)
        coding.code_pressed(coding.code_by_shortcut(key))
    qtbot.waitUntil(lambda: len(session.annotations()) == 2 and not session.busy, timeout=5000)

    for name in ("events.eaf", "events.csv", "events.boris"):
        with qtbot.waitSignal(files.export_file(tmp_path / name).finished, timeout=5000):
            pass
        assert (tmp_path / name).stat().st_size > 100
    assert "child_signal" in (tmp_path / "events.eaf").read_text(encoding="utf-8")

    # A damaged file is refused as a whole, with a readable dialog and nothing added.
    bad = tmp_path / "broken.eaf"
    bad.write_text("<ANNOTATION_DOCUMENT><TIER", encoding="utf-8")
    files.import_file(bad)
    qtbot.waitUntil(lambda: bool(errors(win)), timeout=5000)
    assert "broken.eaf" in errors(win)[-1] and "Traceback" not in errors(win)[-1]
    assert len(session.annotations()) == 2

    # Delete both, import the CSV back: the same events; one Ctrl+Z takes the import back.
    session.delete([a.id for a in session.annotations()])
    qtbot.waitUntil(lambda: not session.annotations() and not session.busy, timeout=5000)
    files.import_file(tmp_path / "events.csv")
    qtbot.waitUntil(lambda: len(session.annotations()) == 2 and not session.busy, timeout=5000)
    assert [(a.code_key, a.start_ms) for a in session.annotations()] == [
        ("child_signal", 700), ("parent_response", 1400)]
    session.undo()
    qtbot.waitUntil(lambda: not session.annotations() and not session.busy, timeout=5000)


def test_overlay_draws_the_analysis_over_the_video(qtbot, coded_window) -> None:  # noqa: ANN001
    from analysis.results import AnalysisResult, save_results

    win = coded_window
    view = win.state.recording
    # A stored analysis with one adult whose face box and skeleton sit in the frame's middle.
    result = AnalysisResult.empty(n_frames=3, n_people=1)
    result.times = np.array([0.0, 1.0, 2.0])
    result.frame_index = np.array([0, 25, 50])
    result.width, result.height, result.fps = view.width, view.height, view.fps
    result.boxes[:, 0] = [100, 120, 160, 170]
    result.face_boxes[:, 0] = [140, 40, 180, 80]
    result.pose[:, 0, :, :2] = np.random.default_rng(1).uniform(110, 170, (3, 33, 2))
    result.pose[:, 0, :, 3] = 1.0
    save_results(win.app, view.id, result, {"stride": 25})

    overlay = win.coding.overlay
    win.resize(1200, 800)
    win.state.set_playhead(1000)
    overlay.toggle_action.trigger()
    assert overlay.enabled and overlay.layer.isVisible()
    qtbot.waitUntil(lambda: bool(overlay.layer.shapes), timeout=5000)
    kinds = {s.kind for s in overlay.layer.shapes}
    assert {"line", "box", "label"} <= kinds
    image = overlay.layer.grab().toImage()
    orange = sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
                 if (c := image.pixelColor(x, y)).red() > 200 and 120 < c.green() < 220
                 and c.blue() < 80)
    assert orange > 20  # the adult's skeleton and face box are painted
    SHOTS.mkdir(parents=True, exist_ok=True)
    win.grab().save(str(SHOTS / "overlay.png"))
    qtbot.keyClick(win, Qt.Key.Key_O,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not overlay.enabled and not overlay.layer.isVisible()
