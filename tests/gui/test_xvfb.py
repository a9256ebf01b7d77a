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


def start_xvfb() -> tuple[subprocess.Popen, int]:
    """Xvfb on a display number it picks itself (-displayfd), so parallel runs never clash;
    it writes the number once it accepts connections."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], pass_fds=(write_fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        xvfb.kill()
        pytest.fail("Xvfb did not start")
    return xvfb, int(number)


@pytest.mark.slow
@pytest.mark.xvfb
def test_app_opens_its_main_window_under_xvfb(tmp_path: Path, indexed_video: Path) -> None:
    if not shutil.which("Xvfb") or not shutil.which("xwininfo"):
        pytest.skip("Xvfb and xwininfo are needed")
    xvfb, n = start_xvfb()
    app = None
    try:
        env = dict(os.environ, DISPLAY=f":{n}", QT_QPA_PLATFORM="xcb",
                   VFEEDBACK_STARTUP_TIMING="1", XDG_CONFIG_HOME=str(tmp_path / "config"))
        from vfeedback import library
        from vfeedback.app import open_app

        home = open_app(tmp_path / "home")
        with home.db.session() as session:
            case = library.create_case(session, "XVFB-1")
            visit = library.get_or_create_visit(session, case, 1)
            rid = library.import_recording(session, home.store, indexed_video, visit).id
        home.close()
        shot = tmp_path / "xvfb_main.png"
        started = time.monotonic()
        app = subprocess.Popen([sys.executable, "-c", LAUNCH, "--home", str(tmp_path / "home"),
                                "gui", "--recording", str(rid), "--screenshot", str(shot)],
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
