"""Who vocalises, from evidence that does not need absolute pitch: a mouth that follows the
voice, one person's face tracks joined, and the pieces of one voice sharing their evidence."""

from __future__ import annotations

import numpy as np
from test_audio_parts import _faces, speech, track, voice

from analysis.audio import analyse_samples, speakers
from analysis.audio.features import RATE, compute_features
from analysis.audio.mouth import mouth_evidence, mouth_tracks
from analysis.audio.voices import cluster, farthest_pair, piece_vector, pooled
from analysis.backend import FACE_POINTS, N_FACE


def _swelling(f0: float, seconds: float, rate_hz: float = 2.0) -> np.ndarray:
    """Speech whose loudness swells and fades ``rate_hz`` times a second (syllables), with
    few consonants: a sound the sound's own cues leave undecided."""
    t = np.arange(int(seconds * RATE)) / RATE
    return (speech(f0, seconds, consonant_s=0.012)
            * (0.55 + 0.45 * np.sin(2 * np.pi * rate_hz * t)))


def test_the_mouth_that_follows_the_voice_is_the_speakers():
    times = np.arange(0, 5, 0.1)
    samples = track([(1.0, _swelling(340.0, 3.0))], 5.0)
    alone = analyse_samples(samples).segments
    # The sound alone barely decides (rules v5 name the adult without evidence for the child).
    assert [s.who for s in alone] == ["adult"] and alone[0].confidence < 0.5
    feats = compute_features(samples)
    inside = (times >= 1.0) & (times < 4.0)
    # Both mouths open and close as much during the voice (same movement), but only one in
    # time with its syllables and only while it sounds; the other chews on through the
    # silence too, opening in the voice's troughs.
    follows = np.where(inside, 0.15 + 0.15 * np.sin(2 * np.pi * 2.0 * (times - 1.0)), 0.0)
    against = 0.15 - 0.15 * np.sin(2 * np.pi * 2.0 * (times - 1.0))
    tracks = mouth_tracks(_faces(times, follows, against))
    assert tracks["adult"].sync(1.0, 4.0, feats.times, feats.db) > 0.6
    assert tracks["child"].sync(1.0, 4.0, feats.times, feats.db) < 0.0
    # Movement alone cannot tell them apart; the sync does.
    assert mouth_evidence(tracks, 1.0, 4.0) == 0.0
    assert mouth_evidence(tracks, 1.0, 4.0, feats.times, feats.db) < -0.6
    result = analyse_samples(samples, face_tracks=_faces(times, follows, against))
    assert [s.who for s in result.segments] == ["adult"]
    assert result.segments[0].confidence >= 0.5 > alone[0].confidence
    swapped = analyse_samples(samples, face_tracks=_faces(times, against, follows))
    assert [s.who for s in swapped.segments] == ["child"]


def test_one_persons_face_split_over_two_tracks_is_joined():
    """The tracker loses a face turned away and starts a new track: both are the parent's."""
    times = np.arange(0, 4, 0.1)
    face = np.full((len(times), 3, N_FACE, 3), np.nan, dtype=np.float32)
    idx = {p: FACE_POINTS.index(p) for p in (13, 14, 61, 291)}
    talking = 0.3 * (np.sin(2 * np.pi * 4 * times) > 0)
    for person, frames in ((0, times < 1.5), (2, times >= 1.5), (1, times >= 0)):
        for i in np.flatnonzero(frames):
            face[i, person, idx[61], :2] = [100, 100]
            face[i, person, idx[291], :2] = [140, 100]
            face[i, person, idx[13], :2] = [120, 98]
            face[i, person, idx[14], :2] = [120, 98 + 40 * (talking[i] if person != 1 else 0)]

    class Faces:
        pass

    faces = Faces()
    faces.times, faces.face, faces.labels = times, face, ["adult", "child", "adult"]
    tracks = mouth_tracks(faces)
    assert not np.isnan(tracks["adult"].opening).any()  # every frame has the parent's mouth
    # The talking in the second track (after 1.5 s) counts for the parent.
    assert mouth_evidence(tracks, 2.0, 3.5) <= -0.99


