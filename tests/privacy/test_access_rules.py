"""Roles and case assignment through the services: who lists, opens and changes what.

One home with two families: FAM-A is assigned to the trainee Tina (supervised by Sam), FAM-B
to the clinician Carl; Ada is the administrator. Every service function that reaches a case
is called as Tina on FAM-B (and on an id that does not exist): each is refused with the same
words, and nothing is changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from access_homes import Home  # tests/privacy/access_homes.py
from sqlalchemy import select

from services import analysis, annotations, assignments, capture, catalogue, plan, suggestions
from services.access import AccessDenied, check, visible_case_ids
from vfeedback.errors import InputError
from vfeedback.models import Annotation, AuditEvent, CaseAssignment

REFUSED = "You have no access to this case"


@pytest.fixture
def home(access_home: Home) -> Home:
    return access_home


def codes(rows) -> list[str]:  # noqa: ANN001
    return [r.code for r in rows]


# -- listing -------------------------------------------------------------------------------------
def _each_role_lists_only_what_it_may_see(home: Home) -> None:
    app = home.app
    assert codes(catalogue.list_cases(app, None)) == ["FAM-A", "FAM-B"]
    assert codes(catalogue.list_cases(app, "tina")) == ["FAM-A"]  # trainee: assigned only
    assert codes(catalogue.list_cases(app, "carl")) == ["FAM-B"]  # clinician: filtered too
    assert codes(catalogue.list_cases(app, "sam")) == ["FAM-A"]  # supervisor: Tina's case
    admin = catalogue.list_cases(app, "ada")  # admin: every code, no visits
    assert codes(admin) == ["FAM-A", "FAM-B"] and all(not c.visits and not c.content
                                                     for c in admin)
    assert [v.case_code for v in catalogue.list_visits(app, "tina")] == ["FAM-A"]
    assert [v.case_code for v in capture.visits(app, "carl")] == ["FAM-B"]
    assert catalogue.list_visits(app, "ada") == []
    assert visible_case_ids(app, "sam") == {home.a_case}


def _supervisor_opens_the_trainees_case_but_not_others(home: Home) -> None:
    app = home.app
    assert catalogue.get_recording(app, "sam", home.a_rec).id == home.a_rec
    assert len(annotations.annotations(app, "sam", home.a_rec)) == 1  # the trainee's coding
    with pytest.raises(AccessDenied, match=REFUSED):
        catalogue.get_recording(app, "sam", home.b_rec)
    assignments.supervise(app, "ada", "tina", "sam", remove=True)  # the link ends: so does access
    with pytest.raises(AccessDenied, match=REFUSED):
        catalogue.get_recording(app, "sam", home.a_rec)


def _an_admin_manages_but_opens_no_footage_annotations_or_plans(home: Home) -> None:
    app = home.app
    for work in (lambda: catalogue.get_recording(app, "ada", home.a_rec),
                 lambda: catalogue.playable_file(app, "ada", home.a_rec).__enter__(),
                 lambda: annotations.annotations(app, "ada", home.a_rec),
                 lambda: plan.show(app, "ada", home.a_visit),
                 lambda: catalogue.list_recordings(app, "ada", home.a_visit)):
        with pytest.raises(AccessDenied, match="administrator"):
            work()
    assert assignments.assign(app, "ada", "FAM-B", "tina").value  # but assigns cases
    assert codes(catalogue.list_cases(app, "tina")) == ["FAM-A", "FAM-B"]
    with pytest.raises(InputError, match="opens no case"):  # never given a case to open
        assignments.assign(app, "ada", "FAM-B", "ada")


def _every_service_on(home: Home, target: str) -> dict[str, object]:
    """Every service call that reaches a case, aimed at FAM-B's rows (or missing ones)."""
    app, missing = home.app, target == "missing"
    rec = 99999 if missing else home.b_rec
    visit = 99999 if missing else home.b_visit
    case = "NO-SUCH" if missing else "FAM-B"
    ann = 99999 if missing else home.b_ann
    clip = 99999 if missing else home.b_clip
    sug = 99999 if missing else home.b_suggestion
    key = "0" * 64 if missing else home.b_key
    folder = Path(str(app.config.home)) / "out"
    t = "tina"
    return {
        "catalogue.list_recordings": lambda: catalogue.list_recordings(app, t, visit),
        "catalogue.get_recording": lambda: catalogue.get_recording(app, t, rec),
        "catalogue.visit_stem": lambda: catalogue.visit_stem(app, t, visit),
        "catalogue.playable_file": lambda: catalogue.playable_file(app, t, rec).__enter__(),
        "catalogue.media_file": lambda: catalogue.media_file(app, t, key).__enter__(),
        "catalogue.rename_case": lambda: catalogue.rename_case(app, t, case, "TAKEN"),
        "catalogue.family_languages": lambda: catalogue.family_languages(app, t, case),
        "catalogue.set_family_language": lambda: catalogue.set_family_language(app, t, case,
                                                                               "sv"),
        "catalogue.add_visit": lambda: catalogue.add_visit(app, t, case),
        "catalogue.import_into": lambda: catalogue.import_into(app, t, case, 1, folder),
        "catalogue.set_visit_theme": lambda: catalogue.set_visit_theme(app, t, visit, "x"),
        "catalogue.import_files": lambda: catalogue.import_files(app, t, visit, [folder]),
        "catalogue.ensure_proxy": lambda: catalogue.ensure_proxy(app, t, rec),
        "catalogue.next_visit_number": lambda: catalogue.next_visit_number(app, t, case),
        "analysis.results": lambda: analysis.results(app, t, rec),
        "analysis.cue_tracks": lambda: analysis.cue_tracks(app, t, rec),
        "analysis.audio": lambda: analysis.audio(app, t, rec),
        "analysis.sound_lanes": lambda: analysis.sound_lanes(app, t, rec),
        "analysis.analyse": lambda: analysis.analyse(app, t, rec),
        "annotations.annotations": lambda: annotations.annotations(app, t, rec),
        "annotations.get": lambda: annotations.get(app, t, rec, ann),
        "annotations.undo_texts": lambda: annotations.undo_texts(app, t, rec),
        "annotations.describe_step": lambda: annotations.describe_step(app, t, rec, False),
        "annotations.add": lambda: annotations.add(app, t, rec, 1, 0, 100),
        "annotations.update_annotation": lambda: annotations.update_annotation(
            app, t, rec, ann, caption="mine"),
        "annotations.move": lambda: annotations.move(app, t, rec, ann, 0, 10),
        "annotations.delete": lambda: annotations.delete(app, t, rec, [ann]),
        "annotations.split": lambda: annotations.split(app, t, rec, ann, 900),
        "annotations.merge": lambda: annotations.merge(app, t, rec, ann, ann),
        "annotations.import_file": lambda: annotations.import_file(app, t, rec, folder),
        "annotations.export_file": lambda: annotations.export_file(app, t, rec,
                                                                   folder / "a.csv"),
        "annotations.undo": lambda: annotations.undo(app, t, rec),
        "annotations.redo": lambda: annotations.redo(app, t, rec),
        "annotations.step_described": lambda: annotations.step_described(app, t, rec, False),
        "annotations.refresh": lambda: annotations.refresh(app, t, rec),
        "plan.show": lambda: plan.show(app, t, visit),
        "plan.moments": lambda: plan.moments(app, t, visit),
        "plan.problems": lambda: plan.problems(app, t, visit),
        "plan.show_frames": lambda: plan.show_frames(app, t, visit),
        "plan.add_moments": lambda: plan.add_moments(app, t, home.a_visit, [ann]),
        "plan.add_clip": lambda: plan.add_clip(app, t, home.a_visit, rec, 0, 500),
        "plan.set_title": lambda: plan.set_title(app, t, visit, "x"),
        "plan.move_clip": lambda: plan.move_clip(app, t, visit, clip, 0),
        "plan.update_clip": lambda: plan.update_clip(app, t, clip, caption="x"),
        "plan.remove_clips": lambda: plan.remove_clips(app, t, [clip]),
        "plan.propose": lambda: plan.propose(app, t, visit),
        "plan.visit_export_folder": lambda: plan.visit_export_folder(app, t, visit),
        "plan.export": lambda: plan.export(app, t, visit, folder),
        "suggestions.list_suggestions": lambda: suggestions.list_suggestions(app, t, rec),
        "suggestions.accept": lambda: suggestions.accept(app, t, sug, 1),
        "suggestions.dismiss": lambda: suggestions.dismiss(app, t, sug),
        "suggestions.decide": lambda: suggestions.decide(app, t, sug, "dismissed"),
        "suggestions.add": lambda: suggestions.add(app, t, rec, "gaze", 0, 10),
        "capture.start": lambda: capture.start(app, t, object(), visit),
        "assignments.assign": lambda: assignments.assign(app, t, case, "tina"),
        "assignments.assignees": lambda: assignments.assignees(app, t, case),
    }


