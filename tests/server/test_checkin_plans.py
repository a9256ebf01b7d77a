"""Check-in brings back the feedback plan and the case notes made on the laptop: clips
changed, added (from a moment coded at home too) and removed there, the plan's title and the
case's notes; a clip or the notes changed on both sides are kept both, and listed.
"""

from __future__ import annotations

from test_backup_restore import fill  # the same case, recording, annotations and plan

from services import plan as plan_service
from sessions.plan import add_clip_from_annotation, get_or_create_plan
from vfeedback.app import open_app
from vfeedback.models import Annotation, Case, Clip, FeedbackPlan
from vfeedback.server.checkout import checkin, checkout


def server_plan(app) -> tuple[str, list[tuple[str, str]]]:  # noqa: ANN001
    with app.db.session() as s:
        plan = s.query(FeedbackPlan).one()
        return plan.title, [(c.caption, c.note) for c in sorted(plan.clips,
                                                                key=lambda c: c.position)]


def notes(app) -> str:  # noqa: ANN001
    with app.db.session() as s:
        return s.query(Case).one().notes


def test_plans_clips_and_notes_come_back_with_conflicts_kept(app, indexed_video, tmp_path,
                                                             monkeypatch):
    ids = fill(app, indexed_video)
    with app.db.session() as s:  # three clips: one per annotation, by time
        plan = get_or_create_plan(s, ids["visit"])
        for ann in s.query(Annotation).order_by(Annotation.start_ms):
            if ann.start_ms != 500:
                add_clip_from_annotation(s, plan, ann.id)
        clips = {c.start_ms: c.id for c in plan.clips}
    for start, caption in ((500, "A"), (2500, "B"), (3000, "C")):
        plan_service.update_clip(app, None, clips[start], caption=caption)
    laptop_home = tmp_path / "laptop"
    checkout(app, "FAM-7", laptop_home)

    # At home, offline, on the laptop's own SQLite home.
    server_url = app.db.url
    monkeypatch.delenv("VFEEDBACK_DATABASE_URL", raising=False)
    laptop = open_app(laptop_home)
    laptop.db.actor = "Anna"
    with laptop.db.session() as s:
        lclips = {c.caption: c.id for c in s.query(Clip)}
        lplan = s.query(FeedbackPlan).one()
        lvisit, lrec = lplan.visit_id, lplan.clips[0].recording_id
        code = s.query(Annotation).first().code_id
    from services import annotations

    moment = annotations.add(laptop, None, lrec, code, 4500, 5500, caption="at home").value
    plan_service.update_clip(laptop, None, lclips["A"], caption="A, said better", speed=0.5)
    plan_service.update_clip(laptop, None, lclips["B"], caption="B from home")
    plan_service.remove_clips(laptop, None, [lclips["C"]])
    plan_service.add_moments(laptop, None, lvisit, [moment])
    plan_service.set_title(laptop, None, lvisit, "Home visit")
    with laptop.db.session() as s:
        s.query(Case).one().notes = "pseudonymous; father joined at home"
    laptop.close()
    monkeypatch.setenv("VFEEDBACK_DATABASE_URL", server_url)

    # Meanwhile at the clinic, Bea edits clip B.
    app.db.actor = "Bea"
    plan_service.update_clip(app, None, clips[2500], caption="B at the clinic")

    result = checkin(app, laptop_home)
    title, shown = server_plan(app)
    assert title == "Home visit" and result.plans_updated == 1
    # The laptop's order; what is new from there comes after the clinic's clips.
    assert [c for c, _n in shown] == ["A, said better", "B at the clinic", "B from home",
                                      "at home"]
    assert shown[2][1].startswith("[check-in conflict]")  # the laptop's B, beside Bea's
    assert (result.clips_added, result.clips_updated, result.clips_deleted) == (2, 1, 1)
    assert len([c for c in result.conflicts if c.startswith("Clip “B from home”: changed on "
                                                             "the laptop and on the server "
                                                             "(by Bea at")]) == 1
    assert result.case_updated and notes(app) == "pseudonymous; father joined at home"
    with app.db.session() as s:
        by_caption = {c.caption: c for c in s.query(Clip)}
        assert by_caption["A, said better"].speed == 0.5
        # The clip made at home points at the moment made at home, on the server.
        assert by_caption["at home"].annotation.caption == "at home"
        assert [c.position for c in sorted(s.query(Clip), key=lambda c: c.position)] == [
            0, 1, 2, 3]


def test_case_notes_changed_on_both_sides_are_both_kept(app, indexed_video, tmp_path,
                                                        monkeypatch):
    fill(app, indexed_video)
    laptop_home = tmp_path / "laptop"
    checkout(app, "FAM-7", laptop_home)
    server_url = app.db.url
    monkeypatch.delenv("VFEEDBACK_DATABASE_URL", raising=False)
    laptop = open_app(laptop_home)
    with laptop.db.session() as s:
        s.query(Case).one().notes = "laptop: slept badly"
    laptop.close()
    monkeypatch.setenv("VFEEDBACK_DATABASE_URL", server_url)
    app.db.actor = "Bea"
    with app.db.session() as s:
        s.query(Case).one().notes = "clinic: new address"
    result = checkin(app, laptop_home)
    assert notes(app) == "clinic: new address\n\n[check-in conflict] laptop: slept badly"
    assert not result.case_updated
    assert any(c.startswith("Case notes: changed on the laptop and on the server (by Bea at")
               for c in result.conflicts)
    # The plan was not touched on either side: it is as it was, nothing added.
    assert len(server_plan(app)[1]) == 1 and result.clips_added == result.clips_deleted == 0


def test_case_fields_merge_one_by_one(app, indexed_video, tmp_path, monkeypatch):
    """Both sides changed the case row, but different fields: the laptop's new language comes
    back, the server's new notes stay, and no false conflict is made of unchanged notes."""
    fill(app, indexed_video)
    laptop_home = tmp_path / "laptop"
    checkout(app, "FAM-7", laptop_home)
    server_url = app.db.url
    monkeypatch.delenv("VFEEDBACK_DATABASE_URL", raising=False)
    laptop = open_app(laptop_home)
    with laptop.db.session() as s:
        s.query(Case).one().family_language = "nb"
        s.query(Case).one().second_language = "so"
    laptop.close()
    monkeypatch.setenv("VFEEDBACK_DATABASE_URL", server_url)
    app.db.actor = "Bea"
    with app.db.session() as s:
        case = s.query(Case).one()
        before = case.notes
        case.notes = (case.notes or "") + "\nclinic: new address"
        case.second_language = "ar"
    result = checkin(app, laptop_home)
    with app.db.session() as s:
        case = s.query(Case).one()
        assert case.family_language == "nb"  # only the laptop changed it
        assert case.notes == (before or "") + "\nclinic: new address"  # only the server
        assert case.second_language == "ar"  # both: the server's stays, listed
    assert result.case_updated
    assert len(result.conflicts) == 1 and result.conflicts[0].startswith(
        "The family's second language: so on the laptop, ar on the server (set by Bea at ")
