"""The main window's live refresh and outbox, without a server outage: edits the server
refused when they were sent are shown, listed and forgotten; a change reported during a look at
another recording is looked at."""

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


def test_a_change_during_a_look_at_another_recording_is_looked_at(
        qtbot, app, recording_id, second_video, monkeypatch) -> None:  # noqa: ANN001
    """Recordings switched while a look was under way: the change reported for the recording
    now open is looked at when that look ends (it used to look at the old one again)."""
    make_application()
    from gui.main_window import MainWindow
    from services import annotations, catalogue

    with app.db.session() as session:
        visit_id = session.get(Recording, recording_id).visit_id
    [second] = catalogue.import_files(app, None, visit_id, [second_video]).value
    looked: list[int] = []
    real = annotations.refresh

    def refresh(app_, actor, rid):  # noqa: ANN001, ANN202
        looked.append(rid)
        return real(app_, actor, rid)

    monkeypatch.setattr(annotations, "refresh", refresh)
    win = MainWindow(app)
    qtbot.addWidget(win)
    win.open_recording(second)
    live = win.live
    qtbot.wait(1500)  # the watcher's first look at the opened recording, if any, is done
    qtbot.waitUntil(lambda: not live._polling, timeout=10_000)
    looked.clear()
    live._polling = True  # a look at the first recording under way...
    live._poll(second)  # ...when the open one, the second, changes
    assert looked == []
    live._polled(recording_id)  # the first look ends
    qtbot.waitUntil(lambda: second in looked, timeout=10_000)
