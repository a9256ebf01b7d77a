"""Two voices at once: where a second voice sounds under the one the pitch tracker follows.

The pitch of :mod:`analysis.audio.features` follows one voice per frame, the stronger one.
Here, in each voiced frame of a vocal region, that voice's harmonics are taken out of the
spectrum (a notch of ``NOTCH_HZ`` either side of every multiple of its pitch, on a 64 ms Hann
window at 8 kHz) and what is left is searched for a second pitch with the same normalised
autocorrelation as the first (computed from the remaining power spectrum). A frame holds a
second voice when that pitch is clearly periodic (``MIN_SCORE``), carries a share of the
sound (``MIN_SHARE``), lies at least ``MIN_APART_SEMITONES`` from the first, is not one of
its harmonics or subharmonics (those are the first voice's own leftovers: a pitch that moves
within the window leaks past the notches at its multiples) and is continued by a neighbouring
frame's (a voice's pitch moves smoothly).

Single frames are noisy (a vowel's pitch glide, a toy's squeak), so two voices are reported
only where at least ``WINDOW_SHARE`` of the voiced frames within ``WINDOW_S`` hold one, for at
least ``MIN_OVERLAP_S``. The other voice then gets a segment of its own, overlapping the
one it sounds under, with the other speaker and a lower confidence; overlapping segments are
how the ``audio.segments`` of the JSON contract report overlap.

Limits: a second voice an octave (or another whole multiple) from the first has all its
harmonics among the first's and cannot be heard this way; a mother's voice at 220 Hz and a
baby's at 440 Hz are such a pair in the moments they meet. A low, breathy man's voice (90
Hz, espeak-ng's en+m1) under a child's is missed too: what is left of it after the child's
harmonics is too weakly periodic. What it reports on made and on
real sound: ``tests/analysis/audio_reference/README.md`` (issue 19).
"""

from __future__ import annotations

import numpy as np

from vfeedback.progress import CancelToken

from .features import (
    F0_MAX,
    F0_MIN,
    HOP,
    OCTAVE_TOLERANCE,
    P_RATE,
    WIN,
    Features,
    _lowpass,
)
from .speakers import VoiceSegment
from .vad import Activity, close_gaps, runs_of

FRAME = 512  # samples at 8 kHz: 64 ms, enough to resolve harmonics 35 Hz apart
NFFT = 1024
NOTCH_HZ = 35.0
MIN_SCORE = 0.7  # normalised autocorrelation of what is left, at its best lag
MIN_SHARE = 0.05  # share of the frame's energy (above F0_MIN) outside the notches
MIN_APART_SEMITONES = 1.0
HARMONIC_TOLERANCE = 0.04  # a ratio this close to a whole number is a harmonic
CONTOUR_SEMITONES = 1.0  # a second pitch counts when a neighbouring frame's is this near
WINDOW_S = 0.5
WINDOW_SHARE = 0.2
MIN_OVERLAP_S = 0.3
BRIDGE_S = 0.12  # unvoiced frames (a consonant) inside two voices' stretch
BATCH = 512  # frames per batch: about 35 MB of temporaries (2048 took 139 MB)
OTHER = {"adult": "child", "child": "adult"}


