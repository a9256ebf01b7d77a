"""Cue tracks between an adult and a child, computed with numpy from the stored arrays.

Every cue is a :class:`CueTrack`: a value per analysed frame and a confidence in 0..1 (0 where
the people or the body parts it needs were not seen). The functions take plain arrays so
that each can be tested on constructed inputs with a known answer.

Geometry is in image pixels; sizes are normalised by body size (torso length, shoulders'
midpoint to hips' midpoint) so that the cues do not depend on how far the camera is.
Head direction comes from yaw/pitch (see :func:`analysis.backend.head_direction`); gaze adds
the eyes (:mod:`analysis.gaze`: the irises within the eyes). Their image component says where
in the picture a person is looking; depth is not known. Frames where a gaze cannot be told
(face too small or not seen) have confidence 0 and count as unknown, not as "not looking".
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from vfeedback.i18n import _

from .backend import (
    LEFT_HIP,
    LEFT_SHOULDER,
    RIGHT_HIP,
    RIGHT_SHOULDER,
    head_direction,
)
from .gaze import gaze_angles
from .results import AnalysisResult

HANDS = [15, 16, 17, 18, 19, 20, 21, 22]
VISIBLE = 0.5
# A head-gaze ray counts as pointing at a face within this many degrees beyond the face's edge
# (12 before the dyad clips: their head poses are rough, and a baby's face is small).
GAZE_TOLERANCE_DEG = 18.0
# Below this image-plane length the head faces the camera, and its direction in the picture
# is too uncertain to say whom it points at.
MIN_IMAGE_TURN = 0.3


@dataclass(frozen=True)
class GazeParams:
    """How generously a gaze ray counts as pointing at the other's face (the defaults: see
    :class:`analysis.suggest.SuggestParams`)."""

    tolerance_deg: float = GAZE_TOLERANCE_DEG
    min_image_turn: float = MIN_IMAGE_TURN
    # A head whose pitch is not known (no face mesh: a face in profile, where only the face
    # detector's or Pose's keypoints give a yaw) is "looking at" the other when it is turned
    # at least this far (sin of the yaw) to the other's side, and the other's face is within
    # ``side_elevation_deg`` of the horizontal from it (beside it, not far above or below).
    # None: no such rule (the ray is taken as level, pitch 0).
    side_turn: float | None = 0.5
    side_elevation_deg: float = 45.0


@dataclass
class CueTrack:
    name: str
    times: np.ndarray
    values: np.ndarray
    confidence: np.ndarray

    def to_json(self) -> dict:
        return {"name": self.name, "times": np.round(self.times, 3).tolist(),
                "values": [None if np.isnan(v) else round(float(v), 3) for v in self.values],
                "confidence": np.round(self.confidence, 3).tolist()}


def _nanmean(values: np.ndarray, axis=None) -> np.ndarray:
    # All-NaN rows (nobody seen) are expected here; they give NaN without a warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(values, axis=axis)


def _visible(pose: np.ndarray, idx: list[int]) -> np.ndarray:
    return np.all(pose[:, idx, 3] >= VISIBLE, axis=1)


def body_sizes(pose: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(F,) torso length in pixels; a third of the box height where the torso is not seen."""
    shoulders = (pose[:, LEFT_SHOULDER, :2] + pose[:, RIGHT_SHOULDER, :2]) / 2
    hips = (pose[:, LEFT_HIP, :2] + pose[:, RIGHT_HIP, :2]) / 2
    torso = np.linalg.norm(shoulders - hips, axis=1)
    ok = _visible(np.nan_to_num(pose), [LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP])
    fallback = (boxes[:, 3] - boxes[:, 1]) / 3
    return np.where(ok, torso, fallback)


