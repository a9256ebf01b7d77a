"""Review package speed and size: ``vfeedback review pack`` against the plain tools.

    .venv/bin/python benchmarks/bench_review_pack.py [--minutes 5] [--moments 12]

Setup (not timed): a synthetic 640x360 25 fps H.264/AAC recording of ``--minutes`` minutes in
a fresh home, ``--moments`` coded 3 s moments spread over it, a few comments.

1. ``pack`` (clips of the moments +- 2 s, the manifest, the Argon2id key and AES-256-GCM)
   against the plain tools doing the same work: one hand-written ffmpeg run per span with the
   same encoder settings (libx264 crf 18, AAC) plus AES-GCM of the clip bytes in one call.
2. ``unpack`` into a second home (decrypt, verify, store the clips, merge the rows).
Prints times, the ratio, and the package size against the whole recording.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotation.editing import AnnotationEditor  # noqa: E402
from annotation.schemes import ensure_builtin_schemes, get_scheme  # noqa: E402
from sessions.review_pack import MARGIN_MS, _spans, pack  # noqa: E402
from sessions.review_unpack import unpack  # noqa: E402
from vfeedback import library  # noqa: E402
from vfeedback.app import open_app  # noqa: E402
from vfeedback.crypto import KdfParams  # noqa: E402
from vfeedback.media.synth import make_video  # noqa: E402
from vfeedback.media.tools import ffmpeg_exe  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--moments", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        video = tmp / "visit.mp4"
        make_video(video, duration_s=args.minutes * 60, index_code=False, keyint=50)
        app = open_app(tmp / "home-a")
        with app.db.session() as s:
            ensure_builtin_schemes(s)
            visit = library.get_or_create_visit(s, library.create_case(s, "B-1"), 1)
            rid = library.import_recording(s, app.store, video, visit).id
            code = get_scheme(s, "vipp-sd").codes[0].id
        editor = AnnotationEditor(app.db, rid, actor="tina")
        step = int(args.minutes * 60_000 / (args.moments + 1))
        moments = [(step * (k + 1), step * (k + 1) + 3000) for k in range(args.moments)]
        for start, end in moments:
            editor.add(code, start, end, caption="Look at me")

        t0 = time.perf_counter()
        pack(app, rid, tmp / "p.vfpack", "bench passphrase")
        t_pack = time.perf_counter() - t0

        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        spans = _spans(moments, int(args.minutes * 60_000), MARGIN_MS)
        t0 = time.perf_counter()
        KdfParams().derive(b"bench passphrase", b"0" * 16)
        blobs = []
        for k, (a, b) in enumerate(spans):
            out = tmp / f"plain{k}.mp4"
            subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-ss", f"{a / 1000:.3f}", "-t",
                            f"{(b - a) / 1000:.3f}", "-i", str(video), "-c:v", "libx264",
                            "-preset", "veryfast", "-crf", "18", "-c:a", "aac", str(out)],
                           check=True)
            blobs.append(out.read_bytes())
        AESGCM(AESGCM.generate_key(256)).encrypt(b"0" * 12, b"".join(blobs), None)
        t_plain = time.perf_counter() - t0

        other = open_app(tmp / "home-b")
        t0 = time.perf_counter()
        unpack(other, tmp / "p.vfpack", "bench passphrase")
        t_unpack = time.perf_counter() - t0
        size, whole = (tmp / "p.vfpack").stat().st_size, video.stat().st_size
        print(f"recording {args.minutes:g} min, {len(spans)} spans of moments +- 2 s")
        print(f"pack {t_pack:.2f} s; plain ffmpeg cuts + AES-GCM {t_plain:.2f} s; "
              f"ratio {t_pack / t_plain:.2f}")
        print(f"unpack {t_unpack:.2f} s")
        print(f"package {size / 1e6:.1f} MB = {100 * size / whole:.0f} % of the recording "
              f"({whole / 1e6:.1f} MB)")
        app.close()
        other.close()


if __name__ == "__main__":
    main()
