"""How well the analysis sees real parents with their babies: the dyad clips against references.

    .venv/bin/python benchmarks/eval_dyads.py [--clips 'GLOB'] [--cache DIR] [--workers N] [--show]
    .venv/bin/python benchmarks/eval_dyads.py --cache DIR --tune [--grid small]

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

``--tune`` (with ``--cache``, on the annotated clips) searches a small grid of the gaze and
suggestion parameters (:class:`analysis.cues.GazeParams`, :class:`analysis.suggest.
SuggestParams`) leave-one-family-out: the best on one family (sum of the two kinds' F1) is
measured on the other, and the reverse; then the defaults and the best on all clips. The
defaults in the code should be the all-clip choice only where the cross-family numbers hold up.
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
    # Listening is part of the default job (timed on a fresh run) but adds nothing to what
    # is evaluated here: a re-run from the cache skips it.
    result = analyse_video(path, people=2, workers=workers, listen=not cached,
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
        row.setdefault("onsets", {})[kind] = (sorted(predicted), sorted(ref))
    row["suggestions"] = len(moments)
    row["annotated"] = reference is not None
    return row


def precision_recall(rows: list[dict], kind: str) -> str:
    tp = sum(r["counts"][kind][0] for r in rows)
    pred = sum(r["counts"][kind][1] for r in rows)
    ref = sum(r["counts"][kind][2] for r in rows)
    precision = tp / pred if pred else float("nan")
    recall = tp / ref if ref else float("nan")
    return (f"precision {precision:.2f} ({tp}/{pred}), recall {recall:.2f} ({tp}/{ref}) on "
            f"{len(rows)} annotated clips, onset within {TOLERANCE_S:.0f} s")


# The grids of ``--tune``: values per parameter, the value used before the dyad clips first.
FULL_GRID = {"tolerance_deg": (12.0, 6.0, 18.0), "min_image_turn": (0.3, 0.5),
             "side_turn": (None, 0.5, 0.8), "min_confidence": (0.3, 0.5),
             "mutual_min_s": (0.5, 0.3, 0.8), "mutual_join_s": (0.4, 0.8, 1.2),
             "mutual_unknown_s": (0.0, 1.0, 2.0), "turn_on_s": (0.5, 0.3, 0.8),
             "turn_off_s": (0.5, 0.3, 1.0), "turn_unknown_s": (0.0, 1.0, 2.0),
             "turn_off_within_s": (None, 1.0)}
# The two rules read from the frames (a profile looks sideways; a turn needs the looking
# away seen) switched on, only the durations and angles searched.
SMALL_GRID = {**{k: v[:1] for k, v in FULL_GRID.items()},
              "tolerance_deg": (12.0, 18.0), "min_image_turn": (0.3, 0.5), "side_turn": (0.5,),
              "mutual_join_s": (0.4, 1.2), "turn_on_s": (0.5, 0.3), "turn_off_s": (0.5, 0.3, 1.0),
              "turn_off_within_s": (1.0,)}
GAZE_KEYS = ("tolerance_deg", "min_image_turn", "side_turn")
MUTUAL_KEYS = ("mutual_min_s", "mutual_join_s", "mutual_unknown_s")
TURN_KEYS = ("turn_on_s", "turn_off_s", "turn_unknown_s", "turn_off_within_s")


def tune(annotated: list[tuple[str, dict]], cache: Path, grid: dict) -> None:
    """The leave-one-family-out search described in the module docstring."""
    import itertools

    from analysis.cues import GazeParams, compute_cues
    from analysis.job import analyse_video
    from analysis.suggest import SuggestParams, find_moments

    results = {name: (analyse_video(DYADS / name, people=2, listen=False,
                                    resume_from=cache / Path(name).stem), ref)
               for name, ref in annotated}
    names = list(results)

    def product(keys: tuple[str, ...]) -> list[dict]:
        return [dict(zip(keys, values, strict=True))
                for values in itertools.product(*(grid[k] for k in keys))]

    def counts_of(gaze: GazeParams, sp: SuggestParams, cues=None) -> dict:
        out = {}
        for name, (r, ref) in results.items():
            moments = find_moments(cues[name] if cues else
                                   compute_cues(r, directions=True, gaze=gaze), sp)
            out[name] = {kind: (match([m.onset_s for m in moments if m.kind == kind],
                                      ref.get(kind, [])),
                                sum(m.kind == kind for m in moments), len(ref.get(kind, [])))
                         for kind in KINDS}
        return out

    # The two kinds depend on separate parameters (sharing the gaze and the confidence
    # gate), so each kind's grid is searched on its own and the best of each combined.
    # table[(gaze, conf)][kind] = [(params, per-clip counts), ...]
    table: dict[tuple, dict[str, list]] = {}
    for g in product(GAZE_KEYS):
        gaze = GazeParams(**g)
        cues = {name: compute_cues(r, directions=True, gaze=gaze)
                for name, (r, _ref) in results.items()}
        for conf in grid["min_confidence"]:
            entry = table.setdefault((tuple(g.items()), conf), {})
            for kind, keys in (("mutual_gaze", MUTUAL_KEYS),
                               ("child_turns_to_parent", TURN_KEYS)):
                entry[kind] = [(extra, {name: c[kind] for name, c in counts_of(
                    gaze, SuggestParams(min_confidence=conf, **extra), cues).items()})
                    for extra in product(keys)]

    def f1(per_clip: dict, clips: list[str]) -> float:
        tp, pred, ref = (sum(per_clip[c][i] for c in clips) for i in range(3))
        p, r = (tp / pred if pred else 0.0), (tp / ref if ref else 0.0)
        return 2 * p * r / (p + r) if p + r else 0.0

    def best(clips: list[str]) -> tuple[GazeParams, SuggestParams]:
        """Highest sum of the two kinds' F1 on ``clips``; among equals the first (the
        values used before come first in each grid)."""
        top, choice = -1.0, None
        for (g, conf), entry in table.items():
            picks = [max(entry[kind], key=lambda e: f1(e[1], clips)) for kind in KINDS]
            score = sum(f1(per_clip, clips) for _extra, per_clip in picks)
            if score > top + 1e-9:
                top, choice = score, (g, conf, picks[0][0], picks[1][0])
        assert choice is not None
        g, conf, mutual, turn = choice
        return GazeParams(**dict(g)), SuggestParams(min_confidence=conf, **mutual, **turn)

    def line(label: str, counts: dict, clips: list[str]) -> str:
        parts = []
        for kind in KINDS:
            tp, pred, ref = (sum(counts[c][kind][i] for c in clips) for i in range(3))
            parts.append(f"{kind}: P {tp / pred if pred else float('nan'):.2f} ({tp}/{pred}) "
                         f"R {tp / ref if ref else float('nan'):.2f} ({tp}/{ref})")
        return label + "; ".join(parts)

    families = sorted({n.split(".")[0] for n in names})
    sizes = [len(product(GAZE_KEYS)) * len(grid["min_confidence"]),
             len(product(MUTUAL_KEYS)), len(product(TURN_KEYS))]
    print(f"grid: {sizes[0]} gaze/confidence x ({sizes[1]} mutual-gaze + {sizes[2]} turn) "
          f"parameter sets, {len(names)} annotated clips")
    old = counts_of(GazeParams(tolerance_deg=12.0, side_turn=None),
                    SuggestParams(mutual_join_s=0.4, turn_on_s=0.5, turn_off_s=0.5,
                                  turn_off_within_s=None))
    code = counts_of(GazeParams(), SuggestParams())
    for label, counts in (("old defaults", old), ("code defaults", code)):
        for family in ["all", *families]:
            clips = [n for n in names if family == "all" or n.startswith(family)]
            print(line(f"{label} on {family}: ", counts, clips))
    held_out: dict[str, dict] = {}
    for train in families:
        train_clips = [n for n in names if n.startswith(train)]
        gaze, sp = best(train_clips)
        counts = counts_of(gaze, sp)
        print(f"tuned on {train}: {gaze}, {sp}")
        print(line(f"  on {train} (tuning, in-sample): ", counts, train_clips))
        for test in families:
            if test != train:
                test_clips = [n for n in names if n.startswith(test)]
                print(line(f"  on {test} (held out): ", counts, test_clips))
                held_out.update({c: counts[c] for c in test_clips})
    print(line("held out, both directions pooled: ", held_out, list(held_out)))
    gaze, sp = best(names)
    print(f"best on all clips (in-sample): {gaze}, {sp}")
    print(line("  on all: ", counts_of(gaze, sp), names))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", default="*", help="only clips whose name matches")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--show", action="store_true",
                        help="print each clip's suggested and reference onsets")
    parser.add_argument("--tune", action="store_true",
                        help="leave-one-family-out parameter search (needs --cache)")
    parser.add_argument("--grid", choices=("full", "small"), default="full",
                        help="--tune: every rule and value, or the two new rules fixed on")
    args = parser.parse_args()
    labels = json.loads((DYADS / "labels.json").read_text())
    if args.tune:
        if args.cache is None:
            parser.error("--tune needs --cache DIR (a cache filled by a run without --tune)")
        annotated = [(name, json.loads((REFERENCE / (Path(name).stem + ".json")).read_text()))
                     for name in sorted(labels) if fnmatch.fnmatch(name, args.clips)
                     and (REFERENCE / (Path(name).stem + ".json")).exists()]
        tune(annotated, args.cache, FULL_GRID if args.grid == "full" else SMALL_GRID)
        return
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
        if args.show and row["annotated"]:
            for kind in KINDS:
                got, want = row["onsets"][kind]
                print(f"    {kind}: suggested {[round(t, 1) for t in got]} reference {want}")
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
    families = sorted({r["clip"].split(".")[0] for r in annotated})
    for kind in KINDS:
        for family in ["all", *families]:
            some = [r for r in annotated if family == "all" or r["clip"].startswith(family)]
            print(f"{kind} ({family}): " + precision_recall(some, kind))

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