def body_centres(boxes: np.ndarray) -> np.ndarray:
    return np.stack([(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2], axis=1)


def face_centres(face_boxes: np.ndarray) -> np.ndarray:
    return body_centres(face_boxes)


def face_radii(face_boxes: np.ndarray) -> np.ndarray:
    return np.maximum(face_boxes[:, 2] - face_boxes[:, 0], face_boxes[:, 3] - face_boxes[:, 1]) / 2


def distance(times, centre_a, size_a, centre_b, size_b, name="distance") -> CueTrack:
    """Centre distance in body sizes (mean of the two people's)."""
    scale = _nanmean(np.stack([size_a, size_b]), axis=0)
    values = np.linalg.norm(centre_a - centre_b, axis=1) / scale
    conf = np.where(np.isnan(values), 0.0, 1.0)
    return CueTrack(name, times, values, conf)


def gaze_at(times, head, head_conf, from_face, to_face, to_radius, name,
            pitch_known: np.ndarray | None = None,
            params: GazeParams | None = None) -> CueTrack:
    """1 where the gaze ray from ``from_face`` passes through the other's face.

    A face turned to the camera (little direction in the picture) is confidently *not*
    looking at someone beside it: 0 at the gaze's own confidence, so that a child turning
    from the camera to the parent is an onset after a known "off".

    Where ``pitch_known`` is False (a yaw without a face mesh, typically a face in profile)
    the ray's height is a guess (pitch 0): there only the side it points to and how far the
    head is turned count (see :class:`GazeParams`)."""
    params = params or GazeParams()
    direction = head_direction(head)[:, :2]
    turn = np.linalg.norm(direction, axis=1)
    to_other = to_face - from_face
    dist = np.linalg.norm(to_other, axis=1)
    cos = np.sum(direction * to_other, axis=1) / np.maximum(turn * dist, 1e-9)
    angle = np.degrees(np.arccos(np.clip(cos, -1, 1)))
    allowed = np.degrees(np.arctan2(to_radius, np.maximum(dist, 1e-9))) + params.tolerance_deg
    values = ((angle <= allowed) & (turn >= params.min_image_turn)).astype(float)
    if pitch_known is not None and params.side_turn is not None:
        side = ~np.asarray(pitch_known, dtype=bool)
        with np.errstate(invalid="ignore"):
            elevation = np.degrees(np.arctan2(np.abs(to_other[:, 1]),
                                              np.abs(to_other[:, 0])))
            sideways = ((direction[:, 0] * np.sign(to_other[:, 0]) >= params.side_turn)
                        & (elevation <= params.side_elevation_deg))
        values = np.where(side, sideways.astype(float), values)
    conf = np.clip(np.nan_to_num(head_conf), 0, 1)
    missing = np.isnan(angle) | np.isnan(allowed)
    values[missing] = np.nan
    conf = np.where(missing, 0.0, conf)
    return CueTrack(name, times, values, conf)


def facing(times, head, head_conf, from_centre, to_centre, name) -> CueTrack:
    """1 where the head is turned towards the other's side of the picture."""
    direction = head_direction(head)[:, 0]
    dx = to_centre[:, 0] - from_centre[:, 0]
    values = (direction * np.sign(dx) >= 0.25).astype(float)
    missing = np.isnan(direction) | np.isnan(dx)
    values[missing] = np.nan
    return CueTrack(name, times, values, np.where(missing, 0.0, np.nan_to_num(head_conf)))


def both(a: CueTrack, b: CueTrack, name: str) -> CueTrack:
    """Both cues at once (e.g. mutual gaze = each looks at the other)."""
    values = np.minimum(a.values, b.values)
    return CueTrack(name, a.times, values, np.minimum(a.confidence, b.confidence))


def on_level(times, face_a, size_a, face_c, name="adult_on_child_level") -> CueTrack:
    """1 when the adult's face is at the child's height; 0 at a torso length or more above."""
    diff = np.abs(face_a[:, 1] - face_c[:, 1]) / size_a
    values = np.clip(1 - diff, 0, 1)
    missing = np.isnan(values)
    return CueTrack(name, times, values, np.where(missing, 0.0, 1.0))


def leaning_in(times, pose_a, face_a, centre_c, size_a, name="adult_leaning_in") -> CueTrack:
    """How far the adult's head is ahead of their hips towards the child, in torso lengths."""
    hips = (pose_a[:, LEFT_HIP, :2] + pose_a[:, RIGHT_HIP, :2]) / 2
    towards = centre_c - hips
    towards = towards / np.maximum(np.linalg.norm(towards, axis=1, keepdims=True), 1e-9)
    ahead = np.sum((face_a - hips) * towards, axis=1) / size_a
    values = np.clip(ahead, 0, 1)
    ok = _visible(np.nan_to_num(pose_a), [LEFT_HIP, RIGHT_HIP]) & ~np.isnan(values)
    return CueTrack(name, times, np.where(ok, values, np.nan), ok.astype(float))


def hand_near(times, pose_a, pose_b, size_b, name) -> CueTrack:
    """1 where one of A's hands touches B's body (keypoint distance), 0 from half a torso."""
    pa = np.nan_to_num(pose_a, nan=0.0)
    pb = np.nan_to_num(pose_b, nan=0.0)
    hands = pa[:, HANDS, :2]
    hand_ok = pa[:, HANDS, 3] >= VISIBLE
    body = pb[:, :, :2]
    body_ok = pb[:, :, 3] >= VISIBLE
    d = np.linalg.norm(hands[:, :, None, :] - body[:, None, :, :], axis=3)
    d = np.where(hand_ok[:, :, None] & body_ok[:, None, :], d, np.inf)
    nearest = d.min(axis=(1, 2)) / size_b
    values = np.clip(1 - nearest / 0.5, 0, 1)
    ok = np.isfinite(nearest)
    return CueTrack(name, times, np.where(ok, values, np.nan), ok.astype(float))


def movement_energy(times, pose, size, name) -> CueTrack:
    """Mean keypoint speed in torso lengths per second (visible keypoints, frame to frame)."""
    n = len(times)
    values = np.full(n, np.nan)
    conf = np.zeros(n)
    if n >= 2:
        dt = np.diff(times)
        step = pose[1:, :, :2] - pose[:-1, :, :2]
        ok = (np.nan_to_num(pose[1:, :, 3]) >= VISIBLE) & (np.nan_to_num(pose[:-1, :, 3]) >= VISIBLE)
        speed = np.where(ok, np.linalg.norm(np.nan_to_num(step), axis=2), np.nan)
        mean = _nanmean(speed, axis=1) / np.maximum(dt, 1e-6) / size[1:]
        values[1:] = mean
        conf[1:] = ok.mean(axis=1)
    conf = np.where(np.isnan(values), 0.0, conf)
    return CueTrack(name, times, values, conf)


def shared_attention(times, head_a, conf_a, face_a, head_b, conf_b, face_b, gaze_ab, gaze_ba,
                     size, name="shared_attention") -> CueTrack:
    """1 where both heads point at the same spot in the picture that is not either face."""
    da = head_direction(head_a)[:, :2]
    db = head_direction(head_b)[:, :2]
    # Solve face_a + t*da = face_b + s*db for each frame.
    det = da[:, 0] * (-db[:, 1]) - da[:, 1] * (-db[:, 0])
    rhs = face_b - face_a
    with np.errstate(all="ignore"):
        t = (rhs[:, 0] * (-db[:, 1]) - rhs[:, 1] * (-db[:, 0])) / det
        s = (da[:, 0] * rhs[:, 1] - da[:, 1] * rhs[:, 0]) / det
        point = face_a + t[:, None] * da
        reach = np.maximum(np.linalg.norm(point - face_a, axis=1),
                           np.linalg.norm(point - face_b, axis=1)) / size
    turned = (np.linalg.norm(da, axis=1) >= MIN_IMAGE_TURN) & (
        np.linalg.norm(db, axis=1) >= MIN_IMAGE_TURN)
    values = ((t > 0) & (s > 0) & (reach <= 4) & (np.abs(det) > 1e-3) & turned
              & (np.nan_to_num(gaze_ab) < 0.5) & (np.nan_to_num(gaze_ba) < 0.5)).astype(float)
    missing = np.isnan(det)
    values[missing] = np.nan
    conf = np.minimum(np.nan_to_num(conf_a), np.nan_to_num(conf_b))
    return CueTrack(name, times, values, np.where(missing, 0.0, conf))


def bridge(values: np.ndarray, max_gap: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """A copy with gaps of at most ``max_gap`` frames (NaN between two seen frames) filled
    linearly, and the mask of the frames filled. A face missed for a frame or two by the
    detector (motion blur at 8 frames/s) should not cut a look at each other in half."""
    out = np.array(values, dtype=np.float64, copy=True)
    flat = out.reshape(len(out), -1)
    seen = ~np.isnan(flat).any(axis=1)
    filled = np.zeros(len(out), dtype=bool)
    idx = np.flatnonzero(seen)
    for lo, hi in zip(idx[:-1], idx[1:], strict=True):
        if 1 < hi - lo <= max_gap + 1:
            for f in range(lo + 1, hi):
                w = (f - lo) / (hi - lo)
                flat[f] = (1 - w) * flat[lo] + w * flat[hi]
                filled[f] = True
    return out, filled


def _bridged_view(result: AnalysisResult, p: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Face boxes, head angles and head confidence of person ``p`` with short gaps bridged
    (at a lower confidence)."""
    face_boxes, _f = bridge(result.face_boxes[:, p])
    head, filled = bridge(result.head[:, p])
    conf, _c = bridge(result.head_confidence[:, p].astype(float)[:, None])
    conf = np.where(filled, 0.8 * conf[:, 0], np.nan_to_num(result.head_confidence[:, p]))
    return face_boxes, head, conf


def adult_child_pair(result: AnalysisResult) -> tuple[int, int] | None:
    """Columns of the adult and the child the cues compare (the most-seen of each label).

    With no one labelled child, the two most-seen people are taken, the smaller as the child.
    """
    if result.n_people < 2:
        return None
    a, c = result.index_of("adult"), result.index_of("child")
    if a is not None and c is not None:
        return a, c
    seen = result.seen().sum(axis=0)
    first, second = (int(i) for i in np.argsort(-seen, kind="stable")[:2])
    sizes = [_nanmean(body_sizes(result.pose[:, i], result.boxes[:, i]))
             for i in (first, second)]
    return (first, second) if sizes[0] >= sizes[1] else (second, first)


def compute_cues(result: AnalysisResult, *, directions: bool = False,
                 gaze: GazeParams | None = None) -> list[CueTrack]:
    """All cue tracks for a recording's results (energy only, when fewer than two people).

    ``directions`` adds each person's gaze yaw in degrees (``adult_gaze_yaw``,
    ``child_gaze_yaw``): the suggestions need them, a timeline of 0..1 cues does not."""
    gaze = gaze or GazeParams()
    t = result.times
    tracks: list[CueTrack] = []
    pair = adult_child_pair(result)
    roles = {pair[0]: "adult", pair[1]: "child"} if pair else {}
    for p in range(result.n_people):
        if pair is None or p in roles:
            who = roles.get(p, f"person{int(result.person_ids[p])}")
            size = body_sizes(result.pose[:, p], result.boxes[:, p])
            tracks.append(movement_energy(t, result.pose[:, p], size, f"energy_{who}"))
    if pair is None:
        return tracks
    a, c = pair
    size_a = body_sizes(result.pose[:, a], result.boxes[:, a])
    size_c = body_sizes(result.pose[:, c], result.boxes[:, c])
    centre_a, centre_c = body_centres(result.boxes[:, a]), body_centres(result.boxes[:, c])
    boxes_a, head_a, conf_a = _bridged_view(result, a)
    boxes_c, head_c, conf_c = _bridged_view(result, c)
    face_a, face_c = face_centres(boxes_a), face_centres(boxes_c)
    eyes_a, eyes_conf_a = gaze_angles(result.face[:, a], head_a, conf_a, boxes_a)
    eyes_c, eyes_conf_c = gaze_angles(result.face[:, c], head_c, conf_c, boxes_c)
    tracks.append(distance(t, centre_a, size_a, centre_c, size_c))
    fa = facing(t, head_a, conf_a, centre_a, centre_c, "adult_facing_child")
    fc = facing(t, head_c, conf_c, centre_c, centre_a, "child_facing_adult")
    tracks += [fa, fc, both(fa, fc, "facing_each_other")]
    # A pitch is measured only where the face mesh was found (a face mesh gives the head's
    # three angles; the keypoint fallbacks give a yaw alone).
    mesh_a = ~np.isnan(result.face[:, a]).any(axis=(1, 2))
    mesh_c = ~np.isnan(result.face[:, c]).any(axis=(1, 2))
    ga = gaze_at(t, eyes_a, eyes_conf_a, face_a, face_c, face_radii(boxes_c),
                 "adult_gaze_at_child", mesh_a, gaze)
    gc = gaze_at(t, eyes_c, eyes_conf_c, face_c, face_a, face_radii(boxes_a),
                 "child_gaze_at_adult", mesh_c, gaze)
    tracks += [ga, gc, both(ga, gc, "mutual_gaze")]
    if directions:
        tracks += [CueTrack("adult_gaze_yaw", t, eyes_a[:, 0].astype(float), eyes_conf_a),
                   CueTrack("child_gaze_yaw", t, eyes_c[:, 0].astype(float), eyes_conf_c)]
    tracks.append(on_level(t, face_a, size_a, face_c))
    tracks.append(leaning_in(t, result.pose[:, a], face_a, centre_c, size_a))
    tracks.append(hand_near(t, result.pose[:, a], result.pose[:, c], size_c,
                            "adult_hand_near_child"))
    tracks.append(hand_near(t, result.pose[:, c], result.pose[:, a], size_a,
                            "child_hand_near_adult"))
    tracks.append(shared_attention(t, eyes_a, eyes_conf_a, face_a, eyes_c, eyes_conf_c, face_c,
                                   ga.values, gc.values,
                                   _nanmean(np.stack([size_a, size_c]), axis=0)))
    return tracks


def seen_summary(result: AnalysisResult) -> dict:
    """What the analysis could and could not tell, as facts (for JSON) and plain lines.

    Per person: frames seen, and of those, frames where the gaze could be told (a face with
    eyes large enough) and where it could not (face too small, turned away or hidden).
    """
    facts: dict = {"frames": result.n_frames, "people": []}
    lines: list[str] = []
    seen = result.seen()
    if result.n_frames:
        both_seen = int((seen.sum(axis=1) >= 2).sum()) if result.n_people >= 2 else 0
        facts["frames_with_two_people"] = both_seen
    for p, pid in enumerate(result.person_ids):
        _gaze, conf = gaze_angles(result.face[:, p], result.head[:, p],
                                  result.head_confidence[:, p], result.face_boxes[:, p])
        n_seen = int(seen[:, p].sum())
        told = int(((conf >= 0.3) & seen[:, p]).sum())
        label = result.labels[p]
        facts["people"].append({"id": int(pid), "label": label, "frames_seen": n_seen,
                                "gaze_told": told, "gaze_cannot_tell": n_seen - told})
        if n_seen:
            lines.append(_("{label} {id} seen in {s} of {f} frames; gaze could be told in "
                           "{g} of them").format(label=label, id=int(pid), s=n_seen,
                                                 f=result.n_frames, g=told))
    return {"facts": facts, "lines": lines}
