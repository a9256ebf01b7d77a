"""Roles in a real protected home: people log in (keyring, SQLCipher), and a trainee's real
`vfeedback` process lists, opens, exports and builds reels only for her assigned case."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vfeedback.crypto import KdfParams

CHEAP = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)  # many logins, quickly
REFUSED = "You have no access to this case"
pytestmark = pytest.mark.sqlite_only(reason="a protected laptop home is a SQLCipher file")


def _vfeedback(home: Path, who: str, password: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "VFEEDBACK_USER": who, "VFEEDBACK_PASSWORD": password,
           "VFEEDBACK_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "vfeedback", "--home", str(home), *args],
                          env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)


def test_a_logged_in_trainee_reaches_only_her_assigned_case(tmp_path, indexed_video) -> None:
    from services import assignments, catalogue, consent, plan
    from vfeedback import accounts, security
    from vfeedback.app import open_app

    home = tmp_path / "home"
    security.create_home_keys(home, "ada", "admin-password", kdf=CHEAP)
    admin = open_app(home, identity=security.login(home, "ada", "admin-password"))
    accounts.add_user(admin, "tina", "trainee", "tina-password")
    accounts.add_user(admin, "carl", "clinician", "carl-password")
    admin.close()

    carl = open_app(home, identity=security.login(home, "carl", "carl-password"))
    other = tmp_path / "other.mp4"
    from vfeedback.media.synth import make_video

    make_video(other, duration_s=3, fps=25, width=160, height=90, keyint=25, tone_hz=660)
    rec_a = catalogue.import_into(carl, "carl", "FAM-A", 1, indexed_video,
                                  create_case=True).value
    rec_b = catalogue.import_into(carl, "carl", "FAM-B", 1, other, create_case=True).value
    visit_b = catalogue.get_recording(carl, "carl", rec_b).visit_id
    plan.add_clip(carl, "carl", visit_b, rec_b, 0, 1500, "a caption")
    consent.set_consent(carl, "carl", "FAM-B", filming="yes", feedback="yes")
    carl.close()
    admin = open_app(home, identity=security.login(home, "ada", "admin-password"))
    assignments.assign(admin, "ada", "FAM-A", "tina")
    admin.close()

    listed = _vfeedback(home, "tina", "tina-password", "case", "list")
    assert listed.returncode == 0, listed.stderr
    assert "FAM-A" in listed.stdout and "FAM-B" not in listed.stdout

    out = tmp_path / "b.mp4"
    for args in (("recording", "export", str(rec_b), str(out)),
                 ("reel", "build", "--visit", str(visit_b), "--out", str(tmp_path / "r.mp4")),
                 ("annotations", "export", "--recording", str(rec_b), "--format", "csv",
                  "--out", str(tmp_path / "b.csv"))):
        refused = _vfeedback(home, "tina", "tina-password", *args)
        assert refused.returncode == 1, (args, refused.stdout, refused.stderr)
        assert REFUSED in refused.stderr, (args, refused.stderr)
        assert "Traceback" not in refused.stderr
    assert not out.exists() and not (tmp_path / "r.mp4").exists()
    # Her own case opens, and a wrong password opens nothing.
    own = _vfeedback(home, "tina", "tina-password", "recording", "list", "--case", "FAM-A")
    assert own.returncode == 0 and f"{rec_a}\tFAM-A" in own.stdout, (own.stdout, own.stderr)
    wrong = _vfeedback(home, "tina", "not-her-password", "case", "list")
    assert wrong.returncode == 1 and "FAM-A" not in wrong.stdout
