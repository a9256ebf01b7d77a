"""``vfeedback encrypt`` on a real home: killed with SIGKILL at two points and run again, nothing
is lost, everything reads back, nothing is left in the clear; wrong passwords and leftovers."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vfeedback.cli import cli
from vfeedback.crypto import MAGIC

pytestmark = pytest.mark.sqlite_only(reason="SQLCipher encrypts a home's own SQLite file")

PASSWORD = "correct horse battery"
CAPTION = "Look, I can tear the paper myself"
CASE = "FAMZQ83"
FILLERS = 150


def _run(home: Path, *args: str, input: str | None = None) -> str:  # noqa: A002
    result = CliRunner().invoke(cli, ["--home", str(home), *args], input=input)
    assert result.exit_code == 0, result.output
    return result.output


def _encrypt_process(home: Path, password: str = PASSWORD) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-c", "from vfeedback.cli import main; main()", "--home", str(home), "encrypt",
         "--admin", "anna", "--password-stdin"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write((password + "\n").encode())
    proc.stdin.close()
    return proc


def _finish(proc: subprocess.Popen[bytes], timeout: float = 120) -> tuple[bytes, bytes]:
    proc.wait(timeout)
    assert proc.stdout is not None and proc.stderr is not None
    return proc.stdout.read(), proc.stderr.read()


def _objects(home: Path) -> list[Path]:
    return sorted(p for p in (home / "store" / "objects").rglob("*") if p.is_file())


def _sealed(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def _kill_when(proc: subprocess.Popen[bytes], condition, timeout: float = 60) -> bool:  # noqa: ANN001
    """SIGKILL ``proc`` as soon as ``condition()`` holds; False if it ended first."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.002)
    raise AssertionError("encrypt neither reached the point nor ended")


@pytest.fixture
def plain_home(tmp_path: Path, shared_media: Path) -> tuple[Path, dict[str, str]]:
    """A plaintext home: a real phone-like MP4 with a captioned annotation, and many more
    store objects (so that encryption takes long enough to be killed in the middle)."""
    home = tmp_path / "home"
    clip = shared_media / "dyads" / "3dC3SQ.joke1.rep1.take1.TearingPaper.mp4"
    _run(home, "import", str(clip), "--case", CASE, "--visit", "1", "--create-case")
    _run(home, "annotations", "add", "--recording", "1", "--code", "empathy", "--start", "1",
         "--end", "3", "--caption", CAPTION)
    from vfeedback.app import open_app

    app = open_app(home)
    try:
        data = tmp_path / "filler.bin"
        for i in range(FILLERS):  # real files of distinct content, like derived objects
            data.write_bytes(hashlib.sha256(str(i).encode()).digest() * 2048 + b"ftyp" * 8)
            app.store.add_file(data)
    finally:
        app.close()
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in _objects(home)}
    assert all(name == digest for name, digest in hashes.items())
    return home, hashes


def _assert_fully_encrypted(home: Path, hashes: dict[str, str]) -> None:
    from services import catalogue
    from vfeedback.encrypt import open_protected
    from vfeedback.models import Annotation

    assert (home / "keyring.json").exists() and not (home / "keyring.pending.json").exists()
    assert not (home / "vfeedback.db.encrypting").exists()
    objects = _objects(home)
    assert {p.name for p in objects} == set(hashes)  # nothing lost, nothing added
    assert all(_sealed(p) for p in objects)
    for file in home.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            for needle in (b"ftyp", CAPTION.encode(), CASE.encode()):
                assert needle not in data, (file, needle)
    with pytest.raises(sqlite3.DatabaseError), \
            sqlite3.connect(home / "vfeedback.db") as conn:  # sqlite3 alone cannot read it
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    app = open_protected(home, "anna", PASSWORD)
    try:
        for key in hashes:
            assert app.store.verify(key)
        [case] = catalogue.list_cases(app, None)
        assert case.code == CASE
        with app.db.session() as session:
            assert [a.caption for a in session.query(Annotation)] == [CAPTION]
    finally:
        app.close()


