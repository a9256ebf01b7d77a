"""The login dialog (real dialog, real keyring, real SQLCipher database) and the inactivity
lock of the main window, offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDockWidget, QLabel, QLineEdit

from gui.login import LoginDialog
from vfeedback.app import open_app
from vfeedback.security import login


@pytest.fixture
def home(protected_home: Path) -> Path:
    return protected_home


def test_login_dialog_refuses_then_logs_in(qtbot, home: Path) -> None:  # noqa: ANN001
    dialog = LoginDialog(home)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name_edit, "ada")
    qtbot.keyClicks(dialog.password_edit, "not-the-password")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.identity is None
    assert "Wrong user name or password" in dialog.error.text()
    assert dialog.password_edit.text() == ""  # the wrong one is not kept
    qtbot.keyClicks(dialog.password_edit, "admin-secret-1")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.identity is not None and dialog.identity.name == "ada"
    assert dialog.identity.role == "admin"


def test_main_window_locks_after_inactivity_and_keeps_state(qtbot, home: Path) -> None:  # noqa: ANN001
    from gui.main_window import MainWindow

    app = open_app(home, identity=login(home, "ada", "admin-secret-1"))
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.state.actor == "ada" and window.lock is not None
    assert window.lock.minutes == 10  # the default setting
    fired: list[bool] = []
    probe = QAction("probe", window)
    probe.setShortcut(QKeySequence("Ctrl+K"))
    probe.triggered.connect(lambda: fired.append(True))
    window.addAction(probe)
    docks = [d for d in window.findChildren(QDockWidget) if d.isVisible()]
    assert docks
    typed = next(e for d in docks for e in d.findChildren(QLineEdit) if e.isVisible())
    typed.setText("a note not yet saved")
    window.setWindowTitle("vfeedback — FAM-1 visit.mp4")

    window.lock.set_minutes(0.002)  # 120 ms
    qtbot.waitUntil(lambda: window.lock.locked, timeout=5000)
    assert not window.media_area.isVisible()
    assert not any(d.isVisible() for d in docks)
    assert window.centralWidget() is window.lock.panel and window.lock.panel.isVisible()
    assert "FAM-1" not in window.windowTitle()
    window.activateWindow()
    qtbot.keyClick(window.lock.panel.password_edit, Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier)
    assert not fired  # no shortcut reaches the hidden window

    qtbot.keyClicks(window.lock.panel.password_edit, "wrong-password")
    qtbot.mouseClick(window.lock.panel.unlock_button, Qt.MouseButton.LeftButton)
    assert window.lock.locked and "Wrong" in window.lock.panel.error.text()
    qtbot.keyClicks(window.lock.panel.password_edit, "admin-secret-1")
    qtbot.keyClick(window.lock.panel.password_edit, Qt.Key.Key_Return)
    assert not window.lock.locked
    assert window.centralWidget() is window.media_area and window.media_area.isVisible()
    assert all(d.isVisible() for d in docks)
    assert typed.text() == "a note not yet saved"
    assert window.windowTitle() == "vfeedback — FAM-1 visit.mp4"
    window.lock.set_minutes(0)
    qtbot.keyClick(window.media_area, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert fired  # the same shortcut works again once unlocked
    window.close()
    app.close()


def test_a_modal_dialog_open_at_the_lock_is_veiled_and_kept(qtbot, home: Path) -> None:  # noqa: ANN001
    """A message box open when the lock fires keeps its answer pending but shows nothing;
    the password is asked in a lock dialog above it; a message that opens while locked is
    veiled too, and when it goes the prompt comes back above the first; unlocking brings
    the first back as it was."""
    from PySide6.QtWidgets import QMessageBox

    from gui.main_window import MainWindow

    app = open_app(home, identity=login(home, "ada", "admin-secret-1"))
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    box = QMessageBox(QMessageBox.Icon.Question, "FAM-1 notes", "Delete FAM-1's visit?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    answers: list[int] = []
    box.finished.connect(answers.append)
    box.open()  # window-modal: hiding it would answer it
    qtbot.waitExposed(box)
    text = next(w for w in box.findChildren(QLabel) if "FAM-1" in w.text())
    assert text.isVisible()

    window.lock.lock()
    assert box.isVisible() and not answers  # still open, not answered
    assert not text.isVisible() and "FAM-1" not in box.windowTitle()
    dialog = window.lock.dialog
    assert dialog is not None and dialog.isVisible() and dialog.parent() is box
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # only the password closes it

    later = QMessageBox(QMessageBox.Icon.Warning, "Import failed",
                        "FAM-1 visit.mp4 is not a video", QMessageBox.StandardButton.Ok, window)
    later.open()  # e.g. work in the background failed meanwhile
    later_text = next(w for w in later.findChildren(QLabel) if "FAM-1" in w.text())
    qtbot.waitUntil(lambda: not later_text.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: window.lock.dialog is not dialog, timeout=5000)
    dialog = window.lock.dialog
    assert dialog.parent() is later and dialog.isVisible()
    later.done(0)  # that work's message goes away by itself: the prompt comes back above box
    qtbot.waitUntil(lambda: window.lock.dialog is not dialog, timeout=5000)
    dialog = window.lock.dialog
    assert dialog is not None and dialog.parent() is box and dialog.isVisible()

    qtbot.keyClicks(dialog.panel.password_edit, "wrong-password")
    qtbot.keyClick(dialog.panel.password_edit, Qt.Key.Key_Return)
    assert window.lock.locked and "Wrong" in dialog.panel.error.text()
    qtbot.keyClicks(dialog.panel.password_edit, "admin-secret-1")
    qtbot.keyClick(dialog.panel.password_edit, Qt.Key.Key_Return)
    assert not window.lock.locked and window.lock.dialog is None
    assert text.isVisible() and box.windowTitle() == "FAM-1 notes"
    assert box.isVisible() and not answers
    box.button(QMessageBox.StandardButton.No).click()
    assert answers == [QMessageBox.StandardButton.No]
    window.lock.set_minutes(0)
    window.close()
    app.close()


SHOOT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from gui.application import make_application
from gui.login import LoginDialog

home, out = sys.argv[1], sys.argv[2]
app = make_application()
dialog = LoginDialog(home, name="ada")
dialog.show()
dialog.password_edit.setText("not-the-password")
dialog.accept()  # one wrong try, so the picture shows how a refusal reads
def shoot():
    shot = dialog.screen().grabWindow(0).copy(dialog.frameGeometry())
    if shot.isNull() or not shot.save(out, "PNG"):
        sys.exit(3)
    app.quit()
QTimer.singleShot(800, shoot)
sys.exit(app.exec())
"""


