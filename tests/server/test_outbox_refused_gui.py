"""The window shows edits the server refused when they were sent (kept with the reason by
services.outbox), lists them, and forgets them when asked."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from gui.application import make_application  # noqa: E402
from services import assignments, outbox  # noqa: E402
from vfeedback.models import Recording  # noqa: E402


def test_refused_edits_are_listed_and_forgotten_in_the_window(qtbot, app, recording_id,
                                                                vipp) -> None:  # noqa: ANN001
    make_application()
    from gui.main_window import MainWindow

    assignments.add_user_row(app, None, "cleo", "clinician")
    with app.db.session() as session:
        case_id = session.get(Recording, recording_id).visit.case_id
    assignments.assign(app, None, case_id, "cleo")
    outbox.keep(app, "cleo", recording_id, "add",
                {"code_id": vipp["empathy"], "start_ms": 4200}, "Add event")
    assignments.assign(app, None, case_id, "cleo", remove=True)
    assert outbox.send(app, "cleo").value.dropped

    win = MainWindow(app)
    qtbot.addWidget(win)
    label = win.live.refused_label
    assert not label.isHidden() and "1 edit refused by the server" in label.text()
    box = win.live.show_refused()
    assert box is not None
    assert f"Recording {recording_id}: Add event: " in box.detailedText()
    assert "no access" in box.detailedText()
    forget = next(b for b in box.buttons()
                  if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    forget.click()
    qtbot.waitUntil(lambda: label.isHidden(), timeout=5000)
    assert outbox.refused(app, None) == []
    assert win.live.show_refused() is None