def test_sigkill_mid_way_then_rerun_loses_nothing_and_leaves_no_plaintext(plain_home) -> None:
    home, hashes = plain_home
    # 1. Killed right after the keys were made (database and media still in the clear).
    proc = _encrypt_process(home)
    assert _kill_when(proc, lambda: (home / "keyring.pending.json").exists())
    assert not (home / "keyring.json").exists()
    # 2. Killed in the middle of the media: some objects sealed, some not.
    proc = _encrypt_process(home)

    def some_sealed() -> bool:
        sealed = sum(_sealed(p) for p in _objects(home))
        return 5 <= sealed < len(hashes) - 5

    assert _kill_when(proc, some_sealed), "encrypt finished before it could be interrupted"
    # The half-converted home is refused, not read as plaintext.
    result = CliRunner().invoke(cli, ["--home", str(home), "recording", "list"])
    assert result.exit_code == 1 and "Error:" in result.output and "Traceback" not in result.output
    # A wrong password on the resumed run changes nothing.
    before = {p.name: p.read_bytes()[:16] for p in _objects(home)}
    proc = _encrypt_process(home, "not the password")
    out, err = _finish(proc)
    assert proc.returncode == 1 and b"Wrong password" in err
    assert {p.name: p.read_bytes()[:16] for p in _objects(home)} == before
    # 3. Run to the end.
    proc = _encrypt_process(home)
    out, err = _finish(proc)
    assert proc.returncode == 0, err.decode()
    assert b"Recovery key" in out and b"replaces" in out
    _assert_fully_encrypted(home, hashes)
    # 4. Again on the finished home: nothing to do, no new recovery key.
    out = _run(home, "encrypt", "--admin", "anna", "--password-stdin", input=PASSWORD + "\n")
    assert "already encrypted" in out and "Recovery key" not in out


def test_recovery_key_unlocks_and_leftover_export_is_remade(plain_home) -> None:
    from vfeedback.crypto import Keyring

    home, hashes = plain_home
    (home / "vfeedback.db.encrypting").write_bytes(b"half an export from a killed run")
    out = _run(home, "encrypt", "--admin", "anna", "--password-stdin", input=PASSWORD + "\n")
    recovery = out.split("Recovery key", 1)[1].splitlines()[1].strip()
    _assert_fully_encrypted(home, hashes)
    keyring = Keyring(home / "keyring.json")
    assert keyring.unlock_with_recovery(recovery) == keyring.unlock("anna", PASSWORD)


def test_bad_input_is_refused_clearly(tmp_path: Path, plain_home) -> None:
    home, _hashes = plain_home
    short = CliRunner().invoke(cli, ["--home", str(home), "encrypt", "--admin", "anna",
                                     "--password-stdin"], input="short\n")
    assert short.exit_code == 1 and "at least" in short.output
    assert not (home / "keyring.pending.json").exists()
    empty = CliRunner().invoke(cli, ["--home", str(tmp_path / "nothing"), "encrypt", "--admin",
                                     "anna", "--password-stdin"], input=PASSWORD + "\n")
    assert empty.exit_code == 1 and "no vfeedback home" in empty.output
    _run(home, "encrypt", "--admin", "anna", "--password-stdin", input=PASSWORD + "\n")
    other = CliRunner().invoke(cli, ["--home", str(home), "encrypt", "--admin", "bob",
                                     "--password-stdin"], input=PASSWORD + "\n")
    # Protected now: another name is a login like any other (bob has no account).
    assert other.exit_code == 1 and "Wrong user name or password" in other.output


def test_encrypt_on_a_protected_home_is_an_admin_login(protected_home: Path) -> None:
    """Re-running encrypt on a protected home (to check nothing is left in the clear) logs in
    as anywhere else: a trainee is refused and keeps her role; wrong passwords count and lock."""
    from vfeedback.accounts import add_user
    from vfeedback.app import open_app
    from vfeedback.encrypt import encrypt_home
    from vfeedback.errors import InputError
    from vfeedback.security import LoginError, login, read_keyring

    app = open_app(protected_home, identity=login(protected_home, "ada", "admin-secret-1"))
    try:
        add_user(app, "tess", "trainee", "trainee-pass-1")
    finally:
        app.close()
    with pytest.raises(InputError, match="Only an administrator"):
        encrypt_home(protected_home, "tess", "trainee-pass-1", say=lambda _s: None)
    assert login(protected_home, "tess", "trainee-pass-1").role == "trainee"
    for n in range(5):
        with pytest.raises(InputError, match="Wrong user name or password"):
            encrypt_home(protected_home, "ada", f"guess-{n}-wrong", say=lambda _s: None)
    assert len(read_keyring(protected_home).logins["pending"]) == 5  # audited at next login
    with pytest.raises(LoginError, match="locked"):
        login(protected_home, "ada", "admin-secret-1")
