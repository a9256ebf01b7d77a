"""Adult or child: evidence that does not depend on the distance to the camera.

"The bigger one is the adult" fails at home: a baby close to the camera has a bigger face than
the parent behind it. So each person is judged by proportions, which stay the same at any
distance (anthropometric facts, measured as ratios of 3-D distances between face-mesh
landmarks, so that a head turned up to ``FRONTAL_DEG`` does not change them):

* **lower face**: the eye line to the mouth over the distance between the outer eye corners
  (about 0.81 adult, 0.71 baby or toddler: a small child's eyes sit lower in a shorter face);
* **face shape**: face width over height (about 0.85 adult, 0.93 child: rounder);
* **nose length**: nose tip to the eye line over the eye distance (a small child's nose is
  short; a weaker cue in the mesh);
* **neck**: how far the shoulders sit below the eyes, in face heights (about 1.35 for an
  adult, 0.95 for a baby: a baby has almost no neck). Vertical distances in the picture do
  not change when the head turns, so this works on a parent seen in profile;
* **shoulders**: shoulder width over the eye distance (a weak cue: a small child's shoulders
  are narrow for the head, but Pose often misplaces a toddler's shoulders).

Each gives a log-likelihood ratio (child over adult, Gaussian per class); a person's evidence
is the median over all their frames. With two people (a dyad) the one with more child
evidence is the child; the confidence says how clearly the two differ, so a clinician knows
when to check (``vfeedback people ID --swap``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .backend import FACE_POINTS, LEFT_SHOULDER, RIGHT_SHOULDER

FRONTAL_DEG = 30.0
PITCH_DEG = 30.0
FULL_WEIGHT_FRAMES = 10
_I = {p: i for i, p in enumerate(FACE_POINTS)}

# feature: (adult mean, child mean, spread) - anthropometric ratios, see the module doc.
PRIORS: dict[str, tuple[float, float, float]] = {
    "nose_length": (0.65, 0.60, 0.04),
    "lower_face": (0.81, 0.71, 0.05),
    "face_shape": (0.85, 0.93, 0.04),
    "neck": (1.35, 0.95, 0.2),
    "shoulders": (2.8, 2.2, 0.6),
}


@dataclass
class RoleEvidence:
    """What is known about one person: their features' medians and the combined score."""

    features: dict[str, float]
    frames: int  # frames with usable (frontal) evidence
    score: float  # log-likelihood ratio child vs adult (> 0: child-like)


def frame_features(face: np.ndarray | None, head: np.ndarray | None,
                   pose: np.ndarray | None, face_box: np.ndarray | None = None
                   ) -> dict[str, float]:
    """The scale-free features of one person in one frame (those that can be measured)."""
    out: dict[str, float] = {}
    if face_box is not None and pose is not None and not np.isnan(face_box).any():
        height = float(face_box[3] - face_box[1])
        if height >= 8 and bool((np.nan_to_num(pose[[2, 5, LEFT_SHOULDER, RIGHT_SHOULDER], 3])
                                 >= 0.5).all()):
            eyes_y = (pose[2, 1] + pose[5, 1]) / 2
            shoulders_y = (pose[LEFT_SHOULDER, 1] + pose[RIGHT_SHOULDER, 1]) / 2
            out["neck"] = float(shoulders_y - eyes_y) / height
    if face is None or head is None or np.isnan(face).any() or np.isnan(head).any():
        return out
    if abs(float(head[0])) > FRONTAL_DEG or abs(float(head[1])) > PITCH_DEG:
        return out

    def p(i: int) -> np.ndarray:
        return face[_I[i], :3]

    eyes = float(np.linalg.norm(p(33) - p(263)))
    eyes_px = float(np.linalg.norm(face[_I[33], :2] - face[_I[263], :2]))
    if eyes_px < 6:  # under ~6 px between the eyes the landmarks are guesses
        return out
    eye_mid = (p(33) + p(263)) / 2
    mouth = (p(13) + p(14)) / 2
    height = float(np.linalg.norm(p(10) - p(152)))
    out.update({
        "nose_length": float(np.linalg.norm(p(1) - eye_mid)) / eyes,
        "lower_face": float(np.linalg.norm(mouth - eye_mid)) / eyes,
        "face_shape": float(np.linalg.norm(p(234) - p(454))) / max(height, 1e-6),
    })
    if pose is not None and not np.isnan(pose).any() and min(
            pose[LEFT_SHOULDER, 3], pose[RIGHT_SHOULDER, 3]) >= 0.5:
        out["shoulders"] = float(np.linalg.norm(pose[LEFT_SHOULDER, :2]
                                                - pose[RIGHT_SHOULDER, :2])) / eyes_px
    return out


