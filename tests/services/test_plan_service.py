"""The feedback-plan service: one plan -> clips reading for every consumer, and an export
that checks the plan before any long work."""

from __future__ import annotations

import pytest

from services import catalogue
from services import plan as plan_service
from services.changes import Subject
from sessions.reel import reel_clips
from vfeedback.errors import InputError


@pytest.fixture
def visit(app, indexed_video):  # noqa: ANN001, ANN201
    catalogue.create_case(app, None, "FAM-PLANSVC")
    visit_id = catalogue.list_cases(app, None)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video],
                                   make_proxies=False).value
    return visit_id, rid


def test_one_plan_to_clips_reading_with_speed_and_freeze(app, visit) -> None:  # noqa: ANN001
    visit_id, rid = visit
    assert plan_service.show(app, None, visit_id).clips == ()
    added = plan_service.add_clip(app, None, visit_id, rid, 1000, 1600, "Slowly",
                                  lead_in_ms=200, speed=0.5, freeze_at_ms=1200, freeze_ms=400,
                                  note="private")
    assert added.changes.subjects == {Subject.PLAN}
    [clip] = plan_service.show(app, None, visit_id).clips
    assert (clip.span_start_ms, clip.span_end_ms, clip.speed, clip.freeze_at_ms,
            clip.freeze_ms) == (800, 1600, 0.5, 1200, 400)
    [reel_clip] = reel_clips(plan_service.show(app, None, visit_id))
    assert (reel_clip.start_s, reel_clip.speed, reel_clip.freeze_at_s, reel_clip.freeze_s) == (
        0.8, 0.5, 1.2, 0.4)
    frames = plan_service.show_frames(app, None, visit_id)
    assert frames.fps == 25 and frames.frames[0][:4] == (20, 20, 21, 21)


def test_export_checks_the_plan_first(app, visit, tmp_path) -> None:  # noqa: ANN001
    visit_id, rid = visit
    with pytest.raises(InputError, match="no clips"):
        plan_service.export(app, None, visit_id, tmp_path / "out")
    plan_service.add_clip(app, None, visit_id, rid, 1000, 1600)
    key = catalogue.get_recording(app, None, rid).store_key
    app.store.remove(key)  # the footage is gone: say so before building anything
    with pytest.raises(InputError, match="missing from the store"):
        plan_service.export(app, None, visit_id, tmp_path / "out")
    assert not (tmp_path / "out").exists()
