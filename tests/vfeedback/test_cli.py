"""The ``vfeedback`` command as a user runs it: a real process, real files, real database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

VFEEDBACK = [sys.executable, "-m", "vfeedback"]


def run(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VFEEDBACK_HOME": str(home)}
    env.pop("DISPLAY", None)
    result = subprocess.run([*VFEEDBACK, *args], capture_output=True, text=True, env=env,
                            timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"vfeedback {' '.join(args)} failed:\n{result.stderr}")
    return result


def test_help_on_every_command(tmp_path):
    top = run(tmp_path, "--help")
    assert "import" in top.stdout and "demo" in top.stdout
    for command in (["case", "create"], ["case", "list"], ["import"], ["recording", "list"],
                    ["verify"], ["demo"], ["visit", "create"]):
        assert "Usage:" in run(tmp_path, *command, "--help").stdout


def test_case_import_list_verify(tmp_path, indexed_video):
    home = tmp_path / "home"
    run(home, "case", "create", "FAM-1")
    rec_id = run(home, "import", str(indexed_video), "--case", "FAM-1", "--visit", "1").stdout
    assert rec_id.strip().splitlines()[-1] == "1"
    listing = run(home, "recording", "list").stdout
    assert "FAM-1" in listing and "indexed.mp4" in listing and "6.00 s" in listing
    assert "1 visits, 1 recordings" in run(home, "case", "list").stdout
    assert "All 1 recordings are intact" in run(home, "verify").stdout


def _bad_inputs(tmp_path: Path, good: Path) -> dict[str, Path]:
    zero = tmp_path / "zero.mp4"
    zero.write_bytes(b"")
    text = tmp_path / "letter.mp4"
    text.write_text("Dear family,\n" * 100, encoding="utf-8")
    truncated = tmp_path / "truncated.mp4"
    data = good.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    return {"zero-byte": zero, "text renamed .mp4": text, "truncated": truncated,
            "missing": tmp_path / "does-not-exist.mp4", "already imported": good}


def test_bad_imports_fail_clearly_and_change_nothing(tmp_path, indexed_video):
    home = tmp_path / "home"
    run(home, "import", str(indexed_video), "--case", "F", "--visit", "1", "--create-case")
    before = run(home, "recording", "list").stdout
    store_before = sorted(p.name for p in (home / "store" / "objects").rglob("*"))
    for what, path in _bad_inputs(tmp_path, indexed_video).items():
        result = run(home, "import", str(path), "--case", "F", "--visit", "1", check=False)
        assert result.returncode != 0, what
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1, (what, result.stderr)  # progress lines may precede it
        assert "Traceback" not in result.stderr
    assert run(home, "recording", "list").stdout == before
    assert sorted(p.name for p in (home / "store" / "objects").rglob("*")) == store_before
    assert list((home / "store" / "tmp").iterdir()) == []


def test_unknown_case_and_newer_database_are_one_line_errors(tmp_path, indexed_video):
    home = tmp_path / "home"
    result = run(home, "import", str(indexed_video), "--case", "NOPE", "--visit", "1",
                 check=False)
    assert result.returncode == 1 and result.stderr.strip() == "Error: There is no case NOPE"
    from sqlalchemy import create_engine, text

    from vfeedback.config import load_config

    engine = create_engine(load_config(home).database_url)  # SQLite or the test's PostgreSQL
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    engine.dispose()
    result = run(home, "case", "list", check=False)
    assert result.returncode == 1 and "newer version of vfeedback" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_demo_runs_headless_and_leaves_database_and_recording(tmp_path):
    out = tmp_path / "demo"
    result = run(tmp_path / "unused", "demo", "--out", str(out), "--quick")
    assert "imported recording 1" in result.stdout
    if not os.environ.get("VFEEDBACK_DATABASE_URL"):
        assert (out / "vfeedback.db").stat().st_size > 0
    listing = run(out, "recording", "list").stdout
    assert "DEMO-001" in listing and "sample-visit.mp4" in listing
    assert "All 1 recordings are intact" in run(out, "verify").stdout
