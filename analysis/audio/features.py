"""Per-frame sound features in numpy: loudness, pitch and how clearly voiced, spectral shape.

Frames are 40 ms long every 10 ms. Pitch comes from the normalised autocorrelation (as in
Boersma's and Talkin's trackers): for a lag ``tau`` the correlation of the frame with itself
shifted by ``tau``, divided by the energies of the two overlapping parts, so that a perfectly
periodic frame scores 1 at its period whatever its loudness. The smallest lag whose score is
close to the best one is taken, which avoids the classic octave-down error. Everything is
computed on blocks of frames with FFTs; an hour of sound takes a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RATE = 16000
HOP = 160  # 10 ms
WIN = 640  # 40 ms: almost three periods of a 70 Hz voice
NFFT = 1024  # >= WIN + the longest lag, so the autocorrelation does not wrap around
F0_MIN, F0_MAX = 70.0, 1000.0  # a low adult voice .. an infant's squeal
VOICED = 0.5  # normalised autocorrelation above which a frame counts as voiced
OCTAVE_TOLERANCE = 0.88  # a shorter lag scoring this close to the best wins
BLOCK = 4096  # frames per FFT block (memory: BLOCK x NFFT floats)
HIGH_HZ = 2000.0


@dataclass
class Features:
    times: np.ndarray  # (N,) centre of each frame, seconds
    db: np.ndarray  # (N,) loudness, dB full scale
    f0: np.ndarray  # (N,) Hz, NaN where not voiced
    voicing: np.ndarray  # (N,) 0..1 best normalised autocorrelation in the pitch range
    high_ratio: np.ndarray  # (N,) share of the energy above 2 kHz (breath, hiss, consonants)

    @property
    def n(self) -> int:
        return len(self.times)

    @property
    def step(self) -> float:
        return HOP / RATE


def frame_count(n_samples: int) -> int:
    return max(0, 1 + (n_samples - WIN) // HOP) if n_samples >= WIN else 0


def _frames(x: np.ndarray, start: int, count: int) -> np.ndarray:
    view = np.lib.stride_tricks.sliding_window_view(x, WIN)[::HOP]
    return view[start:start + count]


def compute_features(samples: np.ndarray, rate: int = RATE) -> Features:
    """Features of mono samples (int16 or float in -1..1) at ``rate`` (16 kHz expected)."""
    if rate != RATE:
        raise ValueError(f"features expect {RATE} Hz, got {rate}")
    x = samples.astype(np.float32)
    if samples.dtype == np.int16:
        x /= 32768.0
    n = frame_count(len(x))
    times = (np.arange(n) * HOP + WIN / 2) / RATE
    db = np.empty(n, np.float32)
    f0 = np.full(n, np.nan, np.float32)
    voicing = np.zeros(n, np.float32)
    high = np.zeros(n, np.float32)
    lag_lo, lag_hi = int(RATE / F0_MAX), int(np.ceil(RATE / F0_MIN))
    window = np.hanning(WIN).astype(np.float32)
    freqs = np.fft.rfftfreq(NFFT, 1 / RATE)
    high_bins = freqs >= HIGH_HZ
    lags = np.arange(lag_lo, lag_hi + 1)
    for start in range(0, n, BLOCK):
        fr = _frames(x, start, BLOCK).astype(np.float32)
        fr = fr - fr.mean(axis=1, keepdims=True)  # hum and DC offset would look like pitch
        m = len(fr)
        energy = np.einsum("ij,ij->i", fr, fr) / WIN
        db[start:start + m] = 10 * np.log10(energy + 1e-10)
        spec = np.abs(np.fft.rfft(fr * window, NFFT)) ** 2
        high[start:start + m] = spec[:, high_bins].sum(axis=1) / (spec.sum(axis=1) + 1e-12)
        power = np.abs(np.fft.rfft(fr, NFFT)) ** 2
        ac = np.fft.irfft(power, NFFT)[:, : lag_hi + 2]
        csum = np.concatenate([np.zeros((m, 1), np.float32), np.cumsum(fr * fr, axis=1)], axis=1)
        # Energies of the two parts that overlap at each lag: x[0:W-tau] and x[tau:W].
        e_head = csum[:, WIN - lags]
        e_tail = csum[:, WIN:WIN + 1] - csum[:, lags]
        nacf = ac[:, lags] / np.sqrt(e_head * e_tail + 1e-12)
        best = nacf.max(axis=1)
        peak = np.zeros_like(nacf, dtype=bool)
        peak[:, 1:-1] = (nacf[:, 1:-1] >= nacf[:, :-2]) & (nacf[:, 1:-1] >= nacf[:, 2:])
        good = peak & (nacf >= OCTAVE_TOLERANCE * best[:, None])
        first = np.argmax(good, axis=1)
        has = good[np.arange(m), first]
        idx = np.where(has, first, np.argmax(nacf, axis=1))
        # Parabolic interpolation around the chosen lag for sub-sample accuracy.
        i0 = np.clip(idx - 1, 0, len(lags) - 1)
        i2 = np.clip(idx + 1, 0, len(lags) - 1)
        a, b, c = (nacf[np.arange(m), i] for i in (i0, idx, i2))
        denom = a - 2 * b + c
        with np.errstate(invalid="ignore", divide="ignore"):
            shift = np.where(np.abs(denom) > 1e-9, 0.5 * (a - c) / denom, 0.0)
        lag = lags[idx] + np.clip(shift, -0.5, 0.5)
        strength = np.clip(b, 0, 1)
        voicing[start:start + m] = strength
        ok = (strength >= VOICED) & (energy > 1e-7)
        f0[start:start + m] = np.where(ok, RATE / lag, np.nan)
    return Features(times, db, f0, voicing, high)
