"""From the people seen frame by frame to the stored result: identities, roles, notes.

:func:`build_result` runs once all spans are analysed: it decides the identities over the
whole recording (:mod:`analysis.identities`), packs each person's landmarks into the result's
arrays, fills Pose between the frames where it ran (the backend runs it on every other frame
per person), labels adult and child (:mod:`analysis.roles`) and writes plain notes of what
could and could not be seen.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from vfeedback.i18n import _

from .checkpoint import FrameRecord
from .identities import assign_identities, duplicates, plausible
from .results import AnalysisResult
from .roles import decide, evidence, frame_features

# A frame darker than this mean brightness (0..255) or blurrier than this (variance of the
# Laplacian) is reported as such when nobody was found in it.
DARK = 35.0
BLURRED = 100.0


def _fill_pose_gaps(result: AnalysisResult, max_gap: int = 2) -> None:
    """Linear Pose between two frames where it ran, for frames where the person was seen
    but Pose did not run (at most ``max_gap`` frames in a row)."""
    seen = result.seen()
    has_pose = ~np.isnan(result.pose[..., 0, 0])
    for p in range(result.n_people):
        ran = np.flatnonzero(has_pose[:, p])
        for a, b in zip(ran[:-1], ran[1:], strict=True):
            if 1 < b - a <= max_gap + 1:
                for f in range(a + 1, b):
                    if seen[f, p]:
                        w = (f - a) / (b - a)
                        result.pose[f, p] = (1 - w) * result.pose[a, p] + w * result.pose[b, p]


def _longest_absence(times: np.ndarray, seen: np.ndarray) -> tuple[float, float]:
    """(start, length) of the longest stretch in which a person was not seen."""
    best = (0.0, 0.0)
    start = None
    for t, s in zip(times, seen, strict=True):
        if not s and start is None:
            start = t
        elif s and start is not None:
            if t - start > best[1]:
                best = (float(start), float(t - start))
            start = None
    if start is not None and times[-1] - start > best[1]:
        best = (float(start), float(times[-1] - start))
    return best


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def build_result(records: list[FrameRecord], *, fps: float, stride: int,
                 problems: list[str] | None = None, people: int = 2,
                 look_closer: Callable[[AnalysisResult], list[str]] | None = None
                 ) -> AnalysisResult:
    """Decide identities and roles over all frames (any order) and pack them into arrays.

    ``look_closer`` runs when fewer than ``people`` were found: it may add someone seen only
    in part (:func:`analysis.partial.find_partial`) and returns notes on them."""
    records = sorted(records, key=lambda r: r.time_s)
    # Spans may overlap by a frame when seeking lands early; keep one record per time.
    unique: list[FrameRecord] = []
    for rec in records:
        if unique and abs(rec.time_s - unique[-1].time_s) < 1e-6:
            continue
        unique.append(rec)
    records = unique
    # Second finds of one person in a frame, and Pose's finds in a blur, go first: they are
    # the detector's noise, counted apart from the people it reported.
    noise = 0
    for rec in records:
        h, w = rec.shape
        ok = [p for p in rec.people if plausible(p, w, h)]
        twice = duplicates(ok)
        noise += len(rec.people) - len(ok) + len(twice)
        rec.people = [p for i, p in enumerate(ok) if i not in twice]
    width = float(records[0].shape[1]) if records else 1.0
    ids = assign_identities([(r.time_s, r.people) for r in records], people, width)
    n = 1 + max((i for row in ids for i in row), default=-1)
    result = AnalysisResult.empty(len(records), n)
    result.person_ids = np.arange(1, n + 1, dtype=np.int64)
    features: list[list[dict[str, float]]] = [[] for _p in range(n)]
    total = kept = 0
    for f, (rec, row) in enumerate(zip(records, ids, strict=True)):
        result.times[f] = rec.time_s
        result.frame_index[f] = rec.index
        for person, p in zip(rec.people, row, strict=True):
            total += 1
            if p < 0:
                continue
            kept += 1
            result.boxes[f, p] = person.box
            if person.pose is not None:
                result.pose[f, p] = person.pose
            if person.face is not None:
                result.face[f, p] = person.face
            if person.face_box is not None:
                result.face_boxes[f, p] = person.face_box
            if person.head is not None:
                result.head[f, p] = person.head
                result.head_confidence[f, p] = person.head_confidence
            features[p].append(frame_features(person.face, person.head, person.pose,
                                              person.face_box))
    _fill_pose_gaps(result)
    decided = decide([evidence(rows) for rows in features])
    result.labels = [label for label, _c in decided]
    result.label_confidence = [round(float(c), 3) for _l, c in decided]
    result.detections = {"total": total, "kept": kept, "noise": noise}
    if records:
        result.height, result.width = records[0].shape
    result.fps, result.stride = fps, stride
    extra = look_closer(result) if look_closer is not None and result.n_people < people else []
    result.notes = list(problems or []) + _notes(result, records, people) + extra
    return result


def _notes(result: AnalysisResult, records: list[FrameRecord], people: int) -> list[str]:
    """Plain sentences on what the analysis could and could not see."""
    notes: list[str] = []
    if not records:
        return [_("no frames could be read")]
    if len(records) > 1:
        gaps = np.diff(result.times)
        step = float(np.median(gaps))
        if step > 0 and (gaps > 3 * step).any():
            notes.append(_("{s:.1f} s of the video had no readable frames").format(
                s=float(gaps[gaps > 3 * step].sum())))
    step = float(np.median(np.diff(result.times))) if len(records) > 1 else 0.1
    nobody = result.seen().sum(axis=1) == 0 if result.n_people else np.ones(len(records), bool)
    dark = np.array([r.brightness < DARK for r in records]) & nobody
    blurred = np.array([r.sharpness < BLURRED for r in records]) & nobody & ~dark
    if dark.any():
        notes.append(_("{s:.1f} s too dark to see anyone").format(s=dark.sum() * step))
    if blurred.any():
        notes.append(_("{s:.1f} s too blurred to see anyone").format(s=blurred.sum() * step))
    if result.n_people == 0:
        notes.append(_("no people found"))
        return notes
    if result.n_people < people:
        notes.append(_("only {n} of the {k} people expected were found").format(
            n=result.n_people, k=people) if result.n_people > 1 else
            _("only one person found"))
    labels = result.labels
    if result.n_people >= 1 and "child" not in labels:
        notes.append(_("no child recognised: every person found looks like an adult"))
    if result.n_people >= 2 and "adult" not in labels:
        notes.append(_("no adult recognised: every person found looks like a child"))
    seen = result.seen()
    duration = float(result.times[-1] - result.times[0]) + step
    for p, pid in enumerate(result.person_ids):
        start, length = _longest_absence(result.times, seen[:, p])
        if length >= max(2.0, 0.2 * duration):
            notes.append(_("{label} {id} not seen for {s:.1f} s from {at}").format(
                label=labels[p], id=int(pid), s=length, at=_clock(start)))
        conf = result.label_confidence[p]
        if conf < 0.7:
            notes.append(_("{label} {id}: adult or child is uncertain ({c:.0%}); check and "
                           "use 'people --swap' if wrong").format(label=labels[p], id=int(pid),
                                                                   c=conf))
    dropped = result.detections["total"] - result.detections["kept"]
    if dropped:
        notes.append(_("{n} brief detections fitted no one and were left out").format(n=dropped))
    return notes