def test_a_trainee_is_refused_every_service_on_an_unassigned_case(home: Home) -> None:
    """The same words for a case one may not see and one that does not exist."""
    for target in ("other family", "missing"):
        _refused_everything(home, target)


def _refused_everything(home: Home, target: str) -> None:
    refused = []
    for name, work in _every_service_on(home, target).items():
        with pytest.raises(AccessDenied) as caught:
            work()
        refused.append(name)
        if name.startswith("assignments."):
            continue  # a trainee assigns nothing at all, whichever case
        assert str(caught.value) == REFUSED, name
    assert len(refused) == len(_every_service_on(home, target))
    with home.app.db.session() as session:  # nothing was changed on the way
        ann = session.get(Annotation, home.b_ann)
        assert ann is not None and ann.caption == "B's words"
    assert codes(catalogue.list_cases(home.app, None)) == ["FAM-A", "FAM-B"]


def _the_same_calls_work_on_the_trainees_own_case(home: Home) -> None:
    app = home.app
    assert catalogue.get_recording(app, "tina", home.a_rec).id == home.a_rec
    with catalogue.playable_file(app, "tina", home.a_rec) as (path, _is_proxy):
        assert Path(path).stat().st_size > 0
    codes_ = {r.key: r.id for r in annotations.schemes(app, "tina")[0].codes}
    ann = annotations.add(app, "tina", home.a_rec, codes_[next(iter(codes_))], 0, 900).value
    assert [a.id for a in annotations.annotations(app, "tina", home.a_rec)] == [ann]
    assert plan.add_moments(app, "tina", home.a_visit, [ann]).value
    assert catalogue.add_visit(app, "tina", "FAM-A").value
    # ... but not a moment of the other family into her own plan
    with pytest.raises(AccessDenied, match=REFUSED):
        plan.add_moments(app, "tina", home.a_visit, [home.b_ann])


