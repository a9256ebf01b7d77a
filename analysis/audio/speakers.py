"""Who vocalises and how: adult or child, speech, a vocal sound, a laugh or a cry.

Each vocal region from :mod:`analysis.audio.vad` is one piece (splitting where the pitch
crosses ``CHILD_HZ`` is kept behind ``SPLIT_AT_PITCH``, off: on the coded dyad clips it cut
parents' exclamations in two more often than it separated two people), and each piece is
labelled:

- **who**, from evidence that held up on clips the rules were not tuned on
  (``tests/analysis/audio_reference/README.md``). Absolute pitch does not: a mother's
  "whoooa!" reaches 500-900 Hz, a toddler's chuckle 250 Hz. What does, each worth at most
  +-``CUE_MAX`` on a logit where positive is the child:

  * a **prior for the adult** (``ADULT_PRIOR``): in parent-child play the parent does most
    of the vocalising (two thirds of the coded events), and a wrong "child" makes a wrong
    turn, so the child needs evidence;
  * **pitch above the recording's usual voice** (the median pitch of all its voiced frames:
    mostly the adult's), not above a fixed boundary;
  * **articulation**: adult speech has consonants and breath (energy above ~3.6 kHz in the
    loud frames) and is less purely periodic than an infant's vowel-like coo or squeal.

  Whose mouth moves and follows the voice (:mod:`.mouth`) adds at most ``MOUTH_WEIGHT``
  (1): measured alone it is near chance on these clips (the face mesh barely sees a
  mother's lips in profile; a watching baby's face moves as much as a talking one), so it
  only tips pieces the sound leaves undecided. The pieces that sound like one voice share
  that face evidence (:mod:`.voices`). **Rules v5**: the child is named when the evidence
  is above ``CHILD_ABOVE`` (0.75, chosen by leaving clips out,
  ``benchmarks/fit_speakers.py``), otherwise the adult, with a confidence that grows with
  the distance from that line (turns take only confident ones). v4 said ``unknown`` near an
  even logit; on the coded clips that band held mostly the adult's voice, and an unknown is
  never right, so v5 does not abstain. A logistic regression on the same cues, with the
  faces as features, did no better than the threshold when clips were left out. The sound's
  high-band cue needs full-band sound: a telephone codec's 8 kHz audio has no consonant
  energy above 3.6 kHz and would look child-like, so the listening leaves that cue out when
  the recording holds nothing above 4 kHz (:func:`.features.high_band_db`).
- **kind**: a laugh is a run of regular bursts (3-8 per second: "ha-ha-ha"); a cry is a long,
  loud, high, almost continuously voiced sound, mostly in wails of 0.5 s or more, of a voice
  surely the child's; otherwise an adult's is speech and a child's a
  vocal sound (coo, babble, squeal).

Each stretch of sound gets one label, that of its evidence as a whole; where a second voice
sounds under it, :mod:`.overlap` adds that voice as a segment of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import Features
from .mouth import MouthTrack, mouth_evidence
from .vad import Activity, runs_of
from .voices import cluster, piece_vector, pooled

CHILD_HZ = 330.0
# The sound's evidence (a logit, positive = the child): a prior for the adult and three cues
# each worth at most +-CUE_MAX (the pitch PITCH_CUE_MAX); see the module docstring.
ADULT_PRIOR = -1.5
CUE_MAX = 1.5
REL_SEMITONES = 4.0  # pitch above the recording's usual voice: 4 semitones = 1 unit
PITCH_CUE_MAX = 2.0  # an octave above the usual voice is worth more than the other cues
VOICING_CENTRE, VOICING_UNIT = 0.8, 0.05  # clearer periodicity (a vowel-like sound) -> child
HIGH_CENTRE, HIGH_UNIT = 0.03, 0.03  # energy above ~3.6 kHz (consonants, breath) -> adult
MOUTH_WEIGHT = 1.0  # logit added by full mouth evidence: a nudge (see the module docstring)
VOICE_WEIGHT = 1.0  # share of the rest of the same voice's evidence added to a piece's own
# The child is named when the evidence's logit is above CHILD_ABOVE, otherwise the adult:
# chosen by leaving clips out on the 23 coded clips (benchmarks/fit_speakers.py). Rules v4
# left a band around an even logit "unknown" (confidence under UNKNOWN_BELOW, :func:`name`);
# an unknown is never right, and on the coded clips the band held the adult's voice far more
# often than the child's, so v5 abstains nowhere.
CHILD_ABOVE = 0.75
UNKNOWN_BELOW = 0.3  # v4's naming (:func:`name`): confidence under this says "unknown"
SMOOTH_FRAMES = 15  # median filter over voiced frames (~150 ms of voice)
MIN_PIECE_S = 0.5  # a switch of speaker inside one stretch of sound lasts this long
SPLIT_AT_PITCH = False  # split a stretch where the pitch crosses CHILD_HZ (see above)
LAUGH_RHYTHM = 0.45  # autocorrelation of the loudness at the burst rate
LAUGH_HZ = (3.0, 8.0)
LAUGH_DEPTH_DB = 4.0  # bursts: the loudness swings by several dB
MIN_LAUGH_S = 0.5
CRY_MIN_S = 2.0
CRY_LOUD_DB = 35.0  # above the noise floor
CRY_VOICED = 0.7
# "The child cries" is a strong thing to suggest to a clinician. On the 28 coded joke-game
# clips (laughs, no cry) the rules above alone called 4 stretches cries: 2 were the toddler
# laughing, 1 the mother's high exclamation, 1 both; 3 were named the child's with confidence
# under 0.25 and none was mostly long wails. So a cry also needs a sure child and wails.
CRY_CONFIDENCE = 0.5
CRY_UNIT_S = 0.5
CRY_UNIT_SHARE = 0.6


@dataclass
class VoiceSegment:
    who: str  # adult | child | unknown
    kind: str  # speech | vocal | laugh | cry
    start: float
    end: float
    confidence: float
    pitch_hz: float = float("nan")  # median pitch of the voiced frames
    overlap: bool = False  # a second voice under another's segment (:mod:`.overlap`)

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
    sound_logit: float
    mouth_logit: float
    cues: tuple[float, float, float] = (0.0, 0.0, 0.0)  # the sound's (see sound_cues)

    @property
    def own(self) -> float:
        return self.sound_logit + self.mouth_logit


@dataclass
class Evidence:
    """The pieces of a recording with their evidence, before they are named."""

    pieces: list[_Piece]
    logits: np.ndarray  # (n,) own evidence + the same voice's faces, positive = the child


def gather(feats: Features, activity: Activity,
           mouths: dict[str, MouthTrack] | None = None, full_band: bool = True) -> Evidence:
    """Each piece's evidence: its sound (the adult prior plus :func:`sound_cues`), whose mouth
    moves and follows the voice, and what the faces showed over the other pieces of the same
    voice (:mod:`.voices`). Without ``full_band`` (sound through an 8 kHz telephone codec)
    the consonant cue is left out: there are no consonants above 3.6 kHz to hear."""
    step = feats.step
    min_frames = int(round(MIN_PIECE_S / step))
    pieces: list[_Piece] = []
    usual = usual_pitch(feats, activity)
    for r, (a, b) in enumerate(activity.regions):
        voiced_idx = a + np.flatnonzero(activity.voiced[a:b])
        z = 12 * np.log2(feats.f0[voiced_idx] / CHILD_HZ)
        spans = _pieces(z, voiced_idx, a, b, min_frames) if SPLIT_AT_PITCH else [(a, b)]
        for s, e in spans:
            sel = (voiced_idx >= s) & (voiced_idx < e)
            if not sel.any():
                continue
            loud = s + np.flatnonzero(activity.loud[s:e])
            cues = sound_cues(feats, voiced_idx[sel], loud, usual, full_band)
            heard = ADULT_PRIOR + sum(cues)
            mouth_logit = 0.0
            if mouths and MOUTH_WEIGHT:
                start, end = feats.times[s] - step / 2, feats.times[e - 1] + step / 2
                mouth_logit = MOUTH_WEIGHT * mouth_evidence(mouths, start, end, feats.times,
                                                            feats.db)
            pieces.append(_Piece(s, e, r, voiced_idx[sel], float(sel.sum() / (e - s)),
                                 heard, mouth_logit, cues))
    if not pieces:
        return Evidence([], np.zeros(0))
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
    return Evidence(pieces, own + VOICE_WEIGHT * pool)


def classify(feats: Features, activity: Activity,
             mouths: dict[str, MouthTrack] | None = None,
             full_band: bool = True) -> list[VoiceSegment]:
    """Voice segments (time order) for the regions found by voice activity detection.

    Each piece is named from its evidence (:func:`gather`) by :func:`name_above` with
    ``CHILD_ABOVE`` (rules v5). Neighbouring pieces of one vocal stretch that end up with the
    same speaker are joined. ``full_band``: as for :func:`gather`.
    """
    evidence = gather(feats, activity, mouths, full_band)
    return segments_of(feats, activity, evidence,
                       [name_above(float(lg), p.voiced_share, CHILD_ABOVE)
                        for lg, p in zip(evidence.logits, evidence.pieces, strict=True)])


def segments_of(feats: Features, activity: Activity, evidence: Evidence,
                named: list[tuple[str, float]]) -> list[VoiceSegment]:
    """The voice segments for the pieces named ``named`` ((who, confidence) per piece)."""
    step = feats.step
    decided = list(zip(named, evidence.pieces, strict=True))
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
        kind = _kind(feats, activity, s, e, who, pitch, voiced_share, conf)
        out.append(VoiceSegment(who, kind, float(feats.times[s] - half),
                                float(feats.times[e - 1] + half), conf, pitch))
    return out


def usual_pitch(feats: Features, activity: Activity) -> float:
    """The recording's usual voice, as log2-pitch: the lower of two medians, that of all the
    voiced frames of its vocal regions and that of the regions' own pitches (the median of
    each one's voiced frames) counted by the regions' length. The adult does most of the
    vocalising in parent-child play, so this is near the adult's pitch. Frames alone fail for
    a low or breathy voice (a father at 90 Hz): fewer of its frames are clearly periodic than
    of a child's coo, and by frames the child's pitch became the "usual" one. On 12 of the
    27 coded dyad clips with a voice the regions' median is the lower (by 0.1 to 9
    semitones); right speaker P/R over all of them is unchanged (0.54 / 0.74 with faces,
    0.51 / 0.70 from the sound). NaN without voiced frames."""
    per_region = [(np.log2(feats.f0[a + np.flatnonzero(activity.voiced[a:b])]), b - a)
                  for a, b in activity.regions]
    per_region = [(semis, length) for semis, length in per_region if len(semis)]
    if not per_region:
        return float("nan")
    pitches = np.array([np.median(semis) for semis, _ in per_region])
    order = np.argsort(pitches)
    cum = np.cumsum(np.array([length for _, length in per_region], float)[order])
    by_length = float(pitches[order][np.searchsorted(cum, cum[-1] / 2)])
    by_frames = float(np.median(np.concatenate([semis for semis, _ in per_region])))
    return min(by_length, by_frames)


def _cue(value: float, most: float = CUE_MAX) -> float:
    return float(np.clip(value, -most, most)) if np.isfinite(value) else 0.0


def sound_cues(feats: Features, voiced: np.ndarray, loud: np.ndarray,
               usual: float, full_band: bool = True) -> tuple[float, float, float]:
    """The sound's three cues for a piece, each clipped (positive = the child): pitch above
    the recording's usual voice, voicing strength, and the lack of consonant energy. From the
    piece's voiced frames and its loud frames (voiced or not: consonants; the quiet frames
    between words hold only the room's noise, whose hiss would look like consonants).
    Without ``full_band`` the consonant cue is 0: the sound holds nothing above 4 kHz."""
    f0 = feats.f0[voiced]
    f0 = f0[~np.isnan(f0)]
    rel = 12 * (float(np.median(np.log2(f0))) - usual) if len(f0) else float("nan")
    voicing = float(np.mean(feats.voicing[voiced])) if len(voiced) else float("nan")
    # The mean, not the median: consonants and breaths are a minority of a word's frames.
    high = float(np.mean(feats.high_ratio[loud])) if len(loud) and full_band else float("nan")
    return (_cue(rel / REL_SEMITONES, PITCH_CUE_MAX),
            _cue((voicing - VOICING_CENTRE) / VOICING_UNIT),
            _cue((HIGH_CENTRE - high) / HIGH_UNIT))


def name(logit: float, voiced_share: float) -> tuple[str, float]:
    """Rules v4's naming: the more likely speaker, ``unknown`` near an even logit."""
    who, conf = name_above(logit, voiced_share, 0.0)
    return ("unknown" if conf < UNKNOWN_BELOW else who), conf


