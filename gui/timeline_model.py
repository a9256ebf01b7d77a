"""What the timeline draws, as plain data (no Qt): events in a sorted per-track index, cue
plots and suggestion bands. Kept apart from the widget so it can be tested and reused without a
screen; :mod:`gui.timeline` paints it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from vfeedback.i18n import subject_label


@dataclass(frozen=True)
class TimelineEvent:
    id: int
    start_ms: int
    end_ms: int | None
    colour: str
    label: str
    track: str

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


def events_from_annotations(annotations) -> list[TimelineEvent]:  # noqa: ANN001
    """Annotation views (``annotation.editing.AnnotationView``) to timeline events: one track
    per subject and code."""
    out = []
    for a in annotations:
        track = f"{subject_label(a.subject)}: {a.code_name}" if a.subject else a.code_name
        out.append(TimelineEvent(a.id, a.start_ms, a.end_ms, a.colour or "#4c72b0",
                                 a.code_name, track))
    return out
