"""Per-recording voices: the voiced pieces grouped by how they sound, so evidence is shared.

Absolute pitch does not say who vocalises in real homes (a mother's "whoooa!" reaches
500-900 Hz, a toddler's chuckle sits at 250 Hz), and a face is often turned away. But one
person's voice keeps its timbre through a recording: the spectral envelope (the mel cepstrum
of :mod:`analysis.audio.features`, which follows the size and shape of the vocal tract) and
where its pitch sits relative to the recording's other voices. So the pieces are clustered
into at most two voices, and each piece's evidence (pitch, whose mouth moves) is pooled with
that of the rest of its voice: a mother's exclamation with her face hidden is taken for hers
when the pieces that sound like it showed her mouth moving.

Two voices are accepted only when they are clearly apart (the gap between the two groups
against their spread); otherwise the recording is taken as one voice and nothing is pooled,
since a clip with both voices wrongly merged would have its evidence washed out.
"""

from __future__ import annotations

import numpy as np

# Distance of the two centres / the pieces' spread around them. 2-means always splits, and
# one voice's pieces (a Gaussian cloud of 5-10 pieces in these 9 dimensions) reach 1.4 in
# half the cases and 2.3 in 1% (simulated); two real voices lie far beyond.
MIN_SEPARATION = 2.5
MIN_PIECES = 3
ITERATIONS = 20


def piece_vector(ceps: np.ndarray, f0: np.ndarray) -> np.ndarray:
    """One piece's description: mean cepstrum of its voiced frames and its median log-pitch."""
    good = ~np.isnan(f0)
    c = ceps[good] if good.any() else ceps
    pitch = float(np.log2(np.median(f0[good]))) if good.any() else np.nan
    return np.concatenate([c.mean(axis=0) if len(c) else np.zeros(ceps.shape[1]), [pitch]])


def cluster(vectors: np.ndarray, weights: np.ndarray) -> np.ndarray | None:
    """(n,) voice number (0 or 1) per piece; None when two voices are not clearly apart.

    ``vectors`` from :func:`piece_vector`, ``weights`` the pieces' voiced durations. Features
    are standardised over the recording (a room's microphone colours every voice alike),
    then weighted 2-means from the two most distant pieces.
    """
    n = len(vectors)
    labels = np.zeros(n, int)
    if n < MIN_PIECES:
        return None
    x = vectors.copy()
    col_mean = np.nanmean(x, axis=0)
    x = np.where(np.isnan(x), col_mean, x)
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-6)
    i, j = farthest_pair(x)
    centres = np.stack([x[i], x[j]])
    w = np.maximum(weights, 1e-3)
    for _ in range(ITERATIONS):
        new = np.argmin(np.linalg.norm(x[:, None] - centres[None], axis=2), axis=1)
        if (new == labels).all() and _ > 0:
            break
        labels = new
        for k in (0, 1):
            if (labels == k).any():
                centres[k] = np.average(x[labels == k], axis=0, weights=w[labels == k])
    if len(set(labels.tolist())) < 2:
        return None
    spread = np.sqrt(np.average(np.sum((x - centres[labels]) ** 2, axis=1), weights=w))
    gap = float(np.linalg.norm(centres[0] - centres[1]))
    if gap < MIN_SEPARATION * max(spread, 1e-6):
        return None
    return labels


def farthest_pair(x: np.ndarray, rows: int = 256) -> tuple[int, int]:
    """The two most distant rows of ``x`` (the first such pair in row order), from blocks of
    ``rows`` rows at a time: all the distances at once would take n x n x dims floats, 255 MB
    for the 1331 pieces of an hour's recording and four times that for two hours."""
    best, pair = -1.0, (0, 0)
    for r0 in range(0, len(x), rows):
        d = np.linalg.norm(x[r0:r0 + rows, None] - x[None], axis=2)
        k = int(np.argmax(d))
        if d.flat[k] > best:
            best, pair = float(d.flat[k]), (r0 + k // len(x), k % len(x))
    return pair


def pooled(logits: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per piece, the weighted mean evidence of the other pieces of its voice (0 if alone)."""
    out = np.zeros(len(logits))
    for k in set(labels.tolist()):
        idx = np.flatnonzero(labels == k)
        if len(idx) < 2:
            continue
        w = weights[idx]
        total, wsum = float(np.dot(w, logits[idx])), float(w.sum())
        for i, wi, li in zip(idx, w, logits[idx], strict=True):
            rest = wsum - wi
            out[i] = (total - wi * li) / rest if rest > 1e-9 else 0.0
    return out
