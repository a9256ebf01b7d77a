"""The real app on a real X server (Xvfb, xcb platform), started as a user starts it, with cv2
and mediapipe imported first in the same process (the Qt plugin-path trap)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

SHOTS = Path("/tmp/vfeedback-shots")

LAUNCH = """
import sys
import cv2  # sets QT_QPA_PLATFORM_PLUGIN_PATH to its own Qt plugins
import mediapipe  # noqa: F401
assert cv2.__version__
from vfeedback.cli import main
sys.argv = ["vfeedback", *sys.argv[1:]]
main()
"""


def free_display() -> int:
    for n in range(90, 140):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    pytest.skip("no free X display number")


@pytest.mark.slow
def test_app_opens_its_main_window_under_xvfb(tmp_path: Path) -> None:
    if not shutil.which("Xvfb") or not shutil.which("xwininfo"):
        pytest.skip("Xvfb and xwininfo are needed")
    n = free_display()
    xvfb = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app = None
    try:
        env = dict(os.environ, DISPLAY=f":{n}", QT_QPA_PLATFORM="xcb",
                   VFEEDBACK_STARTUP_TIMING="1", XDG_CONFIG_HOME=str(tmp_path / "config"))
        for _ in range(50):
            if subprocess.run(["xwininfo", "-root"], env=env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        shot = tmp_path / "xvfb_main.png"
        started = time.monotonic()
        app = subprocess.Popen([sys.executable, "-c", LAUNCH, "--home", str(tmp_path / "home"),
                                "gui", "--screenshot", str(shot)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        shown_after = None
        while time.monotonic() - started < 40:
            tree = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True,
                                  text=True).stdout
            if '"vfeedback"' in tree:
                shown_after = time.monotonic() - started
                break
            if app.poll() is not None:
                break
            time.sleep(0.1)
        assert app.poll() is None, app.communicate()[1].decode()[-2000:]
        assert shown_after is not None, "no window titled vfeedback on the X display"
        for _ in range(100):
            if shot.exists() and shot.stat().st_size > 0:
                break
            time.sleep(0.1)
        assert shot.exists()
        from PIL import Image

        with Image.open(shot) as image:
            assert image.size == (1280, 800)
            # A real drawn window, not a black screen: many distinct colours.
            assert len(image.convert("RGB").getcolors(1 << 20) or []) > 20
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, SHOTS / "xvfb_main.png")
        print(f"window shown {shown_after:.2f} s after process start")
    finally:
        if app is not None and app.poll() is None:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
        xvfb.terminate()
        xvfb.wait(10)