def name_above(logit: float, voiced_share: float, threshold: float) -> tuple[str, float]:
    """The child when the evidence is above ``threshold``, else the adult (no abstention);
    the confidence grows with the distance from the threshold."""
    p_child = 1 / (1 + np.exp(-(logit - threshold)))
    conf = float(abs(2 * p_child - 1) * min(1.0, 0.5 + voiced_share))
    return ("child" if logit > threshold else "adult"), conf


def _kind(feats: Features, activity: Activity, s: int, e: int, who: str, pitch: float,
          voiced_share: float, confidence: float) -> str:
    duration = (e - s) * feats.step
    if duration >= MIN_LAUGH_S and burst_rhythm(feats.db[s:e], feats.step) >= LAUGH_RHYTHM:
        return "laugh"
    loud = float(np.median(feats.db[s:e])) - activity.floor_db
    if (who == "child" and confidence >= CRY_CONFIDENCE and duration >= CRY_MIN_S
            and voiced_share >= CRY_VOICED and loud >= CRY_LOUD_DB and pitch >= CHILD_HZ
            and cry_units(feats, s, e) >= CRY_UNIT_SHARE):
        return "cry"
    if who == "adult" or (who == "unknown" and pitch < CHILD_HZ):
        return "speech"
    return "vocal"


def cry_units(feats: Features, s: int, e: int) -> float:
    """Share of [s, e) in unbroken voicing of at least ``CRY_UNIT_S``: a cry is long wails
    ("waaah", a breath, "waaah"); a laugh or a squealing game is short bursts."""
    if e <= s:
        return 0.0
    long_units = [b - a for a, b in runs_of(~np.isnan(feats.f0[s:e]))
                  if (b - a) * feats.step >= CRY_UNIT_S]
    return float(sum(long_units)) / (e - s)
