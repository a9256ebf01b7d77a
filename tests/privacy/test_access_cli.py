"""Roles and case assignment through the ``vfeedback`` command: what a trainee, a clinician, a
supervisor and an administrator can list, open, export and build.

The command's actor is ``VFEEDBACK_USER`` (the authenticated user once homes have accounts).
Most commands run in-process with click's runner (each real ``vfeedback`` process costs a
couple of seconds); one runs as a real process to show the whole path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from access_homes import Home  # tests/privacy/access_homes.py
from click.testing import CliRunner
from sqlalchemy import select

from vfeedback.cli import cli
from vfeedback.models import AuditEvent

REFUSED = "Error: You have no access to this case"


@pytest.fixture
def home(access_home: Home) -> Home:
    return access_home


def run(home: Home, user: str | None, *args: str) -> tuple[int, str]:
    """``vfeedback --home HOME ARGS`` as ``user`` (None: the person at an unprotected home)."""
    env = {"VFEEDBACK_USER": user or ""}
    result = CliRunner().invoke(cli, ["--home", str(home.app.config.home), *args], env=env,
                                catch_exceptions=False)
    return result.exit_code, result.output


def refused(home: Home, user: str, *args: str) -> str:
    code, output = run(home, user, *args)
    assert code == 1, (args, output)
    assert "Traceback" not in output
    return output


def test_a_trainee_cannot_list_open_export_or_build_from_an_unassigned_case(
        home: Home, tmp_path: Path) -> None:
    b_rec, b_visit = str(home.b_rec), str(home.b_visit)
    # list: only her own case, its visits and recordings
    code, out = run(home, "tina", "case", "list")
    assert code == 0 and "FAM-A" in out and "FAM-B" not in out
    code, out = run(home, "tina", "recording", "list")
    assert code == 0 and out.split("\t")[0] == str(home.a_rec) and "FAM-B" not in out
    assert REFUSED in refused(home, "tina", "visit", "list", "FAM-B")
    # open or analyse: the annotations, the plan, the suggestions, the people found
    for args in (["annotations", "list", "--recording", b_rec],
                 ["reel", "plan", "--visit", b_visit],
                 ["suggest", b_rec], ["people", b_rec], ["analyse", b_rec],
                 ["people", b_rec, "--swap"],
                 ["annotations", "undo", "--recording", b_rec],
                 ["case", "language", "FAM-B"]):
        assert REFUSED in refused(home, "tina", *args), args
    # export: the video, the annotations; build: the reel (nothing is written)
    out_mp4, out_csv, reel = tmp_path / "b.mp4", tmp_path / "b.csv", tmp_path / "reel.mp4"
    assert REFUSED in refused(home, "tina", "recording", "export", b_rec, str(out_mp4))
    assert REFUSED in refused(home, "tina", "annotations", "export", "--recording", b_rec,
                              "--format", "csv", "--out", str(out_csv))
    assert REFUSED in refused(home, "tina", "reel", "build", "--visit", b_visit,
                              "--out", str(reel), "--script", str(tmp_path / "s.pdf"))
    assert not out_mp4.exists() and not out_csv.exists() and not reel.exists()
    # write: import into, add a visit to, code, rename the other family's case
    assert REFUSED in refused(home, "tina", "import", str(out_mp4), "--case", "FAM-B",
                              "--visit", "1")
    assert REFUSED in refused(home, "tina", "visit", "create", "FAM-B")
    assert REFUSED in refused(home, "tina", "annotations", "add", "--recording", b_rec,
                              "--code", "empathy", "--start", "1")
    assert REFUSED in refused(home, "tina", "case", "rename", "FAM-B", "MINE")
    # an id that does not exist gets the same words: nothing says which ids are families
    assert REFUSED in refused(home, "tina", "annotations", "list", "--recording", "9999")
    assert REFUSED in refused(home, "tina", "visit", "list", "NO-SUCH-CASE")
    # her own case works through the same commands
    code, out = run(home, "tina", "recording", "export", str(home.a_rec), str(out_mp4))
    assert code == 0 and out_mp4.stat().st_size > 0, out
    code, out = run(home, "tina", "annotations", "export", "--recording", str(home.a_rec),
                    "--format", "csv", "--out", str(out_csv))
    assert code == 0 and out_csv.exists(), out


def test_a_supervisor_sees_the_trainees_case_and_a_clinicians_listing_is_filtered(
        home: Home) -> None:
    code, out = run(home, "sam", "case", "list")
    assert code == 0 and "FAM-A" in out and "FAM-B" not in out
    code, out = run(home, "sam", "annotations", "list", "--recording", str(home.a_rec))
    assert code == 0, out
    code, out = run(home, "carl", "case", "list")
    assert code == 0 and "FAM-B" in out and "FAM-A" not in out
    code, out = run(home, "carl", "recording", "list")
    assert code == 0 and out.split("\t")[0] == str(home.b_rec) and "FAM-A" not in out
    code, out = run(home, "carl", "annotations", "list", "--recording", str(home.b_rec))
    assert code == 0 and "B's words" in out
    code, out = run(home, "mallory", "gui")  # no account: one line, no window, no traceback
    assert code == 1 and out.strip() == "Error: mallory has no account in this home"
    code, out = run(home, None, "case", "list")  # an unprotected home: everything, as before
    assert code == 0 and "FAM-A" in out and "FAM-B" in out


def test_an_admin_assigns_by_code_but_cannot_open_footage(home: Home, tmp_path: Path) -> None:
    code, out = run(home, "ada", "case", "list")
    assert code == 0 and out.split() == ["FAM-A", "FAM-B"]  # codes only
    out = refused(home, "ada", "recording", "export", str(home.a_rec), str(tmp_path / "a.mp4"))
    assert "administrator" in out and not (tmp_path / "a.mp4").exists()
    assert "administrator" in refused(home, "ada", "annotations", "list", "--recording",
                                      str(home.a_rec))
    assert "administrator" in refused(home, "ada", "reel", "plan", "--visit",
                                      str(home.a_visit))
    # assignment and supervision, from the command line
    code, out = run(home, "ada", "case", "assign", "FAM-B", "--to", "tina")
    assert code == 0 and "Assigned case FAM-B to tina" in out
    code, out = run(home, "tina", "case", "list")
    assert "FAM-A" in out and "FAM-B" in out
    code, out = run(home, "ada", "case", "assign", "FAM-B", "--to", "tina", "--remove")
    assert code == 0
    code, out = run(home, "tina", "case", "list")
    assert "FAM-B" not in out
    code, out = run(home, "ada", "user", "supervise", "tina", "--by", "carl")
    assert code == 1 and "not a supervisor" in out  # carl is a clinician
    code, out = run(home, "ada", "user", "role", "carl", "supervisor")
    assert code == 0, out
    code, out = run(home, "ada", "user", "supervise", "tina", "--by", "carl")
    assert code == 0 and "carl now supervises tina" in out
    code, out = run(home, "carl", "case", "list")
    assert "FAM-A" in out and "FAM-B" in out  # his own case and his new trainee's
    # a trainee can do none of it
    assert "Only an administrator" in refused(home, "tina", "user", "supervise", "tina",
                                              "--by", "sam")
    assert "supervisor" in refused(home, "tina", "case", "assign", "FAM-A", "--to", "tina")
    with home.app.db.session() as session:
        actions = [e.action for e in session.scalars(select(AuditEvent).where(
            AuditEvent.actor == "ada").order_by(AuditEvent.id))]
    assert actions == ["case.assign", "case.unassign", "user.role", "user.supervise"]


def test_a_real_vfeedback_process_refuses_the_trainee(home: Home) -> None:
    env = {**os.environ, "VFEEDBACK_HOME": str(home.app.config.home), "VFEEDBACK_USER": "tina"}
    env.pop("DISPLAY", None)
    done = subprocess.run([sys.executable, "-m", "vfeedback", "annotations", "list",
                           "--recording", str(home.b_rec)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == REFUSED and "B's words" not in done.stdout
