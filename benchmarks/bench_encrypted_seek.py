"""Player seeks with encryption at rest on and off, side by side (issue 15).

Footage: 1080p30 H.264 with a 2 s keyframe interval (camera-like), made by
``vfeedback.media.synth`` with the frame-index strip, so every measured frame is also checked to
be the frame asked for. It is put into two media stores, one plain and one encrypted
(``MediaStore(key=...)``), and its seek proxy is made through each store's own path
(``media.proxy``: ffmpeg reads ``media_source``, writes into ``store.writer``). Then, on each:

- direct OpenCV seek on the 1080p original (``FrameReader`` on ``store.media_source``: a file,
  or the loopback URL that decrypts one 64 KiB chunk per range),
- the player's path: the frame cache on the proxy (cold random seeks; stepping back one frame
  right away).

Prints medians and p95 per row and the encrypted/plain ratio of the medians.

    .venv/bin/python benchmarks/bench_encrypted_seek.py [--seconds 30] [--samples 40]

Target (issue 7, kept by issue 15): seek median <= 50 ms on 1080p with encryption on.
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

from vfeedback.crypto import Keyring, subkey  # noqa: E402
from vfeedback.media.proxy import make_proxy  # noqa: E402
from vfeedback.media.reader import FrameReader  # noqa: E402
from vfeedback.media.synth import make_video, read_index_code  # noqa: E402
from vfeedback.store import MediaStore  # noqa: E402


def _ms(values: list[float]) -> tuple[float, float]:
    ms = sorted(v * 1000 for v in values)
    return statistics.median(ms), ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]


def _measure(store: MediaStore, original: str, proxy: str, targets: list[int]) -> dict:
    from gui.frame_cache import FrameCache

    wrong = 0
    rows: dict[str, list[float]] = {"OpenCV seek, original 1080p": [],
                                    "frame cache seek, proxy, cold": [],
                                    "step back one frame, cold": []}
    with store.media_source(original) as source, FrameReader(source) as reader:
        for index in targets:
            t = time.perf_counter()
            frame = reader.frame_at(index)
            rows["OpenCV seek, original 1080p"].append(time.perf_counter() - t)
            wrong += read_index_code(frame.image) != index
    with store.media_source(proxy) as source, FrameCache(source) as cache:
        for index in targets:
            t = time.perf_counter()
            image = cache.get(index)
            rows["frame cache seek, proxy, cold"].append(time.perf_counter() - t)
            wrong += read_index_code(image) != index
            t = time.perf_counter()
            image = cache.get(index - 1)
            rows["step back one frame, cold"].append(time.perf_counter() - t)
            wrong += read_index_code(image) != index - 1
    return {"rows": rows, "wrong": wrong}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        footage = work / "camera-1080p30.mp4"
        make_video(footage, duration_s=args.seconds, width=1920, height=1080, fps=30, keyint=60)
        stores = {"plain": MediaStore(work / "plain"),
                  "encrypted": MediaStore(work / "enc",
                                          key=subkey(Keyring.new_data_key(), "store"))}
        keys: dict[str, tuple[str, str]] = {}
        for name, store in stores.items():
            t = time.perf_counter()
            original = store.add_file(footage).key
            took_import = time.perf_counter() - t
            t = time.perf_counter()
            with store.media_source(original) as source, store.writer(".mp4") as writer:
                make_proxy(source, writer.path, duration_s=args.seconds)
            assert writer.key is not None
            keys[name] = (original, writer.key)
            print(f"{name:9s}: import {took_import:5.2f} s, proxy {time.perf_counter() - t:5.2f} s")
        with FrameReader(footage) as reader:
            count = reader.frame_count
        rng = random.Random(7)
        targets = [rng.randrange(1, count) for _ in range(args.samples)]
        results = {name: _measure(store, *keys[name], targets) for name, store in stores.items()}
        print(f"{'':32s} {'plain median/p95':>20s} {'encrypted median/p95':>22s}  ratio")
        for row in results["plain"]["rows"]:
            pm, pp = _ms(results["plain"]["rows"][row])
            em, ep = _ms(results["encrypted"]["rows"][row])
            print(f"{row:32s} {pm:8.1f} / {pp:6.1f} ms {em:10.1f} / {ep:6.1f} ms  {em / pm:5.2f}")
        wrong = sum(r["wrong"] for r in results.values())
        print(f"wrong frames: {wrong} of {2 * 3 * len(targets)}")


if __name__ == "__main__":
    main()
