"""Review states and the approval gate: a trainee's plan reaches the family (reel, script,
presentation) only after a supervisor approved it as it is; each step is audited."""

from __future__ import annotations

import pytest
from review_helpers import run_cli
from sqlalchemy import select

from services import plan as plan_service
from services import review
from vfeedback.errors import InputError
from vfeedback.models import AuditEvent, Recording


@pytest.fixture
def visit_id(app, recording_id: int) -> int:
    with app.db.session() as s:
        return s.get(Recording, recording_id).visit_id


def _trainee_plan(app, visit_id: int, ids: list[int]) -> None:  # noqa: ANN001
    app.db.actor = "tina"  # the trainee builds the plan (stamped as changed_by)
    try:
        plan_service.add_moments(app, "tina", visit_id, ids[:1])
    finally:
        app.db.actor = "local"


def test_trainee_plan_needs_approval_before_the_family_sees_it(app, recording_id, visit_id,
                                                                two_sets, roles, tmp_path):
    _trainee_plan(app, visit_id, two_sets["tina"])
    with pytest.raises(InputError, match="needs a supervisor's approval"):
        plan_service.export(app, None, visit_id, tmp_path / "out")
    with pytest.raises(InputError, match="needs a supervisor's approval"):
        plan_service.show_frames(app, None, visit_id)  # the presentation
    reel = tmp_path / "reel.mp4"
    refused = run_cli(app, "reel", "build", "--visit", str(visit_id), "--out", str(reel))
    assert refused.exit_code == 1 and "supervisor's approval" in refused.output
    assert not reel.exists()

    with pytest.raises(InputError, match="submitted"):
        review.approve(app, "sam", recording_id)  # nothing submitted yet
    assert review.submit(app, "tina", recording_id).value == "tina"
    assert review.state(app, None, recording_id, "tina") == "submitted"
    with pytest.raises(InputError, match="Only a supervisor"):
        review.approve(app, "cleo", recording_id)
    with pytest.raises(InputError, match="Only a supervisor"):
        review.approve(app, "tina", recording_id)
    review.mark_reviewed(app, "sam", recording_id)
    assert review.state(app, None, recording_id, "tina") == "reviewed"
    assert review.approve(app, "sam", recording_id).value == ["tina"]
    assert review.state(app, None, recording_id, "tina") == "approved"

    done = run_cli(app, "reel", "build", "--visit", str(visit_id), "--out", str(reel))
    assert done.exit_code == 0, done.output
    assert reel.stat().st_size > 0
    assert plan_service.show_frames(app, None, visit_id).frames

    with app.db.session() as s:
        steps = [(e.action, e.actor) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action.like("review.%")).order_by(AuditEvent.id))]
    assert steps == [("review.submit", "tina"), ("review.submit_plan", "tina"),
                     ("review.reviewed", "sam"), ("review.approve", "sam"),
                     ("review.approve_plan", "sam")]

    # A change after approval (a new caption) closes the gate again.
    clip_id = plan_service.show(app, None, visit_id).clips[0].clip_id
    plan_service.update_clip(app, "tina", clip_id, caption="Mummy, look!")
    with pytest.raises(InputError, match="changed after the supervisor approved"):
        plan_service.export(app, None, visit_id, tmp_path / "again")


def test_the_supervisor_approves_what_was_submitted_and_a_changed_plan_again(
        app, recording_id, visit_id, two_sets, roles) -> None:  # noqa: ANN001
    from services import annotations as ann_service

    _trainee_plan(app, visit_id, two_sets["tina"])
    review.submit(app, "tina", recording_id)
    # Changed after submission: the supervisor never saw this caption, nor this moment.
    clip_id = plan_service.show(app, None, visit_id).clips[0].clip_id
    plan_service.update_clip(app, "tina", clip_id, caption="NOT SEEN BY THE SUPERVISOR")
    with pytest.raises(InputError, match="plan changed after it was submitted"):
        review.approve(app, "sam", recording_id)
    ann_service.update_annotation(app, "tina", recording_id, two_sets["tina"][1],
                                  caption="changed too")
    review.submit(app, "tina", recording_id)  # handed in again, as it is now
    ann_service.update_annotation(app, "tina", recording_id, two_sets["tina"][1],
                                  caption="and again")
    with pytest.raises(InputError, match="coding of recording .* changed after it was submitted"):
        review.approve(app, "sam", recording_id, "tina")
    review.submit(app, "tina", recording_id)
    assert review.approve(app, "sam", recording_id).value == ["tina"]
    assert review.approval_needed(app, None, visit_id) is None

    # Changed after approval: the gate closes; the trainee hands in the plan alone (her
    # coding is approved and unchanged) and the supervisor approves it: no dead end.
    plan_service.update_clip(app, "tina", clip_id, caption="a typo fixed")
    assert "changed after the supervisor approved" in review.approval_needed(app, None, visit_id)
    review.submit(app, "tina", recording_id)
    assert review.state(app, None, recording_id, "tina") == "approved"  # the set stays
    assert review.approve(app, "sam", recording_id).value == ["tina"]
    assert review.approval_needed(app, None, visit_id) is None
    with pytest.raises(InputError, match="already approved"):
        review.submit(app, "tina", recording_id)  # nothing changed: nothing to hand in


def test_a_clinicians_plan_and_a_home_without_accounts_are_not_gated(app, recording_id,
                                                                     visit_id, two_sets):
    _trainee_plan(app, visit_id, two_sets["tina"])  # "tina" is no trainee here: no users
    assert review.approval_needed(app, None, visit_id) is None
    # Without users anyone may approve (a single-user home) once something is submitted.
    review.submit(app, None, recording_id, "tina")
    assert review.approve(app, None, recording_id).value == ["tina"]


def test_cli_submit_and_approve(app, recording_id, two_sets):
    result = run_cli(app, "review", "submit", "--recording", str(recording_id), "--coder",
                     "tina")
    assert result.exit_code == 0, result.output
    result = run_cli(app, "review", "approve", "--recording", str(recording_id))
    assert result.exit_code == 0, result.output
    assert "tina" in result.output
    listed = run_cli(app, "review", "sets", "--recording", str(recording_id))
    assert "tina\t3\tapproved" in listed.output and "sam\t4\tdraft" in listed.output
    again = run_cli(app, "review", "submit", "--recording", str(recording_id), "--coder",
                    "tina")
    assert again.exit_code == 1 and "already approved" in again.output
