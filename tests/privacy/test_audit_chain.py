"""The audit chain: appended in order, tampering found (edit, delete, insert, cut, rewrite
without the key), two processes appending at once do not fork it, old rows chained by 0008."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select, text

from vfeedback import audit, library
from vfeedback.db import Database
from vfeedback.models import AuditEvent, AuditHead

REPO = Path(__file__).resolve().parents[2]


def _append(app, n: int, action: str = "test.event") -> None:
    for i in range(n):
        with app.db.session() as s:
            audit.record(s, action, None, actor="anna", i=i)


def _verify(app, key: bytes | None = None) -> audit.Verified:
    with app.db.engine.connect() as conn:
        return audit.verify(conn, key)


def test_rows_are_chained_in_order_and_a_rolled_back_unit_leaves_none(app):
    _append(app, 3)
    with pytest.raises(RuntimeError), app.db.session() as s:
        audit.record(s, "test.lost", None, actor="anna")
        raise RuntimeError("the unit of work fails")
    with app.db.session() as s:
        rows = list(s.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
        head = s.get(AuditHead, 1)
    assert [r.seq for r in rows] == [1, 2, 3]
    assert [r.prev_hash for r in rows] == ["", rows[0].hash, rows[1].hash]
    assert all(r.action == "test.event" and r.actor == "anna" for r in rows)
    assert (head.seq, head.hash) == (3, rows[2].hash)
    assert _verify(app).ok


@pytest.mark.parametrize("tamper, bad_seq, words", [
    ("UPDATE audit_event SET detail = '{\"i\": 7}' WHERE seq = 3", 3, "edited"),
    ("UPDATE audit_event SET actor = 'mallory' WHERE seq = 2", 2, "edited"),
    ("DELETE FROM audit_event WHERE seq = 3", 4, "deleted or inserted"),
    ("UPDATE audit_event SET seq = seq + 100 WHERE seq >= 3", 103, "deleted or inserted"),
    ("DELETE FROM audit_event WHERE seq = 5", None, "cut off"),
])
def test_tampering_with_one_row_is_found_and_named(app, tamper: str, bad_seq: int | None,
                                                   words: str):
    _append(app, 5)
    with app.db.engine.begin() as conn:
        conn.execute(text(tamper))
    result = _verify(app)
    assert not result.ok and words in result.problem.why
    if bad_seq is not None:
        assert result.problem.seq == bad_seq and result.problem.row_id is not None


def test_an_inserted_row_is_found(app):
    _append(app, 4)
    with app.db.engine.begin() as conn:
        row = dict(conn.execute(select(AuditEvent.__table__).where(
            AuditEvent.seq == 2)).mappings().one())
        # A forged row that even carries a correct hash of its own, squeezed in at 2.5.
        conn.execute(text("UPDATE audit_event SET seq = seq + 10 WHERE seq >= 3"))
        forged = dict(row, id=None, seq=3, actor="mallory", prev_hash=row["hash"])
        forged["hash"] = audit.row_hash(forged)
        conn.execute(AuditEvent.__table__.insert().values(
            {k: v for k, v in forged.items() if k != "id"}))
    result = _verify(app)
    assert not result.ok and result.problem.seq == 13  # the row after the forged one


def test_with_the_key_a_chain_rewritten_without_it_is_found(app):
    audit.bind_key(app.db, bytes(range(32)))  # the home's data key; rows get HMACs
    try:
        _append(app, 3)
        key = audit.key_of(app.db)  # subkey(data_key, "audit")
    finally:
        audit.bind_key(app.db, None)
    assert key is not None and key != bytes(range(32))
    assert _verify(app, key).ok and _verify(app, key).keyed
    # Someone with write access but no key edits row 2 and recomputes every hash after it.
    with app.db.engine.begin() as conn:
        rows = [dict(r) for r in conn.execute(select(AuditEvent.__table__)
                                              .order_by(AuditEvent.seq)).mappings()]
        prev = rows[0]["hash"]
        for row in rows[1:]:
            if row["seq"] == 2:
                row["actor"] = "mallory"
            row["prev_hash"] = prev
            row["hash"] = audit.row_hash(row)
            conn.execute(AuditEvent.__table__.update().where(AuditEvent.id == row["id"])
                         .values(actor=row["actor"], prev_hash=prev, hash=row["hash"]))
            prev = row["hash"]
        conn.execute(AuditHead.__table__.update().values(hash=prev))
    assert _verify(app).ok  # hashes alone cannot tell: that is what the key is for
    keyed = _verify(app, key)
    assert not keyed.ok and keyed.problem.seq == 2 and "signature" in keyed.problem.why


CHILD = textwrap.dedent("""
    import sys, time
    from vfeedback import audit
    from vfeedback.db import Database
    db = Database(sys.argv[1], actor=sys.argv[2])
    while time.time() < float(sys.argv[3]):
        time.sleep(0.005)
    for i in range(int(sys.argv[4])):
        with db.session() as s:
            audit.record(s, "test.race", None, i=i)
    db.dispose()
