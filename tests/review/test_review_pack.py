"""Offline supervision: pack on one home, unpack on another, and back; bad packages refused.

The second home has a database of its own (a second PostgreSQL database when the suite runs
there). Passphrases come from VFEEDBACK_PACK_PASSPHRASE, as in real use without a terminal.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from review_helpers import ON_POSTGRES, run_cli
from sqlalchemy import select

from services import plan as plan_service
from services import review
from sessions.review_pack import _spans, pack
from vfeedback.crypto import KdfParams
from vfeedback.media.probe import probe
from vfeedback.models import (
    Annotation,
    AuditEvent,
    Code,
    Derivative,
    Recording,
    ReviewComment,
)

SECRET = {"VFEEDBACK_PACK_PASSPHRASE": "correct horse battery staple"}
FAST = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)  # service-level tests only
CAPTION = "Mummy, look at my tower"


@pytest.fixture
def home_b(tmp_path: Path, new_database_url, monkeypatch):  # noqa: ANN001, ANN201
    from vfeedback.app import open_app

    env = {}
    if ON_POSTGRES:  # home B's own database while it opens; home A keeps its own
        home_a_url = os.environ["VFEEDBACK_DATABASE_URL"]
        env["VFEEDBACK_DATABASE_URL"] = new_database_url(migrated=True)
        monkeypatch.setenv("VFEEDBACK_DATABASE_URL", env["VFEEDBACK_DATABASE_URL"])
        other = open_app(tmp_path / "home-b")
        monkeypatch.setenv("VFEEDBACK_DATABASE_URL", home_a_url)
    else:
        other = open_app(tmp_path / "home-b")
    yield other, env
    other.close()


def _annotations(app, recording_id: int) -> dict[str, tuple]:  # noqa: ANN001
    with app.db.session() as s:
        rows = s.execute(select(Annotation, Code).join(Code).where(
            Annotation.recording_id == recording_id)).all()
        return {a.uid: (a.coder, c.key, a.start_ms, a.end_ms, a.valence, a.caption)
                for a, c in rows}


def _comments(app, recording_id: int) -> dict[str, tuple]:  # noqa: ANN001
    with app.db.session() as s:
        return {c.uid: (c.author, c.at_ms, c.text, c.annotation_uid) for c in s.scalars(
            select(ReviewComment).where(ReviewComment.recording_id == recording_id))}


def test_pack_unpack_and_back(app, recording_id, two_sets, roles, home_b, tmp_path):
    app_b, env_b = home_b
    with app.db.session() as s:
        visit_id = s.get(Recording, recording_id).visit_id
        s.get(Annotation, two_sets["tina"][0]).caption = CAPTION
    app.db.actor = "tina"
    plan_service.add_moments(app, "tina", visit_id, two_sets["tina"][:1])
    app.db.actor = "local"
    review.add_comment(app, "tina", recording_id, "Was this empathy?", at_ms=500)
    review.submit(app, "tina", recording_id)
    assert review.approval_needed(app, None, visit_id)  # the trainee's plan waits

    package = tmp_path / "to-sam.vfpack"
    made = run_cli(app, "review", "pack", "--recording", str(recording_id), "--out",
                   str(package), env=SECRET)
    assert made.exit_code == 0, made.output
    data = package.read_bytes()
    for secret in (b"ftyp", CAPTION.encode(), b"T-001", b"empathy", b"tina"):
        assert secret not in data
    with app.db.session() as s:  # what left the home is in the audit log (ids and counts)
        packed = s.scalars(select(AuditEvent).where(AuditEvent.action == "review.pack")).one()
        assert packed.object_id == str(recording_id) and packed.detail["annotations"] == 7

    got = run_cli(app_b, "review", "unpack", str(package), env={**SECRET, **env_b})
    assert got.exit_code == 0, got.output
    with app_b.db.session() as s:
        rec_b = s.scalars(select(Recording)).one()
        clips = list(s.scalars(select(Derivative).where(Derivative.recording_id == rec_b.id)))
    assert _annotations(app_b, rec_b.id) == _annotations(app, recording_id)
    assert _comments(app_b, rec_b.id) == _comments(app, recording_id)
    assert len(clips) == 1 and clips[0].kind == "review-clip"
    with app_b.store.media_path(clips[0].store_key) as clip_path:
        info = probe(clip_path)
    assert info.has_video and info.duration_s == pytest.approx(6.0, abs=0.1)
    shown_a, shown_b = (plan_service.show(app, None, visit_id),
                        plan_service.show(app_b, None, rec_b.visit_id))
    assert shown_b.title == shown_a.title and len(shown_b.clips) == 1
    assert [(c.span_start_ms, c.span_end_ms, c.caption) for c in shown_b.clips] == \
        [(c.span_start_ms, c.span_end_ms, c.caption) for c in shown_a.clips]

    # The supervisor answers and approves on the second laptop; it all travels back.
    review.add_comment(app_b, "sam", rec_b.id, "Yes: she names the feeling", at_ms=700)
    review.approve(app_b, "sam", rec_b.id)
    back = tmp_path / "to-tina.vfpack"
    assert run_cli(app_b, "review", "pack", "--recording", str(rec_b.id), "--out", str(back),
                   env={**SECRET, **env_b}).exit_code == 0
    merged = run_cli(app, "review", "unpack", str(back), "--recording", str(recording_id),
                     env=SECRET)
    assert merged.exit_code == 0, merged.output
    assert _comments(app, recording_id) == _comments(app_b, rec_b.id)
    assert len(_comments(app, recording_id)) == 2
    assert review.state(app, None, recording_id, "tina") == "approved"
    assert review.approval_needed(app, None, visit_id) is None  # the plan may go out now
    again = run_cli(app, "review", "unpack", str(back), env=SECRET)
    assert again.exit_code == 1 and "already unpacked" in again.output
    assert len(_comments(app, recording_id)) == 2 and len(_annotations(app, recording_id)) == 7


def test_a_plan_with_clips_of_two_recordings_travels_whole(app, recording_id, two_sets, vipp,
                                                            second_video, home_b, tmp_path):
    """The visit was filmed in two recordings and the plan uses both: the package of the
    first carries the second's clip too, so the supervisor sees the whole plan and her
    approval's fingerprint holds on the trainee's laptop."""
    from services import annotations, catalogue

    app_b, env_b = home_b
    with app.db.session() as s:
        visit_id = s.get(Recording, recording_id).visit_id
    [second] = catalogue.import_files(app, None, visit_id, [second_video]).value
    app.db.actor = "tina"
    later = annotations.add(app, "tina", second, vipp["empathy"], 1000, 2000).value
    plan_service.add_moments(app, "tina", visit_id, [two_sets["tina"][0], later])
    app.db.actor = "local"
    review.submit(app, "tina", recording_id)
    shown_a = plan_service.show(app, None, visit_id)
    assert {c.recording_id for c in shown_a.clips} == {recording_id, second}

    package = tmp_path / "two.vfpack"
    made = run_cli(app, "review", "pack", "--recording", str(recording_id), "--out",
                   str(package), env=SECRET)
    assert made.exit_code == 0, made.output
    got = run_cli(app_b, "review", "unpack", str(package), env={**SECRET, **env_b})
    assert got.exit_code == 0, got.output
    with app_b.db.session() as s:
        recs = {r.store_key: r.id for r in s.scalars(select(Recording))}
        held = {rid: [d.params for d in s.scalars(select(Derivative).where(
            Derivative.recording_id == rid))] for rid in recs.values()}
        rec_b = s.scalars(select(Recording).where(Recording.visit_id.is_not(None))
                          .order_by(Recording.id)).first().id
        visit_b = s.get(Recording, rec_b).visit_id
    with app.db.session() as s:
        keys = {rid: s.get(Recording, rid).store_key for rid in (recording_id, second)}
    assert set(recs) == set(keys.values())  # the second recording came as a review copy
    second_b = recs[keys[second]]
    # Its clip's video travelled: the moment at 1-2 s with the 2 s margin, within its 3 s.
    assert held[second_b] == [{"start_ms": 0, "end_ms": 3000}]
    shown_b = plan_service.show(app_b, None, visit_b)
    assert [(c.span_start_ms, c.span_end_ms, c.caption) for c in shown_b.clips] == \
        [(c.span_start_ms, c.span_end_ms, c.caption) for c in shown_a.clips]
    assert [keys[c.recording_id] for c in shown_a.clips] == \
        [next(k for k, v in recs.items() if v == c.recording_id) for c in shown_b.clips]

    review.approve(app_b, "sam", recs[keys[recording_id]])
    back = tmp_path / "approved.vfpack"
    assert run_cli(app_b, "review", "pack", "--recording", str(recs[keys[recording_id]]),
                   "--out", str(back), env={**SECRET, **env_b}).exit_code == 0
    merged = run_cli(app, "review", "unpack", str(back), env=SECRET)
    assert merged.exit_code == 0, merged.output
    assert review.approval_needed(app, None, visit_id) is None  # the same plan, approved
    with app.db.session() as s:  # the trainee's home has the footage: no clips added
        assert not list(s.scalars(select(Derivative).where(Derivative.kind == "review-clip")))


def test_a_trainees_own_approval_and_a_case_not_hers_are_refused(app, recording_id, two_sets,
                                                                   roles, home_b, tmp_path):
    """A trainee cannot approve her own plan through a package she made herself (on a home
    without accounts, where anyone approves), nor unpack into a case not hers."""
    app_b, env_b = home_b
    with app.db.session() as s:
        visit_id = s.get(Recording, recording_id).visit_id
    app.db.actor = "tina"
    plan_service.add_moments(app, "tina", visit_id, two_sets["tina"][:1])
    app.db.actor = "local"
    review.submit(app, "tina", recording_id)
    package = tmp_path / "mine.vfpack"
    assert run_cli(app, "review", "pack", "--recording", str(recording_id), "--out",
                   str(package), env=SECRET).exit_code == 0
    assert run_cli(app_b, "review", "unpack", str(package),
                   env={**SECRET, **env_b}).exit_code == 0
    with app_b.db.session() as s:
        rec_b = s.scalars(select(Recording)).one().id
    review.approve(app_b, "tina", rec_b)  # no accounts on the spare home: a name only
    back = tmp_path / "self-approved.vfpack"
    assert run_cli(app_b, "review", "pack", "--recording", str(rec_b), "--out", str(back),
                   env={**SECRET, **env_b}).exit_code == 0

    as_tina = {**SECRET, "VFEEDBACK_USER": "tina"}
    merged = run_cli(app, "review", "unpack", str(back), env=as_tina)
    assert merged.exit_code == 0, merged.output
    assert "were not taken" in merged.output
    assert review.state(app, None, recording_id, "tina") == "submitted"
    assert "needs a supervisor's approval" in review.approval_needed(app, None, visit_id)

    # Bo is a trainee too, without this case: his unpack is refused, nothing merged.
    from services import assignments

    assignments.add_user_row(app, None, "bo", "trainee")
    before = _comments(app, recording_id)
    review.add_comment(app_b, "sam", rec_b, "not for bo", at_ms=100)
    third = tmp_path / "third.vfpack"
    assert run_cli(app_b, "review", "pack", "--recording", str(rec_b), "--out", str(third),
                   env={**SECRET, **env_b}).exit_code == 0
    refused = run_cli(app, "review", "unpack", str(third),
                      env={**SECRET, "VFEEDBACK_USER": "bo"})
    assert refused.exit_code == 1 and "no access to this case" in refused.output
    assert _comments(app, recording_id) == before


def test_a_second_package_brings_the_authors_edits_and_deletions(app, recording_id, two_sets,
                                                                   home_b, tmp_path):
    """The supervisor's copy follows the trainee's set: a moved moment, a new caption and a
    deleted moment arrive with her second package; the supervisor's own moments stay."""
    from services import annotations as ann_service
    from sessions.review_unpack import unpack

    app_b, _env_b = home_b
    pack(app, recording_id, tmp_path / "1.vfpack", "pass-phrase-1", made_by="tina", kdf=FAST)
    first = unpack(app_b, tmp_path / "1.vfpack", "pass-phrase-1")
    assert first.annotations == 7
    moved, deleted = two_sets["tina"][1], two_sets["tina"][2]
    with app.db.session() as s:
        moved_uid, deleted_uid = s.get(Annotation, moved).uid, s.get(Annotation, deleted).uid
        sams = {a.uid for a in s.scalars(select(Annotation).where(Annotation.coder == "sam"))}
    ann_service.update_annotation(app, None, recording_id, moved, start_ms=2500,
                                  caption="fixed after the first round")
    ann_service.delete(app, None, recording_id, [deleted])
    pack(app, recording_id, tmp_path / "2.vfpack", "pass-phrase-1", made_by="tina", kdf=FAST)
    second = unpack(app_b, tmp_path / "2.vfpack", "pass-phrase-1")
    assert (second.annotations, second.updated, second.removed) == (0, 1, 1)
    with app_b.db.session() as s:
        rows = {a.uid: a for a in s.scalars(select(Annotation))}
        assert (rows[moved_uid].start_ms, rows[moved_uid].caption) == (
            2500, "fixed after the first round")
        assert deleted_uid not in rows and sams <= set(rows)
    # A package made by someone else never changes or deletes the trainee's moments.
    with app_b.db.session() as s:
        rec_b = s.scalars(select(Recording)).one().id
    ann_service.delete(app_b, None, rec_b, [rows[moved_uid].id])
    pack(app_b, rec_b, tmp_path / "3.vfpack", "pass-phrase-1", made_by="sam", kdf=FAST)
    third = unpack(app, tmp_path / "3.vfpack", "pass-phrase-1", recording_id=recording_id)
    assert third.removed == 0 and third.updated == 0
    with app.db.session() as s:
        assert s.get(Annotation, moved).caption == "fixed after the first round"


