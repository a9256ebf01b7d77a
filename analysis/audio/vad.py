"""Voice activity: where someone vocalises, from WebRTC's detector, loudness and voicing.

WebRTC's voice activity detector (the ``webrtcvad-wheels`` package: Google's C code, a small
Gaussian-mixture model compiled into the wheel, nothing downloaded, about a thousand times
faster than real time) says which 10 ms frames sound like speech. On home recordings it also
fires on paper rustling and toys, and it misses soft, high coos, so it is combined with two
things computed here: loudness above the recording's own noise floor, and voicing (a clear
pitch). A stretch counts as vocal when it is loud enough and either detector fires, and it is
kept only if enough of it is voiced: noise has no pitch, voices do.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from .features import HOP, RATE, WIN, Features

VAD_MODE = 1  # 0 (lenient) .. 3 (strict): 1 keeps soft speech, voicing removes the noise
FRAME = 160  # samples: webrtcvad takes 10, 20 or 30 ms frames
DIGITAL_SILENCE_DB = -90.0  # frames below: exact zeros (or nearly), not a room's noise
FLOOR_PERCENTILE = 15  # the quietest 15% of the recording is taken as its noise floor
LOUD_DB = 9.0  # a voice is at least this much above the noise floor
CLOSE_GAP_S = 0.25  # gaps shorter than this inside one vocalisation are bridged
MIN_REGION_S = 0.12
MIN_VOICED_SHARE = 0.2
MIN_VOICED_S = 0.08
HUM_SHARE = 0.1  # a pitch held by this share of the quiet frames is a machine's tone
HUM_SEMITONES = 0.7
HELD_S = 0.15  # a background tone holds its pitch this long either side of a frame
HELD_SEMITONES = 0.5
MIN_SPREAD_SEMITONES = 0.2  # a voice's pitch wavers more than this; a beep does not


@dataclass
class Activity:
    """Per-frame decisions (same frames as :class:`Features`) and the vocal regions."""

    webrtc: np.ndarray  # (N,) bool
    loud: np.ndarray  # (N,) bool
    voiced: np.ndarray  # (N,) bool
    floor_db: float
    hums: list[float]  # steady background tones removed (semitones above 55 Hz)
    regions: list[tuple[int, int]]  # [start, end) frame indices


def webrtc_flags(samples: np.ndarray, n_frames: int, mode: int = VAD_MODE) -> np.ndarray:
    """WebRTC's decision per feature frame (each 10 ms VAD frame at the frame's centre)."""
    import webrtcvad

    vad = webrtcvad.Vad(mode)
    pcm = np.ascontiguousarray(samples, dtype="<i2")
    count = len(pcm) // FRAME
    raw = memoryview(pcm[: count * FRAME]).cast("B")  # no copy of an hour's 115 MB
    step = FRAME * 2
    is_speech = vad.is_speech
    flags = np.fromiter((is_speech(raw[i * step:(i + 1) * step], RATE) for i in range(count)),
                        dtype=bool, count=count)
    # Feature frame k is centred at k*HOP + WIN/2; the VAD frame holding that sample:
    centre = (np.arange(n_frames) * HOP + WIN // 2) // FRAME
    return flags[np.clip(centre, 0, max(count - 1, 0))] if count else np.zeros(n_frames, bool)


def runs_of(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of each run of True."""
    if len(mask) == 0:
        return []
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def close_gaps(mask: np.ndarray, max_gap: int) -> np.ndarray:
    out = mask.copy()
    spans = runs_of(mask)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start - end <= max_gap:
            out[end:start] = True
    return out


def hum_pitches(feats: Features, quiet: np.ndarray) -> list[float]:
    """Pitches (semitones above 55 Hz) of steady tones in the background: a fridge, a
    charger's whine, a fluorescent lamp. They are voiced to the pitch tracker, but held by a
    large share of the quiet frames, where no one vocalises."""
    semis = 12 * np.log2(feats.f0[quiet & ~np.isnan(feats.f0)] / 55.0)
    n_quiet = int(quiet.sum())
    if n_quiet == 0 or len(semis) < 0.1 * n_quiet:
        return []
    counts, edges = np.histogram(semis, bins=np.arange(0, 60.5, 0.5))
    window = np.convolve(counts, np.ones(3), mode="same")
    return [float(edges[i] + 0.25) for i in np.flatnonzero(window >= HUM_SHARE * n_quiet)]


def _held(semis: np.ndarray, voiced: np.ndarray, half: int) -> np.ndarray:
    """Frames whose pitch stays within ``HELD_SEMITONES`` over +-``half`` frames."""
    values = np.where(voiced, semis, np.nan)
    padded = np.pad(values, half, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN windows: not held
        spread = np.nanmax(windows, axis=1) - np.nanmin(windows, axis=1)
    return np.nan_to_num(spread, nan=np.inf) <= HELD_SEMITONES


def steady(f0: np.ndarray) -> bool:
    """Whether a stretch's pitch is held too exactly for a voice."""
    semis = 12 * np.log2(f0[~np.isnan(f0)])
    if len(semis) < 10:
        return False
    q1, q3 = np.percentile(semis, [25, 75])
    return bool(q3 - q1 < MIN_SPREAD_SEMITONES and np.ptp(semis) < 4 * MIN_SPREAD_SEMITONES)


def detect_activity(samples: np.ndarray, feats: Features) -> Activity:
    step = feats.step
    flags = webrtc_flags(samples, feats.n)
    # Digital silence is not the room: the silence padded before a sound that starts after
    # the first picture, or a phone's gated microphone, would pull the floor down to -100 dB.
    heard = feats.db[feats.db > DIGITAL_SILENCE_DB]
    floor = float(np.percentile(heard, FLOOR_PERCENTILE)) if len(heard) else -100.0
    # A digitally silent track has a floor of -100 dB; a voice must still be audible.
    loud = feats.db >= max(floor + LOUD_DB, -55.0)
    voiced = loud & ~np.isnan(feats.f0)
    hums = hum_pitches(feats, ~loud)
    if hums:
        semis = 12 * np.log2(np.where(voiced, feats.f0, 55.0) / 55.0)
        near = np.zeros(feats.n, bool)
        for h in hums:
            near |= np.abs(semis - h) <= HUM_SEMITONES
        # Only where the pitch holds still like the tone's: a voice at the same pitch moves.
        voiced &= ~(near & _held(semis, voiced, int(round(HELD_S / step))))
    active = loud & (flags | voiced)
    active = close_gaps(active, int(round(CLOSE_GAP_S / step)))
    regions = []
    for a, b in runs_of(active):
        n_voiced = int(voiced[a:b].sum())
        if (b - a) * step < MIN_REGION_S or n_voiced * step < MIN_VOICED_S:
            continue
        if n_voiced / (b - a) < MIN_VOICED_SHARE:
            continue
        if steady(np.where(voiced[a:b], feats.f0[a:b], np.nan)):
            continue
        regions.append((a, b))
    return Activity(flags, loud, voiced, floor, hums, regions)