def _llr(name: str, value: float) -> float:
    adult, child, spread = PRIORS[name]
    # log N(value; child) - log N(value; adult), shared spread.
    return ((value - adult) ** 2 - (value - child) ** 2) / (2 * spread ** 2)


def evidence(rows: list[dict[str, float]]) -> RoleEvidence:
    """One person's evidence from their per-frame features.

    Each feature's median gives a log-likelihood ratio, capped (one odd median must not
    outvote the others) and scaled down when it rests on fewer than ``FULL_WEIGHT_FRAMES``
    frames (a face seen frontally once is not worth a neck seen in 50 frames).
    """
    usable = [r for r in rows if r]
    features: dict[str, float] = {}
    score = 0.0
    for name in PRIORS:
        values = [r[name] for r in usable if name in r]
        if values:
            features[name] = float(np.median(values))
            weight = min(1.0, len(values) / FULL_WEIGHT_FRAMES)
            score += weight * float(np.clip(_llr(name, features[name]), -4, 4))
    return RoleEvidence(features, len(usable), score)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def decide(people: list[RoleEvidence]) -> list[tuple[str, float]]:
    """``(label, confidence 0.5..1)`` per person.

    A home visit holds a child and an adult, so with two or more people the most child-like is
    the child and the least the adult; with two, the confidence says how clearly they differ
    (two adults give about 0.5: check). With three or more, each of the others goes with the
    extreme its evidence is nearer to. Someone with no usable frame takes the opposite of a
    labelled other person in a dyad (at lower confidence), else is called adult at 0.5.
    One person alone is judged on their own evidence.
    """
    out: list[tuple[str, float]] = []
    for person in people:
        if person.frames == 0:
            out.append(("adult", 0.5))
        else:
            out.append(("child" if person.score > 0 else "adult",
                        _sigmoid(abs(person.score) * _weight(person))))
    known = [i for i, p in enumerate(people) if p.frames]
    if len(people) == 2 and len(known) == 2:
        a, b = people
        child = 0 if a.score > b.score else 1
        conf = _sigmoid(abs(a.score - b.score) * min(_weight(a), _weight(b)))
        out = [("child", conf) if i == child else ("adult", conf) for i in range(2)]
    elif len(people) == 2 and len(known) == 1:
        label, conf = out[known[0]]
        other = "adult" if label == "child" else "child"
        out[1 - known[0]] = (other, 0.5 + (conf - 0.5) / 2)
    elif len(known) >= 3 or (len(people) >= 3 and len(known) >= 2):
        scores = {i: people[i].score for i in known}
        top, bottom = max(scores.values()), min(scores.values())
        for i, score in scores.items():
            child = score - bottom > top - score
            margin = abs((score - bottom) - (top - score)) * _weight(people[i])
            out[i] = ("child" if child else "adult", _sigmoid(margin))
    return out


def _weight(person: RoleEvidence) -> float:
    """Evidence from a handful of frames counts less than from hundreds."""
    return min(1.0, person.frames / 20)


def swap(labels: dict[int, str], ids: list[int] | None = None) -> dict[int, str]:
    """Adult <-> child for the given people (all when None): the clinician's correction."""
    flip = {"adult": "child", "child": "adult"}
    return {pid: (flip.get(label, label) if ids is None or pid in ids else label)
            for pid, label in labels.items()}