@pytest.mark.slow
@pytest.mark.xvfb
def test_login_at_start_under_xvfb(tmp_path: Path, home: Path) -> None:
    """`vfeedback gui` on a protected home opens the login dialog on a real X server (not
    the main window); a picture of the dialog is left in /tmp/vfeedback-shots."""
    import os
    import shutil
    import subprocess
    import sys
    import time

    from test_xvfb import SHOTS, start_xvfb  # the suite's own Xvfb starter (tests/gui)

    if not shutil.which("Xvfb") or not shutil.which("xwininfo"):
        pytest.skip("Xvfb and xwininfo are needed")
    xvfb, n = start_xvfb()
    gui = None
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VFEEDBACK_")
               or k == "VFEEDBACK_DATABASE_URL"}
        env.update(DISPLAY=f":{n}", QT_QPA_PLATFORM="xcb",
                   XDG_CONFIG_HOME=str(tmp_path / "config"))
        gui = subprocess.Popen([sys.executable, "-m", "vfeedback", "--home", str(home), "gui"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        started, titles = time.monotonic(), ""
        while time.monotonic() - started < 60 and gui.poll() is None:
            titles = subprocess.run(["xwininfo", "-root", "-tree"], env=env,
                                    capture_output=True, text=True).stdout
            if "Log in" in titles:
                break
            time.sleep(0.2)
        assert gui.poll() is None, gui.communicate()[1].decode()[-2000:]
        assert '"Log in ' in titles, titles  # Qt appends ' — vfeedback'
        # The main window waits for the login (Qt's own 1x1 leader window aside).
        assert not [line for line in titles.splitlines()
                    if '"vfeedback": (' in line and "1x1+" not in line], titles
        gui.kill()
        gui.wait()

        shot = tmp_path / "login.png"
        done = subprocess.run([sys.executable, "-c", SHOOT, str(home), str(shot)], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert shot.stat().st_size > 2000
        SHOTS.mkdir(parents=True, exist_ok=True)  # docs/screenshots/login-xvfb.png is a copy
        shutil.copyfile(shot, SHOTS / "login-xvfb.png")
    finally:
        if gui is not None and gui.poll() is None:
            gui.kill()
        xvfb.kill()
        xvfb.wait()
