"""Building a feedback plan in the GUI: moments into clips, reorder and caption by keyboard,
propose, preview in the player, export the reel and script with progress (and cancel)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402

from gui.application import make_application  # noqa: E402


@pytest.fixture
def planning(qtbot, app, indexed_video):  # noqa: ANN001, ANN201
    """A main window with the panels, a visit with one recording and four coded moments."""
    make_application()
    from annotation.editing import AnnotationEditor
    from annotation.schemes import ensure_builtin_schemes, get_scheme
    from gui import case_browser
    from gui.main_window import MainWindow
    from services import catalogue

    catalogue.create_case(app, None, "FAM-PLAN")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    with app.db.session() as session:
        ensure_builtin_schemes(session)
        codes = {c.key: c.id for c in get_scheme(session, "vipp-sd").codes}
    editor = AnnotationEditor(app.db, rid)
    ids = [editor.add(codes["exploration"], 500, 1500, valence="work_on", caption="Where?"),
           editor.add(codes["positive_reinforcement"], 2000, valence="strength",
                      caption="You did it!"),
           editor.add(codes["attachment"], 3000, 4000, valence="strength", caption="Hold me"),
           editor.add(codes["child_signal"], 4500, valence="strength")]
    win = MainWindow(app)
    qtbot.addWidget(win)
    installed = win.coding  # installed by the main window itself
    assert installed.plan is not None, installed.problems
    installed.plan.open_results = False
    win.show()
    win.state.set_case(case_browser.load_cases(app)[0].id)
    win.state.set_visit(visit_id)
    yield win, installed.plan, ids, rid
    win.close()


def clip_captions(builder) -> list[str]:  # noqa: ANN001
    return [c.caption for c in builder.clips]


def test_build_plan_by_keyboard(qtbot, planning) -> None:  # noqa: ANN001
    win, builder, ids, rid = planning
    # Strengths come first in the moments list, "to work on" last.
    assert [builder.moments.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(builder.moments.count())] == [ids[1], ids[2], ids[3], ids[0]]
    assert builder.clips == []

    # Enter on a moment adds it to the plan; the second at the front through a drop position.
    builder.moments.setFocus()
    builder.moments.setCurrentRow(0)
    qtbot.keyClick(builder.moments, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(builder.clips) == 1, timeout=5000)
    builder.clip_list.momentsDropped.emit([ids[2]], 0)
    qtbot.waitUntil(lambda: len(builder.clips) == 2, timeout=5000)
    assert clip_captions(builder) == ["Hold me", "You did it!"]

    # Ctrl+Down moves the current clip one place later.
    builder.clip_list.setFocus()
    builder.clip_list.setCurrentRow(0)
    qtbot.keyClick(builder.clip_list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: clip_captions(builder) == ["You did it!", "Hold me"], timeout=5000)

    # F2 edits the caption in place; Enter saves it into the plan.
    builder.clip_list.setCurrentRow(1)
    qtbot.keyClick(builder.clip_list, Qt.Key.Key_F2)
    editor = builder.clip_list.findChild(QLineEdit)
    assert editor is not None and editor.text() == "Hold me"
    editor.selectAll()
    qtbot.keyClicks(editor, "Hold me tight, Mummy")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: clip_captions(builder) == ["You did it!", "Hold me tight, Mummy"],
                    timeout=5000)
    # A clip of a point moment lasts 2 s after the point, with a second of lead-in and out.
    first = builder.clips[0]
    assert (first.start_ms, first.end_ms, first.span_start_ms, first.span_end_ms) == \
        (2000, 4000, 1000, 5000)

    # Space previews the clip in the player: the recording opens at the clip's start.
    builder.clip_list.setCurrentRow(0)
    qtbot.keyClick(builder.clip_list, Qt.Key.Key_Space)
    assert win.state.recording_id == rid
    assert builder._preview_end == 5000
    assert abs(win.state.playhead_ms - 1000) < 200
    win.player.pause()

    # A screenshot of the plan panel in use.
    from pathlib import Path

    shots = Path("/tmp/vfeedback-shots")
    shots.mkdir(parents=True, exist_ok=True)
    win.resize(1500, 900)
    win.panels["plan"].raise_()
    qtbot.wait(200)
    win.grab().save(str(shots / "plan_builder.png"))

    # Delete removes a clip.
    builder.clip_list.setFocus()
    qtbot.keyClick(builder.clip_list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: clip_captions(builder) == ["Hold me tight, Mummy"], timeout=5000)


def test_propose_and_export_reel(qtbot, planning, tmp_path) -> None:  # noqa: ANN001
    from vfeedback.media.probe import probe

    win, builder, ids, rid = planning
    from services import plan as plan_service

    visit_id = win.state.visit_id
    op = builder._run("propose", lambda app, actor: plan_service.propose(app, actor, visit_id))
    with qtbot.waitSignal(op.finished, timeout=5000):
        pass
    qtbot.waitUntil(lambda: len(builder.clips) == 4, timeout=5000)
    # Every moment is proposed (the reel is short), grouped by theme with captions along.
    assert sorted(c.annotation_id for c in builder.clips) == sorted(ids)
    assert "Hold me" in clip_captions(builder)

    out = tmp_path / "export"
    op = builder.export_to(out)
    with qtbot.waitSignal(builder.exported, timeout=60000) as done:
        pass
    reel, pdf, html = done.args[0]
    assert reel.name == "FAM-PLAN-visit1-reel.mp4" and reel.is_file()
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert "You did it!" in html.read_text(encoding="utf-8")
    info = probe(reel)
    # 4 clips of 3-4 s each plus title cards: a real reel, not an empty file.
    assert info.duration_s > 10
    assert op.error is None

    # Cancelling an export leaves nothing half-written behind.
    again = tmp_path / "cancelled"
    op = builder.export_to(again)
    op.cancel.cancel()
    with qtbot.waitSignal(op.finished, timeout=60000) as finished:
        pass
    assert finished.args == [False]
    assert not list(again.glob("*.mp4")) and not list(again.glob("*.pdf"))


def test_import_code_plan_export_all_in_the_gui(qtbot, app, indexed_video, tmp_path) -> None:  # noqa: ANN001
    """The issue's whole flow through the window alone: import footage -> code moments by
    keyboard -> build the plan -> export the reel."""
    make_application()
    from gui.main_window import MainWindow
    from vfeedback.media.probe import probe

    win = MainWindow(app)
    qtbot.addWidget(win)
    parts = win.coding  # installed by the main window itself
    parts.plan.open_results = False
    win.show()
    qtbot.waitExposed(win)
    browser = win.browser
    with qtbot.waitSignal(browser.create_case("FAM-FLOW").finished, timeout=5000):
        pass
    browser.tree.setCurrentItem(browser.tree.topLevelItem(0).child(0))
    with qtbot.waitSignal(browser.recordingActivated, timeout=30000):
        browser.import_paths([indexed_video])
    qtbot.waitUntil(lambda: win.state.recording is not None, timeout=5000)

    # The import's progress dialog had the focus; back to the window, in the player.
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    win.player.setFocus()
    for ms, key in ((800, Qt.Key.Key_P), (2000, Qt.Key.Key_A), (3500, Qt.Key.Key_A),
                    (4200, Qt.Key.Key_S)):
        win.state.set_playhead(ms)
        qtbot.keyClick(QApplication.focusWidget(), key)
    session = parts.session
    qtbot.waitUntil(lambda: len(session.annotations()) == 3 and not session.busy, timeout=5000)

    builder = parts.plan
    qtbot.waitUntil(lambda: builder.moments.count() == 3, timeout=5000)
    builder.moments.setFocus()
    builder.moments.selectAll()
    qtbot.keyClick(builder.moments, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(builder.clips) == 3, timeout=5000)
    op = builder.export_to(tmp_path / "reel")
    with qtbot.waitSignal(op.finished, timeout=60000) as finished:
        pass
    assert finished.args == [True]
    reel = tmp_path / "reel" / "FAM-FLOW-visit1-reel.mp4"
    assert probe(reel).duration_s > 8