def _a_case_made_by_a_clinician_is_theirs(home: Home) -> None:
    app = home.app
    catalogue.create_case(app, "carl", "FAM-C")
    assert codes(catalogue.list_cases(app, "carl")) == ["FAM-B", "FAM-C"]
    assert "FAM-C" not in codes(catalogue.list_cases(app, "tina"))


def _unknown_names_and_missing_targets_fail_closed(home: Home) -> None:
    with pytest.raises(AccessDenied, match="no account"):
        catalogue.list_cases(home.app, "mallory")
    with pytest.raises(AccessDenied):  # a case action with no case named: refused
        check("tina", "annotations.read", home.app)
    with pytest.raises(AccessDenied):  # and with no database to ask
        check("tina", "cases.list")
    check(None, "annotations.read")  # the person at an unprotected home: no look-up at all
    check("local", "server.manage")


def _only_admins_link_supervisors_and_a_supervisor_assigns_only_their_trainees(
        home: Home) -> None:
    app = home.app
    with pytest.raises(AccessDenied, match="administrator"):
        assignments.supervise(app, "sam", "tina", "sam")
    with pytest.raises(AccessDenied):  # a trainee assigns nothing
        assignments.assign(app, "tina", "FAM-A", "tina", remove=True)
    assert assignments.assign(app, "sam", "FAM-A", "sam").value  # a case sam sees
    with pytest.raises(AccessDenied, match=REFUSED):  # one he does not see
        assignments.assign(app, "sam", "FAM-B", "tina")
    with pytest.raises(AccessDenied):  # to someone who is not his trainee
        assignments.assign(app, "sam", "FAM-A", "carl")


