"""A visit recorded when the laptop died: the next start of the app stores what was filmed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from vfeedback import library  # noqa: E402
from vfeedback.models import Recording  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def test_app_start_recovers_a_killed_recording(qtbot, app):  # noqa: ANN001
    with app.db.session() as session:
        case = library.create_case(session, "F-KILL")
        visit_id = library.get_or_create_visit(session, case, 1).id
    proc = subprocess.Popen([sys.executable, "-m", "vfeedback", "--home", str(app.config.home),
                             "record", "test", "--visit", str(visit_id)],
                            env=dict(os.environ, PYTHONPATH=str(REPO)), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    capture = app.config.home / "capture"
    deadline = time.monotonic() + 20
    while not list(capture.glob("*/stream.ts")):
        assert time.monotonic() < deadline and proc.poll() is None, "recording never started"
        time.sleep(0.05)
    time.sleep(3)
    os.killpg(proc.pid, signal.SIGKILL)  # recorder and ffmpeg die with no warning
    proc.wait()

    from gui.application import make_application
    from gui.main_window import MainWindow

    make_application()
    window = MainWindow(app)
    qtbot.addWidget(window)

    def stored() -> None:
        with app.db.session() as session:
            recordings = session.query(Recording).all()
            assert len(recordings) == 1 and recordings[0].visit_id == visit_id
            assert recordings[0].source == "capture" and recordings[0].duration_s >= 1.0

    qtbot.waitUntil(stored, timeout=30_000)
    qtbot.waitUntil(lambda: "Recovered 1" in window.statusBar().currentMessage(), timeout=5000)
    assert not [p for p in capture.iterdir() if p.is_dir()]  # working folder cleaned up
