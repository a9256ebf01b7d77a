"""What the timeline draws, as plain data (no Qt): events in a sorted per-track index, cue
plots, suggestion bands and the sound lanes (waveform envelope, voice blocks). Kept apart from
the widget so it can be tested and reused without a screen; :mod:`gui.timeline` paints it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from vfeedback.i18n import subject_label


@dataclass(frozen=True)
class TimelineEvent:
    id: int
    start_ms: int
    end_ms: int | None
    colour: str
    label: str
    track: str
    valence: str | None = None  # strength | work_on: "to work on" is drawn hollow

    @property
    def stop_ms(self) -> int:
        return self.end_ms if self.end_ms is not None else self.start_ms


@dataclass
class EventIndex:
    """Events per track, sorted by start, with the longest duration for the visible query."""

    tracks: list[str] = field(default_factory=list)
    events: dict[str, list[TimelineEvent]] = field(default_factory=dict)
    starts: dict[str, list[int]] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, events: list[TimelineEvent]) -> EventIndex:
        index = cls()
        for event in sorted(events, key=lambda e: (e.track, e.start_ms, e.id)):
            index.events.setdefault(event.track, []).append(event)
        index.tracks = sorted(index.events)
        for track, rows in index.events.items():
            index.starts[track] = [e.start_ms for e in rows]
            index.longest[track] = max(e.stop_ms - e.start_ms for e in rows)
        return index

    def visible(self, track: str, t0: float, t1: float) -> list[TimelineEvent]:
        starts = self.starts.get(track, [])
        lo = bisect.bisect_left(starts, t0 - self.longest.get(track, 0))
        hi = bisect.bisect_right(starts, t1)
        return [e for e in self.events[track][lo:hi] if e.stop_ms >= t0]

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.events.values())


@dataclass(frozen=True)
class CueTrack:
    name: str
    times_ms: list[float]
    values: list[float]  # scaled 0..1 for drawing


@dataclass(frozen=True)
class SuggestionBand:
    id: int
    start_ms: int
    end_ms: int
    label: str
    status: str = "open"


@dataclass(frozen=True)
class VoiceBlock:
    """One voice segment on the voice lane (``analysis.audio.lanes.LaneBlock`` in ms)."""

    row: str  # adult | child | unknown
    start_ms: int
    end_ms: int
    label: str
    kind: str  # speech | vocal | laugh | cry
    opacity: float  # 0.35..1 from the confidence


@dataclass(frozen=True)
class Waveform:
    """The sound's envelope: (min, max) per bucket, ``rate`` buckets per second."""

    rate: float
    low: Any  # numpy (B,) -1..0
    high: Any  # numpy (B,) 0..1

    def at(self, start_ms: float, end_ms: float, pixels: int) -> tuple[Any, Any]:
        """(low, high) per pixel column for [start_ms, end_ms] drawn ``pixels`` wide; zero
        outside the sound."""
        n = len(self.low)
        if pixels <= 0 or end_ms <= start_ms or n == 0:
            return np.zeros(max(pixels, 0)), np.zeros(max(pixels, 0))
        edges = np.round(np.linspace(start_ms, end_ms, pixels + 1) / 1000 * self.rate)
        a = np.clip(edges[:-1].astype(int), 0, n)
        b = np.clip(np.maximum(edges[1:].astype(int), a + 1), 0, n)
        inside = a < n
        low, high = np.zeros(pixels), np.zeros(pixels)
        # Prefix extremes would need a sparse table; a loop over visible columns is ~1 ms.
        for i in np.flatnonzero(inside):
            low[i] = self.low[a[i]:b[i]].min()
            high[i] = self.high[a[i]:b[i]].max()
        return low, high


def runs_of(cue: CueTrack, threshold: float = 0.5) -> list[tuple[float, float]]:
    """(start_ms, end_ms) of the stretches where a 0..1 cue is at or above ``threshold``."""
    out: list[tuple[float, float]] = []
    times = cue.times_ms
    step = (times[-1] - times[0]) / (len(times) - 1) if len(times) > 1 else 100.0
    for t, v in zip(times, cue.values, strict=True):
        if v == v and v >= threshold:  # NaN (not seen) is never on
            if out and t - out[-1][1] <= step * 1.5:
                out[-1] = (out[-1][0], t + step / 2)
            else:
                out.append((t - step / 2, t + step / 2))
    return out


def events_from_annotations(annotations) -> list[TimelineEvent]:  # noqa: ANN001
    """Annotation views (``annotation.editing.AnnotationView``) to timeline events: one track
    per subject and code."""
    out = []
    for a in annotations:
        track = f"{subject_label(a.subject)}: {a.code_name}" if a.subject else a.code_name
        out.append(TimelineEvent(a.id, a.start_ms, a.end_ms, a.colour or "#4c72b0",
                                 a.code_name, track, getattr(a, "valence", None)))
    return out
