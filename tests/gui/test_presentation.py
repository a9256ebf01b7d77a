"""Presentation mode as the clinician uses it with a parent: full screen, clip by clip from the
source recording, a talk card after each clip, clicker keys, Esc leaves, no notes on screen."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402

from gui.application import make_application  # noqa: E402

SHOTS = Path("/tmp/vfeedback-shots")


def frame_index(image: QImage) -> int:
    from vfeedback.media.synth import read_index_code

    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    data = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    rgb = data.reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3)
    return read_index_code(rgb)


@pytest.fixture
def show_state(app, indexed_video):  # noqa: ANN001, ANN201
    make_application()
    from gui import case_browser
    from gui.state import GuiState
    from services import catalogue
    from sessions.plan import add_clip, get_or_create_plan

    catalogue.create_case(app, None, "FAM-SHOW")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    with app.db.session() as session:
        plan = get_or_create_plan(session, visit_id)
        plan.title = "Our good moments"
        add_clip(session, plan, rid, 1000, 1600, "Look, Mummy, a tower!",
                 theme="vipp.exploration_attachment", note="private note: praise more")
        add_clip(session, plan, rid, 3000, 3500, "You helped me",
                 theme="vipp.sharing_emotions", note="private note 2")
    state = GuiState()
    state.set_visit(visit_id)
    return state


@pytest.mark.qtmultimedia  # the sound path: QMediaPlayer plays each clip's sound
def test_presentation_plays_clip_by_clip(qtbot, app, show_state) -> None:  # noqa: ANN001
    from gui.presentation import present_plan

    show = present_plan(app, show_state, None)
    assert show is not None
    qtbot.addWidget(show)
    qtbot.waitExposed(show)
    assert show.isFullScreen()
    seen: list[str] = []

    def look() -> None:
        seen.extend(show.visible_texts())

    assert show.phase == "start"
    look()
    assert "Our good moments" in seen
    SHOTS.mkdir(parents=True, exist_ok=True)
    show.grab().save(str(SHOTS / "presentation_start.png"))

    qtbot.keyClick(show, Qt.Key.Key_Space)
    assert (show.phase, show.index) == ("playing", 0)
    qtbot.waitUntil(lambda: show.frame is not None, timeout=10000)
    look()
    assert seen[-1] == "Look, Mummy, a tower!"
    show.grab().save(str(SHOTS / "presentation_clip.png"))
    # The picture comes from the clip's own time range of the source (frames 25-40).
    assert 20 <= frame_index(show.frame) <= 42
    qtbot.waitUntil(lambda: show.phase == "pause", timeout=10000)
    assert 20 <= frame_index(show.frame) <= 45  # it stopped at the clip's end, not later
    look()
    show.grab().save(str(SHOTS / "presentation_pause.png"))

    qtbot.keyClick(show, Qt.Key.Key_PageDown)  # a clicker's "next"
    assert (show.phase, show.index) == ("playing", 1)
    qtbot.waitUntil(lambda: show.frame is not None, timeout=10000)
    assert 70 <= frame_index(show.frame) <= 90  # 3.0-3.5 s at 25 fps
    qtbot.waitUntil(lambda: show.phase == "pause", timeout=10000)
    look()
    qtbot.keyClick(show, Qt.Key.Key_Right)
    assert show.phase == "end"
    look()
    qtbot.keyClick(show, Qt.Key.Key_PageUp)  # back: the last moment again
    assert (show.phase, show.index) == ("playing", 1)
    qtbot.keyClick(show, Qt.Key.Key_Space)  # skip to its talk card
    assert show.phase == "pause"

    assert not any("private note" in text for text in seen)
    with qtbot.waitSignal(show.destroyed, timeout=5000):
        qtbot.keyClick(show, Qt.Key.Key_Escape)


def test_presentation_without_clips_says_so(qtbot, app) -> None:  # noqa: ANN001
    make_application()
    from PySide6.QtWidgets import QMessageBox, QWidget

    from gui import case_browser
    from gui.presentation import present_plan
    from gui.state import GuiState
    from services import catalogue

    catalogue.create_case(app, None, "FAM-EMPTY")
    state = GuiState()
    state.set_visit(case_browser.load_cases(app)[0].visits[0].id)
    parent = QWidget()
    qtbot.addWidget(parent)
    assert present_plan(app, state, parent) is None
    boxes = parent.findChildren(QMessageBox)
    assert boxes and "no clips" in boxes[0].text()


def test_presentation_shows_the_exported_reels_frames(qtbot, app, indexed_video,  # noqa: ANN001
                                                      tmp_path) -> None:
    """A plan with a slow-motion clip and freeze-frames: every frame the presentation puts on
    screen, decoded back to its source frame number, is the frame the exported reel shows at
    that moment, in the same order."""
    import cv2

    from gui.presentation import present_plan
    from gui.state import GuiState
    from services import catalogue
    from services import plan as plan_service
    from sessions.reel import build_plan_reel
    from vfeedback.media.synth import read_index_code

    catalogue.create_case(app, None, "FAM-SAME")
    visit_id = catalogue.list_cases(app, None)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    plan_service.add_clip(app, None, visit_id, rid, 1000, 1600, "Slowly now",
                          theme="vipp.exploration_attachment", speed=0.5,
                          freeze_at_ms=1200, freeze_ms=400)
    plan_service.add_clip(app, None, visit_id, rid, 3000, 3500, "Look!",
                          theme="vipp.sharing_emotions")
    plan_service.add_clip(app, None, visit_id, rid, 4000, 4600, "", speed=0.7,
                          theme="vipp.sharing_emotions", freeze_at_ms=4500, freeze_ms=300)
    assert plan_service.problems(app, None, visit_id) == []

    reel = build_plan_reel(app, visit_id, tmp_path / "reel.mp4", card_s=0.4)
    capture = cv2.VideoCapture(str(reel.path))
    fps = capture.get(cv2.CAP_PROP_FPS)
    decoded = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        decoded.append(read_index_code(image))
    capture.release()
    in_reel = [decoded[round(a * fps):round(b * fps)] for a, b in reel.clip_spans]
    # The slow clip repeats frames and the freeze holds one: not a plain run of the source.
    assert len(in_reel[0]) == 40 and in_reel[0].count(30) == 12
    assert in_reel[1] == list(range(75, 88))

    state = GuiState()
    state.set_visit(visit_id)
    show = present_plan(app, state, None, full_screen=False)
    qtbot.addWidget(show)
    assert show.show_data.fps == fps
    on_screen = []
    for index, clip in enumerate(show.show_data.clips):
        show.play_clip(index)
        show._watch.stop()  # step the presentation's clock by hand: every tick, none skipped
        seen = []
        for tick in range(len(clip.frames)):
            assert show.show_tick(tick)
            seen.append(frame_index(show.frame))
        on_screen.append(seen)
    assert on_screen == in_reel
    assert show.show_data.clips[0].freeze == (11, 21)  # the sound pauses on those ticks

    # Played live, the show runs through the same frames and ends on the talk card.
    shown: list[int] = []
    show.play_clip(0)
    qtbot.waitUntil(lambda: (shown.append(show.tick) or show.phase == "pause"), timeout=10000)
    ticks = [t for t in shown if t >= 0]
    # In order, never back; a busy machine may skip ticks, never show them out of order.
    assert ticks == sorted(ticks) and len(set(ticks)) >= 2
    show.close()