def test_only_the_coded_moments_travel(app, recording_id, vipp, tmp_path):
    from review_helpers import code

    code(app, recording_id, "tina", [("child_signal", 1000, None, None),
                                     ("empathy", 4500, 5000, None)], vipp)
    made = pack(app, recording_id, tmp_path / "p", "pw", margin_ms=300, kdf=FAST)
    assert [(m["start_ms"], m["end_ms"]) for m in made["media"]] == [(700, 1300),
                                                                       (4200, 5300)]
    assert _spans([(0, 100), (50, 400), (5150, 5150)], 5200, 100) == [(0, 500), (5050, 5200)]


def test_bad_packages_are_refused_and_nothing_is_merged(app, recording_id, two_sets,
                                                        home_b, tmp_path):
    app_b, env_b = home_b
    package = tmp_path / "p.vfpack"
    pack(app, recording_id, package, "right", kdf=FAST)
    data = package.read_bytes()
    cases = {"wrong.vfpack": (data, "Wrong passphrase"),
             "cut.vfpack": (data[:len(data) // 2], "damaged, cut off"),
             "flipped.vfpack": (data[:-100] + bytes([data[-100] ^ 1]) + data[-99:],
                                "damaged, cut off"),
             "header.vfpack": (data[:10] + bytes([data[10] ^ 1]) + data[11:],
                               "Wrong passphrase"),
             "stub.vfpack": (data[:20], "cut off"),
             "other.txt": (b"hello", "not a vfeedback review package")}
    for name, (content, message) in cases.items():
        (tmp_path / name).write_bytes(content)
        env = {"VFEEDBACK_PACK_PASSPHRASE": "wrong" if name == "wrong.vfpack" else "right"}
        result = run_cli(app_b, "review", "unpack", str(tmp_path / name), env={**env, **env_b})
        assert result.exit_code == 1, (name, result.output)
        assert message in result.output and "Traceback" not in result.output, name
    with app_b.db.session() as s:
        assert s.scalars(select(Annotation)).first() is None
        assert s.scalars(select(Recording)).first() is None
    # A package for recording A refused for another recording of this home.
    other = run_cli(app, "review", "unpack", str(package), "--recording", "999",
                    env={"VFEEDBACK_PACK_PASSPHRASE": "right"})
    assert other.exit_code == 1 and "another recording" in other.output


def test_whole_recording_travels_with_its_checksum(app, recording_id, two_sets, home_b,
                                                   tmp_path):
    from sessions.review_unpack import unpack

    app_b, _env = home_b
    made = pack(app, recording_id, tmp_path / "w.vfpack", "pw", whole=True, kdf=FAST)
    assert made["whole"] and made["media"] == []
    result = unpack(app_b, tmp_path / "w.vfpack", "pw")
    with app.db.session() as s, app_b.db.session() as s_b:
        key = s.get(Recording, recording_id).store_key
        assert s_b.get(Recording, result.recording_id).store_key == key
    assert app_b.store.contains(key) and result.annotations == 7
