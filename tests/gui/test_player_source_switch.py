"""Switching the player's file (to the seek proxy when it is ready) while it plays waits for
the next pause: the recording goes on playing from where it was (issue 14's real-window run
saw the video stop and jump back to 0:00 when "Smooth seeking ready" came mid-coding)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from gui.application import make_application  # noqa: E402


def test_a_new_source_while_playing_waits_for_the_pause(qtbot, app, indexed_video) -> None:  # noqa: ANN001
    make_application()
    from gui import case_browser
    from gui.main_window import MainWindow
    from services import catalogue

    catalogue.create_case(app, None, "P-SWITCH")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    window.open_recording(rid)
    player, state = window.player, window.state
    if player.media is None:
        pytest.skip("QtMultimedia is not available")
    first = player.source_path
    player.play()
    qtbot.waitUntil(lambda: state.playhead_ms > 600, timeout=10000)
    with window.app.store.media_path(state.recording.store_key) as original:
        other = str(original)
    assert other != first
    player.set_source(other)
    at = state.playhead_ms
    qtbot.wait(400)
    assert player.playing and state.playhead_ms > at  # still going, not back at 0
    assert player.source_path == first
    player.pause()
    qtbot.waitUntil(lambda: player.source_path == other, timeout=5000)
    assert state.playhead_ms >= at
    window.close()
