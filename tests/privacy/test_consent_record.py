"""Consent per case: recorded with who and when (history kept), shown, and required before a
reel or a recording export; protected homes refuse a use never recorded, unprotected ones warn."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from services import consent
from sessions.reel import build_plan_reel
from vfeedback import library
from vfeedback.cli import cli
from vfeedback.models import AuditEvent


def _run(app, *args: str, input: str | None = None):  # noqa: A002
    return CliRunner().invoke(cli, ["--home", str(Path(app.config.home)), *args], input=input)


def _case_with_recording(app, indexed_video, code: str = "C-1") -> tuple[int, int, int]:
    with app.db.session() as s:
        case = library.create_case(s, code)
        visit = library.get_or_create_visit(s, case, 1)
        rec = library.import_recording(s, app.store, indexed_video, visit)
        return case.id, visit.id, rec.id


def test_consent_set_and_show_keep_who_and_when_and_the_history(app):
    from services import assignments

    with app.db.session() as s:
        library.create_case(s, "C-1")
    assignments.add_user_row(app, None, "bo", "clinician")
    assignments.assign(app, None, "C-1", "bo")
    first = _run(app, "consent", "set", "C-1", "--feedback", "yes", "--research", "no",
                 "--keep-until", "2031-06-30")
    assert first.exit_code == 0, first.output
    consent.set_consent(app, "bo", "C-1", research="yes")
    consent.set_consent(app, "bo", "C-1", feedback="yes")  # unchanged: no new history row
    state = consent.get(app, None, "C-1")
    assert state.value("feedback") == "yes" and state.value("research") == "yes"
    assert state.value("filming") is None and str(state.keep_until) == "2031-06-30"
    assert state.current["research"].recorded_by == "bo"
    assert [(e.field, e.value) for e in state.history] == [
        ("feedback", "yes"), ("research", "no"), ("keep_until", "2031-06-30"),
        ("research", "yes")]
    shown = _run(app, "consent", "show", "C-1", "--history")
    assert shown.exit_code == 0
    assert "research\tyes\tbo" in shown.output and "filming\tnot recorded" in shown.output
    assert "History:" in shown.output and "\tresearch\tno\t" in shown.output
    with app.db.session() as s:
        details = [r.detail for r in s.scalars(select(AuditEvent).where(
            AuditEvent.action == "consent.set").order_by(AuditEvent.seq))]
    assert details == [{"feedback": "yes", "research": "no", "keep_until": "2031-06-30"},
                       {"research": "yes"}]


@pytest.mark.parametrize("args, words", [
    (["consent", "set", "C-1", "--keep-until", "30.06.2031"], "A keep-until date is YYYY-MM-DD"),
    (["consent", "set", "C-1"], "Say what to record"),
    (["consent", "set", "NOPE", "--feedback", "yes"], "There is no case NOPE"),
    (["consent", "show", "NOPE"], "There is no case NOPE"),
])
def test_bad_consent_input_is_one_clear_line(app, args, words):
    with app.db.session() as s:
        library.create_case(s, "C-1")
    result = _run(app, *args)
    assert result.exit_code == 1 and f"Error: {words}" in result.output
    assert "Traceback" not in result.output


def test_require_follows_the_policy_of_the_home(app):
    with app.db.session() as s:
        case_id = library.create_case(s, "C-1").id
    # Unprotected home, never recorded: allowed with a one-line warning that says how.
    warning = consent.require(app, case_id, "feedback")
    assert "vfeedback consent set C-1 --feedback yes" in warning
    consent.set_consent(app, None, "C-1", feedback="yes", supervision="no")
    assert consent.require(app, case_id, "feedback") == ""
    with pytest.raises(consent.ConsentRefused, match="recorded 'no'"):
        consent.require(app, case_id, "supervision")
    # A protected home (a keyring) refuses a use never recorded, and says how to record it.
    (Path(app.config.home) / "keyring.json").write_text("{}")
    with pytest.raises(consent.ConsentRefused,
                       match="vfeedback consent set C-1 --research yes"):
        consent.require(app, case_id, "research")
    assert consent.require(app, case_id, "feedback") == ""


def test_reel_without_feedback_consent_is_refused(app, indexed_video):
    _, visit_id, _ = _case_with_recording(app, indexed_video)
    consent.set_consent(app, None, "C-1", feedback="no")
    out = Path(app.config.home) / "reel.mp4"
    with pytest.raises(consent.ConsentRefused, match="no consent for use in feedback"):
        build_plan_reel(app, visit_id, out)
    result = _run(app, "reel", "build", "--visit", str(visit_id), "--out", str(out))
    assert result.exit_code == 1 and "no consent for use in feedback" in result.output
    assert not out.exists()


def test_recording_export_needs_consent_for_its_purpose(app, indexed_video, tmp_path):
    _, _, rec_id = _case_with_recording(app, indexed_video)
    consent.set_consent(app, None, "C-1", feedback="yes", research="no")
    refused = _run(app, "recording", "export", str(rec_id), str(tmp_path / "r.mp4"),
                   "--purpose", "research")
    assert refused.exit_code == 1 and "research and teaching" in refused.output
    assert not (tmp_path / "r.mp4").exists()
    done = _run(app, "recording", "export", str(rec_id), str(tmp_path / "f.mp4"))
    assert done.exit_code == 0, done.output
    assert (tmp_path / "f.mp4").stat().st_size > 0
    with app.db.session() as s:
        row = s.scalar(select(AuditEvent).where(AuditEvent.action == "recording.export"))
    assert row.object_id == str(rec_id) and row.detail == {"purpose": "feedback",
                                                          "exact": False, "blurred": ""}


def test_recording_export_in_a_protected_home_without_consent_is_refused(app, indexed_video,
                                                                        tmp_path):
    from services.consent import require_for_recording
    from vfeedback.consent import ConsentRefused

    _, _, rec_id = _case_with_recording(app, indexed_video)
    assert require_for_recording(app, rec_id, "feedback")  # unprotected: a warning only
    # The policy reads whether the home is protected (its keyring file); the CLI's own
    # refusal in a real protected home is in test_no_plaintext_home / test_access_cli.
    (Path(app.config.home) / "keyring.json").write_text("{}")
    with pytest.raises(ConsentRefused,
                       match="No consent for use in feedback is recorded for case C-1"):
        require_for_recording(app, rec_id, "feedback")
    assert not (tmp_path / "r.mp4").exists()
