"""A protected home's SQLite database is SQLCipher-encrypted as a whole: plain sqlite3 cannot
open it, no row's text is in the file, WAL stays on, and a wrong or missing key is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from vfeedback import library
from vfeedback.app import open_app
from vfeedback.crypto import KdfParams
from vfeedback.db import Database
from vfeedback.errors import DatabaseError, VFeedbackError
from vfeedback.security import create_home_keys, keyring_path, login

pytestmark = pytest.mark.sqlite_only(reason="SQLCipher is the laptop's SQLite database")
CHEAP = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)
SECRET_NOTE = "Mother-said-SECRETWORD-at-the-visit"


def _filled_home(tmp_path: Path) -> tuple[Path, object]:
    home = tmp_path / "home"
    create_home_keys(home, "ada", "admin-secret-1", kdf=CHEAP)
    ada = login(home, "ada", "admin-secret-1")
    app = open_app(home, identity=ada)
    with app.db.session() as session:
        library.create_case(session, "FAMCODE-77", notes=SECRET_NOTE)
    return home, app


def test_database_is_encrypted_and_keeps_wal(tmp_path: Path) -> None:
    home, app = _filled_home(tmp_path)
    try:
        assert app.db.encrypted
        with app.db.engine.connect() as conn:
            assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
            assert conn.scalar(text("PRAGMA cipher_version"))  # really SQLCipher
        # While the app is open the newest rows may sit in the -wal file: it is encrypted too.
        files = [p for p in home.iterdir() if p.name.startswith("vfeedback.db")]
        assert any(p.name.endswith("-wal") for p in files)
        for path in files:
            data = path.read_bytes()
            for needle in (b"SQLite format 3", b"FAMCODE-77", b"SECRETWORD", b"audit_event"):
                assert needle not in data, (path.name, needle)
    finally:
        app.close()
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(home / "vfeedback.db").execute("SELECT * FROM sqlite_master").fetchall()
    # Reopened with the key, everything is there.
    again = open_app(home, identity=login(home, "ada", "admin-secret-1"))
    with again.db.session() as session:
        assert library.get_case(session, "FAMCODE-77").notes == SECRET_NOTE
    again.close()


def test_wrong_or_missing_key_is_a_clear_refusal(tmp_path: Path) -> None:
    home, app = _filled_home(tmp_path)
    app.close()
    url = f"sqlite:///{(home / 'vfeedback.db').as_posix()}"
    with pytest.raises(DatabaseError, match="file is not a database"):
        Database(url, key=b"\x01" * 32).upgrade()
    # The key file lost: the home looks unprotected, but its database is not readable plain.
    keyring_path(home).rename(home / "keyring.json.away")
    with pytest.raises(DatabaseError, match="encrypted, but this home has no key file"):
        open_app(home)
    assert (home / "vfeedback.db").stat().st_size > 0  # nothing was overwritten


def test_a_key_file_beside_a_plain_database_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    open_app(plain).close()
    other, app = _filled_home(tmp_path)
    ada = app.identity
    app.close()
    keyring_path(other).rename(keyring_path(plain))
    with pytest.raises(VFeedbackError, match="not encrypted"):
        open_app(plain, identity=ada)
