"""The main window as a person uses it: create a case, import footage with progress, open it,
rename, set a theme; errors become readable dialogs, never tracebacks."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from gui.application import make_application  # noqa: E402
from gui.operations import run_in_background  # noqa: E402
from services.changes import Changes, Outcome, Subject  # noqa: E402
from vfeedback.errors import InputError  # noqa: E402


@pytest.fixture
def window(qtbot, app):  # noqa: ANN001, ANN201
    make_application()
    from gui.main_window import MainWindow

    win = MainWindow(app)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def test_create_case_import_and_open(qtbot, window, indexed_video) -> None:  # noqa: ANN001
    browser = window.browser
    with qtbot.waitSignal(browser.create_case("FAM-7").finished, timeout=5000) as blocker:
        pass
    assert blocker.args == [True]
    assert window.state.case_id is not None
    assert browser.tree.topLevelItem(0).text(0) == "FAM-7"
    visit_item = browser.tree.topLevelItem(0).child(0)
    browser.tree.setCurrentItem(visit_item)
    assert window.state.visit_id is not None
    with qtbot.waitSignal(browser.recordingActivated, timeout=30000) as opened:
        browser.import_paths([indexed_video])
    # The proxy is made in the background after the copy; opening does not make a second one.
    proxy_op = window.make_proxy_later(opened.args[0])
    assert window.make_proxy_later(opened.args[0]) is proxy_op
    window.open_recording(opened.args[0])
    if not proxy_op.result:
        with qtbot.waitSignal(proxy_op.finished, timeout=30000):
            pass
    from vfeedback.media.proxy import find_proxy

    with window.app.db.session() as session:
        proxy_key = find_proxy(session, opened.args[0]).store_key
    qtbot.waitUntil(lambda: window.player.source_path.endswith(proxy_key), timeout=5000)
    assert window.state.recording.frame_count == 150
    assert browser.recordings.count() == 1
    # The proxy is registered as a derivative of the recording.
    from vfeedback.media.proxy import find_proxy

    with window.app.db.session() as session:
        assert find_proxy(session, opened.args[0]) is not None
    with qtbot.waitSignal(browser.set_theme("my theme").finished, timeout=5000):
        pass
    assert browser.tree.topLevelItem(0).child(0).text(1) == "my theme"
    assert "indexed.mp4" in window.windowTitle()


def test_bad_import_shows_a_readable_error(qtbot, window, tmp_path) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.browser.create_case("FAM-8").finished, timeout=5000):
        pass
    window.browser.tree.setCurrentItem(window.browser.tree.topLevelItem(0).child(0))
    junk = tmp_path / "not-a-video.mp4"
    junk.write_bytes(b"this is not video" * 100)
    op = window.browser.import_paths([junk])
    with qtbot.waitSignal(op.finished, timeout=10000) as blocker:
        pass
    assert blocker.args == [False]
    boxes = [w for w in window.findChildren(QMessageBox) if w.objectName() == "operationError"]
    assert boxes and "not-a-video.mp4" in boxes[-1].text()
    assert "Traceback" not in boxes[-1].text()


def test_operation_reports_progress_and_change_notice(qtbot, window) -> None:  # noqa: ANN001
    seen = []
    window.state.dataChanged.connect(seen.append)

    def work(progress, cancel):  # noqa: ANN001, ANN202
        progress(0.5, "half")
        return Outcome(42, Changes({Subject.PLAN}))
    op = run_in_background(window, work, title="t", state=window.state)
    with qtbot.waitSignal(op.finished, timeout=5000):
        pass
    # The service's own change notice reaches the views; the shell wrote none.
    assert op.result == 42 and seen and seen[0].touches(Subject.PLAN)

    def bad(progress, cancel):  # noqa: ANN001, ANN202
        raise InputError("That time is outside the recording")
    op = run_in_background(window, bad, title="t2", state=window.state)
    with qtbot.waitSignal(op.finished, timeout=5000):
        pass
    assert isinstance(op.error, InputError)


def test_layout_is_remembered(qtbot, app, window) -> None:  # noqa: ANN001
    window.panels["cases"].hide()
    window.save_layout()
    from gui.main_window import MainWindow

    again = MainWindow(app)
    qtbot.addWidget(again)
    again.show()
    assert "cases" in again.panels
    assert again.panels["cases"].isHidden()


def test_drop_files_on_the_browser_imports_them(qtbot, window, indexed_video) -> None:  # noqa: ANN001
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    with qtbot.waitSignal(window.browser.create_case("FAM-9").finished, timeout=5000):
        pass
    window.browser.tree.setCurrentItem(window.browser.tree.topLevelItem(0).child(0))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(indexed_video))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.browser.recordingActivated, timeout=30000):
        window.browser.dropEvent(event)
    qtbot.waitUntil(lambda: window.browser.recordings.count() == 1, timeout=5000)


def test_long_work_shows_progress_and_can_be_cancelled(qtbot, window) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog

    def slow(progress, cancel):  # noqa: ANN001, ANN202
        for i in range(200):
            progress(i / 200, f"step {i}")
            cancel.check()
            time.sleep(0.02)
        return "finished"
    messages = []
    window.state.statusMessage.connect(messages.append)
    op = run_in_background(window, slow, title="Slow work", state=window.state)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QProgressDialog)),
                    timeout=3000)
    [dialog] = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    assert dialog.value() > 0 and dialog.labelText().startswith("step")
    from PySide6.QtWidgets import QPushButton

    [button] = dialog.findChildren(QPushButton)
    assert button.text() == "Cancel"
    with qtbot.waitSignal(op.finished, timeout=5000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args == [False] and op.result is None
    assert any("Cancelled" in m for m in messages)
    assert not [w for w in window.findChildren(QMessageBox) if w.objectName() == "operationError"]
