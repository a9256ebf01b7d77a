"""Reading encrypted media: seeks through the loopback server against the plain file.

Makes 1080p30 H.264 footage (2 s keyframe interval), encrypts it as a store object, and times
random frame-exact seeks with OpenCV (what the player's frame cache does) and with ffmpeg
(stills for scripts and thumbnails), on the plaintext file and on the encrypted object served
by ``vfeedback.media.plainserve``. Prints medians, p95 and the encrypted/plain ratio.

    .venv/bin/python benchmarks/bench_encrypted_read.py [--seeks 40]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import cv2

from vfeedback.crypto import Keyring, encrypt_file
from vfeedback.media.frames import extract_frame
from vfeedback.media.plainserve import PlainServer
from vfeedback.media.synth import make_video


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]


def _cv_seeks(source: str, frames: list[int]) -> list[float]:
    cap = cv2.VideoCapture(source)
    times = []
    for index in frames:
        start = time.perf_counter()
        cap.set(cv2.CAP_PROP_POS_FRAMES, index)
        ok, _frame = cap.read()
        assert ok
        times.append(time.perf_counter() - start)
    cap.release()
    return times


def _ffmpeg_stills(source: str, frames: list[int]) -> list[float]:
    times = []
    for index in frames:
        start = time.perf_counter()
        extract_frame(source, index=index, fps=30)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeks", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "f.mp4"
        make_video(plain, duration_s=args.seconds, fps=30, width=1920, height=1080,
                   index_code=False, keyint=60)
        key = Keyring.new_data_key()
        sealed = Path(tmp) / "f.enc"
        start = time.perf_counter()
        encrypt_file(plain, sealed, key, "bench")
        enc_s = time.perf_counter() - start
        size_mb = plain.stat().st_size / 1e6
        print(f"footage: {size_mb:.1f} MB; encrypting took {enc_s:.2f} s "
              f"({size_mb / enc_s:.0f} MB/s)")
        rng = random.Random(1)
        frames = [rng.randrange(0, int(args.seconds * 30) - 1) for _ in range(args.seeks)]
        with PlainServer.shared().url(sealed, key, "bench", suffix=".mp4") as url:
            for name, fn, count in (("OpenCV seek+read", _cv_seeks, len(frames)),
                                    ("ffmpeg still", _ffmpeg_stills, min(15, len(frames)))):
                plain_t = fn(str(plain), frames[:count])
                enc_t = fn(url, frames[:count])
                pm, em = statistics.median(plain_t), statistics.median(enc_t)
                print(f"{name:17s} plain median {pm * 1000:6.1f} ms p95 {_p95(plain_t) * 1000:6.1f}"
                      f" | encrypted median {em * 1000:6.1f} ms p95 {_p95(enc_t) * 1000:6.1f}"
                      f" | ratio {em / pm:.2f}")


if __name__ == "__main__":
    main()
