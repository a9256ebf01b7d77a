"""The listening analysis of one recording: sound -> voices -> turns -> cues and moments.

:func:`analyse_audio` is the one entry point (the CLI's ``listen`` and, later, the analysis
job call it). It reports progress and can be cancelled like every long job. A recording with
no audio track is analysed too: the result says so (``has_audio`` false and a note) and is
empty, without an error.
"""

from __future__ import annotations

import os
import time
from concurrent import futures
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from vfeedback.i18n import _
from vfeedback.media.audio import read_audio
from vfeedback.media.probe import probe
from vfeedback.progress import CancelToken, ProgressFn, report, scaled

from ..cues import CueTrack
from .features import HOP, RATE, WIN, Features, compute_features, high_band_db
from .lanes import Envelope, LaneBlock, voice_lane, waveform_envelope
from .mouth import mouth_tracks
from .overlap import with_overlaps
from .speakers import VoiceSegment, classify
from .turns import (
    AudioMoment,
    TurnTaking,
    cue_tracks,
    find_moments,
    find_turns,
    visit_summary,
)
from .vad import detect_activity

BLOCK_S = 60.0  # features are computed a minute at a time, so cancel answers quickly
# Energy above 4.5 kHz against the voice band: full-band recordings measured -35..-3 dB (the
# 28 coded dyad clips), sound through an 8 kHz codec about -70 dB.
BAND_LIMITED_DB = -45.0


@dataclass
class AudioResult:
    duration_s: float
    has_audio: bool
    segments: list[VoiceSegment] = field(default_factory=list)
    taking: TurnTaking = field(default_factory=TurnTaking)
    cues: list[CueTrack] = field(default_factory=list)
    moments: list[AudioMoment] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    used_faces: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # time spent per step
    envelope: Envelope | None = None  # the waveform lane (None without sound)

    def voice_lane(self) -> list[LaneBlock]:
        """The timeline's voice lane: a block per segment on the adult's or child's row."""
        return voice_lane(self.segments)

    def to_json(self) -> dict[str, Any]:
        """The ``audio`` object of ``vfeedback analyse --json`` (times in seconds)."""
        return {"segments": [s.to_json() for s in self.segments],
                "turns": [t.to_json() for t in self.taking.turns]}

    def report_json(self) -> dict[str, Any]:
        """Everything: the contract above plus cues, suggestions, summary and notes."""
        return {"audio": {**self.to_json(), "has_audio": self.has_audio,
                          "duration_s": round(self.duration_s, 3),
                          "summary": self.summary, "used_faces": self.used_faces,
                          "notes": self.notes},
                "cues": [c.to_json() for c in self.cues],
                "suggestions": [m.to_json() for m in self.moments]}


