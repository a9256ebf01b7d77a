"""What the timeline shows, read through the services (no widgets; callable from workers).

Annotations come from :mod:`services.annotations` (the recording's one editor), suggestions
from :mod:`services.suggestions`, cue tracks from :mod:`services.analysis` when the recording
has been analysed. Each source is optional: a missing layer means an empty row.
"""

from __future__ import annotations

import math
import sys

import numpy as np

from services import analysis as analysis_service
from services import annotations as annotation_service
from services import suggestions as suggestion_service

from .timeline_model import CueTrack, SuggestionBand, VoiceBlock, Waveform


def annotations(app, state, recording_id: int) -> list:  # noqa: ANN001
    return annotation_service.annotations(app, getattr(state, "actor", None), recording_id)


def suggestions(app, recording_id: int, actor: str | None = None  # noqa: ANN001
                ) -> list[SuggestionBand]:
    return [SuggestionBand(s.id, s.start_ms, s.end_ms, s.kind, s.status)
            for s in suggestion_service.list_suggestions(app, actor, recording_id)]


def _scaled(values) -> list[float]:  # noqa: ANN001
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not finite:
        return [math.nan] * len(values)
    lo, hi = min(finite), max(finite)
    span = (hi - lo) or 1.0
    return [(float(v) - lo) / span if v is not None and math.isfinite(float(v)) else math.nan
            for v in values]


def cue_tracks(app, recording_id: int, actor: str | None = None) -> list[CueTrack]:  # noqa: ANN001
    """Cue plots (distance, gaze, mutual gaze…) if the recording has analysis results."""
    try:
        return [CueTrack(track.name.replace("_", " "), [float(t) * 1000 for t in track.times],
                         _scaled(list(track.values)))
                for track in analysis_service.cue_tracks(app, actor, recording_id)]
    except Exception as exc:  # noqa: BLE001 - a cue problem must not stop the timeline
        print(f"cue tracks unavailable: {exc}", file=sys.stderr)
        return []


def sound_lanes(app, recording_id: int, actor: str | None = None  # noqa: ANN001
                ) -> tuple[Waveform | None, list[VoiceBlock]]:
    """The waveform and the voice blocks, if the recording's sound has been analysed."""
    try:
        envelope, blocks, _notes = analysis_service.sound_lanes(app, actor, recording_id)
    except Exception as exc:  # noqa: BLE001 - a sound problem must not stop the timeline
        print(f"sound lanes unavailable: {exc}", file=sys.stderr)
        return None, []
    wave = None
    if envelope is not None and len(envelope.low):
        # Scaled to the recording's loudest moment and square-rooted: home recordings are
        # quiet with a few loud peaks, and the lane is for seeing where the sound is, not
        # how loud it is in absolute terms.
        peak = max(float(envelope.high.max()), float(-envelope.low.min()), 1e-3)
        wave = Waveform(envelope.rate, -np.sqrt(-envelope.low / peak),
                        np.sqrt(envelope.high / peak))
    return wave, [VoiceBlock(b.row, int(b.start * 1000), int(b.end * 1000), b.label, b.kind,
                             b.opacity) for b in blocks]
