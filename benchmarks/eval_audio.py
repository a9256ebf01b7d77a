"""How well the listening analysis agrees with a hand-made reference coding of real clips.

The references are in ``tests/analysis/audio_reference/*.json`` (how they were made is written
in each file); the clips are the dyads in ``../shared/media/dyads/``. For each clip and in all:

- **voice time**: precision/recall of the 10 ms frames that hold a voice (anyone's);
- **segments**: a found segment matches a reference one when they overlap by at least half of
  the shorter (or 0.3 s); "any" ignores who, "who" needs the same speaker;
- **segments, right speaker, decided**: the same over the found segments given a speaker
  (``unknown`` is an abstention: it lowers recall, not precision);
- **adult segments**: the reference's adult segments (any kind) found as adult, and found adult
  segments that are the adult's;
- **turns**: the reference's turns follow from its segments by the same rule as the analysis
  (:func:`analysis.audio.turns.find_turns`); a found turn matches with the same direction
  within 1 s.

Events marked ``sure: false`` are left out with ``--sure`` (found segments over them are then
neither right nor wrong). ``--faces`` also runs the video analysis (mediapipe) and gives the
listening its mouth-movement evidence; the landmarks are cached in ``--cache``.

Each reference file says which ``set`` it belongs to: ``tuned``, ``held-out-1`` ...
``held-out-4``, in the order they were coded; which rules were chosen on which sets is
written in the reference README (in short: each set was coded and committed before the rules
that were then measured on it). ``--sets`` limits the run to some sets (choosing rules must
leave the newest held-out set out). The summary is given per set and per family, so that how
well the rules carry over to clips they were not made on is plain; ``--clips`` adds the
per-clip rows. ``--all-adult`` scores the baseline that calls every found voice the adult's
(same segments, so it measures the speaker decision alone). ``--oracle`` names each found
segment after the reference event it overlaps most (the adult where none): the best the
found segments allow, so it measures the segmentation alone (how many true turns the
stretches of sound as cut could give). ``--cut-at-dips`` tries a finer cut, not in the
analysis: each vocal stretch is cut where its loudness (3-frame mean) stays 10 dB under its
own 80th percentile for 60 ms or more, and every piece is then named on its own (with
``--oracle``: the most turns such a cut allows). Last comes one line per set:
right speaker P/R, the same over decided segments, adult P/R, turns right/found/true and the
share of segments left ``unknown``.

Run: ``.venv/bin/python benchmarks/eval_audio.py [--sure] [--faces] [--clips] [--all-adult]
[--oracle] [--cut-at-dips] [--sets tuned,held-out-1]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.audio import analyse_audio  # noqa: E402
from analysis.audio.speakers import VoiceSegment  # noqa: E402
from analysis.audio.turns import find_turns  # noqa: E402

REFERENCE = ROOT / "tests" / "analysis" / "audio_reference"
MEDIA = ROOT.parent / "shared" / "media" / "dyads"
STEP = 0.01
TURN_TOLERANCE_S = 1.0
SETS = ("tuned", "held-out-1", "held-out-2", "held-out-3", "held-out-4")


def overlaps(a: VoiceSegment, b: VoiceSegment) -> bool:
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter >= min(0.3, 0.5 * min(a.duration, b.duration))


def load_reference(path: Path) -> tuple[str, list[VoiceSegment], list[VoiceSegment]]:
    """(clip, sure events, unsure events) on the video's clock: the events were coded on the
    sound's own clock (its first sample), which starts ``sound_offset_s`` after the first
    picture (0.04-0.28 s in these clips), where the analysis puts its times."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    shift = float(doc.get("sound_offset_s", 0.0))
    sure, unsure = [], []
    for s in doc["segments"]:
        seg = VoiceSegment(s["who"], s["kind"], float(s["start"]) + shift,
                           float(s["end"]) + shift, 1.0)
        (sure if s.get("sure", True) else unsure).append(seg)
    return doc["clip"], sure, unsure


def oracle_named(found: VoiceSegment, ref: list[VoiceSegment]) -> VoiceSegment:
    """``found`` named after the reference event it overlaps most (the adult where none)."""
    def shared(r: VoiceSegment) -> float:
        return min(found.end, r.end) - max(found.start, r.start)

    best = max(ref, key=shared, default=None)
    who = best.who if best is not None and shared(best) > 0 else "adult"
    return VoiceSegment(who, found.kind, found.start, found.end, 1.0, overlap=found.overlap)


DIP_DB, DIP_S, MIN_PIECE_S = 10.0, 0.06, 0.12


