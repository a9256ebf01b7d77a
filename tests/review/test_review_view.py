"""The review view: two sets on parallel tracks, differences by kind, next/previous keys,
agreement that follows edits of either set, and the comments panel."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def view(qtbot, app, recording_id, two_sets):  # noqa: ANN001, ANN201
    from gui.review_view import ReviewView
    from gui.state import GuiState
    from services import catalogue

    state = GuiState()
    state.set_recording(catalogue.get_recording(app, None, recording_id))
    widget = ReviewView(app, state, recording_id, 6000)
    widget.choose("tina", "sam")
    qtbot.addWidget(widget)
    widget.resize(1000, 620)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: not widget.loading, timeout=10_000)  # read off the GUI thread
    return widget


def _table(view) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    return {view.table.item(r, 0).text(): (view.table.item(r, 1).text(),
                                           view.table.item(r, 2).text())
            for r in range(view.table.rowCount())}


def test_two_sets_differences_and_keys(qtbot, view, app, recording_id, tmp_path):
    assert [name for name, _items in view.tracks.lanes] == ["tina", "sam"]
    assert [len(items) for _name, items in view.tracks.lanes] == [3, 4]
    assert _table(view)["empathy"] == ("0.16", "0.67")
    assert [d.kind for d in view.tracks.differences] == ["valence", "shifted", "missed",
                                                         "code"]
    view.activateWindow()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert view.tracks.current.kind == "valence" and view.state.playhead_ms == 0
    qtbot.keyClick(view, Qt.Key.Key_N)
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert view.tracks.current.kind == "missed" and view.state.playhead_ms == 3000
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert view.tracks.current.kind == "shifted"
    from services import review

    first = review.add_comment(app, "sam", recording_id, "She signals at 1.0 s: the lifted "
                               "arm", at_ms=1000).value
    review.add_comment(app, "tina", recording_id, "I coded the sound, not the arm",
                       parent_id=first)
    view.refresh()
    assert view.loading  # the answer comes from a worker thread
    qtbot.waitUntil(lambda: not view.loading, timeout=10_000)
    assert view.comment_list.count() == 2
    shots = DOCS if os.environ.get("VFEEDBACK_SCREENSHOTS") else tmp_path
    assert view.grab().save(str(shots / "review.png"))


def test_one_read_at_a_time_and_the_newest_choice_is_shown(qtbot, view, monkeypatch):
    """Refreshes asked for while a read runs (coder and reference chosen one after the other,
    edits) wait for it and are made once: reads never overlap, and the last choice shows."""
    import threading
    import time

    from services import review

    real, lock = review.set_annotations, threading.Lock()
    seen = {"now": 0, "most": 0, "reads": 0}

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        with lock:
            seen["now"] += 1
            seen["most"] = max(seen["most"], seen["now"])
            seen["reads"] += 1
        try:
            time.sleep(0.05)  # a slow clinic server
            return real(*args, **kwargs)
        finally:
            with lock:
                seen["now"] -= 1

    monkeypatch.setattr(review, "set_annotations", counted)
    for _ in range(5):
        view.refresh()
    view.choose("sam", "tina")
    qtbot.waitUntil(lambda: not view.loading, timeout=10_000)
    assert seen["most"] == 1
    assert seen["reads"] == 4  # the first refresh's two sets, then the newest choice's two
    assert [name for name, _items in view.tracks.lanes] == ["sam", "tina"]


def test_agreement_follows_edits_and_comments_are_kept(qtbot, view, app, recording_id, vipp):
    from gui.operations import run_in_background
    from services import annotations

    app.db.actor = "tina"  # the trainee adds the child signal she missed, from the app
    try:
        run_in_background(None, lambda _p, _c: annotations.add(
            app, "tina", recording_id, vipp["child_signal"], 3000, None), state=view.state,
            show_progress=False)
        qtbot.waitUntil(lambda: "missed" not in [d.kind for d in view.tracks.differences],
                        timeout=10_000)
    finally:
        app.db.actor = "local"
    assert _table(view)["child_signal"][1] == "1.00"  # both onsets now match
    view.diff_list.setCurrentRow(0)
    view.comment_text.setText("Strength or to work on?")
    view.add_comment()
    qtbot.waitUntil(lambda: view.comment_list.count() == 1, timeout=10_000)
    assert "0:00.0" in view.comment_list.item(0).text()
    assert "Strength or to work on?" in view.comment_list.item(0).text()


def test_timeline_shows_one_set_or_all(qtbot, app, recording_id, two_sets):
    from gui.state import GuiState
    from gui.timeline import Timeline
    from services import catalogue

    state = GuiState()
    timeline = Timeline(app, state)
    qtbot.addWidget(timeline)
    state.set_recording(catalogue.get_recording(app, None, recording_id))
    assert len(timeline.index) == 7  # every set, as before
    timeline.show_set("tina")
    assert len(timeline.index) == 3
    timeline.show_set(None)
    assert len(timeline.index) == 7


def test_the_kinds_of_difference_are_in_the_apps_language() -> None:
    from gui.review_view import ReviewView
    from vfeedback.i18n import current_language, set_language

    before = current_language()
    try:
        set_language("sv")
        assert ReviewView.kind_title("shifted") == "förskjuten start"
        assert ReviewView.kind_title("missed") == "missad"
        set_language("en")
        assert ReviewView.kind_title("shifted") == "shifted onset"
    finally:
        set_language(before)


def test_closed_review_windows_go_and_a_lost_server_is_said(qtbot, app, recording_id, two_sets,
                                                            monkeypatch):
    """A closed review window is deleted (no more reading and comparing on each edit); the
    Review action raises the open one; a read that fails is said in the window."""
    from PySide6.QtWidgets import QWidget

    from gui import review_view
    from gui.state import GuiState
    from services import catalogue
    from services import review as review_service
    from services.changes import Changes, Subject
    from vfeedback.db import ServerUnreachable

    window = QWidget()
    qtbot.addWidget(window)
    window.app, window.state = app, GuiState()
    window.state.set_recording(catalogue.get_recording(app, None, recording_id))
    first = review_view.open_review(window)
    assert review_view.open_review(window) is first  # the same window, raised
    for _ in range(3):
        review_view.open_review(window).close()
    qtbot.waitUntil(lambda: not window.findChildren(review_view.ReviewView), timeout=5000)

    view = review_view.open_review(window)
    qtbot.waitUntil(lambda: not view.loading, timeout=10_000)
    shown = view.overall.text()

    def gone(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise ServerUnreachable("The clinic server cannot be reached")

    monkeypatch.setattr(review_service, "set_annotations", gone)
    window.state.dataChanged.emit(Changes({Subject.ANNOTATIONS}, recording_id))
    qtbot.waitUntil(lambda: "cannot be reached" in view.overall.text(), timeout=10_000)
    assert shown != view.overall.text()
    assert sorted(len(items) for _name, items in view.tracks.lanes) == [3, 4]  # still shown
    view.close()
