"""The mediapipe backend: the pose, face-detection and face-mesh models inside the wheel.

mediapipe's legacy Pose follows ONE person. To find several (a parent and a small child):

* a *search* runs Pose on the whole frame, greys out the box of the person it found and runs
  it again, up to ``max_people`` passes; the full-range face detector adds people whose body
  Pose missed (a child half hidden behind a parent still shows a face);
* between searches each person found keeps a *slot*: Pose in video mode on a crop around that
  person's last box, which is cheaper than a search and follows them as they move;
* per person, face mesh with iris refinement runs on a crop around the face.

Searches run every ``search_every`` frames and whenever a slot loses its person. Frames are
scaled so that their long side is at most ``analysis_size`` pixels (the models work at 256 px
anyway); everything returned is in the caller's pixel coordinates.
"""

from __future__ import annotations

import numpy as np

from .backend import (
    FACE_POINTS,
    N_POSE,
    PersonObservation,
    head_from_face,
    head_from_pose,
)

_MIN_VISIBILITY = 0.5


def _import_mediapipe():
    import mediapipe as mp  # lazily: the app works without it

    return mp


def iou(a: np.ndarray, b: np.ndarray) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return float(inter / union) if union > 0 else 0.0


def _expand(box: np.ndarray, factor: float, width: int, height: int,
            square: bool = False) -> tuple[int, int, int, int]:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    w, h = (box[2] - box[0]) * factor, (box[3] - box[1]) * factor
    if square:
        w = h = max(w, h)
    x0, y0 = int(max(0, cx - w / 2)), int(max(0, cy - h / 2))
    x1, y1 = int(min(width, cx + w / 2)), int(min(height, cy + h / 2))
    return x0, y0, x1, y1


def _pose_array(landmarks, x0: int, y0: int, w: int, h: int) -> np.ndarray:
    arr = np.array([[lm.x, lm.y, lm.z, lm.visibility] for lm in landmarks.landmark],
                   dtype=np.float32)
    arr[:, 0] = arr[:, 0] * w + x0
    arr[:, 1] = arr[:, 1] * h + y0
    arr[:, 2] = arr[:, 2] * w  # mediapipe scales z like x
    return arr


def _box_of(pose: np.ndarray) -> np.ndarray | None:
    seen = pose[pose[:, 3] >= _MIN_VISIBILITY]
    if len(seen) < 4:
        return None
    x0, y0 = seen[:, 0].min(), seen[:, 1].min()
    x1, y1 = seen[:, 0].max(), seen[:, 1].max()
    # Landmarks are joints; pad so the box covers the head top and limbs' extent.
    pad_x, pad_y = 0.12 * (x1 - x0) + 4, 0.10 * (y1 - y0) + 4
    return np.array([x0 - pad_x, y0 - pad_y * 1.5, x1 + pad_x, y1 + pad_y], dtype=np.float32)


def _face_box_from_pose(pose: np.ndarray) -> np.ndarray | None:
    head = pose[:11]
    seen = head[head[:, 3] >= _MIN_VISIBILITY]
    if len(seen) < 3:
        return None
    cx, cy = seen[:, 0].mean(), seen[:, 1].mean()
    size = max(np.ptp(seen[:, 0]), np.ptp(seen[:, 1])) * 1.4 + 4
    return np.array([cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2],
                    dtype=np.float32)


