"""The outbox (services.outbox): edits kept while the server was away, sent later in order,
each with the version it was made on, so a colleague's change made meanwhile is a conflict
to settle and not an overwrite. On SQLite and PostgreSQL; the outage itself is in
``test_outbox_gui.py`` (a real PostgreSQL cluster stopped and started).
"""

from __future__ import annotations

from services import annotations, outbox
from vfeedback.app import open_app
from vfeedback.models import Annotation


def rows(app, rid):  # noqa: ANN001, ANN201
    with app.db.session() as s:
        return sorted((a.start_ms, a.comment, a.changed_by)
                      for a in s.query(Annotation).filter_by(recording_id=rid))


def test_kept_edits_are_sent_in_order_and_survive_a_restart(app, recording_id, vipp):
    app.db.actor = "Anna"
    rid = recording_id
    a = annotations.add(app, None, rid, vipp["empathy"], 100, 900).value
    annotations.annotations(app, None, rid)  # Anna has seen a at version 1
    outbox.keep(app, None, rid, "update", {"ann_id": a, "fields": {"comment": "offline"}},
                "Change event")
    outbox.keep(app, None, rid, "add", {"code_id": vipp["empathy"], "start_ms": 2000,
                                        "end_ms": 2900, "fields": {"caption": "new"}},
                "Add event")
    outbox.keep(app, None, rid, "delete", {"ann_ids": [a]}, "Delete event")
    [update, add, delete] = outbox.outbox(app).entries()
    assert update.payload["expected_version"] == 1 and delete.payload["expected"] == {
        str(a): 1}
    # The file is the home's: another Outbox object on it (a restarted app) sees the same.
    assert [e.label for e in outbox.Outbox(app.config.home).entries()] == [
        "Change event", "Add event", "Delete event"]
    report = outbox.send(app, None).value
    assert (report.sent, report.waiting, report.conflict) == (3, 0, None)
    # The deletion was made on version 1 but the change before it (Anna's own) made it 2:
    # her own newer version is no conflict, so all three applied, in order.
    assert rows(app, rid) == [(2000, "", "Anna")]
    assert outbox.outbox(app).count() == 0


def test_a_colleagues_change_meanwhile_stops_the_send_for_a_decision(app, recording_id, vipp,
                                                                      tmp_path, monkeypatch):
    app.db.actor = "Anna"
    rid = recording_id
    monkeypatch.setenv("VFEEDBACK_DATABASE_URL", app.db.url)
    bea = open_app(tmp_path / "bea")
    bea.db.actor = "Bea"
    try:
        a = annotations.add(app, None, rid, vipp["empathy"], 100, 900).value
        annotations.annotations(app, None, rid)
        outbox.keep(app, None, rid, "update", {"ann_id": a, "fields": {"comment": "Anna's"}})
        outbox.keep(app, None, rid, "add", {"code_id": vipp["child_signal"], "start_ms": 3000,
                                            "end_ms": None, "fields": {}})
        annotations.update_annotation(bea, None, rid, a, comment="Bea's")  # while Anna waits
        report = outbox.send(app, None).value
        assert report.sent == 0 and report.waiting == 2 and report.conflict is not None
        entry, exc = report.conflict
        assert exc.changed_by == "Bea" and "changed by Bea" in str(exc)
        assert rows(app, rid) == [(100, "Bea's", "Bea")]  # nothing overwritten
        # "Reload": Anna's waiting change is dropped, Bea's stays; the rest goes on.
        outbox.resolve(app, None, entry.id, keep_mine=False)
        assert outbox.send(app, None).value.sent == 1
        assert rows(app, rid) == [(100, "Bea's", "Bea"), (3000, "", "Anna")]

        # Once more, and "Keep mine": Anna's version is written over Bea's.
        annotations.annotations(app, None, rid)
        outbox.keep(app, None, rid, "update", {"ann_id": a, "fields": {"comment": "mine"}})
        annotations.update_annotation(bea, None, rid, a, comment="Bea again")
        entry, _exc = outbox.send(app, None).value.conflict
        outbox.resolve(app, None, entry.id, keep_mine=True)
        assert (100, "mine", "Anna") in rows(app, rid) and outbox.outbox(app).count() == 0
    finally:
        bea.close()


