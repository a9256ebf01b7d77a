"""Who is who over the whole recording: N identities from the people seen frame by frame.

The backend gives unlabelled people per analysed frame. This pass runs once, offline, over
the whole recording (all spans), in two steps:

1. **Tracklets**: a person is linked from one frame to the next when their head moved less
   than a few head sizes (more allowed across a longer gap) and kept about the same size.
   A tracklet ends at anything doubtful, so it rarely holds two people.
2. **Identities**: tracklets are joined, closest pair first, into at most ``people``
   identities. Two tracklets seen in the same frame are two people and are never joined.
   The distance mixes appearance (the clothes' colour histogram), where each was last and
   first seen (allowing for the time between), which side of the picture each is on and
   head size. Joining stops when the nearest pair is too far apart; then the ``people``
   identities seen most are kept and what is left (a face on a poster, a passer-by, a
   misfire of the detector) is dropped instead of becoming a person.

The result is, per frame, the identity (0..people-1) of each observation, or -1 (dropped).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .backend import PersonObservation

MAX_LINK_GAP_S = 0.4  # a tracklet waits this long for its person to be seen again
MERGE_MAX = 1.5  # beyond this distance two tracklets are not the same person
LINK_APPEARANCE_MAX = 0.6  # clothes this different are not linked frame to frame
ATTACH_MAX = 2.0  # a short tracklet joins the nearest identity free in its frames up to this
MIN_CORE = 3  # tracklets this long are joined first; shorter ones attach to them after


@dataclass
class _Detection:
    frame: int
    time: float
    head: np.ndarray  # (2,) head centre, pixels
    size: float  # head width, pixels
    hist: np.ndarray | None


def plausible(person: PersonObservation, width: float, height: float) -> bool:
    """False for what Pose "finds" in a blur: a head outside the picture or a body wider
    than it. A face found by the detector is always plausible."""
    if person.pose is None or person.face is not None:
        return True
    head = person.pose[:11]
    seen = head[:, 3] >= 0.5
    if seen.sum() < 3:
        return False
    cx, cy = head[seen, 0].mean(), head[seen, 1].mean()
    return bool(0 <= cx <= width and 0 <= cy <= height
                and person.box[2] - person.box[0] <= 1.2 * width)


def duplicates(people: list[PersonObservation]) -> set[int]:
    """Indices of second finds of one person in a frame: a face centre within half a face
    width of a better find's (one with a face mesh, then with Pose, then more confident), or
    a head without a face mesh on the torso of someone with one."""
    order = sorted(range(len(people)), key=lambda i: (people[i].face is None,
                                                     people[i].pose is None, -people[i].score))
    kept: list[int] = []
    dropped: set[int] = set()
    for i in order:
        box = people[i].face_box
        if box is not None and people[i].face is None and any(
                _on_torso(box, people[j]) for j in kept):
            dropped.add(i)  # Pose's "person" on a face-meshed person's (patterned) jumper
            continue
        if box is not None:
            centre = np.array([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2])
            width = float(box[2] - box[0])
            for j in kept:
                other = people[j].face_box
                if other is None:
                    continue
                oc = np.array([(other[0] + other[2]) / 2, (other[1] + other[3]) / 2])
                if np.linalg.norm(centre - oc) < 0.5 * max(width, float(other[2] - other[0])):
                    dropped.add(i)
                    break
        if i not in dropped:
            kept.append(i)
    return dropped


def _on_torso(head: np.ndarray, other: PersonObservation) -> bool:
    """Whether a head box's centre lies on the torso of someone whose face was meshed."""
    face = other.face_box
    if other.face is None or face is None:
        return False
    w, h = face[2] - face[0], face[3] - face[1]
    cx, cy = (head[0] + head[2]) / 2, (head[1] + head[3]) / 2
    mid = (face[0] + face[2]) / 2
    return bool(abs(cx - mid) <= 1.2 * w and face[3] <= cy <= face[3] + 3 * h)


def _detection(frame: int, time: float, person: PersonObservation) -> _Detection:
    box = person.face_box if person.face_box is not None else None
    if box is not None and np.isfinite(box).all() and box[2] > box[0]:
        head = np.array([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2])
        size = float(box[2] - box[0])
    else:
        b = person.box
        head = np.array([(b[0] + b[2]) / 2, b[1] + 0.12 * (b[3] - b[1])])
        size = float(b[2] - b[0]) / 3.0
    hist = person.appearance
    if hist is not None and not np.isfinite(hist).all():
        hist = None
    return _Detection(frame, time, head, max(size, 4.0), hist)


