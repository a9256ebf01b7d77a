"""Accounts on a clinic server: ``server init --admin --password-stdin`` stores an Argon2id
hash in the ``user`` table, and a login checks that hash when the database is shared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from vfeedback.crypto import KdfParams
from vfeedback.db import Database
from vfeedback.models import User
from vfeedback.security import (
    LoginError,
    create_home_keys,
    hash_password,
    login,
    password_matches,
)

CHEAP = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


def test_server_init_stores_the_admins_password_hash(tmp_path: Path, new_database_url) -> None:  # noqa: ANN001
    url = new_database_url()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VFEEDBACK_")}
    env["VFEEDBACK_HOME"] = str(tmp_path / "admin-home")
    result = subprocess.run([sys.executable, "-m", "vfeedback", "server", "init", "--url", url,
                             "--admin", "boss", "--password-stdin"], input="server-secret-1\n",
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    db = Database(url)
    try:
        with db.session() as session:
            boss = session.scalar(select(User).where(User.name == "boss"))
            assert boss.role == "admin" and boss.password_hash.startswith("$argon2id$")
            assert password_matches(boss.password_hash, "server-secret-1")
            assert not password_matches(boss.password_hash, "server-secret-2")
    finally:
        db.dispose()


@pytest.mark.postgres_only(reason="the row's hash is checked where the database is shared")
def test_a_password_changed_on_the_server_wins(tmp_path: Path) -> None:
    home = tmp_path / "home"
    create_home_keys(home, "ada", "laptop-pw-1", kdf=CHEAP)
    db = Database(os.environ["VFEEDBACK_DATABASE_URL"])
    try:
        with db.session() as session:
            session.scalar(select(User).where(User.name == "ada")).password_hash = (
                hash_password("server-pw-1", CHEAP))
    finally:
        db.dispose()
    # The laptop's keyring still unwraps with the old password, but the server says no.
    with pytest.raises(LoginError, match="Wrong user name or password"):
        login(home, "ada", "laptop-pw-1")
