"""The player and its frame cache on real index-coded footage: exact frames when stepping."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402

from gui.application import make_application  # noqa: E402
from gui.frame_cache import FrameCache  # noqa: E402
from vfeedback.media.synth import read_index_code  # noqa: E402


@pytest.fixture
def opened(qtbot, app, indexed_video):  # noqa: ANN001, ANN201
    make_application()
    from gui import case_browser
    from gui.main_window import MainWindow
    from services import catalogue

    case_id = catalogue.create_case(app, None, "P-1").value
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    assert case_browser.load_cases(app)[0].id == case_id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    window.open_recording(rid)
    yield window
    window.close()


def shown_index(window) -> int:  # noqa: ANN001
    rgb = window.player.cache.get(window.player.still.frame_index)
    return read_index_code(rgb)


def test_frame_cache_returns_exact_frames(indexed_video) -> None:  # noqa: ANN001
    with FrameCache(indexed_video, capacity=20) as cache:
        assert cache.frame_count == 150
        for index in (0, 149, 77, 76, 3, 120):
            assert read_index_code(cache.get(index)) == index
        cache.prefetch(50)
        cache._worker.join(0.5)  # give the prefetch a moment; it never blocks get()
        assert read_index_code(cache.get(49)) == 49
        assert len(cache._frames) <= 20


def test_steps_and_jumps_show_the_exact_frame(qtbot, opened) -> None:  # noqa: ANN001
    window = opened
    player, state = window.player, window.state
    assert state.recording.frame_count == 150
    # The proxy is made at import, so the player reads it rather than the original.
    with window.app.store.media_path(state.recording.store_key) as original:
        assert player.source_path != str(original)
    player.step(1)
    qtbot.waitUntil(lambda: player.still.frame_index == 1)
    assert shown_index(window) == 1
    player.jump(1000)  # +1 s = +25 frames
    qtbot.waitUntil(lambda: player.still.frame_index == 26)
    assert shown_index(window) == 26
    player.step(-1)
    qtbot.waitUntil(lambda: player.still.frame_index == 25)
    assert shown_index(window) == 25
    player.jump(-5000)
    assert state.playhead_ms == 0
    player.set_speed(0.5)
    assert player.speed == 0.5
    assert "frame 0 / 150" in player.time_label.text()


@pytest.mark.qtmultimedia
def test_keyboard_transport(qtbot, opened) -> None:  # noqa: ANN001
    window = opened
    window.activateWindow()
    window.timeline.setFocus()
    qtbot.waitUntil(window.timeline.hasFocus, timeout=2000)
    # Real key presses: the transport keys work with the focus in the player/timeline area.
    qtbot.keyClick(window.timeline, Qt.Key.Key_Right)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Period)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.state.playhead_ms == 80 + 5000
    qtbot.keyClick(window.timeline, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert window.state.playhead_ms == 80 + 4000
    window.player.actions_by_name["start"].trigger()
    assert window.state.playhead_ms == 0
    keys = {s.toString() for a in window.player.actions_by_name.values() for s in a.shortcuts()}
    assert {"Space", "K", "J", "L", "Left", "Right", "Shift+Left", "Ctrl+Right"} <= keys


@pytest.mark.qtmultimedia
def test_play_moves_the_playhead(qtbot, opened) -> None:  # noqa: ANN001
    window = opened
    window.player.play()
    qtbot.waitUntil(lambda: window.state.playhead_ms > 200, timeout=5000)
    window.player.pause()
    assert not window.player.playing
    assert window.player.media is not None  # this one is about QMediaPlayer


@pytest.mark.qtmultimedia
def test_pausing_and_closing_while_playing_return(qtbot, app, indexed_video) -> None:  # noqa: ANN001
    """Pause, switch and close during playback: once, the GIL held across QMediaPlayer.pause()
    deadlocked with Qt's FFmpeg audio thread (see gui.player.call_released); pytest-timeout
    turns a return of that into a failure with every thread's stack."""
    from gui.main_window import MainWindow
    from services import catalogue

    catalogue.create_case(app, None, "P-2")
    from gui import case_browser

    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    for _round in range(3):
        window = MainWindow(app)
        qtbot.addWidget(window)
        window.show()
        window.open_recording(rid)
        window.player.play()
        qtbot.waitUntil(lambda w=window: w.state.playhead_ms > 100, timeout=5000)
        window.player.pause()
        assert not window.player.playing
        window.player.play()
        qtbot.wait(150)
        window.close()  # while playing
        assert window.player.recording is None


def test_silent_frame_playback_without_qtmultimedia(qtbot, monkeypatch, indexed_video) -> None:  # noqa: ANN001
    """Without PySide6-Addons the player still plays (from the frame cache, silently)."""
    monkeypatch.setenv("VFEEDBACK_NO_QTMULTIMEDIA", "1")
    from gui.player import Player
    from gui.state import GuiState, RecordingView

    state = GuiState()
    player = Player(state)
    qtbot.addWidget(player)
    player.show()
    view = RecordingView(1, "indexed.mp4", 6000, 25.0, 320, 180, "0" * 64)
    state.set_recording(view)
    player.open_recording(view, str(indexed_video))
    assert player.media is None
    player.set_speed(2.0)
    player.play()
    qtbot.waitUntil(lambda: state.playhead_ms > 400, timeout=5000)
    player.pause()
    shown = player.still.frame_index
    assert read_index_code(player.cache.get(shown)) == shown == view.frame_at(state.playhead_ms)
    player.open_recording(None)
