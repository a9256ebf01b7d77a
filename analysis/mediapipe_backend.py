"""The mediapipe backend: the face-detection, pose and face-mesh models inside the wheel.

Faces first. In a home visit the parent and the child sit close to the camera, and the
full-range face detector (6 ms a frame on one core) finds both faces far more reliably than
legacy Pose, which follows ONE person and locks onto whichever it saw first. So per frame:

* the face detector gives every face in the picture;
* each person followed keeps a *slot* with its own video-mode Pose, run on a crop around that
  person in which the *other* people's faces are greyed out (BlazePose anchors on a face, so
  this stops a parent's pose jumping onto the child in their arms);
* a face no slot claims opens a new slot; a slot that sees neither face nor body for a few
  frames is closed; every ``search_every`` frames a full-frame Pose search (with the known
  people greyed out) looks for someone whose face is turned away;
* per person, face mesh with iris refinement runs on a crop around the face (3 ms), and a
  colour histogram of the clothes below the face is kept for the offline identity pass.

The slots are only a way to crop well; identities over the whole recording are decided
afterwards by :mod:`analysis.identities`. Frames are scaled so that their long side is at most
``analysis_size`` pixels; everything returned is in the caller's pixel coordinates.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from .backend import (
    FACE_POINTS,
    LEFT_HIP,
    LEFT_SHOULDER,
    N_POSE,
    RIGHT_HIP,
    RIGHT_SHOULDER,
    PersonObservation,
    head_from_face,
    head_from_pose,
)
from .boxes import (
    MIN_VISIBILITY,
    body_guess,
    box_of_pose,
    centre,
    covered,
    dedupe,
    expand,
    face_box_from_pose,
    inside,
    iou,
    rescale,
    union,
)

_CLOSE_AFTER = 4  # frames a slot may see nobody before it is closed
HIST_BINS = (8, 3, 3)  # hue x saturation x value: dark clothes differ by value, not hue
N_APPEARANCE = int(np.prod(HIST_BINS))


def _import_mediapipe():
    from . import import_mediapipe  # lazily: the app works without it

    return import_mediapipe()


def _pose_array(landmarks, x0: int, y0: int, w: int, h: int) -> np.ndarray:
    arr = np.array([[lm.x, lm.y, lm.z, lm.visibility] for lm in landmarks.landmark],
                   dtype=np.float32)
    arr[:, 0] = arr[:, 0] * w + x0
    arr[:, 1] = arr[:, 1] * h + y0
    arr[:, 2] = arr[:, 2] * w  # mediapipe scales z like x
    return arr


def appearance(rgb: np.ndarray, person: PersonObservation, cv2) -> np.ndarray | None:
    """A normalised hue/saturation/value histogram of the person's clothes (upper body).

    The region is the chest just below the face (the same place in every frame, whatever
    Pose found), else the torso from Pose when no face is known.
    """
    h, w = rgb.shape[:2]
    region = None
    pose = person.pose
    if person.face_box is not None:
        f = person.face_box
        fw, fh = f[2] - f[0], f[3] - f[1]
        cx = (f[0] + f[2]) / 2
        region = (cx - 0.9 * fw, f[3] + 0.35 * fh, cx + 0.9 * fw, f[3] + 1.6 * fh)
    elif pose is not None and (pose[[LEFT_SHOULDER, RIGHT_SHOULDER], 3]
                               >= MIN_VISIBILITY).all():
        torso = [LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP]
        pts = pose[torso, :2]
        ok = pose[torso, 3] >= MIN_VISIBILITY
        x0, x1 = pts[ok, 0].min(), pts[ok, 0].max()
        y0 = pts[:2, 1].min()
        y1 = pts[ok, 1].max() if ok[2:].any() else y0 + (x1 - x0)
        shrink = 0.15 * (x1 - x0)
        region = (x0 + shrink, y0 + shrink, x1 - shrink, max(y1, y0 + 8))
    if region is None:
        return None
    x0, y0 = int(max(0, region[0])), int(max(0, region[1]))
    x1, y1 = int(min(w, region[2])), int(min(h, region[3]))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    hsv = cv2.cvtColor(np.ascontiguousarray(rgb[y0:y1, x0:x1]), cv2.COLOR_RGB2HSV)
    hist = cv2.calcHist([hsv], [0, 1, 2], None, list(HIST_BINS), [0, 180, 0, 256, 0, 256])
    hist = hist.flatten().astype(np.float32)
    total = float(hist.sum())
    return hist / total if total > 0 else None


@dataclass
class Prepared:
    """One frame after :meth:`MediapipeBackend.prepare`: scaled, in RGB, with its faces."""

    rgb: np.ndarray
    scale: float
    faces: list[tuple[np.ndarray, float]]
    heads: dict[int, np.ndarray]  # id(face box) -> the face detector's head turn


@dataclass
class _Slot:
    """One person followed from frame to frame (a cropping aid, not an identity)."""

    box: np.ndarray
    face_box: np.ndarray | None
    pose_solution: object | None = None
    misses: int = 0
    pose_age: int = 0  # frames since this slot last ran Pose


class MediapipeBackend:
    """Several people per frame from mediapipe's solutions; see the module doc."""

    name = "mediapipe-0.10-legacy-faces"

    def __init__(self, *, max_people: int = 3, search_every: int = 10,
                 analysis_size: int = 640, face_mesh: bool = True, pose_every: int = 2,
                 want_people: int | None = None, threads: int = 2) -> None:
        mp = _import_mediapipe()
        self._cv2 = __import__("cv2")
        self.max_people = max_people
        self.search_every = search_every
        self.analysis_size = analysis_size
        # Pose is two thirds of the cost; a person whose face is seen needs it only every
        # ``pose_every`` frames (the job fills the frames between). Faces run every frame.
        self.pose_every = max(1, pose_every)
        # The search for a faceless body runs only while fewer than this many are followed.
        self.want_people = want_people or max_people
        sol = mp.solutions
        self._sol = sol
        self._search_pose = sol.pose.Pose(static_image_mode=True, model_complexity=1)
        self._faces = sol.face_detection.FaceDetection(model_selection=1,
                                                        min_detection_confidence=0.5)
        self._mesh = (sol.face_mesh.FaceMesh(static_image_mode=True, max_num_faces=1,
                                             refine_landmarks=True) if face_mesh else None)
        # Video-mode Pose graphs are kept for reuse: each holds ~100 MB once it has run.
        self._spare_poses: list = []
        self._all_poses: list = []
        self._slots: list[_Slot] = []
        self._since_search = 0
        # A second thread for a second person's Pose in the same frame (see _run_poses).
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="pose") if threads > 1 else None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        for solution in [self._search_pose, self._faces, self._mesh, *self._all_poses]:
            if solution is not None:
                solution.close()

    def reset(self) -> None:
        """Forget the people followed so far (call before a jump in the video)."""
        for slot in self._slots:
            self._release(slot)
        self._slots = []
        self._since_search = 0

    def _release(self, slot: _Slot) -> None:
        if slot.pose_solution is not None:
            self._spare_poses.append(slot.pose_solution)
            slot.pose_solution = None

    def _pose_for(self, slot: _Slot):
        if slot.pose_solution is None:
            if self._spare_poses:
                # A reused graph remembers its last person's landmarks; on a new crop its
                # own low-confidence check makes it detect afresh.
                slot.pose_solution = self._spare_poses.pop()
            else:
                slot.pose_solution = self._sol.pose.Pose(static_image_mode=False,
                                                         model_complexity=1)
                self._all_poses.append(slot.pose_solution)
        return slot.pose_solution

    # -- the per-frame entry points ------------------------------------------------------
    # One frame goes through three stages: ``prepare`` (scale, colour, faces: no state kept),
    # ``follow`` (the slots and their Pose graphs: in frame order, one thread) and ``finish``
    # (face mesh, clothes, back to the caller's pixels: no state kept). Each stage uses only
    # its own graphs, so :func:`analysis.span.analyse_span` runs the three in three threads
    # (mediapipe lets go of the GIL while a graph runs) and a clip analysed by one process
    # still uses two cores, with exactly the results of ``detect``.
    def detect(self, frame_bgr: np.ndarray) -> list[PersonObservation]:
        prepared = self.prepare(frame_bgr)
        return self.finish(prepared, self.follow(prepared))

    def prepare(self, frame_bgr: np.ndarray) -> Prepared:
        cv2 = self._cv2
        h0, w0 = frame_bgr.shape[:2]
        scale = min(1.0, self.analysis_size / max(h0, w0))
        small = (cv2.resize(frame_bgr, (round(w0 * scale), round(h0 * scale)),
                            interpolation=cv2.INTER_AREA) if scale < 1 else frame_bgr)
        rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)  # an exact swap, ~6x faster than a numpy copy
        faces, heads = self._detect_faces(rgb)
        return Prepared(rgb, scale, faces, heads)

    def follow(self, prepared: Prepared) -> list[PersonObservation]:
        rgb = prepared.rgb
        followed = len(self._slots)
        people = self._follow(rgb, prepared.faces, prepared.heads)
        self._since_search += 1
        lost = len(people) < followed  # someone followed until now was not found
        if len(people) < self.want_people and (not people or lost or
                                               self._since_search >= self.search_every):
            people.extend(self._search(rgb, people))
            self._since_search = 0
        return people

    def finish(self, prepared: Prepared, people: list[PersonObservation]
               ) -> list[PersonObservation]:
        for person in people:
            self._add_face(prepared.rgb, person)
            person.appearance = appearance(prepared.rgb, person, self._cv2)
            rescale(person, 1.0 / prepared.scale)
        return people

    # -- finding people ---------------------------------------------------------------------
    def _detect_faces(self, rgb: np.ndarray
                      ) -> tuple[list[tuple[np.ndarray, float]], dict[int, np.ndarray]]:
        h, w = rgb.shape[:2]
        result = self._faces.process(rgb)
        faces: list[tuple[np.ndarray, float]] = []
        heads: dict[int, np.ndarray] = {}
        for detection in result.detections or []:
            rel = detection.location_data.relative_bounding_box
            box = np.array([rel.xmin * w, rel.ymin * h, (rel.xmin + rel.width) * w,
                            (rel.ymin + rel.height) * h], dtype=np.float32)
            if box[2] - box[0] < 8:
                continue
            box = np.clip(box, 0, [w, h, w, h]).astype(np.float32)
            if any(iou(box, other) > 0.4 for other, _s in faces):
                continue
            points = np.array([[k.x * w, k.y * h] for k in
                               detection.location_data.relative_keypoints], dtype=np.float32)
            head = head_from_face_keypoints(points)
            if head is not None:
                heads[id(box)] = head
            faces.append((box, float(detection.score[0])))
        return faces, heads

    def _pose_on(self, solution, rgb: np.ndarray, region: tuple[int, int, int, int],
                 hide: list[np.ndarray]) -> PersonObservation | None:
        x0, y0, x1, y1 = region
        if x1 - x0 < 16 or y1 - y0 < 16:
            return None
        crop = rgb[y0:y1, x0:x1]
        if hide:
            crop = crop.copy()
            for box in hide:
                bx0, by0 = int(max(0, box[0] - x0)), int(max(0, box[1] - y0))
                bx1, by1 = int(min(x1 - x0, box[2] - x0)), int(min(y1 - y0, box[3] - y0))
                if bx1 > bx0 and by1 > by0:
                    crop[by0:by1, bx0:bx1] = 128
        result = solution.process(np.ascontiguousarray(crop))
        if result.pose_landmarks is None:
            return None
        pose = _pose_array(result.pose_landmarks, x0, y0, x1 - x0, y1 - y0)
        body = box_of_pose(pose)
        if body is None:
            return None
        return PersonObservation(box=body, score=float(np.mean(pose[:, 3])), pose=pose)

    def _follow(self, rgb: np.ndarray, faces: list[tuple[np.ndarray, float]],
                heads: dict[int, np.ndarray]) -> list[PersonObservation]:
        h, w = rgb.shape[:2]
        # Each face goes to the slot whose last face (or body) it is nearest to.
        claims: dict[int, int] = {}
        pairs = []
        for si, slot in enumerate(self._slots):
            for fi, (face, _score) in enumerate(faces):
                fc = centre(face)
                if slot.face_box is not None:
                    size = max(slot.face_box[2] - slot.face_box[0], 1.0)
                    d = float(np.linalg.norm(fc - centre(slot.face_box))) / size
                    if d <= 1.5:
                        pairs.append((d, si, fi))
                elif inside(fc, slot.box):
                    pairs.append((1.4, si, fi))
        for _d, si, fi in sorted(pairs):
            if si not in claims and fi not in claims.values():
                claims[si] = fi
        # Unclaimed faces open new slots (most confident first).
        free = sorted((fi for fi in range(len(faces)) if fi not in claims.values()),
                      key=lambda fi: -faces[fi][1])
        for fi in free:
            if len(self._slots) >= self.max_people:
                break
            face = faces[fi][0]
            self._slots.append(_Slot(box=body_guess(face, w, h), face_box=face,
                                     pose_age=self.pose_every))
            claims[len(self._slots) - 1] = fi
        # Which slots run Pose this frame, on which crop: decided for all slots first, so that
        # their Pose graphs can run side by side (each slot's graph sees the same crops in the
        # same order either way).
        all_faces = [f for f, _s in faces]
        plans: list[tuple[np.ndarray | None, bool, tuple[int, int, int, int], list]] = []
        ran = 0  # Pose runs this frame: staggered over the people, one or two per frame
        for si, slot in enumerate(self._slots):
            face = faces[claims[si]][0] if si in claims else None
            waiting = slot.pose_age + 1 < self.pose_every or (ran and slot.pose_age < self.pose_every)
            if face is not None and slot.face_box is not None and waiting:
                plans.append((face, False, (0, 0, 0, 0), []))
                continue
            ran += 1
            region_box = slot.box if face is None else union(slot.box, body_guess(face, w, h))
            others = [f for k, f in enumerate(all_faces) if claims.get(si) != k]
            plans.append((face, True, expand(region_box, 1.3, w, h), others))
        poses = self._run_poses(rgb, plans)
        people: list[PersonObservation] = []
        faced: list[bool] = []
        keep: list[_Slot] = []
        for si, (slot, (face, runs, region, others)) in enumerate(zip(self._slots, plans, strict=True)):
            if not runs:
                # Between Pose runs: the body moves with the face.
                slot.pose_age += 1
                shift = centre(face) - centre(slot.face_box)
                slot.box = slot.box + np.concatenate([shift, shift])
                slot.face_box = face
                slot.misses = 0
                keep.append(slot)
                between = PersonObservation(box=slot.box.copy(), face_box=face,
                                            score=faces[claims[si]][1])
                _give_head(between, face, heads)
                people.append(between)
                faced.append(True)
                continue
            slot.pose_age = 0
            person = (poses[si] if si in poses
                      else self._pose_on(self._pose_for(slot), rgb, region, others))
            if person is not None and face is not None:
                nose = person.pose[0]
                if not inside(nose[:2], face, margin=0.6):
                    person = None  # the pose is on someone else; keep the face alone
            elif person is not None and any(inside(person.pose[0, :2], f) for f in others):
                person = None
            if person is None and face is not None:
                person = PersonObservation(box=body_guess(face, w, h), score=faces[claims[si]][1])
            if person is None:
                slot.misses += 1
                if slot.misses >= _CLOSE_AFTER:
                    self._release(slot)
                else:
                    keep.append(slot)
                continue
            if face is not None:
                person.face_box = face
                _give_head(person, face, heads)
            slot.misses = 0
            slot.box = person.box.copy()
            slot.face_box = face if face is not None else face_box_from_pose(person.pose)
            keep.append(slot)
            people.append(person)
            faced.append(face is not None)
        self._slots = keep
        return dedupe(people, faced)

    def _run_poses(self, rgb: np.ndarray, plans: list) -> dict[int, PersonObservation | None]:
        """Pose for the slots that run it this frame, two at a time when there are two.

        Only slots that already hold a graph run ahead: a slot that needs one takes a spare,
        and a spare may be freed by an earlier slot further on in this frame, so those run in
        order in :meth:`_follow` as before. The results are the same as one after the other.
        """
        runs = [si for si, plan in enumerate(plans) if plan[1]]
        if (self._pool is None or len(runs) < 2
                or any(self._slots[si].pose_solution is None for si in runs)):
            return {}
        jobs = {si: self._pool.submit(self._pose_on, self._slots[si].pose_solution, rgb,
                                      plans[si][2], plans[si][3]) for si in runs[1:]}
        first = runs[0]
        done = {first: self._pose_on(self._slots[first].pose_solution, rgb, plans[first][2],
                                     plans[first][3])}
        done.update({si: job.result() for si, job in jobs.items()})
        return done

    def _search(self, rgb: np.ndarray, found: list[PersonObservation]
                ) -> list[PersonObservation]:
        """Full-frame Pose with the people already known greyed out: someone whose face the
        detector missed (turned away, seen from behind)."""
        h, w = rgb.shape[:2]
        work = rgb.copy()
        for person in found:
            x0, y0, x1, y1 = expand(person.box, 1.0, w, h)
            work[y0:y1, x0:x1] = 128
        extra: list[PersonObservation] = []
        for _pass in range(self.max_people - len(found)):
            person = self._pose_on(self._search_pose, work, (0, 0, w, h), [])
            if person is None:
                break
            x0, y0, x1, y1 = expand(person.box, 1.0, w, h)
            work[y0:y1, x0:x1] = 128
            if any(covered(person.box, other.box) for other in found + extra):
                continue
            extra.append(person)
            self._slots.append(_Slot(box=person.box.copy(),
                                     face_box=face_box_from_pose(person.pose)))
        return extra

    # -- faces ------------------------------------------------------------------------------
    def _add_face(self, rgb: np.ndarray, person: PersonObservation) -> None:
        h, w = rgb.shape[:2]
        if person.face_box is None and person.pose is not None:
            person.face_box = face_box_from_pose(person.pose)
        if person.face_box is not None and self._mesh is not None:
            x0, y0, x1, y1 = expand(person.face_box, 1.8, w, h, square=True)
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


def _give_head(person: PersonObservation, face: np.ndarray,
               heads: dict[int, np.ndarray]) -> None:
    """The face detector's rough head turn (``heads``: by id of the face box, from
    :meth:`MediapipeBackend.prepare`), until the face mesh gives a better one."""
    head = heads.get(id(face))
    if head is not None:
        person.head, person.head_confidence = head.copy(), 0.5


def head_from_face_keypoints(points: np.ndarray) -> np.ndarray | None:
    """A rough yaw from the face detector's six keypoints (eyes, nose tip, mouth, ears):
    where the nose sits between the ears, as for Pose. None when the ears are too close."""
    if points.shape != (6, 2):
        return None
    nose, right_ear, left_ear = points[2], points[4], points[5]
    span = abs(float(left_ear[0] - right_ear[0]))
    if span < 4:
        return None
    mid = (left_ear[0] + right_ear[0]) / 2
    yaw = float(np.degrees(np.arcsin(np.clip(2 * (nose[0] - mid) / span, -1, 1))))
    return np.array([yaw, 0.0, 0.0], dtype=np.float32)


assert N_POSE == 33
