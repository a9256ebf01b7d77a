"""Whose mouth moves: evidence from the face landmarks for who is vocalising.

Optional input to :mod:`analysis.audio.speakers`. It reads the arrays that
:class:`analysis.results.AnalysisResult` holds (``times`` (F,), ``face`` (F, P, N_FACE, 3) with
the points of ``analysis.backend.FACE_POINTS``, ``labels`` per person) and gives, for the adult
and the child, how much the mouth opens and closes over time. Without landmarks (no analysis,
faces not seen, an older result format) there is simply no evidence and the sound alone decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

UPPER_LIP, LOWER_LIP, MOUTH_LEFT, MOUTH_RIGHT = 13, 14, 61, 291  # mediapipe face-mesh ids
WINDOW_S = 0.6  # mouth movement = how much the opening varies over this long
MIN_SEEN = 0.3  # share of a segment's analysed frames with the face seen, to count as evidence
TYPICAL_MOVEMENT = 0.35  # landmark jitter and expressions move a silent mouth up to about this
ONE_SIDED = 0.5  # weight of the evidence when only one of the two faces was seen
SYNC_PAD_S = 0.5
SYNC_MIN_FRAMES = 5
MOVE_WEIGHT = 1.0
SYNC_WEIGHT = 1.0  # a mouth that follows the voice (r = 1) weighs as much as full movement


@dataclass
class MouthTrack:
    times: np.ndarray  # (F,)
    movement: np.ndarray  # (F,) 0..1, NaN where the face was not seen
    opening: np.ndarray | None = None  # (F,) lip gap / mouth width, NaN where not seen
    # How much this person's mouth moves while nobody vocalises (face-mesh jitter, smiles,
    # chewing) and how much that varies. Measuring it per person from the recording's quiet
    # stretches was tried and did worse on the reference clips than these typical values.
    baseline: float = TYPICAL_MOVEMENT
    spread: float = TYPICAL_MOVEMENT

    def activity(self, start: float, end: float) -> tuple[float, float]:
        """(-1..1 movement above a silent mouth's, share seen) over [start, end]."""
        value, share = self.during(start, end)
        if share == 0.0:
            return 0.0, 0.0
        return float(np.clip((value - self.baseline) / self.spread, -1, 1)), share

    def sync(self, start: float, end: float, loud_times: np.ndarray,
             loud_db: np.ndarray) -> float:
        """Correlation of the mouth's opening with the voice's loudness around [start, end].

        A speaker's mouth opens as the voice swells and closes in its pauses; a listener's
        does not follow the sound. Taken over the segment and ``SYNC_PAD_S`` either side (the
        silence around a voice is half of the evidence). NaN when too few frames were seen or
        either signal is flat.
        """
        if self.opening is None or len(self.times) == 0:
            return float("nan")
        a = int(np.searchsorted(self.times, start - SYNC_PAD_S, side="left"))
        b = int(np.searchsorted(self.times, end + SYNC_PAD_S, side="right"))
        t, o = self.times[a:b], self.opening[a:b]
        seen = ~np.isnan(o)
        if seen.sum() < SYNC_MIN_FRAMES:
            return float("nan")
        t, o = t[seen], o[seen]
        loud = np.interp(t, loud_times, loud_db)
        if np.std(o) < 1e-3 or np.std(loud) < 1e-3:
            return float("nan")
        return float(np.corrcoef(o, loud)[0, 1])

    def during(self, start: float, end: float) -> tuple[float, float]:
        """(mean movement, share of the span with a seen face) over [start, end]."""
        if len(self.times) == 0:
            return 0.0, 0.0
        a = int(np.searchsorted(self.times, start, side="left"))
        b = int(np.searchsorted(self.times, end, side="right"))
        if a >= b:
            # Sparse analysed frames: take the nearest one if it is close.
            near = int(np.argmin(np.abs(self.times - (start + end) / 2)))
            if abs(self.times[near] - (start + end) / 2) > WINDOW_S:
                return 0.0, 0.0
            a, b = near, near + 1
        vals = self.movement[a:b]
        seen = ~np.isnan(vals)
        if not seen.any():
            return 0.0, 0.0
        return float(np.mean(vals[seen])), float(seen.mean())


def _point_index(point: int) -> int | None:
    try:
        from analysis.backend import FACE_POINTS
    except ImportError:
        return None
    return FACE_POINTS.index(point) if point in FACE_POINTS else None


def mouth_opening(face: np.ndarray) -> np.ndarray:
    """(F,) inner-lip gap divided by mouth width for one person's (F, N_FACE, 3) points."""
    idx = [_point_index(p) for p in (UPPER_LIP, LOWER_LIP, MOUTH_LEFT, MOUTH_RIGHT)]
    if any(i is None for i in idx) or face.ndim != 3 or face.shape[1] <= max(idx):  # type: ignore[type-var]
        return np.full(face.shape[0] if face.ndim else 0, np.nan)
    up, low, left, right = (face[:, i, :2].astype(float) for i in idx)  # type: ignore[index]
    width = np.linalg.norm(left - right, axis=1)
    gap = np.linalg.norm(up - low, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(width > 1e-6, gap / width, np.nan)


def movement_of(times: np.ndarray, opening: np.ndarray) -> np.ndarray:
    """0..1: the opening's spread (max - min) over a short window, scaled so 0.25 counts as 1."""
    out = np.full(len(times), np.nan)
    lo = np.searchsorted(times, times - WINDOW_S / 2, side="left")
    hi = np.searchsorted(times, times + WINDOW_S / 2, side="right")
    for i in np.flatnonzero(~np.isnan(opening)):  # an hour at 10 frames/s: 36,000 short slices
        vals = opening[lo[i]:hi[i]]
        vals = vals[~np.isnan(vals)]
        if len(vals) >= 2:
            out[i] = min(1.0, float(vals.max() - vals.min()) / 0.25)
    return out


def mouth_tracks(face_tracks: Any) -> dict[str, MouthTrack]:
    """The adult's and the child's mouth movement from an analysis result, or {} when absent.

    ``face_tracks`` is anything with ``times``, ``face`` and ``labels`` as an
    :class:`~analysis.results.AnalysisResult` has them; the tracks of each label are
    merged: the tracker often splits one person into several tracks (a face turned away and
    back), so each frame takes the mouth of the most-seen track of that label that saw it.
    """
    try:
        times = np.asarray(face_tracks.times, dtype=float)
        face = np.asarray(face_tracks.face)
        labels = list(face_tracks.labels)
    except AttributeError:
        return {}
    if face.ndim != 4 or face.shape[0] != len(times) or face.shape[1] != len(labels):
        return {}
    tracks: dict[str, MouthTrack] = {}
    for label in ("adult", "child"):
        people = [p for p, lab in enumerate(labels) if lab == label]
        if not people:
            continue
        openings = sorted((mouth_opening(face[:, p]) for p in people),
                          key=lambda o: -int((~np.isnan(o)).sum()))
        merged = openings[0].copy()
        for other in openings[1:]:
            fill = np.isnan(merged) & ~np.isnan(other)
            merged[fill] = other[fill]
        if np.isnan(merged).all():
            continue
        tracks[label] = MouthTrack(times, movement_of(times, merged), merged)
    return tracks


def mouth_evidence(tracks: dict[str, MouthTrack], start: float, end: float,
                   loud_times: np.ndarray | None = None,
                   loud_db: np.ndarray | None = None) -> float:
    """-1..1: positive when the child's mouth moves more than the adult's over [start, end].

    Each mouth's movement is taken relative to how much a silent mouth typically moves
    (:meth:`MouthTrack.activity`). With both faces seen, the difference of the two. With one
    face seen (a parent in profile or behind a toy is often missed by the face mesh), half as
    strong: that mouth moving more than usual points to its owner, keeping still points to
    the other person.
    With the voice's loudness given, a mouth that opens and closes in time with it
    (:meth:`MouthTrack.sync`) adds to its owner's side; only a positive correlation counts (a
    laughing child's mouth stays wide open through the bursts, which correlates with nothing).
    0 when neither face was seen enough.
    """
    seen, synced = {}, {}
    for label in ("adult", "child"):
        if label in tracks:
            value, share = tracks[label].activity(start, end)
            if share >= MIN_SEEN:
                seen[label] = value
                if loud_times is not None and loud_db is not None:
                    r = tracks[label].sync(start, end, loud_times, loud_db)
                    synced[label] = 0.0 if np.isnan(r) else max(0.0, r)
    sync = SYNC_WEIGHT * (synced.get("child", 0.0) - synced.get("adult", 0.0))
    if len(seen) == 2:
        return float(np.clip(MOVE_WEIGHT * (seen["child"] - seen["adult"]) + sync, -1, 1))
    if len(seen) == 1:
        label, value = next(iter(seen.items()))
        one = MOVE_WEIGHT * (value if label == "child" else -value)
        return float(np.clip(one + sync, -1, 1)) * ONE_SIDED
    return 0.0
