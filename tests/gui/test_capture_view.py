"""The capture view records from the test source: start, mark (M), stop, recording added."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from vfeedback.library import create_case, get_or_create_visit, recording_by_id  # noqa: E402
from vfeedback.models import Annotation  # noqa: E402

SHOTS = Path(os.environ.get("VFEEDBACK_SHOTS", "/tmp/vfeedback-shots"))


def test_capture_view_records_marks_and_stores(qtbot, app):
    from gui.capture_view import CaptureView

    with app.db.session() as session:
        visit_id = get_or_create_visit(session, create_case(session, "F07"), 2,
                                       theme="Exploration vs attachment").id
    view = CaptureView(app)
    qtbot.addWidget(view)
    view.resize(720, 560)
    view.show()
    assert view.source_box.count() >= 1
    view.source_box.setCurrentIndex(view.source_box.count() - 1)  # the test source is last
    assert "Test" in view.source_box.currentText()
    view.set_visit(visit_id)  # the visits load in the background: chosen when they arrive
    qtbot.waitUntil(lambda: view.visit_box.currentData() == visit_id, timeout=5000)

    qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    assert view.recording
    qtbot.waitUntil(lambda: view.recorder.status.elapsed_s >= 1.2, timeout=10_000)
    qtbot.waitUntil(lambda: view.preview.pixmap() is not None
                    and not view.preview.pixmap().isNull(), timeout=5_000)
    qtbot.keyClick(view, Qt.Key.Key_M)
    assert view.recorder.status.markers == 1
    qtbot.waitUntil(lambda: view.recorder.status.elapsed_s >= 2.0, timeout=10_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert view.grab().save(str(SHOTS / "capture_view.png"))

    with qtbot.waitSignal(view.recordingAdded, timeout=20_000) as added:
        qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    recording_id = added.args[0]
    qtbot.waitUntil(lambda: not view.recording, timeout=5_000)
    with app.db.session() as session:
        recording = recording_by_id(session, recording_id)
        assert recording.visit_id == visit_id and recording.duration_s >= 1.8
        marks = session.query(Annotation).filter_by(recording_id=recording_id).all()
        assert len(marks) == 1 and 900 <= marks[0].start_ms <= recording.duration_ms
    assert view.record_button.text() == "Record"