""")


def test_two_processes_appending_at_once_do_not_fork_the_chain(app):
    n = 40
    start = time.time() + 2.5  # both children are importing by then; they start together
    children = [subprocess.Popen([sys.executable, "-c", CHILD, app.db.url, who, str(start),
                                  str(n)], cwd=REPO, stderr=subprocess.PIPE, text=True)
                for who in ("anna", "bo")]
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    with app.db.session() as s:
        rows = list(s.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    assert [r.seq for r in rows] == list(range(1, 2 * n + 1))
    actors = [r.actor for r in rows]
    assert actors.count("anna") == n and actors.count("bo") == n
    assert _verify(app).ok


def test_library_audit_alias_and_call_sites_write_ids_not_codes(app, indexed_video):
    with app.db.session() as s:
        case = library.create_case(s, "FAMILY-SECRET")
        visit = library.get_or_create_visit(s, case, 1)
        library.import_recording(s, app.store, indexed_video, visit)
        library.rename_case(s, case, "FAMILY-OTHER")
    with app.db.engine.connect() as conn:
        dumped = repr(conn.execute(select(AuditEvent.__table__)).all())
    assert "FAMILY" not in dumped and indexed_video.name not in dumped
    assert "case.create" in dumped and "recording.import" in dumped
    assert _verify(app).ok


T0 = datetime(2026, 1, 1, 10, 0, 0)


def test_migration_0008_chains_old_rows_without_their_codes(new_database_url):
    url = new_database_url()
    old = Database(url)
    old.upgrade("0005")
    meta = MetaData()
    with old.engine.begin() as conn:
        meta.reflect(conn)
        t = meta.tables
        conn.execute(t["case"].insert().values(id=1, code="OLD-CODE", notes="", archived=False,
                                               created_at=T0))
        for action, obj, detail in [
                ("case.create", "1", {"code": "OLD-CODE"}),
                ("visit.create", "1", {"case": "OLD-CODE", "number": 1}),
                ("recording.import", "1", {"name": "anna-home.mp4", "sha256": "ab" * 32}),
                ("case.checkout", "OLD-CODE", {"to": "/home/x/OLD-CODE"})]:
            conn.execute(t["audit_event"].insert().values(
                at=T0, actor="eva", action=action,
                object_type="recording" if action == "recording.import" else "case",
                object_id=obj, detail=detail))
    old.dispose()
    db = Database(url)
    db.upgrade()
    with db.engine.connect() as conn:
        assert audit.verify(conn).ok
        rows = conn.execute(select(AuditEvent.__table__).order_by(AuditEvent.seq)).all()
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    assert "OLD-CODE" not in repr(rows) and "anna-home" not in repr(rows)
    assert rows[1].detail == {"number": 1} and rows[3].object_id == "1"
    with db.session() as s:  # and new rows chain on
        audit.record(s, "test.after", None, actor="eva")
    with db.engine.connect() as conn:
        assert audit.verify(conn).rows == 5
    db.dispose()


def test_merging_a_home_chains_its_rows_onto_the_target_log(app, new_database_url):
    from vfeedback.server import transfer

    _append(app, 2, "target.event")
    source = Database(new_database_url(migrated=True), actor="eva")
    source.upgrade()
    with source.session() as s:
        library.create_case(s, "MERGED-1")
        audit.record(s, "source.event", None, actor="eva")
    with source.engine.connect() as src, app.db.engine.begin() as dst:
        added = transfer.merge_into(src, dst)
    source.dispose()
    assert added["audit_event"] == 2
    result = _verify(app)
    assert result.ok and result.rows == 4
    with app.db.engine.connect() as conn:
        actions = [r["action"] for r in audit.rows(conn)]
    assert actions == ["source.event", "case.create", "target.event", "target.event"]
