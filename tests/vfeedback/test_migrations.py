"""Alembic migrations: an old database is upgraded with its data; bad databases are refused."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from vfeedback import db as db_module
from vfeedback.db import Database
from vfeedback.errors import DatabaseError
from vfeedback.models import Base


def test_migrations_build_exactly_the_model(new_database_url):
    db = Database(new_database_url())  # empty: SQLite file or PostgreSQL database
    db.upgrade()
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    assert db.current_revision() == db.head_revision()


def test_old_database_is_upgraded_keeping_its_data(new_database_url):
    url = new_database_url()
    old = Database(url)
    old.upgrade("0001")  # the schema of the first release
    with old.engine.begin() as conn:
        conn.execute(text("INSERT INTO \"case\" (code, notes, archived, created_at) "
                          "VALUES ('OLD-1', '', false, '2026-01-01 10:00:00')"))
        conn.execute(text("INSERT INTO recording (visit_id, store_key, size_bytes, original_name,"
                          " container, duration_ms, fps, width, height, rotation, video_codec, "
                          "audio_codec, imported_at) VALUES (NULL, :k, 1, 'a.mp4', 'mp4', 1000, "
                          "25, 320, 240, 0, 'h264', 'aac', '2026-01-01 10:00:00')"),
                     {"k": "b" * 64})
    old.dispose()

    new = Database(url)
    new.upgrade()
    assert new.current_revision() == new.head_revision()
    from vfeedback.models import Case, Derivative, Recording

    with new.session() as s:
        assert s.query(Case).one().code == "OLD-1"
        rec = s.query(Recording).one()
        assert rec.source == "import"  # the column 0002 added, filled for old rows
        s.add(Derivative(recording=rec, kind="proxy", store_key="c" * 64))


def test_database_from_a_newer_version_is_refused(new_database_url):
    url = new_database_url()
    db = Database(url)
    db.upgrade()
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseError, match="newer version of vfeedback"):
        Database(url).upgrade()


@pytest.mark.sqlite_only(reason="SQLite's file lock; PostgreSQL locks rows, not the database")
def test_locked_database_gives_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 1)  # the app waits 30 s; the test need not
    path = tmp_path / "locked.db"
    Database(f"sqlite:///{path}").upgrade()
    holder = sqlite3.connect(path, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        db = Database(f"sqlite:///{path}")
        with pytest.raises(DatabaseError, match="locked"), db.session() as s:
            s.execute(text("INSERT INTO user (name, role, created_at) VALUES "
                           "('x', 'clinician', '2026-01-01')"))
    finally:
        holder.rollback()
        holder.close()
