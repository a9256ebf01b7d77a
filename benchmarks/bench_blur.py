"""Face blur speed: ``recording export --blur-faces all`` against a plain ffmpeg re-encode.

    .venv/bin/python benchmarks/bench_blur.py [--clip NAME] [--repeat 3] [--every 2]

The clip is a real dyad recording from ``../shared/media/dyads`` (default: the 7.9 s
6c6MZQ ThatsNotACat take 1, 640x480, mother and baby). Both sides decode the whole clip at its
average frame rate and encode H.264 (libx264 veryfast, CRF 20) with the sound as AAC:

- blurred: :func:`vfeedback.media.blur.blur_recording` (decode to raw frames, face detection on
  every ``--every``-th frame with mediapipe's bundled models on the whole frame and four tiles,
  pixelation, encode, then a stream-copy mux with the sound);
- plain: one hand-written ffmpeg line doing the same decode and encode without any blur.

Prints wall and CPU time (median of ``--repeat``, CPU of this process and its children) and
the ratios blurred / plain, plus the share of frames blurred and faces found.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DYADS = (REPO / ".." / "shared" / "media" / "dyads").resolve()

from vfeedback.media.blur import FaceBlurrer, blur_recording  # noqa: E402
from vfeedback.media.probe import probe  # noqa: E402
from vfeedback.media.tools import ffmpeg_exe  # noqa: E402


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(fn) -> tuple[float, float]:  # noqa: ANN001
    wall, cpu = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - wall, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip", default="6c6MZQ.joke4.rep1.take1.ThatsNotACat.mp4")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--every", type=int, default=2)
    args = parser.parse_args()
    source = DYADS / args.clip
    info = probe(source)
    fps = info.fps
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)

        def blurred() -> None:
            work = tmp / "work"
            work.mkdir(exist_ok=True)
            blurrer = FaceBlurrer(every=args.every)
            counts.update(blur_recording(source, info, tmp / "blurred.mp4", muxer="mp4",
                                         work=work, blurrer=blurrer))

        def plain() -> None:
            subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(source), "-vf",
                            f"fps={fps:g}", "-c:v", "libx264", "-preset", "veryfast", "-crf",
                            "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "160k",
                            "-movflags", "+faststart", str(tmp / "plain.mp4")], check=True)

        runs = {"blurred": [], "plain": []}
        for _ in range(args.repeat):
            runs["plain"].append(_timed(plain))
            runs["blurred"].append(_timed(blurred))
    med = {k: (statistics.median(w for w, _c in v), statistics.median(c for _w, c in v))
           for k, v in runs.items()}
    print(f"clip {args.clip}: {info.width}x{info.height}, {info.duration_s:.1f} s, "
          f"{fps:.1f} frames/s; detection every {args.every} frames")
    for name, (wall, cpu) in med.items():
        print(f"{name:8s} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
              f"({info.duration_s / wall:.2f}x real time)")
    print(f"ratio blurred/plain: wall {med['blurred'][0] / med['plain'][0]:.2f}, "
          f"cpu {med['blurred'][1] / med['plain'][1]:.2f}")
    print(f"faces: {counts.get('faces')} found in {counts.get('detections')} detections; "
          f"{counts.get('blurred_frames')} of {counts.get('frames')} frames blurred")


if __name__ == "__main__":
    main()
