"""The account commands as a script runs them: real processes, real keyring, real database.

Each child gets its login only in its own environment (``env=``), never the test's. Why these
take 10-30 s: 16 processes, each starting Python and logging in (Argon2id); only the first
test pays the default key-derivation cost, the others use a home made at a test's cost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from vfeedback.crypto import KdfParams
from vfeedback.security import create_home_keys, login

CHEAP = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)
VFEEDBACK = [sys.executable, "-m", "vfeedback"]


def run(home: Path, *args: str, user: str | None = None, password: str | None = None,
        stdin: str = "", extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VFEEDBACK_")
           or k == "VFEEDBACK_DATABASE_URL"}
    env["VFEEDBACK_HOME"] = str(home)
    env.pop("DISPLAY", None)
    if user is not None:
        env["VFEEDBACK_USER"] = user
    if password is not None:
        env["VFEEDBACK_PASSWORD"] = password
    env.update(extra or {})
    return subprocess.run([*VFEEDBACK, *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=120)


def _one_error(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0], lines
    assert "Traceback" not in result.stderr


def test_setup_at_full_cost_and_login_refusals(tmp_path: Path) -> None:
    home = tmp_path / "home"
    made = run(home, "setup", "--admin", "ada", "--password-stdin", stdin="admin-secret-1\n")
    assert made.returncode == 0, made.stderr
    recovery = made.stdout.strip().splitlines()[-1]
    assert len(recovery.replace("-", "")) == 52  # 256 bits in base32
    ring = json.loads((home / "keyring.json").read_text())
    assert ring["kdf"] == {"time_cost": 3, "memory_kib": 65536, "parallelism": 2}
    assert recovery not in (home / "keyring.json").read_text()
    assert (home / "keyring.json").stat().st_mode & 0o077 == 0
    _one_error(run(home, "case", "list"), "VFEEDBACK_USER")  # no login, no terminal
    _one_error(run(home, "case", "list", user="ada", password="wrong-one-1"),
               "Wrong user name or password")
    listed = run(home, "user", "list", user="ada", password="admin-secret-1")
    assert listed.stdout.startswith("ada\tadmin\t"), listed.stderr


def test_user_commands(tmp_path: Path) -> None:
    # Made in process at a test's Argon2 cost: each of these processes logs in once.
    home = tmp_path / "home"
    recovery = create_home_keys(home, "ada", "admin-secret-1", kdf=CHEAP)
    ada = {"user": "ada", "password": "admin-secret-1"}
    ok = run(home, "user", "add", "tom", "--role", "trainee", "--password-stdin",
             stdin="trainee-pw-1\n", **ada)
    assert ok.returncode == 0 and "Added tom (trainee)" in ok.stdout, ok.stderr
    _one_error(run(home, "user", "list", user="tom", password="trainee-pw-1"),
               "Only an administrator")
    changed = run(home, "user", "password", "tom", "--password-stdin", user="tom",
                  password="trainee-pw-1", stdin="trainee-pw-2\n")
    assert changed.returncode == 0, changed.stderr
    assert login(home, "tom", "trainee-pw-2").role == "trainee"
    disabled = run(home, "user", "disable", "tom", **ada)
    assert disabled.returncode == 0, disabled.stderr
    _one_error(run(home, "case", "list", user="tom", password="trainee-pw-2"),
               "tom is disabled")
    # A forgotten admin password: the recovery key sets a new one.
    _one_error(run(home, "user", "recover", "ada", "--password-stdin", stdin="new-admin-pw-1\n",
                   extra={"VFEEDBACK_RECOVERY_KEY": "A" * 52}), "recovery key does not open")
    recovered = run(home, "user", "recover", "ada", "--password-stdin", stdin="new-admin-pw-1\n",
                    extra={"VFEEDBACK_RECOVERY_KEY": recovery})
    assert recovered.returncode == 0, recovered.stderr
    rows = [line.split("\t") for line in run(home, "user", "list", user="ada",
                                             password="new-admin-pw-1").stdout.splitlines()]
    assert [(r[0], r[1], r[3]) for r in rows] == [("ada", "admin", "ok"),
                                                  ("tom", "trainee", "disabled")]
    # Back after a leave, qualified: enabled with a new password, then a clinician.
    admin = {"user": "ada", "password": "new-admin-pw-1"}
    enabled = run(home, "user", "enable", "tom", "--password-stdin", stdin="trainee-pw-3\n",
                  **admin)
    assert enabled.returncode == 0 and "Enabled tom" in enabled.stdout, enabled.stderr
    promoted = run(home, "user", "role", "tom", "clinician", **admin)
    assert promoted.returncode == 0 and "tom is now a clinician" in promoted.stdout
    _one_error(run(home, "user", "role", "ada", "trainee", **admin), "last administrator")
    assert login(home, "tom", "trainee-pw-3").role == "clinician"


def test_setup_refuses_a_home_with_data(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "case", "create", "FAM-2").returncode == 0
    _one_error(run(home, "setup", "--admin", "ada", "--password-stdin", stdin="admin-secret-1\n"),
               "vfeedback encrypt")
    _one_error(run(tmp_path / "other", "setup", "--admin", "ada", "--password-stdin",
                   stdin="short\n"), "at least 8")
    assert "FAM-2" in run(home, "case", "list").stdout  # unprotected, untouched
    _one_error(run(home, "user", "list"), "not protected")
