"""Boxes and points of the people found in a frame: overlap, padding, where a body or a face
probably is, and the per-frame clean-up of two finds of one person. Pure numpy, used by
:mod:`analysis.mediapipe_backend` (and free of mediapipe, so it is cheap to import and test).
"""

from __future__ import annotations

import numpy as np

from .backend import PersonObservation

MIN_VISIBILITY = 0.5  # a Pose landmark below this is not counted as seen


def iou(a: np.ndarray, b: np.ndarray) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return float(inter / union) if union > 0 else 0.0


def expand(box: np.ndarray, factor: float, width: int, height: int,
            square: bool = False) -> tuple[int, int, int, int]:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    w, h = (box[2] - box[0]) * factor, (box[3] - box[1]) * factor
    if square:
        w = h = max(w, h)
    x0, y0 = int(max(0, cx - w / 2)), int(max(0, cy - h / 2))
    x1, y1 = int(min(width, cx + w / 2)), int(min(height, cy + h / 2))
    return x0, y0, x1, y1


def box_of_pose(pose: np.ndarray) -> np.ndarray | None:
    seen = pose[pose[:, 3] >= MIN_VISIBILITY]
    if len(seen) < 4:
        return None
    x0, y0 = seen[:, 0].min(), seen[:, 1].min()
    x1, y1 = seen[:, 0].max(), seen[:, 1].max()
    # Landmarks are joints; pad so the box covers the head top and limbs' extent.
    pad_x, pad_y = 0.12 * (x1 - x0) + 4, 0.10 * (y1 - y0) + 4
    return np.array([x0 - pad_x, y0 - pad_y * 1.5, x1 + pad_x, y1 + pad_y], dtype=np.float32)


def face_box_from_pose(pose: np.ndarray) -> np.ndarray | None:
    head = pose[:11]
    seen = head[head[:, 3] >= MIN_VISIBILITY]
    if len(seen) < 3:
        return None
    cx, cy = seen[:, 0].mean(), seen[:, 1].mean()
    size = max(np.ptp(seen[:, 0]), np.ptp(seen[:, 1])) * 1.1 + 4
    return np.array([cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2],
                    dtype=np.float32)


def body_guess(face: np.ndarray, width: int, height: int) -> np.ndarray:
    """Where a body with this face probably is: a few face widths around and below it."""
    fw, fh = face[2] - face[0], face[3] - face[1]
    cx = (face[0] + face[2]) / 2
    return np.array([max(0.0, cx - 1.8 * fw), max(0.0, face[1] - 0.4 * fh),
                     min(float(width), cx + 1.8 * fw), min(float(height), face[3] + 3.5 * fh)],
                    dtype=np.float32)


def inside(point: np.ndarray, box: np.ndarray, margin: float = 0.0) -> bool:
    mx, my = (box[2] - box[0]) * margin, (box[3] - box[1]) * margin
    return bool(box[0] - mx <= point[0] <= box[2] + mx and box[1] - my <= point[1] <= box[3] + my)


def centre(box: np.ndarray) -> np.ndarray:
    return np.array([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2], dtype=np.float32)


def union(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.array([min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])],
                    dtype=np.float32)


def covered(a: np.ndarray, b: np.ndarray, share: float = 0.5) -> bool:
    """Whether more than ``share`` of the smaller of two boxes lies inside the other."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return smaller > 0 and ix * iy / smaller > share


def rescale(person: PersonObservation, factor: float) -> None:
    if factor == 1.0:
        return
    person.box = person.box * factor
    if person.face_box is not None:
        person.face_box = person.face_box * factor
    if person.pose is not None:
        person.pose[:, :3] *= factor
    if person.face is not None:
        person.face *= factor


def same_person(person: PersonObservation, other: PersonObservation, faced: bool,
                 other_faced: bool) -> bool:
    if iou(person.box, other.box) > 0.7:
        return True
    if (person.face_box is not None and other.face_box is not None
            and iou(person.face_box, other.face_box) > 0.5):
        return True
    return not faced and other_faced and covered(person.box, other.box)


def dedupe(people: list[PersonObservation], faced: list[bool]) -> list[PersonObservation]:
    """Drop a second find of one person: two slots on the same face or nearly the same body,
    or a body without a face of its own lying mostly over someone whose face was found (Pose
    sees a "person" in a child's patterned jumper). A child on a parent's lap has a face of
    their own, so is kept."""
    order = sorted(range(len(people)), key=lambda i: (not faced[i], people[i].pose is None,
                                                      -people[i].score))
    kept: list[int] = []
    for i in order:
        person = people[i]
        same = any(same_person(person, people[j], faced[i], faced[j]) for j in kept)
        if not same:
            kept.append(i)
    return [people[i] for i in sorted(kept)]