class MediapipeBackend:
    """Several people per frame from mediapipe's single-person solutions; see the module doc."""

    name = "mediapipe-0.10-legacy"

    def __init__(self, *, max_people: int = 3, search_every: int = 10,
                 analysis_size: int = 640, face_mesh: bool = True) -> None:
        mp = _import_mediapipe()
        self._cv2 = __import__("cv2")
        self.max_people = max_people
        self.search_every = search_every
        self.analysis_size = analysis_size
        sol = mp.solutions
        self._search_pose = sol.pose.Pose(static_image_mode=True, model_complexity=1)
        self._sol = sol
        # One video-mode Pose per person followed, made on first use: each holds ~100 MB
        # once it has run, so a recording with two people should not pay for max_people.
        self._slot_poses: list = [None] * max_people
        self._faces = sol.face_detection.FaceDetection(model_selection=1,
                                                        min_detection_confidence=0.6)
        self._mesh = (sol.face_mesh.FaceMesh(static_image_mode=True, max_num_faces=1,
                                             refine_landmarks=True) if face_mesh else None)
        self._slots: list[np.ndarray] = []  # last box per slot, in analysis pixels
        self._since_search = 0

    def close(self) -> None:
        for solution in [self._search_pose, self._faces, self._mesh, *self._slot_poses]:
            if solution is not None:
                solution.close()

    def reset(self) -> None:
        """Forget the people followed so far (call before a jump in the video)."""
        self._slots = []
        self._since_search = 0

    # -- the per-frame entry point --------------------------------------------------------
    def detect(self, frame_bgr: np.ndarray) -> list[PersonObservation]:
        cv2 = self._cv2
        h0, w0 = frame_bgr.shape[:2]
        scale = min(1.0, self.analysis_size / max(h0, w0))
        small = (cv2.resize(frame_bgr, (round(w0 * scale), round(h0 * scale)),
                            interpolation=cv2.INTER_AREA) if scale < 1 else frame_bgr)
        rgb = np.ascontiguousarray(small[:, :, ::-1])
        people: list[PersonObservation] = []
        if self._slots and self._since_search < self.search_every:
            people = self._follow(rgb)
            self._since_search += 1
        if not people or len(people) < len(self._slots) or not self._slots:
            people = self._search(rgb)
            self._since_search = 1
        self._slots = [p.box.copy() for p in people]
        for person in people:
            self._add_face(rgb, person)
            _rescale(person, 1.0 / scale)
        return people

    # -- finding people ---------------------------------------------------------------------
    def _pose_on(self, solution, rgb: np.ndarray, box: tuple[int, int, int, int]
                 ) -> PersonObservation | None:
        x0, y0, x1, y1 = box
        if x1 - x0 < 16 or y1 - y0 < 16:
            return None
        crop = np.ascontiguousarray(rgb[y0:y1, x0:x1])
        result = solution.process(crop)
        if result.pose_landmarks is None:
            return None
        pose = _pose_array(result.pose_landmarks, x0, y0, x1 - x0, y1 - y0)
        body = _box_of(pose)
        if body is None:
            return None
        score = float(np.mean(pose[:, 3]))
        return PersonObservation(box=body, score=score, pose=pose)

    def _search(self, rgb: np.ndarray) -> list[PersonObservation]:
        h, w = rgb.shape[:2]
        work = rgb.copy()
        found: list[PersonObservation] = []
        for _pass in range(self.max_people):
            person = self._pose_on(self._search_pose, work, (0, 0, w, h))
            if person is None:
                break
            x0, y0, x1, y1 = _expand(person.box, 1.0, w, h)
            work[y0:y1, x0:x1] = 128  # grey out, so the next pass finds someone else
            if any(iou(person.box, other.box) > 0.5 for other in found):
                continue
            found.append(person)
        if len(found) < self.max_people:
            found.extend(self._people_from_faces(rgb, found))
        return found[: self.max_people]

    def _people_from_faces(self, rgb: np.ndarray, found: list[PersonObservation]
                           ) -> list[PersonObservation]:
        h, w = rgb.shape[:2]
        result = self._faces.process(rgb)
        extra: list[PersonObservation] = []
        for detection in result.detections or []:
            rel = detection.location_data.relative_bounding_box
            face = np.array([rel.xmin * w, rel.ymin * h, (rel.xmin + rel.width) * w,
                             (rel.ymin + rel.height) * h], dtype=np.float32)
            fcx, fcy = (face[0] + face[2]) / 2, (face[1] + face[3]) / 2
            if any(p.box[0] <= fcx <= p.box[2] and p.box[1] <= fcy <= p.box[3]
                   for p in found + extra):
                continue
            fw = face[2] - face[0]
            # A body is roughly 3 faces wide and 7 tall below the chin; look there for a pose.
            guess = np.array([fcx - 2 * fw, face[1] - 0.5 * fw, fcx + 2 * fw, face[3] + 6 * fw],
                             dtype=np.float32)
            person = self._pose_on(self._search_pose, rgb, _expand(guess, 1.0, w, h))
            if person is None or not (person.box[0] <= fcx <= person.box[2]):
                person = PersonObservation(box=guess, score=float(detection.score[0]) * 0.5)
            person.face_box = face
            extra.append(person)
        return extra

    def _follow(self, rgb: np.ndarray) -> list[PersonObservation]:
        h, w = rgb.shape[:2]
        people = []
        for slot, box in enumerate(self._slots):
            if self._slot_poses[slot] is None:
                self._slot_poses[slot] = self._sol.pose.Pose(static_image_mode=False,
                                                             model_complexity=1)
            person = self._pose_on(self._slot_poses[slot], rgb, _expand(box, 1.4, w, h))
            if person is None:
                return []  # someone was lost: search again
            people.append(person)
        return people

    # -- faces ------------------------------------------------------------------------------
    def _add_face(self, rgb: np.ndarray, person: PersonObservation) -> None:
        h, w = rgb.shape[:2]
        if person.face_box is None and person.pose is not None:
            person.face_box = _face_box_from_pose(person.pose)
        if person.face_box is not None and self._mesh is not None:
            x0, y0, x1, y1 = _expand(person.face_box, 1.8, w, h, square=True)
            if x1 - x0 >= 24 and y1 - y0 >= 24:
                crop = np.ascontiguousarray(rgb[y0:y1, x0:x1])
                result = self._mesh.process(crop)
                if result.multi_face_landmarks:
                    lms = result.multi_face_landmarks[0].landmark
                    pts = np.array([[lms[i].x, lms[i].y, lms[i].z] for i in FACE_POINTS],
                                   dtype=np.float32)
                    pts[:, 0] = pts[:, 0] * (x1 - x0) + x0
                    pts[:, 1] = pts[:, 1] * (y1 - y0) + y0
                    pts[:, 2] = pts[:, 2] * (x1 - x0)
                    person.face = pts
                    person.face_box = np.array([pts[:, 0].min(), pts[:, 1].min(),
                                                pts[:, 0].max(), pts[:, 1].max()],
                                               dtype=np.float32)
                    person.head = head_from_face(pts)
                    person.head_confidence = 1.0
        if person.head is None and person.pose is not None:
            person.head, person.head_confidence = head_from_pose(person.pose)


def _rescale(person: PersonObservation, factor: float) -> None:
    if factor == 1.0:
        return
    person.box = person.box * factor
    if person.face_box is not None:
        person.face_box = person.face_box * factor
    if person.pose is not None:
        person.pose[:, :3] *= factor
    if person.face is not None:
        person.face *= factor


assert N_POSE == 33