def analyse_samples(samples: np.ndarray, *, face_tracks: Any = None,
                    progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None) -> AudioResult:
    """The analysis of 16 kHz mono int16 samples (a decoded recording)."""
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    duration = len(samples) / RATE
    block = int(BLOCK_S * RATE)
    parts: list[Features] = []
    # Blocks overlap by one window so that the frames line up exactly with one long pass.
    starts = range(0, max(len(samples) - WIN + 1, 1), block)
    for i, s in enumerate(starts):
        if cancel is not None:
            cancel.check()
        chunk = samples[s:s + block + WIN - HOP]
        part = compute_features(chunk)
        keep = min(part.n, block // HOP)
        part = Features(part.times[:keep] + s / RATE, part.db[:keep], part.f0[:keep],
                        part.voicing[:keep], part.high_ratio[:keep], part.ceps[:keep])
        parts.append(part)
        report(progress, 0.8 * (i + 1) / len(starts), _("Listening"))
    feats = (Features(*(np.concatenate([getattr(p, f) for p in parts])
                        for f in ("times", "db", "f0", "voicing", "high_ratio", "ceps")))
             if parts else compute_features(samples[:0]))
    seconds["features"] = time.perf_counter() - t0
    if cancel is not None:
        cancel.check()
    t1 = time.perf_counter()
    activity = detect_activity(samples, feats)
    seconds["vad"] = time.perf_counter() - t1
    if cancel is not None:  # a cancel during the last step must not save a result
        cancel.check()
    t2 = time.perf_counter()
    mouths = mouth_tracks(face_tracks) if face_tracks is not None else {}
    band = high_band_db(samples, np.flatnonzero(activity.loud))
    full_band = not band < BAND_LIMITED_DB  # NaN (nothing loud): nothing to decide
    segments = with_overlaps(classify(feats, activity, mouths, full_band), samples, feats,
                             activity, cancel)
    taking = find_turns(segments)
    result = AudioResult(duration_s=duration, has_audio=True, segments=segments,
                         taking=taking, cues=cue_tracks(segments, taking, duration),
                         moments=find_moments(segments, taking),
                         summary=visit_summary(segments, taking, duration),
                         used_faces=len(mouths) == 2,
                         envelope=waveform_envelope(samples, RATE))
    if not full_band:
        result.notes.append(_("The sound holds nothing above 4 kHz (a telephone codec?): "
                              "consonants could not help tell the parent's voice from the "
                              "child's"))
    if face_tracks is not None and len(mouths) < 2:
        result.notes.append(_("The faces of both adult and child were not found; who "
                              "vocalises was told from the sound alone"))
    seconds["voices"] = time.perf_counter() - t2
    result.seconds = seconds
    report(progress, 1.0, _("Listening"))
    return result


@dataclass(frozen=True)
class Heard:
    """A recording's sound track, read (probe and decode) ahead of the listening."""

    info: Any  # vfeedback.media.probe.MediaInfo
    samples: np.ndarray | None  # None: no sound track
    decode_s: float


def read_ahead(video_path: str | os.PathLike[str], cancel: CancelToken | None = None
               ) -> futures.Future[Heard]:
    """Probe and decode the sound in a thread while the pictures are analysed: ffmpeg does
    the work in its own process, so the listening at the end does not wait for it (about
    0.7 s of a short clip's analysis). Errors come out of ``result()``."""
    def read() -> Heard:
        info = probe(video_path)
        t0 = time.perf_counter()
        samples = (read_audio(video_path, rate=RATE, info=info, cancel=cancel)
                   if info.has_audio else None)
        return Heard(info, samples, time.perf_counter() - t0)

    pool = futures.ThreadPoolExecutor(1, thread_name_prefix="read-sound")
    try:
        return pool.submit(read)
    finally:
        pool.shutdown(wait=False)  # the thread ends with its one job


def analyse_audio(video_path: str | os.PathLike[str], progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None, face_tracks: Any = None,
                  ahead: futures.Future[Heard] | None = None) -> AudioResult:
    """Listen to a video (or sound) file: who vocalises when, turns, cues and moments.

    ``face_tracks`` is an optional :class:`~analysis.results.AnalysisResult` of the same
    recording; whose mouth moves then helps tell the adult's voice from the child's.
    ``ahead`` is the sound already being read (:func:`read_ahead`).
    """
    if ahead is not None:
        heard = ahead.result()
        info, samples, decode_s = heard.info, heard.samples, heard.decode_s
    else:
        info = probe(video_path)
        samples, decode_s = None, 0.0
    if not info.has_audio:
        result = AudioResult(duration_s=info.duration_s, has_audio=False)
        result.summary = visit_summary([], TurnTaking(), info.duration_s)
        result.notes.append(_("This recording has no sound track; there is nothing to "
                              "listen to"))
        report(progress, 1.0, _("Listening"))
        return result
    if samples is None:
        t0 = time.perf_counter()
        samples = read_audio(video_path, rate=RATE, info=info,
                             progress=scaled(progress, 0.0, 0.3), cancel=cancel)
        decode_s = time.perf_counter() - t0
    assert samples is not None
    result = analyse_samples(samples, face_tracks=face_tracks,
                             progress=scaled(progress, 0.3, 1.0), cancel=cancel)
    result.seconds = {"decode": decode_s, **result.seconds}
    return result
