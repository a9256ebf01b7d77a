"""Per-recording analysis results: compact numpy arrays in one ``.npz`` in the media store.

One :class:`AnalysisResult` holds, for F analysed frames and P tracked people, the frame times
and per person the body keypoints (33 x (x, y, z, visibility)), the kept face landmarks with
the irises, head yaw/pitch/roll and boxes, NaN where a person was not seen. It is written once
through ``store.writer(suffix=".npz")`` and registered as a ``Derivative(kind="analysis")``;
no database row per landmark. The adult/child labels live in the derivative's params so that
the clinician can swap them without rewriting the arrays.
"""

from __future__ import annotations

import json
import os
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select

from vfeedback.derivatives import put_derivative
from vfeedback.errors import MediaError
from vfeedback.i18n import _
from vfeedback.models import Derivative

from .backend import N_FACE, N_POSE

FORMAT_VERSION = 1
_ARRAYS = ("times", "frame_index", "person_ids", "pose", "face", "head", "head_confidence",
           "boxes", "face_boxes")
DERIVATIVE_KIND = "analysis"
DERIVATIVE_NAME = "landmarks"


@dataclass
class AnalysisResult:
    times: np.ndarray  # (F,) seconds
    frame_index: np.ndarray  # (F,) source frame numbers
    person_ids: np.ndarray  # (P,)
    labels: list[str]  # (P,) adult | child
    pose: np.ndarray  # (F, P, 33, 4)
    face: np.ndarray  # (F, P, N_FACE, 3)
    head: np.ndarray  # (F, P, 3) yaw, pitch, roll (degrees)
    head_confidence: np.ndarray  # (F, P)
    boxes: np.ndarray  # (F, P, 4)
    face_boxes: np.ndarray  # (F, P, 4)
    width: int = 0
    height: int = 0
    fps: float = 0.0
    stride: int = 1
    backend: str = ""
    notes: list[str] = field(default_factory=list)
    label_confidence: list[float] = field(default_factory=list)  # (P,) 0.5..1
    detections: dict[str, int] = field(default_factory=dict)  # people found / kept
    # Ids of the people seen only in part (analysis.partial: a hand at the picture's edge,
    # never the face or body): boxes only, to be checked by the clinician.
    in_part: list[int] = field(default_factory=list)
    # The listening result (analysis.audio.listen.AudioResult) when the sound was analysed
    # too; stored apart (analysis.audio.store), never in this file's arrays.
    audio: Any = None

    @property
    def n_frames(self) -> int:
        return len(self.times)

    @property
    def n_people(self) -> int:
        return len(self.person_ids)

    def seen(self) -> np.ndarray:
        """(F, P) whether each person was seen in each analysed frame."""
        return ~np.isnan(self.boxes[..., 0])

    def frames_seen(self) -> dict[int, int]:
        counts = self.seen().sum(axis=0)
        return {int(pid): int(n) for pid, n in zip(self.person_ids, counts, strict=True)}

    def index_of(self, label: str) -> int | None:
        """The most-seen person with this label (cues compare one adult with one child)."""
        counts = self.seen().sum(axis=0)
        best = [(counts[i], -i) for i, lab in enumerate(self.labels) if lab == label]
        return -max(best)[1] if best else None

    def confidence_of(self, p: int) -> float:
        return float(self.label_confidence[p]) if p < len(self.label_confidence) else 0.5

    def people_summary(self, boxes: bool = False) -> list[dict[str, Any]]:
        """One entry per person: ``id``, ``label``, ``label_confidence``, ``frames_seen``,
        ``seen_in_part`` (true: only a hand at the picture's edge was seen) and, with
        ``boxes``, ``[t_seconds, x0, y0, x1, y1]`` per analysed frame in which they are seen,
        the coordinates as fractions (0..1) of the picture's width and height."""
        seen = self.seen()
        out = []
        for p, (pid, lab) in enumerate(zip(self.person_ids, self.labels, strict=True)):
            entry: dict[str, Any] = {"id": int(pid), "label": lab,
                                     "label_confidence": round(self.confidence_of(p), 3),
                                     "frames_seen": int(seen[:, p].sum()),
                                     "seen_in_part": int(pid) in self.in_part}
            if boxes:
                w, h = max(self.width, 1), max(self.height, 1)
                rows = []
                for f in np.flatnonzero(seen[:, p]):
                    x0, y0, x1, y1 = (float(v) for v in self.boxes[f, p])
                    rows.append([round(float(self.times[f]), 3),
                                 *(round(min(1.0, max(0.0, v)), 4)
                                   for v in (x0 / w, y0 / h, x1 / w, y1 / h))])
                entry["boxes"] = rows
            out.append(entry)
        return out

    # -- file format ----------------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        return {"version": FORMAT_VERSION, "labels": self.labels, "width": self.width,
                "height": self.height, "fps": self.fps, "stride": self.stride,
                "backend": self.backend, "notes": self.notes,
                "label_confidence": self.label_confidence, "detections": self.detections,
                "in_part": self.in_part}

    def save(self, path: str | os.PathLike[str]) -> None:
        with open(path, "wb") as fh:
            np.savez_compressed(
                fh, times=self.times, frame_index=self.frame_index, person_ids=self.person_ids,
                pose=self.pose, face=self.face, head=self.head,
                head_confidence=self.head_confidence, boxes=self.boxes,
                face_boxes=self.face_boxes, meta=np.array(json.dumps(self.meta())))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> AnalysisResult:
        """Read a results file; any damage (truncated, altered, not ours) is a MediaError
        that says to analyse again, never a traceback."""
        damaged = _("The analysis results are damaged ({why}); analyse the recording again")
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                arrays = {k: data[k] for k in _ARRAYS}
        except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile,
                zlib.error) as exc:
            raise MediaError(damaged.format(why=exc)) from exc
        if not isinstance(meta, dict) or meta.get("version") != FORMAT_VERSION:
            raise MediaError(_("The analysis results were made by another version; "
                               "analyse the recording again"))
        try:
            result = cls(labels=[str(x) for x in meta["labels"]], width=int(meta["width"]),
                         height=int(meta["height"]), fps=float(meta["fps"]),
                         stride=int(meta["stride"]), backend=str(meta["backend"]),
                         notes=[str(x) for x in meta["notes"]],
                         label_confidence=[float(x) for x in meta.get("label_confidence", [])],
                         detections={str(k): int(v)
                                     for k, v in dict(meta.get("detections", {})).items()},
                         in_part=[int(x) for x in meta.get("in_part", [])],
                         **arrays)
            result.check()
        except (KeyError, TypeError, ValueError) as exc:
            raise MediaError(damaged.format(why=exc)) from exc
        return result

    def check(self) -> None:
        """ValueError unless every array has the shape the frame and people counts imply."""
        f, p = len(self.times), len(self.person_ids)
        shapes = {"frame_index": (f,), "pose": (f, p, N_POSE, 4), "face": (f, p, N_FACE, 3),
                  "head": (f, p, 3), "head_confidence": (f, p), "boxes": (f, p, 4),
                  "face_boxes": (f, p, 4)}
        for name, shape in shapes.items():
            if getattr(self, name).shape != shape:
                raise ValueError(f"{name} has shape {getattr(self, name).shape}, not {shape}")
        if len(self.labels) != p:
            raise ValueError("one label per person expected")

    @classmethod
    def empty(cls, n_frames: int, n_people: int) -> AnalysisResult:
        nan = np.float32(np.nan)
        return cls(
            times=np.zeros(n_frames), frame_index=np.zeros(n_frames, dtype=np.int64),
            person_ids=np.zeros(n_people, dtype=np.int64), labels=["adult"] * n_people,
            pose=np.full((n_frames, n_people, N_POSE, 4), nan, dtype=np.float32),
            face=np.full((n_frames, n_people, N_FACE, 3), nan, dtype=np.float32),
            head=np.full((n_frames, n_people, 3), nan, dtype=np.float32),
            head_confidence=np.zeros((n_frames, n_people), dtype=np.float32),
            boxes=np.full((n_frames, n_people, 4), nan, dtype=np.float32),
            face_boxes=np.full((n_frames, n_people, 4), nan, dtype=np.float32))


