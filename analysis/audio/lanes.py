"""What the timeline's sound lanes show, computed here so that the GUI only paints it.

- the **waveform lane**: the sound's envelope, a (min, max) pair per bucket, a few dozen
  buckets per second (an hour is a few hundred thousand numbers, drawn at any zoom by taking
  the min/max of the buckets under each pixel: :func:`envelope_at`);
- the **voice lane**: one block per voice segment on the adult's or the child's row (or a
  row for voices not told apart), with its label and an opacity from the confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vfeedback.i18n import _

from .speakers import VoiceSegment

BUCKETS_PER_SECOND = 50
ROWS = ("adult", "child", "unknown")


@dataclass
class Envelope:
    rate: float  # buckets per second
    low: np.ndarray  # (B,) -1..0
    high: np.ndarray  # (B,) 0..1

    @property
    def duration(self) -> float:
        return len(self.low) / self.rate if self.rate else 0.0


def waveform_envelope(samples: np.ndarray, rate: int,
                      buckets_per_second: int = BUCKETS_PER_SECOND) -> Envelope:
    """Min and max of the samples (scaled to -1..1) per bucket."""
    size = max(1, int(rate // buckets_per_second))
    n = len(samples) // size
    x = samples[: n * size].reshape(n, size) if n else np.zeros((0, size), samples.dtype)
    scale = 32768.0 if samples.dtype == np.int16 else 1.0
    low = (x.min(axis=1) / scale).astype(np.float32) if n else np.zeros(0, np.float32)
    high = (x.max(axis=1) / scale).astype(np.float32) if n else np.zeros(0, np.float32)
    return Envelope(rate / size, np.minimum(low, 0), np.maximum(high, 0))


def envelope_at(envelope: Envelope, start: float, end: float,
                pixels: int) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) per pixel for the time span [start, end] drawn ``pixels`` wide."""
    if pixels <= 0 or end <= start or len(envelope.low) == 0:
        return np.zeros(max(pixels, 0), np.float32), np.zeros(max(pixels, 0), np.float32)
    edges = np.clip(np.round(np.linspace(start, end, pixels + 1) * envelope.rate).astype(int),
                    0, len(envelope.low))
    low = np.zeros(pixels, np.float32)
    high = np.zeros(pixels, np.float32)
    for i in range(pixels):
        a, b = edges[i], max(edges[i + 1], edges[i] + 1)
        if a < len(envelope.low):
            low[i] = envelope.low[a:b].min()
            high[i] = envelope.high[a:b].max()
    return low, high


@dataclass
class LaneBlock:
    row: str  # adult | child | unknown
    start: float
    end: float
    label: str  # what the block says in the user's words
    kind: str  # speech | vocal | laugh | cry: the GUI picks the colour from this
    opacity: float  # 0.35..1 from the confidence


def voice_lane(segments: list[VoiceSegment]) -> list[LaneBlock]:
    labels = {"speech": _("speech"), "vocal": _("sound"), "laugh": _("laugh"),
              "cry": _("cry")}
    return [LaneBlock(s.who if s.who in ROWS else "unknown", s.start, s.end,
                      labels.get(s.kind, s.kind), s.kind,
                      round(0.35 + 0.65 * float(np.clip(s.confidence, 0, 1)), 3))
            for s in sorted(segments, key=lambda s: s.start)]
