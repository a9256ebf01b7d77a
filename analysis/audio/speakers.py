"""Who vocalises and how: adult or child, speech, a vocal sound, a laugh or a cry.

Each vocal region from :mod:`analysis.audio.vad` is split where the voice's pitch moves from
the adult range to the child's range and back (a parent answering a coo in one breath of
sound), and each piece is labelled:

- **who** from its pitch: adults speak around 85-250 Hz (higher in "baby talk", up to about
  350 Hz on average); babies' and toddlers' voices sit around 300-600 Hz. The boundary is at
  ``CHILD_HZ``, and the further from it, the surer, up to a low ceiling: parents' exclamations
  reach 500-900 Hz. When face landmarks are given, whose mouth moves, and opens and closes
  with the voice, weighs more (:mod:`.mouth`), and the pieces that sound like one voice share
  that evidence (:mod:`.voices`), so a word said with the face hidden takes the evidence of
  the same voice's other words. Too close to call gives ``unknown``. On real home footage
  these cues are weak (``tests/analysis/audio_reference/README.md``): a hint, not a verdict.
- **kind**: a laugh is a run of regular bursts (3-8 per second: "ha-ha-ha"); a cry is a long,
  loud, high, almost continuously voiced sound; otherwise an adult's is speech and a child's a
  vocal sound (coo, babble, squeal).

Only one voice is tracked at a time; two people vocalising at once appear as neighbouring or
overlapping pieces only when their voices take turns within the region.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import Features
from .mouth import MouthTrack, mouth_evidence
from .vad import Activity
from .voices import cluster, piece_vector, pooled

CHILD_HZ = 330.0
SEMITONES_PER_UNIT = 2.5  # logit slope: 2.5 semitones from the boundary = odds of e to 1
PITCH_MAX_LOGIT = 1.0
MOUTH_WEIGHT = 4.0  # logit added by full mouth evidence: the face outweighs the saturated pitch
VOICE_WEIGHT = 1.0  # share of the rest of the same voice's evidence added to a piece's own
UNKNOWN_BELOW = 0.3  # confidence under this says "unknown"
SMOOTH_FRAMES = 15  # median filter over voiced frames (~150 ms of voice)
MIN_PIECE_S = 0.5  # a switch of speaker inside one stretch of sound lasts this long
LAUGH_RHYTHM = 0.45  # autocorrelation of the loudness at the burst rate
LAUGH_HZ = (3.0, 8.0)
LAUGH_DEPTH_DB = 4.0  # bursts: the loudness swings by several dB
MIN_LAUGH_S = 0.5
CRY_MIN_S = 2.0
CRY_LOUD_DB = 35.0  # above the noise floor
CRY_VOICED = 0.7


@dataclass
class VoiceSegment:
    who: str  # adult | child | unknown
    kind: str  # speech | vocal | laugh | cry
    start: float
    end: float
    confidence: float
    pitch_hz: float = float("nan")  # median pitch of the voiced frames

    @property
    def duration(self) -> float:
        return self.end - self.start

    def to_json(self) -> dict:
        return {"who": self.who, "kind": self.kind, "start": round(self.start, 3),
                "end": round(self.end, 3), "confidence": round(self.confidence, 3)}


def _median_smooth(values: np.ndarray, width: int) -> np.ndarray:
    if len(values) < 3:
        return values
    half = min(width // 2, (len(values) - 1) // 2)
    padded = np.pad(values, half, mode="edge")
    return np.median(np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1), axis=1)


def _pieces(z: np.ndarray, voiced_idx: np.ndarray, a: int, b: int,
            min_frames: int) -> list[tuple[int, int]]:
    """Split [a, b) where the smoothed pitch crosses the boundary; short pieces are merged."""
    smooth = _median_smooth(z, SMOOTH_FRAMES)
    frames = np.arange(a, b)
    nearest = np.clip(np.searchsorted(voiced_idx, frames), 0, len(voiced_idx) - 1)
    prev = np.clip(nearest - 1, 0, len(voiced_idx) - 1)
    use_prev = np.abs(voiced_idx[prev] - frames) < np.abs(voiced_idx[nearest] - frames)
    side = smooth[np.where(use_prev, prev, nearest)] > 0
    cuts = [0, *(np.flatnonzero(np.diff(side.astype(np.int8))) + 1).tolist(), b - a]
    pieces = [[cuts[i], cuts[i + 1]] for i in range(len(cuts) - 1)]
    while len(pieces) > 1:
        lengths = [e - s for s, e in pieces]
        i = int(np.argmin(lengths))
        if lengths[i] >= min_frames:
            break
        # Merge into the longer neighbour.
        j = i - 1 if i == len(pieces) - 1 or (i > 0 and lengths[i - 1] >= lengths[i + 1]) else i + 1
        lo, hi = min(i, j), max(i, j)
        pieces[lo] = [pieces[lo][0], pieces[hi][1]]
        del pieces[hi]
    return [(a + s, a + e) for s, e in pieces]


def burst_rhythm(db: np.ndarray, step: float) -> float:
    """Peak autocorrelation of the loudness at 3-8 bursts per second (0..1)."""
    lo, hi = int(1 / LAUGH_HZ[1] / step), int(np.ceil(1 / LAUGH_HZ[0] / step))
    if len(db) < 2 * hi:
        return 0.0
    env = db - _median_smooth(db, 2 * hi + 1)
    env = env - env.mean()
    if env.std() < LAUGH_DEPTH_DB:  # a steady voice: its loudness barely moves
        return 0.0
    denom = float(np.dot(env, env))
    ac = [float(np.dot(env[:-k], env[k:])) / denom for k in range(lo, hi + 1)]
    return max(0.0, max(ac))


@dataclass
class _Piece:
    s: int  # frames [s, e)
    e: int
    region: int
    sel: np.ndarray  # voiced frame indices in the piece
    voiced_share: float
    pitch_logit: float
    mouth_logit: float

    @property
    def own(self) -> float:
        return self.pitch_logit + self.mouth_logit


def classify(feats: Features, activity: Activity,
             mouths: dict[str, MouthTrack] | None = None) -> list[VoiceSegment]:
    """Voice segments (time order) for the regions found by voice activity detection.

    Each piece's evidence is its pitch (saturating), whose mouth moves and follows the voice,
    and the pooled evidence of the other pieces of the same voice (:mod:`.voices`).
    Neighbouring pieces of one vocal stretch that end up with the same speaker are joined.
    """
    step = feats.step
    min_frames = int(round(MIN_PIECE_S / step))
    pieces: list[_Piece] = []
    for r, (a, b) in enumerate(activity.regions):
        voiced_idx = a + np.flatnonzero(activity.voiced[a:b])
        z = 12 * np.log2(feats.f0[voiced_idx] / CHILD_HZ)
        for s, e in _pieces(z, voiced_idx, a, b, min_frames):
            sel = (voiced_idx >= s) & (voiced_idx < e)
            if not sel.any():
                continue
            # Pitch evidence saturates: parents' exclamations reach 500-900 Hz and toddlers'
            # chuckles 250 Hz, so far from the boundary pitch alone is no proof.
            pitch_logit = PITCH_MAX_LOGIT * float(np.tanh(float(np.median(z[sel]))
                                                          / SEMITONES_PER_UNIT
                                                          / PITCH_MAX_LOGIT))
            mouth_logit = 0.0
            if mouths:
                start, end = feats.times[s] - step / 2, feats.times[e - 1] + step / 2
                mouth_logit = MOUTH_WEIGHT * mouth_evidence(mouths, start, end, feats.times,
                                                            feats.db)
            pieces.append(_Piece(s, e, r, voiced_idx[sel], float(sel.sum() / (e - s)),
                                 pitch_logit, mouth_logit))
    if not pieces:
        return []
    weights = np.array([len(p.sel) * step for p in pieces])
    own = np.array([p.own for p in pieces])
    seen = np.array([p.mouth_logit for p in pieces])
    labels = None
    if feats.ceps.shape[0] == feats.n:
        vectors = np.stack([piece_vector(feats.ceps[p.sel], feats.f0[p.sel]) for p in pieces])
        labels = cluster(vectors, weights)
    # Only what the faces showed is shared: pooling the pitch would spread a mother's high
    # exclamation's "child-like" pitch over her whole voice.
    pool = pooled(seen, labels, weights) if labels is not None else np.zeros(len(pieces))
    logits = own + VOICE_WEIGHT * pool
    decided = [(_who(float(lg), p.voiced_share), p) for lg, p in zip(logits, pieces, strict=True)]
    # Join neighbours of one vocal stretch that were given the same speaker.
    groups: list[list[tuple[tuple[str, float], _Piece]]] = []
    for item in decided:
        prev = groups[-1][-1] if groups else None
        if (prev is not None and prev[1].region == item[1].region
                and prev[0][0] == item[0][0] and prev[1].e == item[1].s):
            groups[-1].append(item)
        else:
            groups.append([item])
    out: list[VoiceSegment] = []
    half = step / 2
    for group in groups:
        s, e = group[0][1].s, group[-1][1].e
        who = group[0][0][0]
        lengths = np.array([p.e - p.s for _, p in group], float)
        conf = float(np.average([c for (_, c), _ in group], weights=lengths))
        sel = np.concatenate([p.sel for _, p in group])
        voiced_share = len(sel) / (e - s)
        pitch = float(np.median(feats.f0[sel]))
        kind = _kind(feats, activity, s, e, who, pitch, voiced_share)
        out.append(VoiceSegment(who, kind, float(feats.times[s] - half),
                                float(feats.times[e - 1] + half), conf, pitch))
    return out


def _who(logit: float, voiced_share: float) -> tuple[str, float]:
    p_child = 1 / (1 + np.exp(-logit))
    conf = float(abs(2 * p_child - 1) * min(1.0, 0.5 + voiced_share))
    if conf < UNKNOWN_BELOW:
        return "unknown", conf
    return ("child" if p_child >= 0.5 else "adult"), conf


def _kind(feats: Features, activity: Activity, s: int, e: int, who: str, pitch: float,
          voiced_share: float) -> str:
    duration = (e - s) * feats.step
    if duration >= MIN_LAUGH_S and burst_rhythm(feats.db[s:e], feats.step) >= LAUGH_RHYTHM:
        return "laugh"
    loud = float(np.median(feats.db[s:e])) - activity.floor_db
    if (who == "child" and duration >= CRY_MIN_S and voiced_share >= CRY_VOICED
            and loud >= CRY_LOUD_DB and pitch >= CHILD_HZ):
        return "cry"
    if who == "adult" or (who == "unknown" and pitch < CHILD_HZ):
        return "speech"
    return "vocal"