def test_an_edit_of_a_moment_deleted_meanwhile_is_reported_not_lost_silently(app, recording_id,
                                                                              vipp):
    rid = recording_id
    a = annotations.add(app, None, rid, vipp["empathy"], 100, 900).value
    annotations.annotations(app, None, rid)
    outbox.keep(app, None, rid, "delete", {"ann_ids": [a]}, "Delete event")
    annotations.delete(app, None, rid, [a])  # e.g. deleted in another window meanwhile
    report = outbox.send(app, None).value
    # Deleted by its own person: no conflict; the waiting deletion has nothing left to do.
    assert report.waiting == 0 and report.sent == 0
    [(entry, why)] = report.dropped
    assert entry.label == "Delete event" and "deleted" in why


def test_a_damaged_outbox_file_is_set_aside_not_fatal(tmp_path) -> None:
    """A half-written outbox.db (a crash, a disk fault) would stop the window from opening:
    it is set aside under a name that says so, and a new, empty outbox starts."""
    from types import SimpleNamespace

    from services import outbox

    home = tmp_path / "home"
    home.mkdir()
    damaged = b"not a database, half-written by a crash " * 100
    (home / "outbox.db").write_bytes(damaged)
    box = outbox.Outbox(home)
    assert box.count() == 0
    assert box.set_aside is not None and box.set_aside.read_bytes() == damaged
    assert box.set_aside.name.startswith("outbox.db.damaged-")
    box.put(1, next(iter(outbox.KINDS)), {"x": 1}, "kept")
    assert [e.label for e in outbox.outbox(SimpleNamespace(
        config=SimpleNamespace(home=home))).entries()] == ["kept"]


def test_an_edit_refused_when_sent_is_kept_with_the_reason(app, recording_id, vipp) -> None:
    """Access withdrawn while the edit waited: it cannot apply, and is kept, not dropped."""
    import json

    from click.testing import CliRunner

    from services import assignments
    from vfeedback.cli import cli
    from vfeedback.models import Recording

    rid = recording_id
    assignments.add_user_row(app, None, "cleo", "clinician")
    with app.db.session() as session:
        case_id = session.get(Recording, rid).visit.case_id
    assignments.assign(app, None, case_id, "cleo")
    outbox.keep(app, "cleo", rid, "add", {"code_id": vipp["empathy"], "start_ms": 4200,
                                         "fields": {"comment": "her smile"}}, "Add event")
    assignments.assign(app, None, case_id, "cleo", remove=True)  # meanwhile
    report = outbox.send(app, "cleo").value
    assert report.sent == 0 and report.waiting == 0
    [(entry, why)] = report.dropped
    assert "no access" in why
    [kept] = outbox.refused(app, "cleo")
    assert (kept.label, kept.kind, kept.recording_id) == ("Add event", "add", rid)
    assert kept.payload["fields"] == {"comment": "her smile"} and "no access" in kept.reason
    assert not [r for r in rows(app, rid) if r[1] == "her smile"]  # nothing written

    runner = CliRunner()
    home = ["--home", str(app.config.home)]
    listed = runner.invoke(cli, [*home, "server", "refused"])
    assert listed.exit_code == 0 and f"recording {rid}: Add event:" in listed.output
    as_json = runner.invoke(cli, [*home, "server", "refused", "--json", "--forget"])
    assert as_json.exit_code == 0, as_json.output
    [row] = json.loads(as_json.stdout)
    assert row["fields"]["fields"] == {"comment": "her smile"} and "no access" in row["reason"]
    assert outbox.refused(app, "cleo") == []
    assert "No refused edits" in runner.invoke(cli, [*home, "server", "refused"]).output