# -- in the store -------------------------------------------------------------------------
def _derivative(session, recording_id: int) -> Derivative | None:
    return session.scalars(select(Derivative).where(
        Derivative.recording_id == recording_id, Derivative.kind == DERIVATIVE_KIND,
        Derivative.name == DERIVATIVE_NAME)).first()


def save_results(app, recording_id: int, result: AnalysisResult,
                 params: dict[str, Any]) -> Derivative:
    """Write the arrays into the store and (re)register them for the recording."""
    with app.store.writer(suffix=".npz") as writer:
        result.save(writer.path)
    labels = {str(int(pid)): lab for pid, lab in zip(result.person_ids, result.labels,
                                                     strict=True)}
    with app.db.session() as session:
        row = put_derivative(session, app.store, recording_id, DERIVATIVE_KIND, DERIVATIVE_NAME,
                             writer.key, {**params, "labels": labels})
        session.expunge(row)
    return row


def load_results(app, recording_id: int) -> AnalysisResult | None:
    """The stored results for a recording with the user's label choices, or None."""
    with app.db.session() as session:
        row = _derivative(session, recording_id)
        if row is None:
            return None
        key, labels = row.store_key, dict(row.params.get("labels", {}))
    try:
        with app.store.media_path(key) as path:
            result = AnalysisResult.load(path)
    except (OSError, ValueError) as exc:  # the store's own checks (missing, checksum)
        raise MediaError(_("The analysis results cannot be read ({why}); analyse the "
                           "recording again").format(why=exc)) from exc
    result.labels = [labels.get(str(int(pid)), lab)
                     for pid, lab in zip(result.person_ids, result.labels, strict=True)]
    return result


