"""Presentation mode as a parent sees it (issue 14 item 8): the first clip starts with its
picture (never black), the talk card says which clip was seen and which comes next, Left
always replays the current clip, and a tiny window (100x30, as without a window manager)
keeps every text inside it."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402

from gui.application import make_application  # noqa: E402


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    data = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    return data.reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3).copy()


@pytest.fixture
def visit_id(app, indexed_video) -> int:  # noqa: ANN001
    make_application()
    from services import catalogue
    from services import plan as plan_service

    catalogue.create_case(app, None, "FAM-SCREEN")
    visit = catalogue.list_cases(app, None)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit, [indexed_video]).value
    plan_service.add_clip(app, None, visit, rid, 1000, 1600, "Look, Mummy!",
                          theme="vipp.exploration_attachment")
    plan_service.add_clip(app, None, visit, rid, 3000, 3500, "You helped me",
                          theme="vipp.sharing_emotions")
    return visit


def open_show(qtbot, app, visit: int, full_screen: bool = False):  # noqa: ANN001, ANN201
    from gui.presentation import present_plan
    from gui.state import GuiState

    state = GuiState()
    state.set_visit(visit)
    show = present_plan(app, state, None, full_screen=full_screen)
    assert show is not None
    qtbot.addWidget(show)
    return show


def test_the_first_clip_starts_with_its_picture(qtbot, app, visit_id) -> None:  # noqa: ANN001
    show = open_show(qtbot, app, visit_id)
    show.resize(640, 360)
    qtbot.waitExposed(show)
    qtbot.keyClick(show, Qt.Key.Key_Space)
    # The very first paint of clip 1, before the clock has ticked: the picture is there.
    assert (show.phase, show.index, show.tick) == ("playing", 0, 0)
    screen = pixels(show.grab().toImage())
    middle = screen[60:300, 120:520]
    assert middle.mean() > 40  # not the dark background alone
    assert len(np.unique(middle.reshape(-1, 3), axis=0)) > 50  # a picture, not a flat fill
    show.close()


def test_the_talk_card_says_what_was_seen_and_what_comes_next(qtbot, app,  # noqa: ANN001
                                                               visit_id) -> None:
    show = open_show(qtbot, app, visit_id)
    show.play_clip(0)
    show.go_next()  # skip to the talk card
    assert show.phase == "pause"
    assert show.visible_texts() == ["That was clip 1 of 2",
                                    "Next: clip 2 of 2 · Sharing emotions",
                                    "Space: go on · Left: clip 1 again · Esc: leave"]
    show.go_next()
    show.go_next()
    assert (show.phase, show.index) == ("pause", 1)
    assert show.visible_texts()[:2] == ["That was clip 2 of 2", "Next: the end"]
    show.go_next()
    assert show.phase == "end"
    assert "Left to see clip 2 again" in show.visible_texts()[1]
    show.close()


def test_left_always_replays_the_current_clip(qtbot, app, visit_id) -> None:  # noqa: ANN001
    show = open_show(qtbot, app, visit_id)
    show.resize(320, 180)
    show.play_clip(1)
    qtbot.waitUntil(lambda: show.tick > 2, timeout=10000)
    qtbot.keyClick(show, Qt.Key.Key_Left)  # while clip 2 plays: clip 2 from its start
    assert (show.phase, show.index, show.tick) == ("playing", 1, 0)
    qtbot.waitUntil(lambda: show.phase == "pause", timeout=10000)
    qtbot.keyClick(show, Qt.Key.Key_PageUp)  # on its talk card (a clicker's back): clip 2
    assert (show.phase, show.index) == ("playing", 1)
    show.go_next()
    qtbot.keyClick(show, Qt.Key.Key_R)
    assert (show.phase, show.index) == ("playing", 1)
    show.play_clip(0)
    qtbot.keyClick(show, Qt.Key.Key_Left)
    assert (show.phase, show.index) == ("playing", 0)
    show.close()


def test_a_100_by_30_window_keeps_its_texts_inside(qtbot, app, visit_id) -> None:  # noqa: ANN001
    show = open_show(qtbot, app, visit_id)
    show.resize(100, 30)
    qtbot.waitExposed(show)
    inside = QRectF(show.rect()).adjusted(-0.5, -0.5, 0.5, 0.5)
    for step in ("start", "playing", "pause", "end"):
        if step == "playing":
            show.play_clip(0)
            show._watch.stop()
        elif step == "pause":
            show.go_next()
        elif step == "end":
            while show.phase != "end":
                show.go_next()
                show._watch.stop()
        assert show.phase == step
        show.grab()  # paints
        assert show.text_boxes, step
        for box in show.text_boxes:
            assert inside.contains(box), (step, box)
    show.close()


def test_full_screen_takes_the_screens_geometry(qtbot, app, visit_id) -> None:  # noqa: ANN001
    """Asked for full screen, the window has the screen's size even where the request is not
    honoured (no window manager): the geometry is set first."""
    from PySide6.QtGui import QGuiApplication

    show = open_show(qtbot, app, visit_id, full_screen=True)
    qtbot.waitExposed(show)
    assert show.geometry() == QGuiApplication.primaryScreen().geometry()
    show.close()
