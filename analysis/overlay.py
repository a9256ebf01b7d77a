"""What the player draws over a frame: skeletons, face boxes, head-gaze rays, labels.

Shapes are in the source video's pixel coordinates; the GUI scales them to the widget.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .backend import POSE_CONNECTIONS, head_direction
from .cues import VISIBLE
from .results import AnalysisResult, interpolate


@dataclass(frozen=True)
class OverlayShape:
    kind: str  # "line" (skeleton bone) | "box" (face) | "ray" (head gaze) | "label"
    points: tuple[tuple[float, float], ...]
    person_id: int
    role: str  # adult | child: the GUI picks a colour per role
    text: str = ""


def overlay_at(result: AnalysisResult, time_s: float) -> list[OverlayShape]:
    shapes: list[OverlayShape] = []
    labels = dict(zip((int(p) for p in result.person_ids), result.labels, strict=True))
    for pid, arrays in interpolate(result, time_s).items():
        role = labels.get(pid, "adult")
        pose = arrays["pose"]
        if not np.isnan(pose[0, 0]):
            for i, j in POSE_CONNECTIONS:
                if pose[i, 3] >= VISIBLE and pose[j, 3] >= VISIBLE:
                    shapes.append(OverlayShape("line", ((float(pose[i, 0]), float(pose[i, 1])),
                                                        (float(pose[j, 0]), float(pose[j, 1]))),
                                               pid, role))
        face_box = arrays["face_boxes"]
        if not np.isnan(face_box[0]):
            x0, y0, x1, y1 = (float(v) for v in face_box)
            shapes.append(OverlayShape("box", ((x0, y0), (x1, y1)), pid, role))
            head = arrays["head"]
            if not np.isnan(head[0]):
                direction = head_direction(head)[:2]
                length = 3.0 * max(x1 - x0, y1 - y0)
                cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                shapes.append(OverlayShape("ray", ((cx, cy), (cx + float(direction[0]) * length,
                                                              cy + float(direction[1]) * length)),
                                           pid, role))
        box = arrays["boxes"]
        shapes.append(OverlayShape("label", ((float(box[0]), float(box[1])),), pid, role,
                                   f"{role} {pid}"))
    return shapes
