"""The timeline: indexed events (10,000 of them stay cheap), zoom to single frames,
click-to-seek on frame starts, and a drag that moves an annotation through the editor."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QPoint, Qt  # noqa: E402

from gui.state import GuiState, RecordingView  # noqa: E402
from gui.timeline import LABEL_W, EventIndex, Timeline, TimelineEvent  # noqa: E402

REC = RecordingView(1, "x.mp4", 600_000, 25.0, 1280, 720, "0" * 64)


def many_events(n: int) -> list[TimelineEvent]:
    out = []
    for i in range(n):
        start = (i * 997) % 590_000
        end = None if i % 3 == 0 else start + 500 + (i % 7) * 300
        out.append(TimelineEvent(i, start, end, "#4c72b0", "c", f"track {i % 8}"))
    return out


def test_index_returns_exactly_the_visible_events() -> None:
    events = many_events(10_000)
    index = EventIndex.build(events)
    assert len(index) == 10_000 and len(index.tracks) == 8
    for t0, t1 in ((0, 1000), (123_456, 130_000), (589_000, 600_000)):
        for track in index.tracks:
            expected = {e.id for e in events if e.track == track and e.start_ms <= t1
                        and e.stop_ms >= t0}
            assert {e.id for e in index.visible(track, t0, t1)} == expected


def test_repaint_with_10000_events_is_fast(qtbot) -> None:  # noqa: ANN001
    state = GuiState()
    timeline = Timeline(None, state)
    qtbot.addWidget(timeline)
    timeline.resize(1200, 300)
    timeline.show()
    timeline.recording = REC
    state.recording = REC
    timeline.set_events(many_events(10_000))
    timeline.fit()
    started = time.perf_counter()
    timeline.canvas.grab()
    whole = time.perf_counter() - started
    # One mark per pixel column when zoomed out: far fewer draws than events.
    assert 0 < timeline.canvas.last_paint_count <= 8 * timeline.visible_width
    assert whole < 0.5
    timeline.zoom_to_frames()
    assert timeline.ms_per_px == pytest.approx(REC.frame_ms / 40)
    timeline.canvas.grab()
    assert timeline.canvas.last_paint_count < 50


def test_click_seeks_to_a_frame_start(qtbot) -> None:  # noqa: ANN001
    state = GuiState()
    timeline = Timeline(None, state)
    qtbot.addWidget(timeline)
    timeline.resize(1000, 200)
    timeline.show()
    timeline.recording = REC
    state.recording = REC
    timeline.fit()
    qtbot.mouseClick(timeline.canvas, Qt.MouseButton.LeftButton, pos=QPoint(LABEL_W + 433, 100))
    assert state.playhead_ms > 0
    assert state.playhead_ms % 40 == 0  # 25 fps: frames start every 40 ms


def test_drag_moves_an_annotation_and_undo_restores_it(qtbot, app, indexed_video) -> None:  # noqa: ANN001
    editing = pytest.importorskip("annotation.editing")
    schemes = pytest.importorskip("annotation.schemes")
    from gui import case_browser
    from gui.main_window import MainWindow
    from services import catalogue

    catalogue.create_case(app, None, "T-1")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    with app.db.session() as session:
        code_id = schemes.ensure_builtin_schemes(session)[0].codes[0].id
    ann_id = editing.AnnotationEditor(app.db, rid).add(code_id, 1000, 2000)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    window.open_recording(rid)
    timeline = window.timeline
    assert len(timeline.index) == 1
    canvas = timeline.canvas
    track = timeline.index.tracks[0]
    top = next(r[2] for r in canvas.rows() if r[1] == track) + 10
    x = int(canvas.x_of(1500))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, int(top)))
    assert window.state.selection == [ann_id]
    qtbot.mouseMove(canvas, QPoint(int(canvas.x_of(2500)), int(top)))
    with qtbot.waitSignal(window.state.dataChanged, timeout=5000):
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(canvas.x_of(2500)),
                                                                          int(top)))
    moved = window.annotations.get(ann_id)
    assert moved.end_ms - moved.start_ms == 1000
    assert abs(moved.start_ms - 2000) <= 80 and moved.start_ms % 40 == 0
    qtbot.waitUntil(lambda: timeline.index.events[track][0].start_ms == moved.start_ms)
    # Ctrl+Z in the window undoes the drag through the editor's command stack.
    with qtbot.waitSignal(window.state.dataChanged, timeout=5000):
        qtbot.keyClick(window.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.annotations.get(ann_id).start_ms == 1000
    qtbot.waitUntil(lambda: timeline.index.events[track][0].start_ms == 1000)
    with qtbot.waitSignal(window.state.dataChanged, timeout=5000):
        window.redo_action.trigger()
    assert window.annotations.get(ann_id).start_ms == moved.start_ms
    window.close()


def test_cue_rows_and_suggestions_from_the_analysis(qtbot, app, indexed_video) -> None:  # noqa: ANN001
    np = pytest.importorskip("numpy")
    results = pytest.importorskip("analysis.results")
    from gui import case_browser
    from gui.main_window import MainWindow
    from services import catalogue
    from vfeedback.models import Suggestion

    catalogue.create_case(app, None, "T-2")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    # Two people walking towards each other: the cues (distance, energy…) have real values.
    from analysis.backend import N_FACE

    f, n_face = 30, N_FACE
    rng = np.random.default_rng(1)
    times = np.arange(f) / 5.0
    pose = np.zeros((f, 2, 33, 4))
    pose[..., 3] = 1.0
    for p, x0 in ((0, 50.0), (1, 270.0)):
        pose[:, p, :, 0] = (x0 + (160 - x0) * times[:, None] / times[-1]
                            + rng.normal(0, 2, (f, 33)))
        pose[:, p, :, 1] = np.linspace(20, 160, 33)[None, :] * (0.6 + 0.4 * p)
    boxes = np.stack([pose[..., 0].min(-1), pose[..., 1].min(-1), pose[..., 0].max(-1),
                      pose[..., 1].max(-1)], axis=-1)
    result = results.AnalysisResult(
        times=times, frame_index=(times * 25).astype(int), person_ids=np.array([0, 1]),
        labels=["adult", "child"], pose=pose, face=np.zeros((f, 2, n_face, 3)),
        head=np.zeros((f, 2, 3)), head_confidence=np.zeros((f, 2)), boxes=boxes,
        face_boxes=np.zeros((f, 2, 4)), width=320, height=180, fps=25.0)
    results.save_results(app, rid, result, {})
    with app.db.session() as session:
        session.add(Suggestion(recording_id=rid, kind="closeness", start_ms=1000, end_ms=2000))
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    window.open_recording(rid)
    timeline = window.timeline
    assert timeline.cues, "no cue rows drawn from the stored analysis"
    # The analysis lanes follow the overlay toggle (off when a window opens).
    assert "cues" not in [r[0] for r in timeline.canvas.rows()]
    window.coding.overlay.set_enabled(True)
    kinds = [r[0] for r in timeline.canvas.rows()]
    assert kinds == ["cues"], "one compact lane, collapsed"
    timeline.set_cues_expanded(True)
    kinds = [r[0] for r in timeline.canvas.rows()]
    assert kinds[0] == "cues" and kinds.count("cue") == len(timeline.cues)
    [band] = timeline.suggestions
    top = timeline.canvas.rows()[0][2] + 5
    hit = timeline.canvas.hit(timeline.canvas.x_of(1500), top)
    assert hit is not None and hit[0] == "suggestion"
    with qtbot.waitSignal(window.state.dataChanged, timeout=5000):
        timeline.suggestionDecided.emit(band.id, "dismissed")
    assert [s.status for s in timeline.suggestions] == ["dismissed"]
    timeline.canvas.grab()
    window.close()


def test_undo_after_accepting_a_suggestion_reopens_it(qtbot, app, indexed_video,  # noqa: ANN001
                                                       monkeypatch) -> None:
    """Accept through the timeline's decision (code chosen in the dialog), then Ctrl+Z: the
    annotation is gone and the suggestion is open again; Redo accepts it again."""
    from PySide6.QtWidgets import QInputDialog

    from gui.main_window import MainWindow
    from services import annotations, catalogue, suggestions

    catalogue.create_case(app, None, "T-3")
    visit_id = catalogue.list_cases(app, None)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    sid = suggestions.add(app, None, rid, "closeness", 1000, 2000, 0.7, "close together").value
    interval = next(c.id for s in annotations.schemes(app, None) for c in s.codes
                    if c.kind == "interval")
    label = dict(annotations.code_choices(app, None))[interval]
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: (label, True)))
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    window.open_recording(rid)
    timeline = window.timeline

    def status() -> tuple[str, int | None]:
        [row] = suggestions.list_suggestions(app, None, rid)
        return row.status, row.annotation_id

    with qtbot.waitSignal(window.state.dataChanged, timeout=5000):
        timeline.suggestionDecided.emit(sid, "accepted")
    accepted = status()
    assert accepted[0] == "accepted" and accepted[1] is not None
    assert [a.id for a in window.annotations.annotations()] == [accepted[1]]
    qtbot.waitUntil(lambda: [s.status for s in timeline.suggestions] == ["accepted"])
    assert len(timeline.index) == 1

    with qtbot.waitSignal(window.state.dataChanged, timeout=5000):
        qtbot.keyClick(window.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # dataChanged may come first from other work (the proxy); the undo's own follows.
    qtbot.waitUntil(lambda: status() == ("open", None), timeout=5000)
    assert window.annotations.annotations() == []
    qtbot.waitUntil(lambda: [s.status for s in timeline.suggestions] == ["open"])
    assert len(timeline.index) == 0

    with qtbot.waitSignal(window.state.dataChanged, timeout=5000):
        window.redo_action.trigger()
    qtbot.waitUntil(lambda: status() == accepted, timeout=5000)
    window.close()
