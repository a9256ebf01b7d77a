"""Several real ``vfeedback`` processes on one home at once.

Fault injection: the import runs in a real process whose store reads are slowed (a sleep per
1 MiB chunk, injected by wrapping the store's progress hook), so that a second command can be
started while the import is surely still copying into ``store/tmp``. Before per-process work
folders, every command emptied ``store/tmp`` at start and the import then failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

DELAY_PER_MIB_S = 0.6

# Slowed from the first chunk copied into the store on (the copy and its read-back).
_SLOW_IMPORT = f"""
import sys, time
import vfeedback.store as store
_report = store.report
copying = []
def slow(progress, fraction, what):
    if what.startswith("Copying"):
        copying.append(1)
    if copying:
        time.sleep({DELAY_PER_MIB_S})
    _report(progress, fraction, what)
store.report = slow
from vfeedback.cli import main
sys.argv = ["vfeedback", *sys.argv[1:]]
main()
"""


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "VFEEDBACK_HOME": str(home)}
    env.pop("DISPLAY", None)
    return env


def _vf(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vfeedback", *args], env=_env(home),
                          capture_output=True, text=True, timeout=300)


def _slow_import(home: Path, video: Path, case: str, visit: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _SLOW_IMPORT, "import", str(video), "--case", case, "--visit",
         str(visit), "--create-case"],
        env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _copying(home: Path) -> bool:
    return any((home / "store" / "tmp").glob("*/import-*"))


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Twelve different ~5 MB H.264 files (lossless test pattern, one comment each)."""
    folder = tmp_path_factory.mktemp("big")
    base = folder / "base.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=1280x720:rate=25", "-f", "lavfi", "-i", "sine", "-t", "3",
                    "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-c:a", "aac",
                    "-shortest", str(base)], check=True)
    out = []
    for n in range(12):
        path = folder / f"visit-{n}.mp4"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(base), "-c", "copy",
                        "-metadata", f"comment=take {n}", str(path)], check=True)
        out.append(path)
    return out


def test_second_process_during_a_large_import_does_not_disturb_it(tmp_path, videos):
    """10 rounds, each with another command started while the import is copying: 0 failures."""
    home = tmp_path / "home"
    assert _vf(home, "case", "create", "F").returncode == 0
    # Into one existing visit: the import then holds no write lock while it copies, so a
    # command that writes (verify's audit row) need not wait for it to end.
    assert _vf(home, "visit", "create", "F", "--number", "1").returncode == 0
    others = [("case", "list"), ("verify",), ("recording", "list"), ("info",),
              ("visit", "list", "F")]
    failures = []
    for n in range(10):
        proc = _slow_import(home, videos[n], "F", 1)
        deadline = time.monotonic() + 120
        while not _copying(home) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, f"round {n}: import ended before copying: {proc.stderr}"
        other = _vf(home, *others[n % len(others)])
        overlapped = proc.poll() is None  # the import was still running when it finished
        out, err = proc.communicate(timeout=300)
        if proc.returncode != 0 or other.returncode != 0 or not overlapped:
            failures.append((n, overlapped, proc.returncode, err, other.stderr))
    assert failures == []
    listed = _vf(home, "recording", "list").stdout.splitlines()
    assert len(listed) == 10
    assert "All 10 recordings are intact" in _vf(home, "verify").stdout


def test_two_imports_in_parallel(tmp_path, videos):
    home = tmp_path / "home"
    assert _vf(home, "case", "create", "F").returncode == 0
    for n in range(3):
        procs = [_slow_import(home, videos[2 * n + k], "F", 1) for k in (0, 1)]
        results = [(p.communicate(timeout=300), p.returncode) for p in procs]
        assert [code for _, code in results] == [0, 0], results
    assert len(_vf(home, "recording", "list").stdout.splitlines()) == 6
    leftovers = [p for p in (home / "store" / "tmp").rglob("*") if p.is_file()]
    assert leftovers == []


def test_two_processes_create_the_same_new_case(tmp_path, videos):
    home = tmp_path / "home"
    assert _vf(home, "case", "list").returncode == 0  # the database exists before the race
    for n in range(3):
        code = f"NEW{n}"
        procs = [subprocess.Popen(
            [sys.executable, "-m", "vfeedback", "import", str(videos[2 * n + k]), "--case",
             code, "--visit", "1", "--create-case"],
            env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for k in (0, 1)]
        results = [(p.communicate(timeout=300), p.returncode) for p in procs]
        for (_out, err), returncode in results:
            assert "Traceback" not in err and returncode == 0, err
    cases = _vf(home, "case", "list").stdout.splitlines()
    assert cases == [f"NEW{n}\t1 visits, 2 recordings" for n in range(3)]


def test_a_visit_made_meanwhile_is_a_retry_not_a_crash(app) -> None:
    """Another process made the visit between our look and our insert (seen on PostgreSQL in
    the parallel import test): the loser gets MadeMeanwhile, which the import retries, not a
    PendingRollbackError from reading the case's code after the failed flush."""
    from vfeedback import library

    with app.db.session() as session:
        library.get_or_create_visit(session, library.create_case(session, "RACE"), 1)
    with pytest.raises(library.MadeMeanwhile, match="Visit 1 of case RACE"), \
            app.db.session() as session:
        case = library.get_case(session, "RACE")
        session.expire_all()  # as after other work in the same unit: the case is reloaded
        looked = session.scalar

        def missed_once(statement, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            session.scalar = looked  # our look ran before the other process's insert
            return None

        session.scalar = missed_once
        library.get_or_create_visit(session, case, 1)
