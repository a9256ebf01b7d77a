"""Capture cost on this machine: CPU of the recording ffmpeg with and without the preview
output, and how much a SIGKILL loses (recovered length vs. time recorded).

    .venv/bin/python benchmarks/capture_cpu.py [--seconds 6] [--size 1280x720]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sessions.capture import Recorder, TestSource, recover_unfinished  # noqa: E402
from sessions.capture.sources import parse_mode  # noqa: E402
from vfeedback.app import open_app  # noqa: E402
from vfeedback.library import create_case, get_or_create_visit, recording_by_id  # noqa: E402


def cpu_of_recording(app, mode, seconds: float, preview: bool) -> float:
    source = TestSource(mode.width, mode.height, mode.fps or 25)
    recorder = Recorder(app, source, out=Path(tempfile.mkdtemp()) / "bench.mp4", preview=preview)
    recorder.start()
    time.sleep(1.0)  # x264 warm-up
    proc = psutil.Process(recorder._live.pid)  # noqa: SLF001 - a benchmark may look inside
    start = proc.cpu_times()
    t0 = time.monotonic()
    time.sleep(seconds)
    end = proc.cpu_times()
    used = (end.user + end.system - start.user - start.system) / (time.monotonic() - t0)
    recorder.stop()
    return used * 100


def sigkill_loss(app, seconds: float) -> tuple[float, float]:
    with app.db.session() as session:
        visit_id = get_or_create_visit(session, create_case(session, f"B{os.getpid()}"), 1).id
    proc = subprocess.Popen([sys.executable, "-m", "vfeedback", "--home", str(app.config.home),
                             "record", "test", "--visit", str(visit_id)],
                            env=dict(os.environ, PYTHONPATH=str(REPO)), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not list((app.config.home / "capture").glob("*/stream.ts")):
        time.sleep(0.02)
    t0 = time.monotonic()
    time.sleep(seconds)
    os.killpg(proc.pid, signal.SIGKILL)
    recorded = time.monotonic() - t0
    proc.wait()
    [rid] = recover_unfinished(app)
    with app.db.session() as session:
        return recorded, recording_by_id(session, rid).duration_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--size", default="640x360@25")
    args = parser.parse_args()
    mode = parse_mode(args.size)
    app = open_app(tempfile.mkdtemp(prefix="capture-bench-"))
    with_preview = cpu_of_recording(app, mode, args.seconds, True)
    without = cpu_of_recording(app, mode, args.seconds, False)
    print(f"{args.size}: ffmpeg CPU {without:.0f}% of one core without preview, "
          f"{with_preview:.0f}% with the {320}px 5 fps JPEG preview")
    recorded, recovered = sigkill_loss(app, args.seconds)
    print(f"SIGKILL after {recorded:.2f} s of file growth: recovered {recovered:.2f} s "
          f"(lost {recorded - recovered:.2f} s)")


if __name__ == "__main__":
    main()
