"""Seek latency of the player's frame path, and timeline redraw time with 10,000 events.

Footage: 60 s of 1080p30 H.264 with a 2 s keyframe interval (camera-like), made by
``vfeedback.media.synth`` with the frame-index strip so that every measured frame is also
checked to be the frame asked for. Compared:

- direct OpenCV seek on the original (decodes from the previous keyframe),
- the player's path: the 540p seek proxy (:mod:`vfeedback.media.proxy`) through the
  :class:`gui.frame_cache.FrameCache` (cold random seeks, and stepping back one frame after the
  playhead has rested for 150 ms and when it has not),
- the timeline painting 10,000 events, whole recording in view and zoomed to frames.

Run: ``.venv/bin/python benchmarks/bench_seek.py [--seconds 60] [--samples 60]``
Targets (issue 7): seek median <= 50 ms, step back one frame <= 30 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vfeedback.media.proxy import make_proxy  # noqa: E402
from vfeedback.media.reader import FrameReader  # noqa: E402
from vfeedback.media.synth import make_video, read_index_code  # noqa: E402


def stats(name: str, seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    row = {"name": name, "n": len(ms), "median_ms": statistics.median(ms),
           "p95_ms": ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))], "max_ms": ms[-1]}
    print(f"{name:<48} median {row['median_ms']:7.1f} ms   p95 {row['p95_ms']:7.1f} ms   "
          f"max {row['max_ms']:7.1f} ms   (n={row['n']})")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "vfeedback-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    original = args.workdir / f"camera-1080p30-{int(args.seconds)}s.mp4"
    if not original.exists():
        t = time.perf_counter()
        make_video(original, duration_s=args.seconds, width=1920, height=1080, fps=30, keyint=60)
        print(f"made {original.name} in {time.perf_counter() - t:.1f} s")
    proxy = args.workdir / f"proxy-{int(args.seconds)}s.mp4"
    if not proxy.exists():
        t = time.perf_counter()
        make_proxy(original, proxy, duration_s=args.seconds)
        took = time.perf_counter() - t
        print(f"proxy made in {took:.1f} s ({args.seconds / took:.1f}x real time), "
              f"{proxy.stat().st_size / 1e6:.1f} MB vs {original.stat().st_size / 1e6:.1f} MB")
    rng = random.Random(7)
    with FrameReader(original) as reader:
        count = reader.frame_count
    targets = [rng.randrange(1, count) for _ in range(args.samples)]
    wrong = 0

    # 1. Direct OpenCV seek on the original.
    times = []
    with FrameReader(original) as reader:
        for index in targets:
            t = time.perf_counter()
            frame = reader.frame_at(index)
            times.append(time.perf_counter() - t)
            wrong += read_index_code(frame.image) != index
    stats("OpenCV seek, original 1080p (keyint 60)", times)

    from gui.frame_cache import FrameCache

    # 2. Cold random seeks through the frame cache (every one a miss: decode from the proxy).
    cold, back_rested, back_cold = [], [], []
    with FrameCache(proxy) as cache:
        for index in targets:
            t = time.perf_counter()
            image = cache.get(index)
            cold.append(time.perf_counter() - t)
            wrong += read_index_code(image) != index
            cache.prefetch(index)
            time.sleep(0.15)  # the clinician looks at the frame, the prefetcher fills around it
            t = time.perf_counter()
            image = cache.get(index - 1)
            back_rested.append(time.perf_counter() - t)
            wrong += read_index_code(image) != index - 1
    with FrameCache(proxy) as cache:
        for index in targets:
            cache.get(index)
            t = time.perf_counter()
            image = cache.get(index - 1)  # immediately, before any prefetch could help
            back_cold.append(time.perf_counter() - t)
            wrong += read_index_code(image) != index - 1
    stats("frame cache seek (proxy 540p, keyint 6), cold", cold)
    stats("step back one frame, after 150 ms rest", back_rested)
    stats("step back one frame, immediately (cold)", back_cold)
    print(f"wrong frames: {wrong} of {4 * len(targets)}")

    # 3. Timeline redraw with 10,000 events.
    from gui.application import make_application
    from gui.state import GuiState, RecordingView
    from gui.timeline import Timeline, TimelineEvent

    make_application()
    rec = RecordingView(1, "bench", 3_600_000, 30.0, 1920, 1080, "0" * 64)
    events = []
    for i in range(10_000):
        start = rng.randrange(0, 3_590_000)
        events.append(TimelineEvent(i, start, None if i % 3 == 0 else start + rng.randrange(200, 8000),
                                    "#4c72b0", "c", f"{('parent', 'child')[i % 2]}: code {i % 6}"))
    state = GuiState()
    timeline = Timeline(None, state)
    timeline.resize(1600, 400)
    timeline.show()
    state.recording = timeline.recording = rec
    t = time.perf_counter()
    timeline.set_events(events)
    print(f"timeline index of 10,000 events built in {(time.perf_counter() - t) * 1000:.1f} ms")
    timeline.fit()
    redraw = []
    for _ in range(30):
        t = time.perf_counter()
        timeline.canvas.grab()
        redraw.append(time.perf_counter() - t)
    stats("timeline redraw, 10,000 events, whole hour", redraw)
    timeline.zoom(1 / 60, 1_800_000)
    redraw = []
    for step in range(30):
        timeline.scroll_by(1000 * (step % 2 * 2 - 1))
        t = time.perf_counter()
        timeline.canvas.grab()
        redraw.append(time.perf_counter() - t)
    stats("timeline redraw, 10,000 events, 1 min in view", redraw)


if __name__ == "__main__":
    main()