def swap_labels(app, recording_id: int, person_ids: list[int] | None = None) -> dict[int, str]:
    """Swap adult and child for these people (all when None); returns the new labels."""
    from .roles import swap

    with app.db.session() as session:
        row = _derivative(session, recording_id)
        if row is None:
            raise MediaError(_("Recording {id} has not been analysed").format(id=recording_id))
        labels = {int(k): v for k, v in row.params.get("labels", {}).items()}
        labels = swap(labels, person_ids)
        row.params = {**row.params, "labels": {str(k): v for k, v in labels.items()}}
    return labels


def interpolate(result: AnalysisResult, time_s: float) -> dict[int, dict[str, np.ndarray]]:
    """Each person's arrays at ``time_s``, linear between the two analysed frames around it.

    A person is given only if seen in both neighbours (or in the nearest one when ``time_s``
    is within half a frame gap of it), so that the overlay does not drift across gaps.
    """
    times = result.times
    if len(times) == 0:
        return {}
    hi = int(np.searchsorted(times, time_s))
    lo = max(0, hi - 1)
    hi = min(hi, len(times) - 1)
    span = times[hi] - times[lo]
    w = 0.0 if span <= 0 else float(np.clip((time_s - times[lo]) / span, 0, 1))
    step = float(np.median(np.diff(times))) if len(times) > 1 else 1.0
    out: dict[int, dict[str, np.ndarray]] = {}
    seen = result.seen()
    fields = ("pose", "face", "head", "boxes", "face_boxes")
    for p, pid in enumerate(result.person_ids):
        a, b = seen[lo, p], seen[hi, p]
        if a and b and 0 < span <= 3 * step and times[lo] <= time_s <= times[hi]:
            out[int(pid)] = {f: (1 - w) * getattr(result, f)[lo, p] + w * getattr(result, f)[hi, p]
                             for f in fields}
        else:
            near = lo if abs(time_s - times[lo]) <= abs(time_s - times[hi]) else hi
            if seen[near, p] and abs(time_s - times[near]) <= step:
                out[int(pid)] = {f: getattr(result, f)[near, p].copy() for f in fields}
    return out
