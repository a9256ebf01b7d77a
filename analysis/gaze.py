"""Where each person looks: head pose plus the eyes (iris landmarks) from the face mesh.

The head's yaw and pitch say where the face points; the irises say where the eyes turn within
it (a parent often looks at the child from the corner of the eyes without turning the head).
For each eye the iris centre is placed between the eye corners and the lids, normalised by
half the eye width: -1..1 across the eye. Eyes turn about ``EYE_RANGE_DEG`` at that extreme.
The two eyes are averaged, weighted by how wide each is in the picture (the far eye of a
turned face is foreshortened and its iris less reliable).

"Can't tell" is explicit: confidence 0 where the face was not seen, is under ``MIN_FACE_PX``
wide, or its eyes are under ``MIN_EYE_PX`` wide (the iris is then a pixel or two). Where the head is turned more than
``MAX_YAW_DEG`` (one eye hidden) or there is no mesh, the head direction alone is used, at a
lower confidence. The cues treat unknown frames as unknown, not as "not looking".
"""

from __future__ import annotations

import numpy as np

from .backend import FACE_POINTS

EYE_RANGE_DEG = 35.0
MIN_EYE_PX = 6.0
MIN_FACE_PX = 24.0
MAX_YAW_DEG = 65.0
_I = {p: i for i, p in enumerate(FACE_POINTS)}
# (outer corner, inner corner, upper lid, lower lid, iris centre) per eye.
_EYES = ((33, 133, 159, 145, 468), (263, 362, 386, 374, 473))


def eye_offsets(face: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(F,) horizontal and vertical iris offsets (-1..1, image right / up positive) and the
    eye width in pixels, for faces ``(F, N_FACE, 3)`` (NaN rows give NaN)."""
    hs, vs, ws = [], [], []
    for outer, inner, upper, lower, iris in _EYES:
        a, b = face[:, _I[outer], :2], face[:, _I[inner], :2]
        if outer == 263:  # left eye (image right): make the axis run image-left -> right
            a, b = b, a
        axis = b - a
        width = np.linalg.norm(axis, axis=1)
        unit = axis / np.maximum(width, 1e-6)[:, None]
        up = np.stack([unit[:, 1], -unit[:, 0]], axis=1)  # the axis turned 90 degrees: up
        centre = (a + b) / 2
        lids = (face[:, _I[upper], :2] + face[:, _I[lower], :2]) / 2
        rel = face[:, _I[iris], :2] - centre
        hs.append(np.sum(rel * unit, axis=1) / np.maximum(width / 2, 1e-6))
        vs.append(np.sum((face[:, _I[iris], :2] - lids) * up, axis=1)
                  / np.maximum(width / 2, 1e-6))
        ws.append(width)
    w = np.stack(ws)
    weight = w / np.maximum(w.sum(axis=0), 1e-6)
    h = np.clip(np.sum(np.stack(hs) * weight, axis=0), -1, 1)
    v = np.clip(np.sum(np.stack(vs) * weight, axis=0), -1, 1)
    return h, v, w.max(axis=0)


def gaze_angles(face: np.ndarray, head: np.ndarray, head_confidence: np.ndarray,
                face_boxes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(F, 3) gaze yaw/pitch/roll in degrees and (F,) confidence 0..1 (0: can't tell).

    Without a face mesh the head direction alone is used at the head's own (lower)
    confidence; without a head either, the gaze is NaN with confidence 0.
    """
    gaze = np.array(head, dtype=np.float64, copy=True)
    conf = np.nan_to_num(np.asarray(head_confidence, dtype=np.float64)) * 0.8
    has_face = ~np.isnan(face).any(axis=(1, 2))
    if has_face.any():
        h, v, width = eye_offsets(np.nan_to_num(face))
        yaw = np.nan_to_num(head[:, 0])
        small = has_face & (width < MIN_EYE_PX)
        ok = has_face & ~small & (np.abs(yaw) <= MAX_YAW_DEG)
        gaze[ok, 0] = head[ok, 0] + EYE_RANGE_DEG * h[ok]
        gaze[ok, 1] = head[ok, 1] + 0.6 * EYE_RANGE_DEG * v[ok]
        # Confidence grows with the eye's size in pixels (an iris at 6 px wide eyes is a
        # guess; from about 15 px on it is measured) and falls as the head turns away.
        size = np.clip((width - MIN_EYE_PX) / 9.0, 0, 1)
        turn = np.clip(1 - (np.abs(yaw) - 40) / (MAX_YAW_DEG - 40), 0, 1)
        eyes = np.maximum(0.3, size) * np.maximum(turn, 0.5)
        # A mesh on a face turned past MAX_YAW_DEG: the head alone, less sure than the eyes.
        conf = np.where(ok, eyes, np.where(small, 0.0, np.where(has_face, conf * 0.6, conf)))
    missing = np.isnan(gaze).any(axis=1)
    if face_boxes is not None:
        width = face_boxes[:, 2] - face_boxes[:, 0]
        missing |= ~(np.nan_to_num(width) >= MIN_FACE_PX)
    conf[missing] = 0.0
    return gaze.astype(np.float32), conf.astype(np.float32)
