"""Analysis speed on real footage: the whole job against a raw mediapipe-pose loop.

    .venv/bin/python benchmarks/bench_analysis.py [--seconds 90] [--stride 5] [--long]

1. Loops ``../shared/media/street_people_720p50.avi`` (real street footage, several people)
   into a ``--seconds`` long 1280x720 video, then in one run measures on the same frames
   (every ``--stride``-th): a raw loop that decodes, scales to 640 px and calls only
   mediapipe's Pose (one person per frame), and the whole job (``analyse_video``: find several
   people, follow them, face mesh, tracking; default workers). It prints frames/s, person-frames
   per second and their ratio (target >= 0.9), and the peak memory (RSS of the process and its
   worker processes, sampled every 0.1 s). It also gives the CPU seconds used (this process
   and its workers), because on a shared machine wall-clock rates move with the load while
   person-frames per CPU-second do not.
2. With ``--long``: makes a 4-minute 720p video the same way and runs ``vfeedback analyse`` on
   it (default stride, progress shown), which must finish in less than 4 minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
STREET = (REPO / ".." / "shared" / "media" / "street_people_720p50.avi").resolve()


class PeakMemory:
    """Peak RSS of this process plus its children, sampled in a thread."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):  # a worker may just have ended
                    total += child.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(0.1)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def looped(seconds: float, out: Path) -> Path:
    from vfeedback.media.tools import run_ffmpeg

    if not out.exists():
        loops = int(seconds // 4.1) + 1
        run_ffmpeg(["-stream_loop", str(loops), "-i", str(STREET), "-t", str(seconds),
                    "-c:v", "libx264", "-preset", "veryfast", "-g", "100", "-c:a", "aac",
                    str(out)], duration_s=seconds)
    return out


def raw_pose_loop(path: Path, stride: int) -> tuple[int, int, float, float]:
    import cv2
    import mediapipe as mp

    from vfeedback.media.decode import iter_frames

    pose = mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1)
    frames = found = 0
    started, cpu = time.perf_counter(), cpu_seconds()
    for frame in iter_frames(path, stride=stride):
        h, w = frame.image.shape[:2]
        scale = 640 / max(h, w)
        small = cv2.resize(frame.image, (round(w * scale), round(h * scale)),
                           interpolation=cv2.INTER_AREA)
        result = pose.process(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
        frames += 1
        found += result.pose_landmarks is not None
    elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    pose.close()
    return frames, found, elapsed, cpu


def whole_job(path: Path, stride: int, workers: int | None
              ) -> tuple[int, int, float, float, int]:
    from analysis.job import analyse_video

    with PeakMemory() as memory:
        started, cpu = time.perf_counter(), cpu_seconds()
        result = analyse_video(path, stride=stride, workers=workers)
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return result.n_frames, int(result.seen().sum()), elapsed, cpu, memory.peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--stride", type=int, default=5)
    parser.add_argument("--long", action="store_true", help="also the 4-minute CLI check")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    print(f"cores: {psutil.cpu_count()}  footage: {STREET.name} looped to {args.seconds:.0f} s, "
          f"stride {args.stride}")
    video = looped(args.seconds, args.workdir / f"street-loop-{int(args.seconds)}s.mp4")
    with PeakMemory() as memory:
        frames, found, elapsed, cpu = raw_pose_loop(video, args.stride)
    raw_pfps, raw_cpu = found / elapsed, found / cpu
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(f"raw pose loop : {frames} frames in {elapsed:.1f} s = {frames / elapsed:.1f} "
          f"frames/s, {found} person-frames = {raw_pfps:.1f} person-frames/s, "
          f"{raw_cpu:.1f} per CPU-s, peak RSS {memory.peak / 2**20:.0f} MiB")
    for workers in (1, None):
        n, person_frames, elapsed, cpu, peak = whole_job(video, args.stride, workers)
        pfps, per_cpu = person_frames / elapsed, person_frames / cpu
        label = "whole job, 1 process " if workers == 1 else "whole job, default   "
        print(f"{label}: {n} frames in {elapsed:.1f} s = {n / elapsed:.1f} frames/s, "
              f"{person_frames} person-frames = {pfps:.1f} person-frames/s "
              f"(ratio vs raw: {pfps / raw_pfps:.2f} wall-clock, {per_cpu / raw_cpu:.2f} per "
              f"CPU-s), peak RSS incl. workers {peak / 2**20:.0f} MiB")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    if args.long:
        long_video = looped(240.0, args.workdir / "street-loop-240s.mp4")
        home = Path(tempfile.mkdtemp(prefix="bench-home-"))
        cmd = [str(REPO / ".venv" / "bin" / "vfeedback"), "--home", str(home), "analyse",
               str(long_video)]
        print("$", " ".join(cmd))
        started = time.perf_counter()
        subprocess.run(cmd, check=True)
        elapsed = time.perf_counter() - started
        verdict = "OK" if elapsed < 240 else "TOO SLOW"
        print(f"4-minute 720p video analysed in {elapsed:.0f} s ({verdict}: must be < 240 s)")


if __name__ == "__main__":
    main()
