"""A person seen only in part: a hand reaching in from the picture's edge, over a recording.

The identity pass (:mod:`analysis.identities`) follows faces and bodies. A baby in a high
chair at the edge of the picture may never show either: only an arm on the tray. When that
pass finds fewer people than the recording should hold (``--people N``), this module looks
once more, at the picture's edges only, with mediapipe's Hands model (in the wheel; nothing
downloaded), and makes the missing person from what it finds, only when the evidence holds
over the whole recording:

* **at the edge**: a hand found in a strip along the left, right or bottom edge, within
  ``EDGE_GAP`` hand sizes of the edge (the arm continues out of the picture);
* **nobody else's**: not within ``OWN_HAND`` hand sizes of the hands (Pose wrists and
  fingers) or on the face of someone already found in that frame, and the place it keeps to
  out of their reach (shoulder to wrist, measured on them over the recording); when the arms
  of someone found were never seen, whose hand it is cannot be told and no one is added;
* **consistent**: in one place (within ``CLUSTER`` hand sizes), in at least ``MIN_SHARE`` of
  the frames looked at and over at least ``MIN_SPREAD`` of the recording, at one size; a hand
  of someone already found that comes to the edge now and then moves with them and fails this;
* **on the right scale**: its size over the face width of the person found says child or
  adult (``CHILD_HAND_MAX``); it is called the opposite of the person found, and is not made
  when its size says otherwise.

The person made has a box per frame where the hand was found (the hand, stretched to the
edge it comes from), no landmarks, a low label confidence (``CONFIDENCE``) and a note that it
was seen only in part.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from vfeedback.i18n import _
from vfeedback.progress import CancelToken

from .backend import LEFT_SHOULDER, LEFT_WRIST, RIGHT_SHOULDER, RIGHT_WRIST
from .results import AnalysisResult

STRIP = 0.375  # share of the width (left, right) or height (bottom) searched along an edge
EDGE_GAP = 1.5  # hand sizes between the hand and the edge it reaches in from, at most
OWN_HAND = 2.5  # hand sizes from a found person's wrist or fingers: their hand
CLUSTER = 2.0  # hand sizes: the hits of one place
MIN_SHARE = 0.3  # of the frames looked at, at least, hold the hand at its place
MIN_HITS = 8
MIN_SPREAD = 0.5  # of the recording's length, at least, between the first and last hit
OWN_SHARE_MAX = 0.15  # hits at the place that were a found person's hand, at most
SIZE_SPREAD_MAX = 0.35  # interquartile range of log hand size at the place, at most
REACH = 1.2  # times a found person's longest arm (shoulder-elbow-wrist): out of reach
CHILD_HAND_MAX = 0.45  # wrist to middle knuckle over an adult's face width: a child's hand
ADULT_HAND_MIN = 0.5  # ... over a child's face width: an adult's hand
CONFIDENCE = 0.55
MAX_SAMPLES = 200  # frames looked at, at most (evenly spread over a long recording)
MIN_SCORE = 0.4


@dataclass
class Hit:
    frame: int  # index into the result's frames
    points: np.ndarray  # (21, 2) hand landmarks, pixels
    score: float
    edge: str  # left | right | bottom

    @property
    def wrist(self) -> np.ndarray:
        return self.points[0]

    @property
    def size(self) -> float:
        """Wrist to the middle finger's knuckle, pixels."""
        return max(float(np.linalg.norm(self.points[9] - self.points[0])), 2.0)


@dataclass
class PartialPerson:
    label: str
    frames: list[int]
    boxes: np.ndarray  # (len(frames), 4) pixels
    edge: str
    scale: float  # hand size over the found person's face width


def _strips(width: int, height: int) -> dict[str, tuple[int, int, int, int]]:
    sw, sh = int(round(STRIP * width)), int(round(STRIP * height))
    return {"left": (0, 0, sw, height), "right": (width - sw, 0, width, height),
            "bottom": (0, height - sh, width, height)}


def _gap_to_edge(points: np.ndarray, edge: str, width: int, height: int) -> float:
    if edge == "left":
        return float(points[:, 0].min())
    if edge == "right":
        return float(width - points[:, 0].max())
    return float(height - points[:, 1].max())