def _role_changes_and_assignments_are_audited_by_id(home: Home) -> None:
    app = home.app
    assignments.set_role(app, "ada", "carl", "supervisor")
    assignments.assign(app, "ada", "FAM-A", "carl")
    assignments.assign(app, "ada", "FAM-A", "carl", remove=True)
    assignments.supervise(app, "ada", "tina", "carl")
    with app.db.session() as session:
        rows = {e.action: e for e in session.scalars(select(AuditEvent))}
        carl_id = next(u.id for u in assignments.users(app, None) if u.name == "carl")
        assert rows["user.role"].actor == "ada"
        assert rows["user.role"].detail == {"old": "clinician", "new": "supervisor"}
        assert rows["case.assign"].object_id == str(home.a_case)
        assert rows["case.unassign"].detail == {"user": carl_id}
        assert rows["user.supervise"].detail["supervisor"] == carl_id
        for action in ("user.role", "case.assign", "case.unassign", "user.supervise"):
            assert "FAM-" not in repr(rows[action].detail), action  # ids, not case codes
        assert session.scalar(select(CaseAssignment).where(
            CaseAssignment.user_id == carl_id, CaseAssignment.case_id == home.a_case)) is None
    with pytest.raises(AccessDenied, match="administrator"):
        assignments.set_role(app, "tina", "tina", "admin")


# One home per test (opening a home and importing two videos takes most of the time), so
# each test walks several rules in an order where the later ones see the earlier changes.
def test_listing_own_cases_supervision_and_new_cases(home: Home) -> None:
    _each_role_lists_only_what_it_may_see(home)
    _the_same_calls_work_on_the_trainees_own_case(home)
    _a_case_made_by_a_clinician_is_theirs(home)
    _supervisor_opens_the_trainees_case_but_not_others(home)  # ends the supervision


def test_admins_assignment_rules_and_the_audit(home: Home) -> None:
    _unknown_names_and_missing_targets_fail_closed(home)
    _only_admins_link_supervisors_and_a_supervisor_assigns_only_their_trainees(home)
    _role_changes_and_assignments_are_audited_by_id(home)
    _an_admin_manages_but_opens_no_footage_annotations_or_plans(home)


# Service functions that take an actor but reach no single case: listings (filtered, tested
# above), schemes, creating a case, crash recovery, and the account/assignment functions.
NOT_ABOUT_ONE_CASE = {
    "catalogue.list_cases", "catalogue.list_visits", "catalogue.get_visit",
    "catalogue.create_case", "annotations.schemes", "annotations.code_choices",
    "capture.visits", "capture.stop", "capture.unfinished", "capture.recover",
    "assignments.add_user_row", "assignments.set_role", "assignments.users",
    "assignments.supervise", "assignments.supervisors_of",
}


def test_every_service_function_is_in_the_refusal_walk() -> None:
    """A new service function must join the walk above (or the list of those about no case)."""
    import inspect
    from types import SimpleNamespace

    nowhere = Home(SimpleNamespace(config=SimpleNamespace(home="/nowhere")), *[0] * 9, "")
    walked = set(_every_service_on(nowhere, "missing"))  # the names only; nothing is called
    for module in (analysis, annotations, assignments, capture, catalogue, plan, suggestions):
        short = module.__name__.split(".")[-1]
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = inspect.signature(fn).parameters
            if "actor" in params and "session" not in params:  # not the row-level helpers
                key = f"{short}.{name}"
                assert key in walked or key in NOT_ABOUT_ONE_CASE, key
