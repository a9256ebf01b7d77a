"""How well the analysis sees real parents with their babies: the dyad clips against references.

    .venv/bin/python benchmarks/eval_dyads.py [--clips 'GLOB'] [--cache DIR] [--workers N]

For every clip of ``../shared/media/dyads/labels.json`` (or those matching ``--clips``) it runs
the whole analysis (``analyse_video``, default stride, ``people=2``) and compares with
``labels.json`` and the reference annotations in ``tests/analysis/dyad_reference/`` (see the
README there). Per clip and in all it prints:

* **purity**: the share of the people found per frame that the two main identities hold
  (the issue's target is >= 90%), after the per-frame clean-up of the detector's noise (a
  second find of one person in a frame, Pose's "person" in a blur or on a patterned jumper);
  **raw** is the same share of everything the detector reported, that noise included;
* **roles**: one adult and one child among the two (the clips hold one of each);
* **side**: the child's identity is on the labelled side of the adult's (median box centre);
* **suggestions**: precision and recall of the "mutual gaze" and "child turns to the parent"
  suggestions against the reference onsets (a suggestion matches a reference moment of its
  kind when its onset is within 1 s; one match each);
* speed: video seconds per wall second and CPU seconds (this process and its workers) per
  video second, since the machine is shared.

``--cache DIR`` keeps each clip's per-frame findings (the job's own checkpoint files), so a
second run re-does only identities, roles, cues and suggestions.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DYADS = (REPO / ".." / "shared" / "media" / "dyads").resolve()
REFERENCE = REPO / "tests" / "analysis" / "dyad_reference"
KINDS = ("mutual_gaze", "child_turns_to_parent")
TOLERANCE_S = 1.0


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def match(predicted: list[float], reference: list[float]) -> int:
    """One-to-one matches within the tolerance, nearest first."""
    pairs = sorted((abs(p - r), i, j) for i, p in enumerate(predicted)
                   for j, r in enumerate(reference) if abs(p - r) <= TOLERANCE_S)
    used_p: set[int] = set()
    used_r: set[int] = set()
    for _d, i, j in pairs:
        if i not in used_p and j not in used_r:
            used_p.add(i)
            used_r.add(j)
    return len(used_p)


def evaluate(path: Path, label: dict, reference: dict | None, cache: Path | None,
             workers: int | None) -> dict:
    from analysis.cues import compute_cues
    from analysis.job import analyse_video
    from analysis.suggest import find_moments

    cached = cache is not None and any((cache / path.stem).glob("span-*.npz"))
    started, cpu = time.perf_counter(), cpu_seconds()
    result = analyse_video(path, people=2, workers=workers,
                           resume_from=(cache / path.stem) if cache else None)
    moments = find_moments(compute_cues(result, directions=True))
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    duration = float(result.times[-1]) if result.n_frames else 0.0
    seen = result.seen().sum(axis=0)
    total = max(result.detections.get("total", int(seen.sum())), 1)
    noise = result.detections.get("noise", 0)
    main = np.argsort(-seen)[:2]
    row = {"clip": path.name, "duration": duration, "wall": wall, "cpu": cpu, "cached": cached,
           "purity": float(seen[main].sum()) / total, "ids": result.n_people,
           "raw": float(seen[main].sum()) / (total + noise),
           "labels": [result.labels[i] for i in main],
           "confidence": [result.confidence_of(int(i)) for i in main]}
    row["roles_ok"] = sorted(row["labels"]) == ["adult", "child"]
    row["side_ok"] = False
    if row["roles_ok"]:
        adult, child = (int(i) for i in (main if row["labels"][0] == "adult" else main[::-1]))
        cx = (result.boxes[..., 0] + result.boxes[..., 2]) / 2
        side = "right" if np.nanmedian(cx[:, child]) > np.nanmedian(cx[:, adult]) else "left"
        row["side_ok"] = side == label["child_side"]
    row["counts"] = {}
    for kind in KINDS:
        predicted = [m.onset_s for m in moments if m.kind == kind]
        ref = list((reference or {}).get(kind, []))
        row["counts"][kind] = (match(predicted, ref), len(predicted), len(ref))
    row["suggestions"] = len(moments)
    row["annotated"] = reference is not None
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", default="*", help="only clips whose name matches")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    labels = json.loads((DYADS / "labels.json").read_text())
    rows = []
    print(f"{'clip':44s} {'dur':>5s} {'purity':>6s} {'raw':>6s} {'roles':>5s} {'conf':>5s} {'side':>4s} "
          f"{'sugg':>4s} {'MG tp/pred/ref':>14s} {'CT tp/pred/ref':>14s} {'x real':>6s} "
          f"{'cpu/s':>5s}")
    for name in sorted(labels):
        if not fnmatch.fnmatch(name, args.clips):
            continue
        ref_file = REFERENCE / (Path(name).stem + ".json")
        reference = json.loads(ref_file.read_text()) if ref_file.exists() else None
        row = evaluate(DYADS / name, labels[name], reference, args.cache, args.workers)
        rows.append(row)
        mg, ct = ("/".join(str(n) for n in row["counts"][k]) for k in KINDS)
        ann = "" if row["annotated"] else " (no reference moments)"
        print(f"{name[:44]:44s} {row['duration']:5.1f} {row['purity']:6.1%} {row['raw']:6.1%} "
              f"{'ok' if row['roles_ok'] else 'WRONG':>5s} {min(row['confidence']):5.2f} "
              f"{'ok' if row['side_ok'] else 'WRONG':>4s} {row['suggestions']:4d} "
              f"{mg:>14s} {ct:>14s} "
              + (f"{'cached':>12s}" if row["cached"] else
                 f"{row['duration'] / row['wall']:6.2f} {row['cpu'] / row['duration']:5.2f}")
              + ann,
              flush=True)
    if not rows:
        print("no clips matched")
        return
    duration = sum(r["duration"] for r in rows)
    print()
    print(f"clips: {len(rows)}, video {duration:.0f} s")
    print(f"purity >= 90%: {sum(r['purity'] >= 0.9 for r in rows)}/{len(rows)} "
          f"(lowest {min(r['purity'] for r in rows):.1%}, mean "
          f"{np.mean([r['purity'] for r in rows]):.1%}); raw (noise included) lowest "
          f"{min(r['raw'] for r in rows):.1%}, mean {np.mean([r['raw'] for r in rows]):.1%}")
    print(f"one adult and one child: {sum(r['roles_ok'] for r in rows)}/{len(rows)}")
    print(f"child on the labelled side: {sum(r['side_ok'] for r in rows)}/{len(rows)}")
    print(f"clips with at least one suggestion: {sum(r['suggestions'] > 0 for r in rows)}"
          f"/{len(rows)}")
    annotated = [r for r in rows if r["annotated"]]
    for kind in KINDS:
        tp = sum(r["counts"][kind][0] for r in annotated)
        pred = sum(r["counts"][kind][1] for r in annotated)
        ref = sum(r["counts"][kind][2] for r in annotated)
        precision = tp / pred if pred else float("nan")
        recall = tp / ref if ref else float("nan")
        print(f"{kind}: precision {precision:.2f} ({tp}/{pred}), recall {recall:.2f} "
              f"({tp}/{ref}) on {len(annotated)} annotated clips, onset within "
              f"{TOLERANCE_S:.0f} s")
    timed = [r for r in rows if not r["cached"]]
    if timed:
        video = sum(r["duration"] for r in timed)
        wall = sum(r["wall"] for r in timed)
        cpu = sum(r["cpu"] for r in timed)
        print(f"speed on {len(timed)} clips analysed now: {video / wall:.2f}x real time (wall "
              f"clock, shared machine), {cpu / video:.2f} CPU s per video second")
    else:
        print("speed: not measured (every clip came from the cache)")


if __name__ == "__main__":
    main()
