"""Per-process scratch folders: a dead process's folder is cleaned, a live one's never is."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from vfeedback import scratch

# A real process that makes its folder under PARENT, writes a work file, says where, and waits.
_OWNER = """
import sys, time
from vfeedback import scratch
folder = scratch.process_folder(sys.argv[1])
(folder / "work.part").write_bytes(b"x" * 1000)
print(folder, flush=True)
time.sleep(600)
"""


def _start_owner(parent: Path) -> tuple[subprocess.Popen[str], Path]:
    proc = subprocess.Popen([sys.executable, "-c", _OWNER, str(parent)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, Path(proc.stdout.readline().strip())


def test_live_process_folder_is_kept_even_when_old_and_dead_one_is_removed(tmp_path):
    parent = tmp_path / "tmp"
    live, live_folder = _start_owner(parent)
    dead, dead_folder = _start_owner(parent)
    try:
        dead.send_signal(signal.SIGKILL)
        dead.wait(10)
        # Age both: the live one must still be kept (its lock proves its owner is alive).
        long_ago = time.time() - 3 * 86400
        for folder in (live_folder, dead_folder):
            os.utime(folder, (long_ago, long_ago))
        removed = scratch.clean_abandoned(parent)
        assert removed == [dead_folder]
        assert (live_folder / "work.part").exists()
        assert not dead_folder.exists()
    finally:
        live.kill()
        live.wait(10)
    assert scratch.clean_abandoned(parent) == [live_folder]


def test_process_folder_is_private_reused_and_removed_at_exit(tmp_path):
    parent = tmp_path / "tmp"
    code = ("import sys; from vfeedback import scratch; a = scratch.process_folder(sys.argv[1]); "
            "b = scratch.process_folder(sys.argv[1]); assert a == b; "
            "print(oct(a.stat().st_mode & 0o777))")
    out = subprocess.run([sys.executable, "-c", code, str(parent)], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "0o700"
    assert list(parent.iterdir()) == []  # a normal exit removes its own folder


def test_temporary_directory_lives_under_the_home(tmp_path, monkeypatch):
    monkeypatch.setattr(scratch, "_home", None)
    scratch.use_home(tmp_path / "home")
    with scratch.temporary_directory(prefix="reel-") as name:
        assert Path(name).is_relative_to(tmp_path / "home" / "tmp")
        assert Path(name).name.startswith("reel-")
    assert not Path(name).exists()
