"""How the listening names who vocalises, chosen on the coded clips by leaving clips out.

For the reference clips of the chosen sets (``tests/analysis/audio_reference``; by default
every set but the newest, ``held-out-4``, which must be measured once with the rules fixed) it
gathers each found piece's evidence as :func:`analysis.audio.speakers.gather` does (sound
cues, faces, the same voice's faces) and scores ways of naming the pieces with the measures of
``benchmarks/eval_audio.py``, each choice made without the clip it is scored on (leave one
clip out, and leave one family out):

- **all adult**: every voice is the adult's (the baseline);
- **v4**: the December rules (a band of ``unknown`` around an even logit);
- **threshold**: the child when the evidence's logit is above a threshold, else the adult (no
  abstention); the threshold is chosen on the other clips, maximising right-speaker hits
  (found segments and reference events);
- **logistic**: a logistic regression in numpy on the cues (pitch, voicing, consonants, the
  piece's own faces, the same voice's faces), fitted on the other clips, the child above 0.5.

It prints one line per way and set (right speaker P/R, adult P/R, turns right/found/true) and
the threshold chosen on all the clips, which is what ``CHILD_ABOVE`` in speakers.py holds.

Run: ``.venv/bin/python benchmarks/fit_speakers.py [--sets tuned,held-out-1,...]``
(with faces from the cache of eval_audio.py: ``--cache``)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_audio as ev  # noqa: E402

from analysis.audio import speakers  # noqa: E402
from analysis.audio.features import RATE, compute_features  # noqa: E402
from analysis.audio.mouth import mouth_tracks  # noqa: E402
from analysis.audio.vad import detect_activity  # noqa: E402
from vfeedback.media.audio import read_audio  # noqa: E402

DEFAULT_SETS = "tuned,held-out-1,held-out-2,held-out-3"
THRESHOLDS = np.round(np.arange(-1.0, 3.01, 0.25), 2)
RIDGE = 1.0


class Clip:
    def __init__(self, path: Path, cache: Path) -> None:
        doc = json.loads(path.read_text(encoding="utf-8"))
        self.name, self.set = doc["clip"], doc["set"]
        self.family = self.name.split(".")[0]
        _, sure, unsure = ev.load_reference(path)
        self.ref = sure + unsure
        samples = read_audio(ev.MEDIA / self.name, rate=RATE)
        self.duration = len(samples) / RATE
        self.feats = compute_features(samples)
        self.activity = detect_activity(samples, self.feats)
        mouths = mouth_tracks(ev.face_tracks(self.name, cache))
        self.evidence = speakers.gather(self.feats, self.activity, mouths)
        pieces = self.evidence.pieces
        own_face = np.array([p.mouth_logit for p in pieces])
        pooled = self.evidence.logits - np.array([p.own for p in pieces])
        self.x = np.array([[*p.cues, f, q] for p, f, q in zip(pieces, own_face, pooled,
                                                               strict=True)]).reshape(-1, 5)
        # Who each piece is in the reference (for fitting): the child, the adult, or neither
        # alone (both, or no coded event: those are right or wrong whatever it is called).
        self.y = np.full(len(pieces), -1)
        for i, seg in enumerate(self.segments(["adult"] * len(pieces))):
            hit = {r.who for r in self.ref if ev.overlaps(seg, r)}
            if len(hit) == 1:
                self.y[i] = int("child" in hit)

    def segments(self, whos: list[str], confs: list[float] | None = None):
        confs = confs if confs is not None else [1.0] * len(whos)
        return speakers.segments_of(self.feats, self.activity, self.evidence,
                                    list(zip(whos, confs, strict=True)))

    def score(self, named: list[tuple[str, float]]) -> dict:
        whos = [w for w, _ in named]
        segs = self.segments(whos, [c for _, c in named])
        return ev.evaluate(segs, self.ref, [], self.duration)


def threshold_names(logits: np.ndarray, pieces, threshold: float) -> list[tuple[str, float]]:
    out = []
    for lg, p in zip(logits, pieces, strict=True):
        who, conf = speakers.name_above(float(lg), p.voiced_share, threshold)
        out.append((who, conf))
    return out


def hits(scores: dict) -> int:
    v = scores["segments, right speaker"]
    return v[0] + v[3]


def fit_logistic(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    ridge = np.diag([RIDGE] * (z.shape[1] - 1) + [0.0])
    for _ in range(100):
        p = 1 / (1 + np.exp(-z @ beta))
        step = np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z + ridge,
                               z.T @ (p - y) + ridge @ beta)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    return mu, sd, beta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=DEFAULT_SETS)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/vfeedback-eval-faces"))
    args = parser.parse_args()
    wanted = set(args.sets.split(","))
    clips = [Clip(p, args.cache) for p in sorted(ev.REFERENCE.glob("*.json"))
             if ev.reference_set(p) in wanted]
    totals: dict[tuple[str, str], dict] = {}

    def add(way: str, clip: Clip, named: list[tuple[str, float]]) -> None:
        scores = clip.score(named)
        for key in ((way, clip.set), (way, "all")):
            ev._add(totals.setdefault(key, {}), scores)

    def best_threshold(train: list[Clip]) -> float:
        gains = [sum(hits(c.score(threshold_names(c.evidence.logits, c.evidence.pieces, t)))
                     for c in train) for t in THRESHOLDS]
        return float(THRESHOLDS[int(np.argmax(gains))])

    chosen: dict[str, list[float]] = {"clip": [], "family": []}
    for clip in clips:
        n = len(clip.evidence.pieces)
        add("all adult", clip, [("adult", 1.0)] * n)
        add("v4", clip, [speakers.name(float(lg), p.voiced_share)
                         for lg, p in zip(clip.evidence.logits, clip.evidence.pieces,
                                          strict=True)])
        for group in ("clip", "family"):
            train = [c for c in clips if (c.name if group == "clip" else c.family)
                     != (clip.name if group == "clip" else clip.family)]
            t = best_threshold(train)
            chosen[group].append(t)
            add(f"threshold, leave one {group} out", clip,
                threshold_names(clip.evidence.logits, clip.evidence.pieces, t))
            x = np.concatenate([c.x for c in train])
            y = np.concatenate([c.y for c in train])
            keep = y >= 0
            mu, sd, beta = fit_logistic(x[keep], y[keep].astype(float))
            if n:
                p = 1 / (1 + np.exp(-(np.hstack([(clip.x - mu) / sd, np.ones((n, 1))]) @ beta)))
                add(f"logistic, leave one {group} out", clip,
                    [("child" if q > 0.5 else "adult", abs(2 * q - 1)) for q in p])
    sets = [s for s in ev.SETS if s in wanted] + ["all"]
    print("| way | " + " | ".join(sets) + " |")
    print("|---|" + "---|" * len(sets))
    for way in dict.fromkeys(w for w, _ in totals):
        cells = []
        for s in sets:
            g = totals.get((way, s))
            if g is None:
                cells.append("")
                continue
            (p, r), (ap, ar) = ev._pr(g["segments, right speaker"]), ev._pr(
                g["adult segments (any kind)"])
            t = g["turns"]
            cells.append(f"{p:.2f}/{r:.2f} (adult {ap:.2f}/{ar:.2f}, turns {t[0]}/{t[1]}/{t[2]})")
        print(f"| {way} | " + " | ".join(cells) + " |")
    for group, ts in chosen.items():
        print(f"\nthresholds chosen leaving one {group} out: min {min(ts)} median "
              f"{float(np.median(ts))} max {max(ts)}")
    print(f"threshold chosen on all {len(clips)} clips: {best_threshold(clips)}")


if __name__ == "__main__":
    main()