def look_at_edges(path: str | os.PathLike[str], result: AnalysisResult,
                  cancel: CancelToken | None = None) -> list[Hit]:
    """Hands found in the edge strips of (up to ``MAX_SAMPLES`` of) the analysed frames."""
    import cv2

    from vfeedback.media.reader import FrameReader

    from . import import_mediapipe

    mp = import_mediapipe()
    n = result.n_frames
    chosen = set(np.unique(np.linspace(0, n - 1, min(n, MAX_SAMPLES)).round().astype(int)))
    wanted = {int(result.frame_index[f]): f for f in chosen}
    last = max(wanted, default=-1)
    hits: list[Hit] = []
    # The strips of a frame run side by side, one Hands graph per thread (static mode: each
    # call stands alone, so the hands found are the same as one after the other).
    local = threading.local()
    graphs: list = []

    def hands_in(crop: np.ndarray) -> list[tuple[np.ndarray, float]]:
        hands = getattr(local, "hands", None)
        if hands is None:
            hands = local.hands = mp.solutions.hands.Hands(
                static_image_mode=True, max_num_hands=2, model_complexity=1,
                min_detection_confidence=MIN_SCORE)
            graphs.append(hands)
        out = hands.process(crop)
        return [(np.array([[m.x, m.y] for m in marks.landmark], dtype=np.float64),
                 float(handed.classification[0].score))
                for marks, handed in zip(out.multi_hand_landmarks or [],
                                         out.multi_handedness or [], strict=False)]

    pool = ThreadPoolExecutor(2, thread_name_prefix="hands")
    try:
        with FrameReader(path) as reader:
            for frame in reader.frames(max(1, result.stride)):
                if frame.index > last:
                    break
                f = wanted.get(frame.index)
                if f is None:
                    continue
                if cancel is not None:
                    cancel.check()
                height, width = frame.image.shape[:2]
                rgb = cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB)
                strips = [(edge, region, pool.submit(hands_in, np.ascontiguousarray(
                    rgb[region[1]:region[3], region[0]:region[2]])))
                    for edge, region in _strips(width, height).items()]
                found: list[Hit] = []
                for edge, (x0, y0, x1, y1), job in strips:
                    for marks, score in job.result():
                        points = marks * [x1 - x0, y1 - y0] + [x0, y0]
                        hit = Hit(f, points, score, edge)
                        if _gap_to_edge(points, edge, width, height) > EDGE_GAP * hit.size:
                            continue
                        # The corner strips overlap: one hand found twice is kept once.
                        if any(np.linalg.norm(o.wrist - hit.wrist) < 0.5 * hit.size
                               for o in found):
                            continue
                        found.append(hit)
                hits.extend(found)
    finally:
        pool.shutdown(wait=True)
        for hands in graphs:
            hands.close()
    return hits


def _theirs(hit: Hit, result: AnalysisResult) -> bool:
    """Whether the hand is (near) a found person's wrist or fingers, or on their face."""
    for p in range(result.n_people):
        hand = result.pose[hit.frame, p, LEFT_WRIST:RIGHT_WRIST + 7, :2]
        hand = hand[np.isfinite(hand).all(axis=1)]
        if len(hand) and np.linalg.norm(hand - hit.wrist, axis=1).min() < OWN_HAND * hit.size:
            return True
        face = result.face_boxes[hit.frame, p]
        centre = hit.points.mean(axis=0)
        if np.isfinite(face).all() and face[0] <= centre[0] <= face[2] \
                and face[1] <= centre[1] <= face[3]:
            return True
    return False


def _reach(result: AnalysisResult, p: int) -> tuple[np.ndarray, float] | None:
    """A found person's median shoulder position and longest arm (shoulder-elbow-wrist)."""
    pose = result.pose[:, p]
    arms, shoulders = [], []
    for s in (LEFT_SHOULDER, RIGHT_SHOULDER):
        e, w = s + 2, s + 4  # elbow, wrist
        part = pose[:, [s, e, w], :2]
        ok = np.isfinite(part).all(axis=(1, 2))
        if ok.any():
            arms.append(np.linalg.norm(part[ok, 0] - part[ok, 1], axis=1)
                        + np.linalg.norm(part[ok, 1] - part[ok, 2], axis=1))
            shoulders.append(part[ok, 0])
    if not arms:
        return None
    return np.median(np.concatenate(shoulders), axis=0), float(np.percentile(
        np.concatenate(arms), 90))


def _face_width(result: AnalysisResult, p: int) -> float | None:
    widths = result.face_boxes[:, p, 2] - result.face_boxes[:, p, 0]
    widths = widths[np.isfinite(widths) & (widths > 0)]
    return float(np.median(widths)) if len(widths) else None


