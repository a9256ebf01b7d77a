"""The landmark backend interface: what any model must give the analysis job per frame.

A backend turns one BGR frame into a list of :class:`PersonObservation` (no identities: the
identity pass in :mod:`analysis.identities` links observations across frames). All coordinates are in
the source frame's pixels. Another model (a person detector plus a different pose net) can be
added later by implementing :class:`LandmarkBackend`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

# The face landmarks kept per person: the face oval, eye corners and lids, nose, mouth and
# the two irises (indices into mediapipe's 478-point face mesh). 60 points instead of 478 keep
# the stored results small while covering what the cues and the overlay use.
FACE_OVAL = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400,
             377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67,
             109]
FACE_POINTS = FACE_OVAL + [33, 133, 362, 263, 159, 145, 386, 374, 1, 168, 61, 291, 13, 14,
                           468, 469, 470, 471, 472, 473, 474, 475, 476, 477]
N_FACE = len(FACE_POINTS)
N_POSE = 33

# Pose keypoint indices (mediapipe/BlazePose topology) used by cues and overlays.
NOSE, LEFT_EYE, RIGHT_EYE, LEFT_EAR, RIGHT_EAR = 0, 2, 5, 7, 8
LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP = 11, 12, 23, 24
LEFT_WRIST, RIGHT_WRIST, LEFT_INDEX, RIGHT_INDEX = 15, 16, 19, 20

POSE_CONNECTIONS: tuple[tuple[int, int], ...] = (
    (0, 1), (1, 2), (2, 3), (3, 7), (0, 4), (4, 5), (5, 6), (6, 8), (9, 10),
    (11, 12), (11, 13), (13, 15), (15, 17), (15, 19), (15, 21), (17, 19),
    (12, 14), (14, 16), (16, 18), (16, 20), (16, 22), (18, 20),
    (11, 23), (12, 24), (23, 24), (23, 25), (24, 26), (25, 27), (26, 28),
    (27, 29), (28, 30), (29, 31), (30, 32), (27, 31), (28, 32),
)


@dataclass
class PersonObservation:
    """One person seen in one frame (pixel coordinates of the frame given to the backend)."""

    box: np.ndarray  # (4,) x0, y0, x1, y1
    score: float
    pose: np.ndarray | None = None  # (33, 4) x, y, z, visibility
    face: np.ndarray | None = None  # (N_FACE, 3) x, y, z of FACE_POINTS
    face_box: np.ndarray | None = None  # (4,)
    head: np.ndarray | None = None  # (3,) yaw, pitch, roll in degrees
    head_confidence: float = 0.0
    appearance: np.ndarray | None = None  # clothing colour histogram (identity evidence)


class LandmarkBackend(Protocol):
    """Finds the people in a frame. Backends may keep state between consecutive frames."""

    name: str

    def detect(self, frame_bgr: np.ndarray) -> list[PersonObservation]: ...

    def close(self) -> None: ...


def head_from_face(face: np.ndarray) -> np.ndarray:
    """Yaw, pitch, roll (degrees) of a face from its mesh points (FACE_POINTS order).

    Image axes: x right, y down, z away from the camera. Yaw 0 / pitch 0 faces the camera;
    positive yaw turns towards the image's right, positive pitch looks up.
    """
    idx = {p: i for i, p in enumerate(FACE_POINTS)}
    right = face[idx[263]] - face[idx[33]]  # across the eyes, image left -> right
    up = face[idx[10]] - face[idx[152]]  # chin -> forehead
    right = right / (np.linalg.norm(right) + 1e-9)
    up = up - right * np.dot(up, right)
    up = up / (np.linalg.norm(up) + 1e-9)
    forward = np.cross(right, up)
    return angles_from_vectors(forward, right)


def angles_from_vectors(forward: np.ndarray, right: np.ndarray) -> np.ndarray:
    fx, fy, fz = forward
    yaw = np.degrees(np.arctan2(fx, -fz))
    pitch = np.degrees(np.arctan2(-fy, np.hypot(fx, fz)))
    roll = np.degrees(np.arctan2(right[1], right[0]))
    return np.array([yaw, pitch, roll], dtype=np.float32)


def head_direction(head: np.ndarray) -> np.ndarray:
    """The unit facing vector (x, y, z) for yaw/pitch(/roll) angles in degrees; any shape (...,3)."""
    yaw = np.radians(head[..., 0])
    pitch = np.radians(head[..., 1])
    return np.stack([np.cos(pitch) * np.sin(yaw), -np.sin(pitch),
                     -np.cos(pitch) * np.cos(yaw)], axis=-1)


def head_from_pose(pose: np.ndarray) -> tuple[np.ndarray | None, float]:
    """A rough yaw from where the nose sits between the ears, when there is no face mesh."""
    nose, le, re = pose[NOSE], pose[LEFT_EAR], pose[RIGHT_EAR]
    if min(nose[3], le[3], re[3]) < 0.5:
        return None, 0.0
    span = abs(le[0] - re[0])
    if span < 2:
        return None, 0.0
    mid = (le[0] + re[0]) / 2
    yaw = float(np.degrees(np.arcsin(np.clip(2 * (nose[0] - mid) / span, -1, 1))))
    return np.array([yaw, 0.0, 0.0], dtype=np.float32), 0.4
