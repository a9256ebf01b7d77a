"""The listening result of a stored recording, kept beside its analysis results.

One ``.npz`` in the media store registered as ``Derivative(kind="analysis", name="audio")``
through :func:`vfeedback.derivatives.put_derivative` (the same mechanism as the landmarks): the
waveform envelope as two arrays, and the rest (segments, turns, summary, notes) as JSON in a
``meta`` entry. Loading gives back an :class:`~analysis.audio.listen.AudioResult` with what the
timeline and the visit summary need; cue tracks and moments live in the suggestions table.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from typing import Any

import numpy as np
from sqlalchemy import select

from vfeedback.derivatives import put_derivative
from vfeedback.errors import MediaError
from vfeedback.i18n import _
from vfeedback.models import Derivative

from .lanes import Envelope
from .listen import AudioResult
from .speakers import VoiceSegment
from .turns import Turn, TurnTaking

DERIVATIVE_KIND = "analysis"
DERIVATIVE_NAME = "audio"
FORMAT_VERSION = 1


def _meta(audio: AudioResult) -> dict[str, Any]:
    return {"version": FORMAT_VERSION, **audio.to_json(), "has_audio": audio.has_audio,
            "duration_s": audio.duration_s, "summary": audio.summary, "notes": audio.notes,
            "used_faces": audio.used_faces, "seconds": audio.seconds,
            # Which segments are a voice heard under another's (older files: none).
            "overlap": [i for i, s in enumerate(audio.segments) if s.overlap],
            "envelope_rate": audio.envelope.rate if audio.envelope is not None else 0.0}


def save_audio(app, recording_id: int, audio: AudioResult) -> None:  # noqa: ANN001
    """Write the listening result into the store and (re)register it for the recording."""
    env = audio.envelope
    empty = np.zeros(0, np.float32)
    with app.store.writer(suffix=".npz") as writer, open(writer.path, "wb") as fh:
        np.savez_compressed(fh, low=env.low if env is not None else empty,
                            high=env.high if env is not None else empty,
                            meta=np.array(json.dumps(_meta(audio))))
    with app.db.session() as session:
        put_derivative(session, app.store, recording_id, DERIVATIVE_KIND, DERIVATIVE_NAME,
                       writer.key, {"has_audio": audio.has_audio,
                                    "segments": len(audio.segments)})


def _from_meta(meta: dict[str, Any], low: np.ndarray, high: np.ndarray) -> AudioResult:
    segments = [VoiceSegment(str(s["who"]), str(s["kind"]), float(s["start"]),
                             float(s["end"]), float(s["confidence"]))
                for s in meta["segments"]]
    for i in meta.get("overlap", []):
        segments[int(i)].overlap = True
    turns = [Turn(str(t["from"]), str(t["to"]), float(t["at"]), float("nan"), float("nan"))
             for t in meta["turns"]]
    rate = float(meta.get("envelope_rate", 0.0))
    return AudioResult(duration_s=float(meta["duration_s"]), has_audio=bool(meta["has_audio"]),
                       segments=segments, taking=TurnTaking(turns=turns),
                       summary=dict(meta["summary"]), notes=[str(n) for n in meta["notes"]],
                       used_faces=bool(meta.get("used_faces", False)),
                       seconds={str(k): float(v) for k, v in meta.get("seconds", {}).items()},
                       envelope=Envelope(rate, low, high) if rate else None)


def load_audio(app, recording_id: int) -> AudioResult | None:  # noqa: ANN001
    """The stored listening result for a recording, or None when it was not listened to."""
    with app.db.session() as session:
        row = session.scalars(select(Derivative).where(
            Derivative.recording_id == recording_id, Derivative.kind == DERIVATIVE_KIND,
            Derivative.name == DERIVATIVE_NAME)).first()
        if row is None:
            return None
        key = row.store_key
    damaged = _("The listening results are damaged ({why}); analyse the recording again")
    try:
        with app.store.media_path(key) as path, np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            low, high = data["low"], data["high"]
        if not isinstance(meta, dict) or meta.get("version") != FORMAT_VERSION:
            raise ValueError("another version")
        return _from_meta(meta, low, high)
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile,
            zlib.error) as exc:
        raise MediaError(damaged.format(why=exc)) from exc
