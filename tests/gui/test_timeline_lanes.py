"""The timeline's analysis lanes: one compact cues lane (suggestion bands over a mutual-gaze
strip) that expands to the cue plots and hides with the analysis display, the sound lanes
(waveform, adult / child voice rows) after a real analysis, a suggestion that plays when
clicked, and "to work on" moments drawn differently from strengths."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402

from gui.state import GuiState, RecordingView  # noqa: E402
from gui.timeline import (  # noqa: E402
    LABEL_W,
    RULER_H,
    TRACK_H,
    CueTrack,
    SuggestionBand,
    Timeline,
    TimelineEvent,
    VoiceBlock,
    Waveform,
)

REC = RecordingView(1, "x.mp4", 60_000, 25.0, 1280, 720, "0" * 64)
COLOUR = "#c44e52"


def make_timeline(qtbot) -> tuple[Timeline, GuiState]:  # noqa: ANN001
    state = GuiState()
    timeline = Timeline(None, state)
    qtbot.addWidget(timeline)
    timeline.resize(1000 + LABEL_W, 400)
    timeline.show()
    timeline.recording = REC
    state.recording = REC
    timeline.fit()
    return timeline, state


def with_analysis(timeline: Timeline) -> None:
    times = [i * 100.0 for i in range(600)]
    gaze = [1.0 if 10_000 <= t < 15_000 else 0.0 for t in times]
    cues = [CueTrack(name, times, values) for name, values in (
        ("mutual gaze", gaze), ("distance", [0.5] * 600), ("energy", [0.2] * 600))]
    timeline.set_cues(cues)
    timeline.suggestions = [SuggestionBand(7, 20_000, 26_000, "conversation")]
    rate = 50.0
    env = np.zeros(int(60 * rate), np.float32)
    env[int(30 * rate):int(33 * rate)] = 0.8
    timeline.waveform = Waveform(rate, -env, env)
    timeline.voices = [VoiceBlock("adult", 30_000, 33_000, "speech", "speech", 1.0),
                       VoiceBlock("child", 34_000, 35_000, "laugh", "laugh", 0.5)]
    timeline._fit_height()


def kinds(timeline: Timeline) -> list[str]:
    return [r[0] for r in timeline.canvas.rows()]


def test_cues_are_one_collapsed_lane_under_the_coded_tracks(qtbot) -> None:  # noqa: ANN001
    timeline, state = make_timeline(qtbot)
    timeline.set_events([TimelineEvent(1, 1000, 2000, "#4c72b0", "praise", "praise")])
    with_analysis(timeline)
    assert kinds(timeline) == ["track", "cues", "wave", "voice:adult", "voice:child"]
    # The mutual-gaze strip is drawn from the cue's runs.
    assert timeline.gaze_runs == [pytest.approx((9950.0, 14950.0))]
    # Clicking the lane's label expands it to the full cue rows, and again folds them.
    cues_row = next(r for r in timeline.canvas.rows() if r[0] == "cues")
    label = QPoint(20, int(cues_row[2] + 5))
    qtbot.mouseClick(timeline.canvas, Qt.MouseButton.LeftButton, pos=label)
    assert kinds(timeline) == ["track", "cues", "cue", "cue", "cue", "wave", "voice:adult",
                               "voice:child"]
    qtbot.mouseClick(timeline.canvas, Qt.MouseButton.LeftButton, pos=label)
    assert kinds(timeline).count("cue") == 0
    # The analysis display off: only the coded moments remain.
    state.set_analysis_shown(False)
    assert kinds(timeline) == ["track"]
    assert timeline.canvas.minimumHeight() <= RULER_H + TRACK_H + 4
    state.set_analysis_shown(True)
    assert "cues" in kinds(timeline)


def test_lanes_paint_the_gaze_strip_waveform_and_voices(qtbot) -> None:  # noqa: ANN001
    timeline, _state = make_timeline(qtbot)
    with_analysis(timeline)
    image = timeline.canvas.grab().toImage()
    rows = {r[0]: r for r in timeline.canvas.rows()}
    base = timeline.palette().color(timeline.backgroundRole())

    def pixel(ms: float, row: str, dy: float) -> QColor:
        return image.pixelColor(int(timeline.canvas.x_of(ms)), int(rows[row][2] + dy))

    cues = rows["cues"]
    strip_y = cues[3] - 3
    assert pixel(12_000, "cues", strip_y) == QColor("#2a9d8f")  # mutual gaze
    assert pixel(40_000, "cues", strip_y) != QColor("#2a9d8f")
    wave_mid = rows["wave"][3] / 2
    assert pixel(31_000, "wave", wave_mid - 6) == QColor("#8172b3")  # loud
    assert pixel(40_000, "wave", wave_mid - 6) != QColor("#8172b3")  # silent
    assert pixel(31_000, "voice:adult", 6) == QColor("#4c72b0")  # sure: opaque speech blue
    child = pixel(34_500, "voice:child", 6)
    assert child != QColor("#e1a730") and child != base  # half sure: a paler laugh
    assert pixel(31_000, "voice:child", 6) != QColor("#4c72b0")


def test_clicking_a_suggestion_seeks_to_its_start_and_plays(qtbot) -> None:  # noqa: ANN001
    timeline, state = make_timeline(qtbot)
    with_analysis(timeline)
    cues = next(r for r in timeline.canvas.rows() if r[0] == "cues")
    where = QPoint(int(timeline.canvas.x_of(23_000)), int(cues[2] + 6))
    with qtbot.waitSignal(state.playRequested, timeout=2000):
        qtbot.mouseClick(timeline.canvas, Qt.MouseButton.LeftButton, pos=where)
    assert state.playhead_ms == 20_000
    # A click on the gaze strip below the bands is an ordinary seek, not a play.
    state.set_playhead(0)
    strip = QPoint(int(timeline.canvas.x_of(23_000)), int(cues[2] + cues[3] - 2))
    with qtbot.assertNotEmitted(state.playRequested):
        qtbot.mouseClick(timeline.canvas, Qt.MouseButton.LeftButton, pos=strip)
    assert state.playhead_ms == pytest.approx(23_000, abs=120)


def test_to_work_on_is_drawn_hollow_and_a_strength_filled(qtbot) -> None:  # noqa: ANN001
    timeline, _state = make_timeline(qtbot)
    timeline.set_events([
        TimelineEvent(1, 5_000, 15_000, COLOUR, "x", "a interval strength", "strength"),
        TimelineEvent(2, 5_000, 15_000, COLOUR, "x", "b interval work on", "work_on"),
        TimelineEvent(3, 30_000, None, COLOUR, "x", "c point strength", "strength"),
        TimelineEvent(4, 30_000, None, COLOUR, "x", "d point work on", "work_on")])
    image = timeline.canvas.grab().toImage()
    rows = {r[1]: r for r in timeline.canvas.rows()}
    red = QColor(COLOUR)

    def at(ms: float, name: str, dy: float) -> QColor:
        row = rows[name]
        return image.pixelColor(int(timeline.canvas.x_of(ms)), int(row[2] + row[3] / 2 + dy))

    assert at(10_000, "a interval strength", 0) == red  # filled
    assert at(10_000, "b interval work on", 0) != red  # hollow inside
    top = rows["b interval work on"][2] + 4
    xs = range(int(timeline.canvas.x_of(5_000)), int(timeline.canvas.x_of(15_000)))
    assert any(image.pixelColor(x, int(top)) == red for x in xs)  # its dashed outline
    # A point: the strength's diamond is filled at its centre row below the middle; the
    # work-on triangle points down and is hollow.
    assert at(30_000, "c point strength", 2) == red
    assert at(30_000, "d point work on", 2) != red
    above = [image.pixelColor(x, int(rows["d point work on"][2] + rows["d point work on"][3] / 2
                                     - 5)) for x in range(int(timeline.canvas.x_of(30_000)) - 6,
                                                          int(timeline.canvas.x_of(30_000)) + 7)]
    assert red in above  # the triangle's top edge, wider than a diamond's tip


@pytest.mark.analysis
def test_lanes_after_a_real_analysis_and_a_suggestion_plays(qtbot, app,  # noqa: ANN001
                                                             shared_media: Path) -> None:
    from analysis import available

    if not available()[0]:
        pytest.skip("mediapipe is not installed")
    clip = shared_media / "dyads" / "3dC3SQ.joke1.rep1.take1.TearingPaper.mp4"
    if not clip.exists():
        pytest.skip("the dyad clips are not in shared/media")
    from analysis.job import analyse_recording
    from gui.main_window import MainWindow
    from services import catalogue

    catalogue.create_case(app, None, "L-1")
    visit_id = catalogue.list_cases(app, None)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [clip]).value
    result = analyse_recording(app, rid, workers=1)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.open_recording(rid)
    timeline = window.timeline
    window.coding.overlay.set_enabled(True)
    got = kinds(timeline)
    assert "cues" in got and "cue" not in got, "collapsed by default"
    assert "wave" in got and "voice:adult" in got and "voice:child" in got
    assert len(timeline.voices) == len(result.audio.segments) > 0
    assert timeline.suggestions
    band = min(timeline.suggestions, key=lambda b: b.start_ms)
    cues = next(r for r in timeline.canvas.rows() if r[0] == "cues")
    mid = (band.start_ms + band.end_ms) / 2
    inside = [b for b in timeline.suggestions if b.start_ms <= mid <= b.end_ms]
    target = min(inside, key=lambda b: b.end_ms - b.start_ms)
    qtbot.mouseClick(timeline.canvas, Qt.MouseButton.LeftButton,
                     pos=QPoint(int(timeline.canvas.x_of(mid)), int(cues[2] + 6)))
    qtbot.waitUntil(lambda: window.player.playing, timeout=3000)
    assert abs(window.state.playhead_ms - target.start_ms) <= 200
    window.player.pause()
    window.coding.overlay.set_enabled(False)
    assert not {"cues", "wave", "voice:adult"} & set(kinds(timeline))
    window.close()