def decide(hits: list[Hit], result: AnalysisResult) -> tuple[PartialPerson | None, str]:
    """The missing person from the edge hands, or None and why not (for the log/tests)."""
    looked = min(result.n_frames, MAX_SAMPLES)
    if not hits or looked == 0:
        return None, "no hand at the edges"
    width, height = max(result.width, 1), max(result.height, 1)
    own = np.array([_theirs(h, result) for h in hits])
    # The place most hands keep to: the hit with the most others near it.
    wrists = np.array([h.wrist for h in hits])
    sizes = np.array([h.size for h in hits])
    near = np.linalg.norm(wrists[:, None] - wrists[None], axis=2) < CLUSTER * sizes[:, None]
    centre = int(np.argmax((near & ~own[None]).sum(axis=1) * ~own))
    at_place = near[centre]
    if own[centre]:
        return None, "every hand at the edges belongs to someone found"
    if (at_place & own).sum() > OWN_SHARE_MAX * at_place.sum():
        return None, "a found person's hands come to that place"
    chosen = [h for h, a, o in zip(hits, at_place, own, strict=True) if a and not o]
    frames = sorted({h.frame for h in chosen})
    if len(frames) < max(MIN_HITS, MIN_SHARE * looked):
        return None, f"the hand is at its place in {len(frames)} of {looked} frames"
    times = result.times
    duration = float(times[-1] - times[0]) if result.n_frames > 1 else 0.0
    if times[frames[-1]] - times[frames[0]] < MIN_SPREAD * duration:
        return None, "the hand is seen in too short a part of the recording"
    logs = np.log([h.size for h in chosen])
    if np.subtract(*np.percentile(logs, [75, 25])) > SIZE_SPREAD_MAX:
        return None, "the hand at that place changes size"
    place = np.median([h.wrist for h in chosen], axis=0)
    size = float(np.median([h.size for h in chosen]))
    reaches = [_reach(result, p) for p in range(result.n_people)]
    if any(r is None for r in reaches):
        # Without someone's arms, a hand at the edge may well be theirs: no one is added.
        return None, "the arms of someone found were never seen"
    for shoulder, arm in (r for r in reaches if r is not None):
        if np.linalg.norm(place - shoulder) < REACH * arm:
            return None, "the place is within reach of someone found"
    # Adult or child: the opposite of the person found, if the hand's size agrees.
    label, scale = "child", float("nan")
    if result.n_people:
        main = max(range(result.n_people), key=lambda p: int(result.seen()[:, p].sum()))
        face = _face_width(result, main)
        scale = size / face if face else float("nan")
        label = "adult" if result.labels[main] == "child" else "child"
        if np.isfinite(scale) and ((label == "child" and scale > CHILD_HAND_MAX)
                                   or (label == "adult" and scale < ADULT_HAND_MIN)):
            return None, f"the hand's size ({scale:.2f} face widths) does not fit a {label}"
    by_frame: dict[int, Hit] = {}
    for h in chosen:
        if h.frame not in by_frame or h.score > by_frame[h.frame].score:
            by_frame[h.frame] = h
    edge = max(("left", "right", "bottom"), key=lambda e: sum(h.edge == e for h in chosen))
    boxes = np.array([_box(by_frame[f], edge, width, height) for f in frames])
    return PartialPerson(label, frames, boxes, edge, scale), "found"


def _box(hit: Hit, edge: str, width: int, height: int) -> np.ndarray:
    """The hand, padded, stretched to the edge the arm comes from: what is seen of them."""
    pad = 0.3 * hit.size
    x0, y0 = hit.points.min(axis=0) - pad
    x1, y1 = hit.points.max(axis=0) + pad
    if edge == "left":
        x0 = 0.0
    elif edge == "right":
        x1 = float(width)
    else:
        y1 = float(height)
    return np.array([max(0.0, x0), max(0.0, y0), min(float(width), x1),
                     min(float(height), y1)], dtype=np.float32)


def add_person(result: AnalysisResult, person: PartialPerson) -> str:
    """Append the partly seen person to the result (boxes only) and return the note."""
    n, f = result.n_people, result.n_frames

    def grow(a: np.ndarray) -> np.ndarray:
        extra = np.full((f, 1, *a.shape[2:]), np.nan, dtype=a.dtype)
        return np.concatenate([a, extra], axis=1)

    result.pose, result.face, result.head = grow(result.pose), grow(result.face), \
        grow(result.head)
    result.boxes, result.face_boxes = grow(result.boxes), grow(result.face_boxes)
    result.head_confidence = np.concatenate(
        [result.head_confidence, np.zeros((f, 1), result.head_confidence.dtype)], axis=1)
    result.boxes[person.frames, n] = person.boxes
    result.person_ids = np.append(result.person_ids, int(result.person_ids.max(initial=0)) + 1)
    result.labels = [*result.labels, person.label]
    result.label_confidence = [*result.label_confidence, CONFIDENCE]
    result.in_part = [*result.in_part, int(result.person_ids[-1])]
    if result.detections:
        result.detections = {k: v + (len(person.frames) if k in ("total", "kept") else 0)
                             for k, v in result.detections.items()}
    side = {"left": _("left"), "right": _("right"), "bottom": _("bottom")}[person.edge]
    return _("{label} {id} seen only in part: a hand at the {edge} edge in {n} frames, never "
             "the face or body; check it").format(label=person.label, id=int(
                 result.person_ids[-1]), edge=side, n=len(person.frames))


def find_partial(path: str | os.PathLike[str], result: AnalysisResult, people: int,
                 cancel: CancelToken | None = None) -> list[str]:
    """When fewer than ``people`` were found, add the missing one if seen only in part (see
    the module doc); returns the notes to add. Never more than one partly seen person: two
    hands at two edges are more often one person's two hands than two people."""
    if result.n_people >= people or result.n_frames == 0:
        return []
    person, _why = decide(look_at_edges(path, result, cancel), result)
    if person is None:
        return []
    return [add_person(result, person)]
