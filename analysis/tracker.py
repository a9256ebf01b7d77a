"""Stable identities for the people a backend sees frame by frame, and who is adult or child.

Observations carry no identity; :class:`PeopleTracker` links them into tracks by box overlap
(IoU) with a fallback on centre distance relative to body size, and keeps a lost track open
for ``max_gap_s`` so that a person hidden for a moment gets their old id back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .backend import LEFT_HIP, LEFT_SHOULDER, RIGHT_HIP, RIGHT_SHOULDER, PersonObservation


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return float(inter / union) if union > 0 else 0.0


@dataclass
class Track:
    id: int
    box: np.ndarray
    last_time: float
    frames: int = 0
    sizes: list[float] = field(default_factory=list)


def body_size(person: PersonObservation) -> float | None:
    """Torso length in pixels (shoulders' midpoint to hips' midpoint), else from the face."""
    pose = person.pose
    if pose is not None and min(pose[[LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP], 3]) > 0.5:
        shoulders = (pose[LEFT_SHOULDER, :2] + pose[RIGHT_SHOULDER, :2]) / 2
        hips = (pose[LEFT_HIP, :2] + pose[RIGHT_HIP, :2]) / 2
        return float(np.linalg.norm(shoulders - hips))
    if person.face_box is not None:
        # A child's head is large for its body; 2.5 face heights approximates a torso.
        return float(person.face_box[3] - person.face_box[1]) * 2.5
    return None


class PeopleTracker:
    """Greedy frame-to-frame matching; feed frames in time order."""

    def __init__(self, *, max_gap_s: float = 1.5, min_iou: float = 0.2,
                 max_centre_shift: float = 0.6) -> None:
        self.max_gap_s = max_gap_s
        self.min_iou = min_iou
        self.max_centre_shift = max_centre_shift
        self.tracks: list[Track] = []
        self._next_id = 1

    def update(self, time_s: float, people: list[PersonObservation]) -> list[int]:
        """The track id of each observation, in order."""
        open_tracks = [t for t in self.tracks if time_s - t.last_time <= self.max_gap_s]
        pairs = []
        for ti, track in enumerate(open_tracks):
            for pi, person in enumerate(people):
                score = _iou(track.box, person.box)
                if score < self.min_iou:
                    # Fast movement at a coarse stride: accept a nearby centre instead.
                    tc = (track.box[:2] + track.box[2:]) / 2
                    pc = (person.box[:2] + person.box[2:]) / 2
                    scale = max(track.box[3] - track.box[1], 1.0)
                    shift = float(np.linalg.norm(tc - pc)) / scale
                    if shift > self.max_centre_shift:
                        continue
                    score = 0.01 * (1 - shift)
                pairs.append((score, ti, pi))
        pairs.sort(reverse=True)
        ids: list[int | None] = [None] * len(people)
        used: set[int] = set()
        for _score, ti, pi in pairs:
            if ti in used or ids[pi] is not None:
                continue
            used.add(ti)
            ids[pi] = open_tracks[ti].id
        by_id = {t.id: t for t in self.tracks}
        for pi, person in enumerate(people):
            if ids[pi] is None:
                track = Track(self._next_id, person.box.copy(), time_s)
                self._next_id += 1
                self.tracks.append(track)
                by_id[track.id] = track
                ids[pi] = track.id
            track = by_id[ids[pi]]
            track.box = person.box.copy()
            track.last_time = time_s
            track.frames += 1
        return [i for i in ids if i is not None]


def label_people(sizes: dict[int, list[tuple[int, float]]]) -> dict[int, str]:
    """``adult`` or ``child`` per track by a majority of per-frame votes.

    ``sizes`` maps track id -> [(frame number, body size)]. In each frame with two or more
    people, the largest votes adult and anyone under 0.75 of the largest votes child.
    A track never seen beside someone else is called ``adult`` unless its votes say otherwise.
    """
    frames: dict[int, list[tuple[int, float]]] = {}
    for track_id, rows in sizes.items():
        for frame, size in rows:
            frames.setdefault(frame, []).append((track_id, size))
    votes: dict[int, list[int]] = {tid: [0, 0] for tid in sizes}
    for rows in frames.values():
        if len(rows) < 2:
            continue
        largest = max(size for _tid, size in rows)
        for tid, size in rows:
            votes[tid][1 if size < 0.75 * largest else 0] += 1
    return {tid: ("child" if v[1] > v[0] else "adult") for tid, v in votes.items()}


def swap(labels: dict[int, str], ids: list[int] | None = None) -> dict[int, str]:
    """Adult <-> child for the given tracks (all when None)."""
    flip = {"adult": "child", "child": "adult"}
    return {tid: (flip.get(label, label) if ids is None or tid in ids else label)
            for tid, label in labels.items()}
