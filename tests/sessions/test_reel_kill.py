"""kill -9 of a real ``vfeedback reel build`` in the middle of its encode.

Nothing of it may live on: its ffmpeg is gone within 2 s (the kernel ends it, see
``vfeedback.processes``), and no work file is left outside the home (captions and card images
are family data; the half-written reel was kept under the home, not beside the output).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from vfeedback.media.synth import make_video


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def _name(process: psutil.Process) -> str:
    """A child's name; "" for one that ended while it was looked at (a quick ffprobe)."""
    try:
        return process.name()
    except psutil.Error:
        return ""


def _running(process: psutil.Process) -> bool:
    """Still running: a zombie has ended (a container's PID 1 may never reap it)."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_kill_9_of_reel_build_leaves_no_ffmpeg_and_no_temp_outside_home(tmp_path: Path):
    video = tmp_path / "long.mp4"
    make_video(video, duration_s=40, fps=25, width=640, height=360, keyint=25)
    clips = tmp_path / "clips.csv"
    clips.write_text("start,end,caption\n0,38,Mamma och barn leker tillsammans\n",
                     encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    home = tmp_path / "home"
    system_tmp = tmp_path / "systmp"  # what /tmp would be for this process
    system_tmp.mkdir()
    env = {**os.environ, "VFEEDBACK_HOME": str(home), "TMPDIR": str(system_tmp)}
    env.pop("DISPLAY", None)
    ffmpegs: list[psutil.Process] = []
    proc = subprocess.Popen(
        [sys.executable, "-m", "vfeedback", "reel", "build", "--video", str(video), "--clips",
         str(clips), "--out", str(out_dir / "reel.mp4"), "--height", "720"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            ffmpegs = [c for c in psutil.Process(proc.pid).children(recursive=True)
                       if "ffmpeg" in _name(c)]
            if ffmpegs:
                break
            time.sleep(0.02)
        assert ffmpegs, "reel build never started ffmpeg"
        time.sleep(1.0)  # well into the encode
        assert proc.poll() is None, "the encode finished before it could be killed"
        assert all(p.is_running() for p in ffmpegs)
        work = list((home / "tmp").rglob("*.png"))
        assert work, "the caption images should be under the home while it runs"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        killed_at = time.monotonic()
        _, alive = psutil.wait_procs(ffmpegs, timeout=2)
        running = [p for p in alive if _running(p)]
        assert running == [], f"ffmpeg still running {time.monotonic() - killed_at:.1f} s later"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        for stray in ffmpegs:  # a failing run must not leave its encoder behind
            if stray.is_running():
                stray.kill()
    assert list(out_dir.iterdir()) == []  # no hidden .part beside the output
    assert list(system_tmp.iterdir()) == []
    # The next start cleans what the killed process left under the home.
    subprocess.run([sys.executable, "-m", "vfeedback", "case", "list"], env=env, check=True,
                   capture_output=True, timeout=120)
    assert [p for p in (home / "tmp").rglob("*") if p.is_file()] == []