def test_voices_are_grouped_only_when_clearly_apart():
    rng = np.random.default_rng(5)
    low = rng.normal([0.0, 0.0, np.log2(220)], 0.1, (4, 3))
    high = rng.normal([3.0, -2.0, np.log2(500)], 0.1, (3, 3))
    labels = cluster(np.vstack([low, high]), np.ones(7))
    assert labels is not None and len(set(labels[:4])) == 1 and len(set(labels[4:])) == 1
    assert labels[0] != labels[4]
    assert cluster(rng.normal(0, 1, (7, 3)), np.ones(7)) is None  # one cloud: no split
    assert cluster(np.vstack([low[:1], high[:1]]), np.ones(2)) is None  # too few pieces
    # Each piece gets the mean evidence of the others of its voice, never its own.
    shared = pooled(np.array([2.0, 0.0, 1.0, -3.0]), np.array([0, 0, 0, 1]), np.ones(4))
    assert list(shared) == [0.5, 1.5, 1.0, 0.0]
    feats = compute_features(track([(0.1, voice(300.0, 0.5))], 0.8))
    vec = piece_vector(feats.ceps, feats.f0)
    assert vec.shape == (feats.ceps.shape[1] + 1,) and abs(2 ** vec[-1] - 300) < 10


def test_a_voice_with_its_face_hidden_takes_the_evidence_of_its_other_words(monkeypatch):
    # Three words of one voice that the sound barely decides, two coos of another.
    # The first voice's mouth is seen talking in its first two words and hidden in the third;
    # the other person's face is never seen.
    words = [(0.5, speech(340.0, 0.8, consonant_s=0.015)),
             (2.5, speech(345.0, 0.8, consonant_s=0.015)),
             (4.5, speech(335.0, 0.8, consonant_s=0.015)),
             (6.5, voice(600.0, 0.6)), (8.0, voice(620.0, 0.6))]
    samples = track(words, 9.5)
    times = np.arange(0, 9.5, 0.1)
    talking = 0.3 * (np.sin(2 * np.pi * 4 * times) > 0)
    adult = np.where((times < 4.0), np.where(((times > 0.5) & (times < 1.3))
                                             | ((times > 2.5) & (times < 3.3)), talking, 0.0),
                     np.nan)
    faces = _faces(times, adult, np.full(len(times), np.nan))
    result = analyse_samples(samples, face_tracks=faces)
    who = [(s.who, round(s.start, 1)) for s in result.segments]
    assert who == [("adult", 0.5), ("adult", 2.5), ("adult", 4.5), ("child", 6.5),
                   ("child", 8.0)], who
    assert result.segments[2].confidence >= 0.5  # sure enough to make turns
    # Without the other words' evidence the hidden word is barely decided (the adult only
    # for want of evidence for the child, too unsure for a turn).
    monkeypatch.setattr(speakers, "VOICE_WEIGHT", 0.0)
    alone = analyse_samples(samples, face_tracks=faces)
    assert [s.who for s in alone.segments][2] == "adult"
    assert alone.segments[2].confidence < 0.5


def test_the_farthest_pair_is_found_a_block_of_rows_at_a_time():
    """The 2-means starts from the two most distant pieces. Finding them a block of rows at a
    time (an hour's 1331 pieces took 255 MB all at once) must pick the same pair as the
    whole distance matrix, ties included (the first in row order)."""
    rng = np.random.default_rng(7)
    for n in (1, 2, 3, 63, 64, 65, 300):
        for x in (rng.normal(size=(n, 9)), np.round(rng.normal(size=(n, 9)))):
            d = np.linalg.norm(x[:, None] - x[None], axis=2)
            whole = np.unravel_index(int(np.argmax(d)), d.shape)
            assert farthest_pair(x, rows=64) == (int(whole[0]), int(whole[1])), n
