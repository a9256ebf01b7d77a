"""The plan builder names clips "Clip n" (as the reel's cards, the script and the
presentation do) and warns when two planned clips overlap (issue 14 item 10)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from gui.application import make_application  # noqa: E402


def test_overlapping_clips_are_named_and_warned_about(qtbot, app, indexed_video) -> None:  # noqa: ANN001
    make_application()
    from gui.plan_builder import PlanBuilder
    from gui.state import GuiState
    from services import catalogue
    from services import plan as plan_service

    catalogue.create_case(app, None, "FAM-OVER")
    visit_id = catalogue.list_cases(app, None)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    plan_service.add_clip(app, None, visit_id, rid, 500, 2500, "First")
    second = plan_service.add_clip(app, None, visit_id, rid, 4000, 5000, "Second").value
    state = GuiState()
    state.set_visit(visit_id)
    builder = PlanBuilder(app, state)
    qtbot.addWidget(builder)
    builder.show()
    assert [builder.clip_list.item(i).text().split("    ")[0] for i in range(2)] == [
        "Clip 1: First", "Clip 2: Second"]
    assert builder.overlap_warning.isHidden()

    # Clip 2 moved to 1.0-3.0 s: 1.5 s of clip 1 (0.5-2.5 s) shown twice.
    op = builder._run("test", lambda a, actor: plan_service.update_clip(
        a, actor, second, start_ms=1000, end_ms=3000))
    qtbot.waitUntil(lambda: builder.overlap_warning.isVisibleTo(builder), timeout=10000)
    assert op is not None
    assert builder.overlap_warning.text() == ("⚠ Clips 1 and 2 overlap by 1.5 s: the parent "
                                              "sees those seconds twice.")
    assert not builder.clip_list.item(0).icon().isNull()
    assert not builder.clip_list.item(1).icon().isNull()

    # Apart again: the warning goes.
    builder._run("test", lambda a, actor: plan_service.update_clip(
        a, actor, second, start_ms=4000, end_ms=5000))
    qtbot.waitUntil(lambda: builder.overlap_warning.isHidden(), timeout=10000)
    assert builder.clip_list.item(1).icon().isNull()


def test_overlaps_are_between_shown_spans_of_one_recording() -> None:
    from sessions.plan import PlannedClip, overlapping_clips

    def clip(rec: int, a: int, b: int) -> PlannedClip:
        return PlannedClip(0, rec, "r", "k", a, b, a, b, "", "", "", "", "", 1.0, None, 0,
                           None, None)

    assert overlapping_clips([clip(1, 0, 3000), clip(1, 1000, 4000)]) == [(1, 2, 2000)]
    assert overlapping_clips([clip(1, 0, 3000), clip(2, 1000, 4000)]) == []  # other recording
    assert overlapping_clips([clip(1, 0, 3000), clip(1, 3000, 4000)]) == []  # touching only
