"""Reel building with encryption at rest on and off, side by side (issue 15).

The same footage is put into a plain and an encrypted media store, and the same reel is built
from store keys with ``sessions.reel.build_reel(store=...)``: ffmpeg reads the plain object file,
or the loopback URL that decrypts it; an encrypted home's intermediates (caption images, cut
pieces) go to a memory folder instead of ``<home>/tmp``. Two reels, as in ``bench_reel.py``:

1. encoded: 6 clips of 2 s off keyframes, captions burned in and as subtitles, title cards, 720p;
2. stream copy: the clips on keyframes, no titles, no burned captions.

Prints the median of ``--repeat`` runs per store and the encrypted/plain ratio.

    .venv/bin/python benchmarks/bench_encrypted_reel.py [--repeat 3] [--source FILE]

Default source: 20 s of 1280x720 30 fps H.264 + AAC, keyframe every second (made by
``vfeedback.media.synth``); ``--source ../shared/media/...`` uses real footage instead.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sessions.reel import ReelClip, build_reel  # noqa: E402
from vfeedback import scratch  # noqa: E402
from vfeedback.crypto import Keyring, subkey  # noqa: E402
from vfeedback.media.synth import make_video  # noqa: E402
from vfeedback.store import MediaStore  # noqa: E402

CAPTIONS = ["Look, Mummy, I found it!", "Jag vill också se", "Pappa, hjelp meg", "Igjen, igjen!"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--source", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = args.source
        if source is None:
            source = work / "source.mp4"
            make_video(source, duration_s=20, width=1280, height=720, fps=30, keyint=30)
        homes = {"plain": work / "plain", "encrypted": work / "enc"}
        stores = {"plain": MediaStore(homes["plain"] / "store"),
                  "encrypted": MediaStore(homes["encrypted"] / "store",
                                          key=subkey(Keyring.new_data_key(), "store"))}
        (homes["encrypted"] / "keyring.json").write_text("{}")  # marks the home protected
        timings: dict[tuple[str, str], list[float]] = {}
        for name, store in stores.items():
            key = store.add_file(source).key
            encoded = [ReelClip(key, 0.37 + 3 * k, 2.37 + 3 * k, CAPTIONS[k % len(CAPTIONS)],
                                title=f"Theme {k // 2 + 1}") for k in range(6)]
            copied = [ReelClip(key, 3.0 * k, 3.0 * k + 2.0, c.caption)
                      for k, c in enumerate(encoded)]
            scratch.use_home(homes[name])  # where the reel's intermediates go
            for _ in range(args.repeat):
                for kind, clips, opts in (
                        ("encoded reel", encoded, {"height": 720}),
                        ("stream-copy reel", copied, {"titles": False, "burn_captions": False,
                                                      "height": None})):
                    t = time.perf_counter()
                    build_reel(clips, work / f"{name}.mp4", store=store, **opts)
                    timings.setdefault((kind, name), []).append(time.perf_counter() - t)
        print(f"{'':18s} {'plain':>9s} {'encrypted':>10s}  ratio   (median of {args.repeat})")
        for kind in ("encoded reel", "stream-copy reel"):
            plain = statistics.median(timings[(kind, "plain")])
            enc = statistics.median(timings[(kind, "encrypted")])
            print(f"{kind:18s} {plain:8.2f}s {enc:9.2f}s  {enc / plain:5.2f}")


if __name__ == "__main__":
    main()