@dataclass
class _Cluster:
    members: list[tuple[int, int]] = field(default_factory=list)  # (frame, index in frame)
    dets: list[_Detection] = field(default_factory=list)

    def frames(self) -> set[int]:
        return {f for f, _i in self.members}

    def add(self, key: tuple[int, int], det: _Detection) -> None:
        self.members.append(key)
        self.dets.append(det)

    def merge(self, other: _Cluster) -> None:
        pairs = sorted(zip(self.members + other.members, self.dets + other.dets, strict=True),
                       key=lambda kv: kv[1].time)
        self.members = [k for k, _d in pairs]
        self.dets = [d for _k, d in pairs]
        self._summary = None

    _summary: tuple | None = None

    def without(self, frames: set[int]) -> _Cluster:
        """A copy without the detections in these frames."""
        out = _Cluster()
        for key, det in zip(self.members, self.dets, strict=True):
            if key[0] not in frames:
                out.add(key, det)
        return out

    def summary(self) -> tuple[np.ndarray | None, float, float, np.ndarray]:
        """Mean histogram, median head x, median head size, times."""
        if self._summary is None:
            hists = [d.hist for d in self.dets if d.hist is not None]
            hist = np.mean(hists, axis=0) if hists else None
            self._summary = (hist, float(np.median([d.head[0] for d in self.dets])),
                             float(np.median([d.size for d in self.dets])),
                             np.array([d.time for d in self.dets]))
        return self._summary


def _bhattacharyya(p: np.ndarray, q: np.ndarray) -> float:
    return float(np.sqrt(max(0.0, 1.0 - float(np.sum(np.sqrt(p * q))))))


def _nearest_pair(a: _Cluster, b: _Cluster) -> tuple[_Detection, _Detection]:
    """The two detections, one from each, closest in time (tracklets do not overlap)."""
    ta, tb = a.summary()[3], b.summary()[3]
    hi = np.clip(np.searchsorted(tb, ta), 0, len(tb) - 1)
    lo = np.clip(hi - 1, 0, len(tb) - 1)
    pick = np.where(np.abs(tb[lo] - ta) <= np.abs(tb[hi] - ta), lo, hi)
    ai = int(np.argmin(np.abs(tb[pick] - ta)))
    return a.dets[ai], b.dets[int(pick[ai])]


def distance(a: _Cluster, b: _Cluster, width: float) -> float:
    """How unlike the same person two non-overlapping groups of detections are (0 = alike)."""
    ha, xa, sa, _ta = a.summary()
    hb, xb, sb, _tb = b.summary()
    appearance = _bhattacharyya(ha, hb) if ha is not None and hb is not None else 0.5
    da, db = _nearest_pair(a, b)
    gap = abs(da.time - db.time)
    moved = float(np.linalg.norm(da.head - db.head)) / max(da.size, db.size)
    motion = min(moved / (1.5 + 3.0 * gap), 3.0)
    side = abs(xa - xb) / max(width, 1.0)
    size = abs(float(np.log(max(sa, 1.0) / max(sb, 1.0))))
    return appearance + 0.4 * motion + 1.5 * side + 0.8 * size


def _tracklets(frames: list[tuple[float, list[PersonObservation]]]) -> list[_Cluster]:
    times = np.array([t for t, _obs in frames])
    step = float(np.median(np.diff(times))) if len(times) > 1 else 0.1
    # At a coarse stride a person is seen again only after a whole step.
    max_gap = max(MAX_LINK_GAP_S, 1.6 * step)
    done: list[_Cluster] = []
    active: list[_Cluster] = []
    for f, (time, people) in enumerate(frames):
        dets = [_detection(f, time, p) for p in people]
        active_now = []
        for tr in active:
            if time - tr.dets[-1].time <= max_gap:
                active_now.append(tr)
            else:
                done.append(tr)
        pairs = []
        for ti, tr in enumerate(active_now):
            last = tr.dets[-1]
            dt = time - last.time
            for di, det in enumerate(dets):
                ratio = det.size / last.size
                if not 0.65 <= ratio <= 1.55:
                    continue
                if (det.hist is not None and last.hist is not None
                        and _bhattacharyya(det.hist, last.hist) > LINK_APPEARANCE_MAX):
                    continue
                moved = float(np.linalg.norm(det.head - last.head)) / max(det.size, last.size)
                if moved <= 0.5 + 2.0 * dt:
                    pairs.append((moved, ti, di))
        # Where two people are within reach of one another (crossing, hugging) a link could
        # go either way: end the tracklets there and let the appearance decide later.
        per_t = Counter(ti for _m, ti, _d in pairs)
        per_d = Counter(di for _m, _t, di in pairs)
        taken_t: set[int] = set()
        taken_d: set[int] = set()
        for _m, ti, di in sorted(pairs):
            if ti in taken_t or di in taken_d or per_t[ti] > 1 or per_d[di] > 1:
                continue
            taken_t.add(ti)
            taken_d.add(di)
            active_now[ti].add((f, di), dets[di])
        for ti, tr in enumerate(active_now):
            if per_t[ti] > 1 and ti not in taken_t:
                done.append(tr)
        active_now = [tr for ti, tr in enumerate(active_now)
                      if not (per_t[ti] > 1 and ti not in taken_t)]
        for di, det in enumerate(dets):
            if di not in taken_d:
                tr = _Cluster()
                tr.add((f, di), det)
                active_now.append(tr)
        active = active_now
    return done + active


