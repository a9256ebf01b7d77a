"""Turn-taking from the voice segments: turns, conversations, pauses, cue tracks, moments.

- Only segments named with confidence >= ``TURN_CONFIDENCE`` take part in turns and pauses:
  on real footage a barely named voice is wrong as often as right, and a wrong speaker makes
  a wrong turn (``tests/analysis/audio_reference/README.md``).
- A **turn** passes from one speaker to the other when the second starts vocalising within
  ``MAX_TURN_GAP_S`` of the first stopping (or while the first is still going: overlap).
  A change of speaker inside one unbroken stretch of sound (the pieces touch) is not a turn:
  on real recordings it is far more often one voice sweeping through the pitch boundary (a
  parent's "whoooa!") than two people answering each other without a breath between.
  It is what the VIPP-SD "sensitivity chain" looks at: the child's signal, the parent's answer.
- A **conversation** is an unbroken chain of at least ``MIN_CONVERSATION_TURNS`` turns.
- A voice heard under the other's (an overlap segment, :mod:`.overlap`) takes no part in
  turns or pauses: it is not an answer; the summary gives its time (``overlap_s``).
- A parent's **pause** is a silence of ``PAUSE_S`` or more between two of the adult's
  utterances; when the child vocalises in it, the parent has left room for the child.

Cue tracks and moments have the same fields as :class:`analysis.cues.CueTrack` and
:class:`analysis.suggest.Moment`, so the analysis job can list them with the visual ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from vfeedback.i18n import _

from ..cues import CueTrack
from .speakers import VoiceSegment

MAX_TURN_GAP_S = 2.0
JOINED_S = 0.05  # pieces of one vocal stretch touch; a turn needs a silence or an overlap
MIN_CONVERSATION_TURNS = 3
PAUSE_S = 1.0
MAX_PAUSE_S = 5.0  # longer than this the parent has stopped talking, not paused
CUE_STEP_S = 0.1
PEOPLE = ("adult", "child")
TURN_CONFIDENCE = 0.5  # a turn needs both speakers named at least this surely


@dataclass
class Turn:
    source: str  # who vocalised first (adult | child)
    target: str  # who answered
    at: float  # when the answer starts, seconds
    gap: float  # seconds from the end of the first to the start of the answer (< 0: overlap)
    confidence: float

    def to_json(self) -> dict:
        return {"from": self.source, "to": self.target, "at": round(self.at, 3)}


@dataclass
class Conversation:
    turns: list[Turn]
    start: float
    end: float

    @property
    def confidence(self) -> float:
        return float(np.mean([t.confidence for t in self.turns]))


@dataclass
class AudioMoment:
    """A suggested moment (fields as :class:`analysis.suggest.Moment`)."""

    kind: str
    start_s: float
    end_s: float
    score: float
    reason: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "start_ms": int(round(self.start_s * 1000)),
                "end_ms": int(round(self.end_s * 1000)), "score": round(self.score, 4),
                "reason": self.reason}


@dataclass
class Pause:
    start: float
    end: float
    child_vocalised: bool


@dataclass
class TurnTaking:
    turns: list[Turn] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)


def _known(segments: list[VoiceSegment], least: float = 0.0) -> list[VoiceSegment]:
    return sorted((s for s in segments if s.who in PEOPLE and s.confidence >= least),
                  key=lambda s: (s.start, s.end))


def find_turns(segments: list[VoiceSegment]) -> TurnTaking:
    # A voice heard under another's (overlap) is not an answer to it: no turn, no pause.
    known = [s for s in _known(segments, TURN_CONFIDENCE) if not s.overlap]
    result = TurnTaking()
    last: VoiceSegment | None = None
    chain: list[Turn] = []
    chain_start = 0.0
    chain_end = 0.0

    def close_chain() -> None:
        if len(chain) >= MIN_CONVERSATION_TURNS:
            result.conversations.append(Conversation(list(chain), chain_start, chain_end))
        chain.clear()

    for seg in known:
        if last is not None and seg.who != last.who and seg.start > last.start:
            gap = seg.start - last.end
            if abs(gap) < JOINED_S:
                pass  # one unbroken stretch of sound: more often one voice moving in pitch
            elif gap <= MAX_TURN_GAP_S:
                turn = Turn(last.who, seg.who, seg.start, gap,
                            min(last.confidence, seg.confidence))
                result.turns.append(turn)
                if not chain:
                    chain_start = last.start
                chain.append(turn)
                chain_end = max(chain_end, seg.end)
            else:
                close_chain()
        elif last is not None and seg.start - last.end > MAX_TURN_GAP_S:
            close_chain()
        if chain:
            chain_end = max(chain_end, seg.end)
        if last is None or seg.who != last.who or seg.end > last.end:
            last = seg
    close_chain()
    adult = [s for s in known if s.who == "adult"]
    child = [s for s in known if s.who == "child"]
    for a, b in zip(adult, adult[1:], strict=False):
        gap = b.start - a.end
        if PAUSE_S <= gap <= MAX_PAUSE_S:
            filled = any(c.start < b.start and c.end > a.end for c in child)
            result.pauses.append(Pause(a.end, b.start, filled))
    return result


def cue_tracks(segments: list[VoiceSegment], taking: TurnTaking,
               duration: float) -> list[CueTrack]:
    """Voice and turn-taking cue tracks on a 10 Hz grid."""
    times = np.arange(0.0, max(duration, 0.0) + 1e-9, CUE_STEP_S)
    tracks: list[CueTrack] = []
    unknown = np.zeros(len(times), bool)
    for seg in segments:
        if seg.who == "unknown":
            unknown |= (times >= seg.start) & (times < seg.end)
    for who in PEOPLE:
        for name, kinds in ((f"{who}_voice", None), (f"{who}_laugh", {"laugh"})):
            values = np.zeros(len(times))
            conf = np.where(unknown, 0.0, 1.0)
            for seg in segments:
                if seg.who != who or (kinds is not None and seg.kind not in kinds):
                    continue
                inside = (times >= seg.start) & (times < seg.end)
                values[inside] = 1.0
                conf[inside] = seg.confidence
            tracks.append(CueTrack(name, times, values, conf))
    values = np.zeros(len(times))
    conf = np.ones(len(times))
    for talk in taking.conversations:
        inside = (times >= talk.start) & (times < talk.end)
        values[inside] = 1.0
        conf[inside] = talk.confidence
    tracks.append(CueTrack("conversation", times, values, conf))
    return tracks


def find_moments(segments: list[VoiceSegment], taking: TurnTaking) -> list[AudioMoment]:
    """Suggested moments about voice and turn-taking, best first, each with a plain reason."""
    moments: list[AudioMoment] = []
    in_talk: set[int] = set()
    for talk in taking.conversations:
        n = len(talk.turns)
        moments.append(AudioMoment(
            "conversation", talk.start, talk.end, 3.0 * talk.confidence * min(n, 8) / 3,
            _("A conversation: {n} turns in {d:.0f} s").format(n=n, d=talk.end - talk.start)))
        in_talk.update(id(t) for t in talk.turns)
    known = _known(segments)
    for turn in taking.turns:
        if id(turn) in in_talk:
            continue
        before = max((s for s in known if s.who == turn.source and s.start < turn.at),
                     key=lambda s: s.start, default=None)
        after = next((s for s in known if s.who == turn.target and s.start >= turn.at), None)
        start = before.start if before else turn.at - 1.0
        end = min(after.end, turn.at + 4.0) if after else turn.at + 2.0
        wait = max(turn.gap, 0.0)
        if turn.source == "child":
            moments.append(AudioMoment(
                "parent_answers_child", max(0.0, start), end, 2.0 * turn.confidence,
                _("The parent answers the child's sound ({s:.1f} s later)").format(s=wait)))
        else:
            moments.append(AudioMoment(
                "child_answers_parent", max(0.0, start), end, 1.8 * turn.confidence,
                _("The child vocalises {s:.1f} s after the parent stops").format(s=wait)))
    for pause in taking.pauses:
        if pause.child_vocalised:
            moments.append(AudioMoment(
                "parent_leaves_room", max(0.0, pause.start - 1.0), pause.end + 1.0, 1.5,
                _("The parent pauses for {d:.1f} s and the child fills the pause").format(
                    d=pause.end - pause.start)))
    for seg in segments:
        if seg.who == "child" and seg.kind in ("laugh", "cry"):
            reason = (_("The child laughs") if seg.kind == "laugh"
                      else _("The child cries: how does the parent respond?"))
            moments.append(AudioMoment(f"child_{seg.kind}", max(0.0, seg.start - 1.0),
                                       seg.end + 2.0, 1.5 * seg.confidence, reason))
    moments.sort(key=lambda m: (-m.score, m.start_s))
    return moments


def visit_summary(segments: list[VoiceSegment], taking: TurnTaking,
                  duration: float) -> dict[str, float | int]:
    """Numbers for the visit summary: how much the parent talks and pauses, per minute."""
    minutes = max(duration, 1e-9) / 60
    adult = [s for s in segments if s.who == "adult"]
    child = [s for s in segments if s.who == "child"]
    return {
        "minutes": round(duration / 60, 3),
        "adult_speech_s": round(sum(s.duration for s in adult), 2),
        "adult_utterances_per_min": round(len(adult) / minutes, 2),
        "adult_speech_share": round(sum(s.duration for s in adult) / max(duration, 1e-9), 3),
        "adult_pauses_per_min": round(len(taking.pauses) / minutes, 2),
        "pauses_child_filled": sum(1 for p in taking.pauses if p.child_vocalised),
        "child_vocalisations_per_min": round(len(child) / minutes, 2),
        "child_laughs": sum(1 for s in child if s.kind == "laugh"),
        "turns_per_min": round(len(taking.turns) / minutes, 2),
        "conversations": len(taking.conversations),
        "overlap_s": round(sum(s.duration for s in segments if s.overlap), 2),
    }
