"""Finished spans of an analysis on disk, in a data-only format, so a killed job resumes.

A span's frames and the people seen in them are flattened into plain numeric arrays in one
``.npz`` (read with ``allow_pickle=False``) plus its problems as JSON text. Nothing in such a
file can run code when it is read, unlike a pickle: the folder lives in the user's home, where
another program could plant a file. A file that does not parse is treated as not there (the
span is analysed again), never trusted.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vfeedback.fileio import atomic_output

from .backend import N_FACE, N_POSE, PersonObservation
from .mediapipe_backend import N_APPEARANCE

FORMAT = "vfeedback-analysis-span-2"


@dataclass
class FrameRecord:
    index: int
    time_s: float
    people: list[PersonObservation]
    shape: tuple[int, int]
    brightness: float = 128.0  # mean grey level 0..255 (to say "too dark")
    sharpness: float = 100.0  # variance of the Laplacian (to say "too blurred")


def _nan(shape: tuple[int, ...]) -> np.ndarray:
    return np.full(shape, np.nan, dtype=np.float32)


def records_to_arrays(records: list[FrameRecord], problems: list[str]) -> dict[str, np.ndarray]:
    """Flatten frames and their people into arrays (NaN where a part was not seen)."""
    people = [(r, p) for r, rec in enumerate(records) for p in rec.people]
    k = len(people)
    arrays = {
        "format": np.array(FORMAT), "problems": np.array(json.dumps(problems)),
        "frame_index": np.array([r.index for r in records], dtype=np.int64),
        "time_s": np.array([r.time_s for r in records], dtype=np.float64),
        "shape": np.array([r.shape for r in records], dtype=np.int64).reshape(-1, 2),
        "quality": np.array([(r.brightness, r.sharpness) for r in records],
                            dtype=np.float32).reshape(-1, 2),
        "owner": np.array([r for r, _p in people], dtype=np.int64),
        "box": _nan((k, 4)), "score": np.zeros(k, dtype=np.float32),
        "pose": _nan((k, N_POSE, 4)), "face": _nan((k, N_FACE, 3)), "face_box": _nan((k, 4)),
        "head": _nan((k, 3)), "head_confidence": np.zeros(k, dtype=np.float32),
        "appearance": _nan((k, N_APPEARANCE)),
    }
    for i, (_r, p) in enumerate(people):
        arrays["box"][i] = p.box
        arrays["score"][i] = p.score
        arrays["head_confidence"][i] = p.head_confidence
        for name in ("pose", "face", "face_box", "head", "appearance"):
            value = getattr(p, name)
            if value is not None:
                arrays[name][i] = value
    return arrays


def arrays_to_records(data) -> tuple[list[FrameRecord], list[str]]:
    """The inverse of :func:`records_to_arrays`; raises ValueError on anything malformed."""
    if str(data["format"]) != FORMAT:
        raise ValueError("not a span file of this version")
    frame_index, time_s, shape = data["frame_index"], data["time_s"], data["shape"]
    owner, quality = data["owner"], data["quality"]
    n = len(frame_index)
    if (len(time_s) != n or shape.shape != (n, 2) or quality.shape != (n, 2)
            or (len(owner) and (owner.max() >= n or owner.min() < 0))):
        raise ValueError("inconsistent span file")
    records = [FrameRecord(int(frame_index[i]), float(time_s[i]), [],
                           (int(shape[i, 0]), int(shape[i, 1])),
                           float(quality[i, 0]), float(quality[i, 1])) for i in range(n)]
    fields = {name: data[name] for name in ("box", "score", "pose", "face", "face_box",
                                            "head", "head_confidence", "appearance")}
    expected = {"box": (4,), "pose": (N_POSE, 4), "face": (N_FACE, 3), "face_box": (4,),
                "head": (3,), "appearance": (N_APPEARANCE,)}
    for name, tail in expected.items():
        if fields[name].shape != (len(owner), *tail):
            raise ValueError(f"bad {name} array")

    def maybe(name: str, i: int) -> np.ndarray | None:
        value = fields[name][i]
        return None if np.isnan(value).all() else value.astype(np.float32)

    for i, r in enumerate(owner):
        records[int(r)].people.append(PersonObservation(
            box=fields["box"][i].astype(np.float32), score=float(fields["score"][i]),
            pose=maybe("pose", i), face=maybe("face", i), face_box=maybe("face_box", i),
            head=maybe("head", i), head_confidence=float(fields["head_confidence"][i]),
            appearance=maybe("appearance", i)))
    problems = json.loads(str(data["problems"]))
    if not isinstance(problems, list):
        raise ValueError("bad problems")
    return records, [str(p) for p in problems]


def save_span(path: Path, records: list[FrameRecord], problems: list[str]) -> None:
    with atomic_output(path) as tmp, open(tmp, "wb") as fh:
        np.savez_compressed(fh, **records_to_arrays(records, problems))


def load_span(path: Path) -> tuple[list[FrameRecord], list[str]] | None:
    """A saved span, or None when the file is missing or is not a valid span file."""
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return arrays_to_records(data)
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError,
            zipfile.BadZipFile, json.JSONDecodeError):
        return None