def cut_at_dips(samples, feats):  # noqa: ANN001, ANN201
    """The analysis' voice activity with each region cut at its loudness dips (see the module
    docstring); used by ``--cut-at-dips`` in place of ``vad.detect_activity``."""
    from analysis.audio import vad

    act = vad.detect_activity(samples, feats)
    least = max(1, int(round(DIP_S / feats.step)))
    regions = []
    for a, b in act.regions:
        loud = np.convolve(feats.db[a:b], np.ones(3) / 3, mode="same")
        quiet = loud < np.percentile(feats.db[a:b], 80) - DIP_DB
        cuts = [(a + s, a + e) for s, e in vad.runs_of(quiet)
                if e - s >= least and s > 0 and e < b - a]
        edges = [a, *[x for cut in cuts for x in cut], b]
        for s, e in zip(edges[::2], edges[1::2], strict=True):
            if ((e - s) * feats.step >= MIN_PIECE_S
                    and act.voiced[s:e].sum() * feats.step >= vad.MIN_VOICED_S):
                regions.append((s, e))
    return vad.Activity(act.webrtc, act.loud, act.voiced, act.floor_db, act.hums, regions)


def reference_set(path: Path) -> str:
    return str(json.loads(path.read_text(encoding="utf-8")).get("set", "tuned"))


def face_tracks(clip: str, cache: Path):
    from analysis.job import analyse_video
    from analysis.results import AnalysisResult

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / (clip + ".npz")
    if path.exists():
        return AnalysisResult.load(path)
    result = analyse_video(MEDIA / clip, workers=1)
    result.save(path)
    return result


def frame_count(duration: float) -> int:
    """How many ``STEP`` frames cover ``duration`` seconds (one to spare)."""
    return int(np.ceil(duration / STEP)) + 1


def mask(segments: list[VoiceSegment], n: int) -> np.ndarray:
    """The ``n`` frames of ``STEP`` seconds that lie inside any of ``segments``."""
    t = np.arange(n) * STEP
    m = np.zeros(n, bool)
    for s in segments:
        m |= (t >= s.start) & (t < s.end)
    return m


def evaluate(found: list[VoiceSegment], ref: list[VoiceSegment], ignore: list[VoiceSegment],
             duration: float) -> dict[str, tuple[int, int, int]]:
    """(true positives, found, reference) per measure."""
    # Found segments lying over an ignored event are neither right nor wrong.
    found = [f for f in found if not any(overlaps(f, i) for i in ignore)]
    n = frame_count(duration)
    f_mask, r_mask = mask(found, n), mask(ref, n)
    out = {"voice time (10 ms frames)": (int((f_mask & r_mask).sum()), int(f_mask.sum()),
                                          int(r_mask.sum()))}
    for name, same in (("segments, any speaker", False), ("segments, right speaker", True)):
        tp_f = sum(1 for f in found if any(overlaps(f, r) and (not same or f.who == r.who)
                                           for r in ref))
        tp_r = sum(1 for r in ref if any(overlaps(f, r) and (not same or f.who == r.who)
                                         for f in found))
        out[name] = (tp_f, len(found), len(ref), tp_r)  # type: ignore[assignment]
    # The same, counting only segments given a speaker: "unknown" is then an abstention
    # (it lowers recall, not precision), which is what a clinician reading the lane sees.
    decided = [f for f in found if f.who != "unknown"]
    tp_f = sum(1 for f in decided if any(overlaps(f, r) and f.who == r.who for r in ref))
    tp_r = sum(1 for r in ref if any(overlaps(f, r) and f.who == r.who for f in decided))
    out["segments, right speaker, decided"] = (tp_f, len(decided), len(ref), tp_r)  # type: ignore[assignment]
    adult_ref = [r for r in ref if r.who == "adult"]
    adult_found = [f for f in found if f.who == "adult"]
    hit = sum(1 for r in adult_ref if any(overlaps(f, r) for f in adult_found))
    hit_f = sum(1 for f in adult_found if any(overlaps(f, r) for r in adult_ref))
    out["adult segments (any kind)"] = (hit_f, len(adult_found), len(adult_ref), hit)  # type: ignore[assignment]
    ref_turns = find_turns(ref).turns
    got_turns = find_turns(found).turns
    used: set[int] = set()
    tp = 0
    for g in got_turns:
        for i, r in enumerate(ref_turns):
            if i not in used and (g.source, g.target) == (r.source, r.target) \
                    and abs(g.at - r.at) <= TURN_TOLERANCE_S:
                used.add(i)
                tp += 1
                break
    out["turns"] = (tp, len(got_turns), len(ref_turns))
    return out


def _pr(v) -> tuple[float, float]:
    tp_f, n_found, n_ref = v[0], v[1], v[2]
    tp_r = v[3] if len(v) > 3 else tp_f
    precision = tp_f / n_found if n_found else float("nan")
    recall = tp_r / n_ref if n_ref else float("nan")
    return precision, recall


