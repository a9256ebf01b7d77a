"""Per-frame sound features in numpy: loudness, pitch and how clearly voiced, spectral shape.

Frames are 40 ms long every 10 ms; pitch is searched on the sound low-passed and halved
to 8 kHz. Pitch comes from the normalised autocorrelation (as in
Boersma's and Talkin's trackers): for a lag ``tau`` the correlation of the frame with itself
shifted by ``tau``, divided by the energies of the two overlapping parts, so that a perfectly
periodic frame scores 1 at its period whatever its loudness. The smallest lag whose score is
close to the best one is taken, which avoids the classic octave-down error. Everything is
computed on blocks of frames with FFTs; an hour of sound takes a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

RATE = 16000
HOP = 160  # 10 ms
WIN = 640  # 40 ms: almost three periods of a 70 Hz voice
F0_MIN, F0_MAX = 70.0, 1000.0  # a low adult voice .. an infant's squeal
VOICED = 0.5  # normalised autocorrelation above which a frame counts as voiced
OCTAVE_TOLERANCE = 0.88  # a shorter lag scoring this close to the best wins
BLOCK = 1024  # frames per FFT block: about 25 MB of temporaries (4096 took about 100 MB)
# Pitch is found at half the rate: a voice's pitch and first harmonics lie below 4 kHz, and
# the FFTs are then less than half the work (the features must run >50x real time).
P_RATE = RATE // 2
P_HOP, P_WIN = HOP // 2, WIN // 2
NFFT = 512  # >= P_WIN + the longest lag, so the autocorrelation does not wrap around
LOWPASS_HZ = 3600.0
TAPS = 33
N_MEL, N_CEPS = 20, 8
MEL_LO_HZ, MEL_HI_HZ = 100.0, 3800.0


def _mel(hz: np.ndarray | float) -> np.ndarray:
    return 2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0)


def _mel_cepstrum_matrix() -> np.ndarray:
    """(NFFT//2+1, N_CEPS): power spectrum at 8 kHz -> log mel bands -> DCT, in one product
    after the log (triangular filters, then a DCT-II without its constant term)."""
    freqs = np.fft.rfftfreq(NFFT, 1 / P_RATE)
    edges = 700.0 * (10 ** (np.linspace(_mel(MEL_LO_HZ), _mel(MEL_HI_HZ), N_MEL + 2) / 2595.0)
                     - 1)
    bank = np.zeros((len(freqs), N_MEL), np.float32)
    for j in range(N_MEL):
        lo, mid, hi = edges[j:j + 3]
        bank[:, j] = np.clip(np.minimum((freqs - lo) / (mid - lo), (hi - freqs) / (hi - mid)),
                             0, None)
    return bank


def _dct() -> np.ndarray:
    k = np.arange(1, N_CEPS + 1)[None, :]
    n = np.arange(N_MEL)[:, None]
    return np.cos(np.pi * k * (2 * n + 1) / (2 * N_MEL)).astype(np.float32)


def _lowpass() -> np.ndarray:
    n = np.arange(TAPS) - (TAPS - 1) / 2
    h = np.sinc(2 * LOWPASS_HZ / RATE * n) * np.hamming(TAPS)
    return (h / h.sum()).astype(np.float32)


@dataclass
class Features:
    times: np.ndarray  # (N,) centre of each frame, seconds
    db: np.ndarray  # (N,) loudness, dB full scale
    f0: np.ndarray  # (N,) Hz, NaN where not voiced
    voicing: np.ndarray  # (N,) 0..1 best normalised autocorrelation in the pitch range
    high_ratio: np.ndarray  # (N,) share of the energy above ~3.6 kHz (breath, hiss, consonants)
    # (N, N_CEPS) cepstral coefficients 1..N_CEPS of the 0-4 kHz mel spectrum: the spectral
    # envelope (the vocal tract's shape and size), loudness left out (coefficient 0).
    ceps: np.ndarray = field(default_factory=lambda: np.zeros((0, N_CEPS), np.float32))

    @property
    def n(self) -> int:
        return len(self.times)

    @property
    def step(self) -> float:
        return HOP / RATE


def frame_count(n_samples: int) -> int:
    return max(0, 1 + (n_samples - WIN) // HOP) if n_samples >= WIN else 0


def _frames(x: np.ndarray, win: int, hop: int, start: int, count: int) -> np.ndarray:
    view = np.lib.stride_tricks.sliding_window_view(x, win)[::hop]
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
    ceps = np.zeros((n, N_CEPS), np.float32)
    if n == 0:
        return Features(times, db, f0, voicing, high, ceps)
    bank, dct = _mel_cepstrum_matrix(), _dct()
    low = np.convolve(x, _lowpass(), mode="same").astype(np.float32)
    y = low[::2]
    # One lag below the shortest so that a peak at the shortest lag is a local maximum.
    lag_lo, lag_hi = int(P_RATE / F0_MAX) - 1, int(np.ceil(P_RATE / F0_MIN))
    lags = np.arange(lag_lo, lag_hi + 1)
    for start in range(0, n, BLOCK):
        fr = _frames(x, WIN, HOP, start, BLOCK)
        m = len(fr)
        total = np.einsum("ij,ij->i", fr, fr) - fr.sum(axis=1) ** 2 / WIN
        db[start:start + m] = 10 * np.log10(np.maximum(total, 0) / WIN + 1e-10)
        lo = _frames(low, WIN, HOP, start, m)
        lo_energy = np.einsum("ij,ij->i", lo, lo) - lo.sum(axis=1) ** 2 / WIN
        high[start:start + m] = np.clip(1 - lo_energy / (total + 1e-12), 0, 1)
        fy = _frames(y, P_WIN, P_HOP, start, m)
        fy = fy - fy.mean(axis=1, keepdims=True)  # hum and DC offset would look like pitch
        energy = np.einsum("ij,ij->i", fy, fy) / P_WIN
        power = np.abs(np.fft.rfft(fy, NFFT)) ** 2
        # The spectral envelope comes from the same FFT (the frame is not windowed; the
        # cepstrum only compares voices within one recording, so that bias is shared).
        ceps[start:start + m] = np.log(power @ bank + 1e-9) @ dct
        ac = np.fft.irfft(power, NFFT)[:, : lag_hi + 2]
        csum = np.concatenate([np.zeros((m, 1), np.float32), np.cumsum(fy * fy, axis=1)], axis=1)
        # Energies of the two parts that overlap at each lag: y[0:W-tau] and y[tau:W].
        e_head = csum[:, P_WIN - lags]
        e_tail = csum[:, P_WIN:P_WIN + 1] - csum[:, lags]
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
        ok = (strength >= VOICED) & (energy > 1e-7) & (lag >= P_RATE / (F0_MAX * 1.05))
        f0[start:start + m] = np.where(ok, P_RATE / lag, np.nan)
    return Features(times, db, f0, voicing, high, ceps)


def high_band_db(samples: np.ndarray, frames: np.ndarray, most: int = 500) -> float:
    """Energy at 4.5-7.5 kHz against 0.3-3.4 kHz (dB) over the given feature frames (at most
    ``most`` of them, evenly spread): about -35 to -3 dB for a webcam's or a phone camera's
    full-band sound, which has consonants and breath up there; about -70 dB for sound that
    passed through an 8 kHz telephone codec, which has nothing above 4 kHz. NaN without
    frames."""
    frames = frames[:: max(1, len(frames) // most)]
    starts = frames * HOP
    starts = starts[starts + 2 * WIN <= len(samples)]
    if len(starts) == 0:
        return float("nan")
    span = 2 * WIN  # 80 ms: enough resolution for two broad bands
    # Only the frames looked at become floats: an hour's sound is not copied whole.
    windowed = (np.stack([samples[s:s + span] for s in starts]).astype(np.float32)
                * np.hanning(span).astype(np.float32))
    power = (np.abs(np.fft.rfft(windowed, span)) ** 2).mean(axis=0)
    freqs = np.fft.rfftfreq(span, 1 / RATE)
    low = power[(freqs >= 300) & (freqs < 3400)].sum()
    high = power[(freqs >= 4500) & (freqs < 7500)].sum()
    return float(10 * np.log10(high / max(low, 1e-12) + 1e-12))
