"""Database URLs: passwords never shown, unusable URLs are one clear error line (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vfeedback.db import Database, masked_url
from vfeedback.errors import DatabaseError


def run(home: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VFEEDBACK_HOME": str(home), "VFEEDBACK_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "vfeedback", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_masked_url_hides_the_password_only():
    assert masked_url("postgresql+psycopg://nurse:s3cr%40t@db.clinic:5432/vf") == \
        "postgresql+psycopg://nurse:***@db.clinic:5432/vf"
    assert masked_url("sqlite:////home/a/vfeedback.db") == "sqlite:////home/a/vfeedback.db"
    assert "hunter2" not in masked_url("weird://x:hunter2@host/")


def test_info_does_not_print_the_password(tmp_path):
    url = os.environ.get("VFEEDBACK_DATABASE_URL")
    if url is None:  # SQLite run: a URL with a password that still opens (SQLite ignores it)
        url = f"sqlite:///{tmp_path / 'db.sqlite'}"
        result = run(tmp_path / "home", url, "info")
        assert result.returncode == 0 and "Database: sqlite:///" in result.stdout
        return
    from sqlalchemy.engine import make_url

    with_password = make_url(url).set(password="Geheim-42").render_as_string(
        hide_password=False)
    result = run(tmp_path / "home", with_password, "info")  # trust auth: any password works
    assert result.returncode == 0, result.stderr
    assert "Geheim-42" not in result.stdout + result.stderr
    assert ":***@" in result.stdout


@pytest.mark.parametrize("url, message", [
    ("mongodb://nurse:pw123@localhost/vf", "unknown kind of database (mongodb)"),
    ("postgresql+psycopg2://nurse:pw123@localhost/vf", "driver for"),
    ("postgresql+psycopg://nurse:pw123@127.0.0.1:1/vf", "cannot be reached"),
    ("not a url at all pw123", "not valid"),
])
def test_unusable_database_url_is_one_error_line(tmp_path, url, message):
    result = run(tmp_path / "home", url, "case", "list")
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "pw123" not in result.stderr  # the password is never shown


def test_database_error_messages_mask_the_password():
    with pytest.raises(DatabaseError) as info:
        Database("postgresql+psycopg://nurse:pw123@127.0.0.1:1/vf").upgrade()
    assert "pw123" not in str(info.value) and "nurse:***@127.0.0.1:1/vf" in str(info.value)


def test_config_repr_does_not_hold_the_url(tmp_path, monkeypatch):
    from vfeedback.config import load_config

    monkeypatch.setenv("VFEEDBACK_DATABASE_URL", "postgresql+psycopg://nurse:pw123@db/vf")
    config = load_config(tmp_path / "home")
    assert config.database_url.endswith("pw123@db/vf") and "pw123" not in repr(config)