def _add(acc: dict[str, list[int]], scores: dict) -> None:
    for name, v in scores.items():
        row = acc.setdefault(name, [0, 0, 0, 0])
        for i, x in enumerate(v):
            row[i] += x
        if len(v) == 3:
            row[3] += v[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sure", action="store_true", help="leave out unsure reference events")
    parser.add_argument("--faces", action="store_true", help="use mouth movement (mediapipe)")
    parser.add_argument("--clips", action="store_true", help="also print every clip's rows")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/vfeedback-eval-faces"))
    parser.add_argument("--all-adult", action="store_true",
                        help="score the baseline: every found voice is the adult's")
    parser.add_argument("--oracle", action="store_true",
                        help="name each found segment from the reference: the segmentation's best")
    parser.add_argument("--cut-at-dips", action="store_true",
                        help="cut vocal stretches at loudness dips (an experiment, not the rules)")
    parser.add_argument("--sets", default="", help="comma-separated sets (default: all)")
    args = parser.parse_args()
    wanted = {w for w in args.sets.split(",") if w}
    if args.cut_at_dips:
        import analysis.audio.listen as listen

        listen.detect_activity = cut_at_dips
    unknown = {}
    groups: dict[tuple[str, str], dict[str, list[int]]] = {}
    counts: dict[tuple[str, str], int] = {}
    print(f"reference: {REFERENCE.relative_to(ROOT)}  sure only: {args.sure}  "
          f"faces: {args.faces}\n")
    if args.clips:
        print("| clip | measure | found | reference | precision | recall |")
        print("|---|---|---:|---:|---:|---:|")
    for path in sorted(REFERENCE.glob("*.json")):
        if wanted and reference_set(path) not in wanted:
            continue
        clip, sure, unsure = load_reference(path)
        ref = sure if args.sure else sure + unsure
        ignore = unsure if args.sure else []
        faces = face_tracks(clip, args.cache) if args.faces else None
        result = analyse_audio(MEDIA / clip, face_tracks=faces)
        found = result.segments
        if args.all_adult:
            found = [VoiceSegment("adult", "speech", f.start, f.end, 1.0) for f in found]
        if args.oracle:
            found = [oracle_named(f, ref) for f in found]
        scores = evaluate(found, ref, ignore, result.duration_s)
        family, which = clip.split(".")[0], reference_set(path)
        for key in (which, "all"):
            n_unknown, n_all = unknown.get(key, (0, 0))
            unknown[key] = (n_unknown + sum(f.who == "unknown" for f in found),
                            n_all + len(found))
        for key in ((which, family), (which, "both")):
            _add(groups.setdefault(key, {}), scores)
            counts[key] = counts.get(key, 0) + 1
        if args.clips:
            for name, v in scores.items():
                p, r = _pr(v)
                print(f"| {clip.split('.take1')[0]} | {name} | {v[1]} | {v[2]} | {p:.2f} "
                      f"| {r:.2f} |")
    if args.clips:
        print()
    print("| set | family | clips | measure | found | reference | precision | recall |")
    print("|---|---|---:|---|---:|---:|---:|---:|")
    for which in SETS:
        for family in ("3dC3SQ", "6c6MZQ", "both"):
            key = (which, family)
            if key not in groups:
                continue
            for name, v in groups[key].items():
                p, r = _pr(v)
                fam = f"**{family}**" if family == "both" else family
                print(f"| {which} | {fam} | {counts[key]} | {name} | {v[1]} | {v[2]} "
                      f"| {p:.2f} | {r:.2f} |")
    print("\n| set | clips | right speaker P/R | decided P/R | adult P/R | turns right/found/true "
          "| unknown |")
    print("|---|---:|---|---|---|---|---:|")
    for which in (*SETS, "all"):
        key = (which, "both")
        if which == "all":
            acc: dict[str, list[int]] = {}
            for (_w, fam), g in groups.items():
                if fam == "both":
                    _add(acc, {k: tuple(v) for k, v in g.items()})
            g, n = acc, sum(c for (_w, fam), c in counts.items() if fam == "both")
        elif key in groups:
            g, n = groups[key], counts[key]
        else:
            continue
        if not g:
            continue
        cells = ["{:.2f} / {:.2f}".format(*_pr(g[m])) for m in (
            "segments, right speaker", "segments, right speaker, decided",
            "adult segments (any kind)")]
        t = g["turns"]
        n_unknown, n_all = unknown[which]
        print(f"| {which} | {n} | {' | '.join(cells)} | {t[0]} / {t[1]} / {t[2]} "
              f"| {n_unknown / max(n_all, 1):.0%} |")


if __name__ == "__main__":
    main()