def _clash(a: set[int], b: set[int]) -> int | None:
    """Frames two clusters share, or None when they share too many to be one person (a
    few shared frames are a duplicate find of the same person, dropped on joining)."""
    shared = len(a & b)
    return shared if shared <= max(1, 0.1 * min(len(a), len(b))) else None


def _join(clusters: list[_Cluster], people: int, width: float) -> list[_Cluster]:
    """Join the clusters closest pair first (never two seen together for long) while more
    than ``people`` remain and the nearest pair is within ``MERGE_MAX``."""
    clusters = list(clusters)
    frame_sets = [c.frames() for c in clusters]
    n = len(clusters)
    table = np.full((n, n), np.inf)

    def score(i: int, j: int) -> float:
        shared = _clash(frame_sets[i], frame_sets[j])
        if shared is None:
            return np.inf
        penalty = shared / max(1, min(len(frame_sets[i]), len(frame_sets[j])))
        return distance(clusters[i], clusters[j], width) + 2.0 * penalty

    for i in range(n):
        for j in range(i + 1, n):
            table[i, j] = table[j, i] = score(i, j)
    alive = list(range(n))
    while len(alive) > people:
        sub = table[np.ix_(alive, alive)]
        k = int(np.argmin(sub))
        a, b = alive[k // len(alive)], alive[k % len(alive)]
        if not np.isfinite(sub.flat[k]) or sub.flat[k] > MERGE_MAX:
            break
        if len(clusters[a].members) < len(clusters[b].members):
            a, b = b, a
        clusters[a].merge(clusters[b].without(frame_sets[a]))
        frame_sets[a] = clusters[a].frames()
        alive.remove(b)
        for j in alive:
            if j != a:
                table[a, j] = table[j, a] = score(a, j)
    return [clusters[i] for i in alive]


def assign_identities(frames: list[tuple[float, list[PersonObservation]]], people: int,
                      width: float) -> list[list[int]]:
    """Per frame, the identity (0..people-1, most seen first) of each observation, -1 if
    dropped. ``frames`` is [(time, observations)] in time order; ``width`` the frame width.

    Tracklets of ``MIN_CORE`` detections or more are joined first into identities; shorter
    ones (a face found in one frame) are then attached to the nearest identity that has no
    one else in their frames, or dropped when none is near enough.
    """
    tracklets = _tracklets(frames)
    core = [t for t in tracklets if len(t.members) >= MIN_CORE]
    rest = [t for t in tracklets if len(t.members) < MIN_CORE]
    joined = sorted(_join(core, people, width), key=lambda c: -len(c.members))
    identities, rest = joined[:people], joined[people:] + rest
    # Too few long tracklets (a short video, a coarse stride, a fast-moving scene): the
    # longest of the rest are people too, but in a long video never a one-frame find.
    rest.sort(key=lambda c: -len(c.members))
    smallest = 1 if len(frames) <= 3 * MIN_CORE else 2
    while len(identities) < people and rest and len(rest[0].members) >= smallest:
        seed = rest.pop(0)
        # Someone else: seen together with each identity, or nothing like them.
        if all(seed.frames() & c.frames() or distance(seed, c, width) > ATTACH_MAX
               for c in identities):
            identities.append(seed)
    for tracklet in sorted(rest, key=lambda c: -len(c.members)):
        best = (ATTACH_MAX, -1)
        for k, identity in enumerate(identities):
            taken = identity.frames()
            free = [(key, det) for key, det in zip(tracklet.members, tracklet.dets,
                                                   strict=True) if key[0] not in taken]
            if len(free) < max(1, 0.7 * len(tracklet.members)):
                continue
            part = _Cluster()
            for key, det in free:
                part.add(key, det)
            d = distance(part, identity, width)
            if d < best[0]:
                best = (d, k, part)
        if best[1] >= 0:
            identities[best[1]].merge(best[2])
    identities.sort(key=lambda c: -len(c.members))
    out = [[-1] * len(obs) for _t, obs in frames]
    for number, identity in enumerate(identities):
        for f, i in identity.members:
            out[f][i] = number
    return out