def second_pitch(samples: np.ndarray, feats: Features, activity: Activity,
                 cancel: CancelToken | None = None) -> np.ndarray:
    """(N,) pitch in Hz of a second voice per frame, NaN where none is heard."""
    out = np.full(feats.n, np.nan, np.float32)
    frames = [a + np.flatnonzero(~np.isnan(feats.f0[a:b])) for a, b in activity.regions]
    idx = np.concatenate(frames) if frames else np.zeros(0, int)
    taps = _lowpass()
    if len(idx) == 0 or len(samples) < 2 * FRAME + len(taps):
        return out
    scale = np.float32(1 / 32768.0 if samples.dtype == np.int16 else 1.0)
    window = np.hanning(FRAME).astype(np.float32)
    w_ac = np.fft.irfft(np.abs(np.fft.rfft(window, NFFT)) ** 2, NFFT)
    freqs = np.fft.rfftfreq(NFFT, 1 / P_RATE).astype(np.float32)
    lags = np.arange(int(P_RATE / F0_MAX), int(np.ceil(P_RATE / F0_MIN)) + 1)
    for b0 in range(0, len(idx), BATCH):
        if cancel is not None:
            cancel.check()
        batch = idx[b0:b0 + BATCH]
        # The 8 kHz signal around each frame's centre (low-passed here, per frame, so a long
        # recording is never filtered whole).
        centre = batch * HOP + WIN // 2
        starts = np.clip(centre - FRAME, 0, len(samples) - 2 * FRAME - len(taps))
        span = starts[:, None] + np.arange(2 * FRAME + len(taps) - 1)[None, :]
        # Only the frames looked at become floats: an hour's sound is not copied whole.
        rows = samples[span].astype(np.float32) * scale
        low = np.stack([np.convolve(row, taps, mode="valid") for row in rows])[:, ::2]
        low = low[:, :FRAME]
        low -= low.mean(axis=1, keepdims=True)
        power = np.abs(np.fft.rfft(low * window, NFFT)) ** 2
        f1 = feats.f0[batch].astype(np.float32)[:, None]
        k = np.round(freqs[None, :] / f1)
        notched = ((k >= 1) & (np.abs(freqs[None, :] - k * f1) <= NOTCH_HZ)) | (
            freqs[None, :] < F0_MIN)
        rest = np.where(notched, 0.0, power)
        share = rest.sum(axis=1) / (power[:, freqs >= F0_MIN].sum(axis=1) + 1e-12)
        ac = np.fft.irfft(rest, NFFT)
        nacf = ac[:, lags] / (ac[:, :1] + 1e-12) / (w_ac[lags] / w_ac[0])
        peak = np.zeros_like(nacf, dtype=bool)
        peak[:, 1:-1] = (nacf[:, 1:-1] >= nacf[:, :-2]) & (nacf[:, 1:-1] >= nacf[:, 2:])
        best = np.where(peak, nacf, -1.0).max(axis=1)
        # The shortest lag scoring near the best: as for the first pitch, no octave-down.
        first = np.argmax(peak & (nacf >= OCTAVE_TOLERANCE * best[:, None]), axis=1)
        f2 = P_RATE / lags[first]
        ratio = f2 / f1[:, 0]
        whole = np.where(ratio >= 1, ratio, 1 / ratio)
        harmonic = np.abs(whole - np.round(whole)) / whole < HARMONIC_TOLERANCE
        apart = np.abs(12 * np.log2(ratio)) >= MIN_APART_SEMITONES
        ok = (best >= MIN_SCORE) & (share >= MIN_SHARE) & apart & ~harmonic
        out[batch] = np.where(ok, f2, np.nan)
    return _on_a_contour(out)


def _on_a_contour(f2: np.ndarray) -> np.ndarray:
    """Only pitches continued by the next or the previous frame: a voice's pitch moves
    smoothly, a lag picked from noise or a toy's clatter jumps about."""
    z = 12 * np.log2(f2)
    with np.errstate(invalid="ignore"):
        step = np.abs(np.diff(z)) <= CONTOUR_SEMITONES
    held = np.zeros(len(f2), bool)
    held[1:] |= step
    held[:-1] |= step
    return np.where(held, f2, np.nan)


def two_voices(feats: Features, f2: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) frames where two voices sound at once (see the module docstring)."""
    voiced = ~np.isnan(feats.f0)
    both = ~np.isnan(f2)
    # (np.convolve's "same" is as long as the longer input: never longer than the sound.)
    width = max(1, min(int(round(WINDOW_S / feats.step)), feats.n))
    kernel = np.ones(width)
    n_voiced = np.convolve(voiced, kernel, mode="same")
    n_both = np.convolve(both, kernel, mode="same")
    # Consonants and breaths break a voice's pitch every syllable: windows count, not frames.
    dense = (n_both >= WINDOW_SHARE * np.maximum(n_voiced, 1)) & (n_both >= 2) & voiced
    dense = close_gaps(dense, int(round(BRIDGE_S / feats.step)))
    least = int(round(MIN_OVERLAP_S / feats.step))
    return [(a, b) for a, b in runs_of(dense) if b - a >= least]


def overlapping(segments: list[VoiceSegment], feats: Features,
                spans: list[tuple[int, int]]) -> list[VoiceSegment]:
    """A segment for the other voice where two sound at once inside a named segment."""
    out: list[VoiceSegment] = []
    half = feats.step / 2
    least = MIN_OVERLAP_S - 1e-9
    for a, b in spans:
        start, end = float(feats.times[a] - half), float(feats.times[b - 1] + half)
        for seg in segments:
            if seg.who not in OTHER or seg.overlap:
                continue
            s, e = max(start, seg.start), min(end, seg.end)
            if e - s < least:
                continue
            who = OTHER[seg.who]
            out.append(VoiceSegment(who, "speech" if who == "adult" else "vocal", s, e,
                                    0.5 * seg.confidence, overlap=True))
    return out


def with_overlaps(segments: list[VoiceSegment], samples: np.ndarray, feats: Features,
                  activity: Activity, cancel: CancelToken | None = None
                  ) -> list[VoiceSegment]:
    """``segments`` plus the other voice's segments where two voices sound at once."""
    if feats.n == 0:
        return segments
    f2 = second_pitch(samples, feats, activity, cancel)
    extra = overlapping(segments, feats, two_voices(feats, f2))
    return sorted(segments + extra, key=lambda s: (s.start, s.end))
