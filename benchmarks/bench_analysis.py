"""Analysis speed on real footage: the whole job against a raw mediapipe loop.

    .venv/bin/python benchmarks/bench_analysis.py [--dyads N | --all-dyads | --clips GLOB]
    .venv/bin/python benchmarks/bench_analysis.py --street [--seconds 90] [--stride 5] [--long]

Dyads (the default): on N clips of ``../shared/media/dyads`` (a parent and a baby or toddler,
640x480, variable frame rate), at the job's default stride (about 10 analysed frames per
second of video), side by side on the same frames:

* a raw loop: decode, then mediapipe's Pose (video mode) and FaceMesh with irises for two
  faces on the whole frame - the plain tool, which follows only one body;
* the whole job (``analyse_video``: faces, two people's Pose and face mesh, identities over
  the recording, roles), with one process and with the default workers (two on two cores).

It prints, per clip and in all, the real-time factor (video seconds per wall-clock second;
the target for two people at 640x480 on 2 cores is >= 2) and CPU seconds per video second
(this process and its workers: on a shared machine the wall clock moves with the load, CPU
seconds much less), and the job's CPU cost as a ratio of the raw loop's.

Street (``--street``):
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


def whole_job(path: Path, stride: int, workers: int | None, people: int
              ) -> tuple[int, int, float, float, int]:
    from analysis.job import analyse_video

    with PeakMemory() as memory:
        started, cpu = time.perf_counter(), cpu_seconds()
        result = analyse_video(path, stride=stride, workers=workers, people=people)
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return result.n_frames, int(result.seen().sum()), elapsed, cpu, memory.peak


DYADS = (REPO / ".." / "shared" / "media" / "dyads").resolve()
# Long clips of both families first: short ones are dominated by starting the models.
DYAD_CLIPS = ("3dC3SQ.joke5.rep3.take1.NomNomNom.mp4", "6c6MZQ.joke1.rep1.take1.ThatsNotAHat.mp4",
              "3dC3SQ.joke2.rep1.take1.Peekaboo.mp4", "6c6MZQ.joke2.rep3.take1.NomNomNom.mp4")


def raw_dyad_loop(path: Path, stride: int) -> tuple[int, float, float]:
    """Decode + Pose + FaceMesh (two faces, irises) per analysed frame: (frames, wall, cpu)."""
    import cv2
    import mediapipe as mp

    from vfeedback.media.decode import iter_frames

    started, cpu = time.perf_counter(), cpu_seconds()
    pose = mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1)
    mesh = mp.solutions.face_mesh.FaceMesh(static_image_mode=False, max_num_faces=2,
                                           refine_landmarks=True)
    frames = 0
    for frame in iter_frames(path, stride=stride):
        rgb = cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB)
        pose.process(rgb)
        mesh.process(rgb)
        frames += 1
    pose.close()
    mesh.close()
    return frames, time.perf_counter() - started, cpu_seconds() - cpu


def dyads(clips: list[str]) -> None:
    from analysis.job import analyse_video, default_stride
    from vfeedback.media.reader import FrameReader

    print(f"cores: {psutil.cpu_count()}, load average before: {os.getloadavg()[0]:.1f}")
    print(f"{'clip':42s} {'video':>6s} {'frames':>6s} | {'raw x':>6s} {'raw cpu/s':>9s} | "
          f"{'1 proc x':>8s} {'cpu/s':>6s} | {'default x':>9s} {'cpu/s':>6s} | "
          f"{'job/raw cpu':>11s}")
    totals = {"video": 0.0, "raw": [0.0, 0.0], "one": [0.0, 0.0], "default": [0.0, 0.0]}
    for name in clips:
        path = DYADS / name
        with FrameReader(path) as reader:
            stride = default_stride(reader.fps)
        frames, raw_wall, raw_cpu = raw_dyad_loop(path, stride)
        rows = {}
        for key, workers in (("one", 1), ("default", None)):
            started, cpu = time.perf_counter(), cpu_seconds()
            result = analyse_video(path, workers=workers)
            rows[key] = (time.perf_counter() - started, cpu_seconds() - cpu)
        video = float(result.times[-1]) + (float(result.times[-1]) / max(1, result.n_frames - 1))
        totals["video"] += video
        for key, (wall, cpu) in (("raw", (raw_wall, raw_cpu)), *rows.items()):
            totals[key][0] += wall
            totals[key][1] += cpu
        print(f"{name[:42]:42s} {video:6.1f} {frames:6d} | {video / raw_wall:6.2f} "
              f"{raw_cpu / video:9.2f} | {video / rows['one'][0]:8.2f} "
              f"{rows['one'][1] / video:6.2f} | {video / rows['default'][0]:9.2f} "
              f"{rows['default'][1] / video:6.2f} | {rows['default'][1] / raw_cpu:11.2f}",
              flush=True)
    v = totals["video"]
    print(f"{'all':42s} {v:6.1f} {'':6s} | {v / totals['raw'][0]:6.2f} "
          f"{totals['raw'][1] / v:9.2f} | {v / totals['one'][0]:8.2f} "
          f"{totals['one'][1] / v:6.2f} | {v / totals['default'][0]:9.2f} "
          f"{totals['default'][1] / v:6.2f} | {totals['default'][1] / totals['raw'][1]:11.2f}")
    print("x = video seconds per wall-clock second (real-time factor); cpu/s = CPU seconds "
          "per video second (all processes)")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dyads", type=int, default=len(DYAD_CLIPS),
                        help="how many of the chosen dyad clips")
    parser.add_argument("--all-dyads", action="store_true", help="every dyad clip")
    parser.add_argument("--clips", default=None,
                        help="the dyad clips whose names match this pattern (e.g. '6c6MZQ.joke4*')")
    parser.add_argument("--street", action="store_true", help="the street-footage benchmark")
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--stride", type=int, default=5)
    parser.add_argument("--long", action="store_true", help="also the 4-minute CLI check")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    if not args.street:
        clips = (sorted(p.name for p in DYADS.glob(args.clips or "*.mp4"))
                 if args.all_dyads or args.clips else list(DYAD_CLIPS[: args.dyads]))
        if not clips:
            print(f"Error: no dyad clips matched in {DYADS}")
            sys.exit(1)
        dyads(clips)
        return
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
        n, person_frames, elapsed, cpu, peak = whole_job(video, args.stride, workers, 3)
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
