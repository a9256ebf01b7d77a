"""Suggested moments: intervals worth a look, found in the cue tracks, ranked, in plain words.

They are stored as ``Suggestion`` rows; the clinician accepts one (it becomes an
``Annotation`` with ``source="suggestion"``) or dismisses it. Re-analysing a recording
replaces its open suggestions and keeps the ones already accepted or dismissed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vfeedback.i18n import _
from vfeedback.models import Suggestion

from .cues import CueTrack, compute_cues
from .results import AnalysisResult

if TYPE_CHECKING:
    pass

MIN_CONFIDENCE = 0.3


@dataclass(frozen=True)
class SuggestParams:
    """Durations and gates of the gaze suggestions. The defaults are the best of a grid on
    all 11 hand-coded dyad clips (``benchmarks/eval_dyads.py --tune``; among equals, the
    value used before). The same search run on one family and measured on the other is the
    honest estimate for new families: see that script's output."""

    # Mutual gaze: looks at each other for at least ``mutual_min_s``; stretches apart by at
    # most ``mutual_join_s`` are one look (a face lost to motion blur for a few frames).
    mutual_min_s: float = 0.5
    mutual_join_s: float = 1.2
    mutual_unknown_s: float = 0.0
    # The child turns to the parent: looked elsewhere (confidently) for ``turn_off_s``, then
    # at the parent for ``turn_on_s``.
    turn_on_s: float = 0.5
    turn_off_s: float = 0.3
    turn_join_s: float = 0.3
    turn_unknown_s: float = 0.0
    # None: frames not seen count as "off" before a turn; a number: the "off" must be seen,
    # ending at most this long before the turn.
    turn_off_within_s: float | None = 1.0
    min_confidence: float = MIN_CONFIDENCE


@dataclass
class Moment:
    kind: str
    start_s: float  # the clip to look at (a little before the onset, for context)
    end_s: float
    score: float
    reason: str
    onset_s: float = -1.0  # when it happens (the cue switching on); start_s when not set

    def __post_init__(self) -> None:
        if self.onset_s < 0:
            self.onset_s = self.start_s


def _run_frames(track: CueTrack, threshold: float, max_gap_s: float, min_confidence: float,
                unknown_gap_s: float) -> list[tuple[int, int, list[float]]]:
    """(first frame, last frame, confidences) of the stretches where the cue holds."""
    t = track.times
    values = np.nan_to_num(track.values, nan=0.0)
    sure = track.confidence >= min_confidence
    on = (values >= threshold) & sure
    # Confidently "off": seen, and not holding. A frame that is not sure either way (a face
    # lost to motion blur, eyes too small) is unknown, and an unknown stretch of at most
    # ``unknown_gap_s`` between two "on" frames does not end a look.
    off = (values < threshold) & sure & ~np.isnan(track.values)
    step = float(np.median(np.diff(t))) if len(t) > 1 else 0.1
    out: list[tuple[int, int, list[float]]] = []
    for i in np.flatnonzero(on):
        if out:
            first, last, confs = out[-1]
            gap = (t[i] - t[last]) - step
            if gap <= max_gap_s + 1e-9 or (gap <= unknown_gap_s + 1e-9
                                          and not off[last + 1:i].any()):
                confs.append(float(track.confidence[i]))
                out[-1] = (first, int(i), confs)
                continue
        out.append((int(i), int(i), [float(track.confidence[i])]))
    return out


def runs(track: CueTrack, *, threshold: float = 0.5, min_s: float = 0.0,
         max_gap_s: float = 0.3, min_confidence: float = MIN_CONFIDENCE,
         unknown_gap_s: float = 0.0) -> list[tuple[float, float, float]]:
    """(start, end, mean confidence) of the stretches where the cue holds confidently.

    A frame counts when value >= threshold and confidence >= ``min_confidence``; stretches
    closer than ``max_gap_s`` are joined, and so are stretches up to ``unknown_gap_s`` apart
    with no frame confidently "off" between them. A stretch ends half a frame step after its
    last frame.
    """
    t = track.times
    if len(t) == 0:
        return []
    step = float(np.median(np.diff(t))) if len(t) > 1 else 0.1
    out = []
    for first, last, confs in _run_frames(track, threshold, max_gap_s, min_confidence,
                                          unknown_gap_s):
        start, end = max(0.0, float(t[first]) - step / 2), float(t[last]) + step / 2
        # Frame times jitter (variable frame rate): a quarter step of slack, so that three
        # frames at 0.099 s hold a 0.3 s minimum.
        if end - start >= min_s - step / 4:
            out.append((start, end, float(np.mean(confs))))
    return out


def onsets(track: CueTrack, *, before_s: float = 0.5, after_s: float = 1.5,
           min_off_s: float = 0.5, min_on_s: float = 0.5, max_gap_s: float = 0.3,
           min_confidence: float = MIN_CONFIDENCE, unknown_gap_s: float = 0.0,
           off_within_s: float | None = None) -> list[tuple[float, float, float]]:
    """Moments a cue switches on after being off for at least ``min_off_s`` and stays on
    for ``min_on_s`` (a look, not a glance in passing).

    With ``off_within_s`` the "off" must be seen: confidently-off frames spanning at least
    ``min_off_s``, the last of them at most ``off_within_s`` before the onset (a look that
    only went unseen for a while is not a new turn; an onset after a long unknown stretch
    cannot be placed). Without it, unknown frames count as off (the older, looser rule)."""
    out = []
    t = track.times
    if len(t) == 0:
        return out
    seen = np.flatnonzero(track.confidence >= min_confidence)
    if len(seen) == 0:
        return out
    step = float(np.median(np.diff(t))) if len(t) > 1 else 0.1
    sure = track.confidence >= min_confidence
    off = (np.nan_to_num(track.values, nan=0.0) < 0.5) & sure & ~np.isnan(track.values)
    # An onset needs a stretch seen "off" before it: from the first confident frame on.
    previous_end = float(t[seen[0]])
    previous_last = -1
    for first, last, confs in _run_frames(track, 0.5, max_gap_s, min_confidence,
                                          unknown_gap_s):
        start, end = max(0.0, float(t[first]) - step / 2), float(t[last]) + step / 2
        if end - start < min_on_s - step / 4:  # the same slack as in runs()
            continue
        if off_within_s is None:
            ok = start - previous_end >= min_off_s
        else:
            offs = previous_last + 1 + np.flatnonzero(off[previous_last + 1:first])
            ok = (len(offs) > 0
                  and float(t[offs[-1]] - t[offs[0]]) + step >= min_off_s - step / 4
                  and float(t[first] - t[offs[-1]]) <= off_within_s)
        if ok:
            conf = float(np.mean(confs))
            out.append((max(0.0, start - before_s), min(end, start + after_s), conf))
        previous_end, previous_last = end, last
    return out


def _settled_since(track: CueTrack, at: int, within_deg: float = 15.0) -> float | None:
    """How long before frame ``at`` the gaze has pointed (within ``within_deg``) where it
    points at ``at``: the time it got there, or None when not known."""
    values, conf, t = track.values, track.confidence, track.times
    if np.isnan(values[at]) or conf[at] < MIN_CONFIDENCE:
        return None
    i = at
    while i > 0 and not np.isnan(values[i - 1]) and abs(values[i - 1] - values[at]) <= within_deg:
        i -= 1
    return float(t[i])


def follows_lead(cues: dict[str, CueTrack]) -> list[Moment]:
    """The parent looks where the child looks, within a second and a half of the child: the
    onsets of shared attention where the child's gaze got there first."""
    needed = ("shared_attention", "child_gaze_yaw", "adult_gaze_yaw")
    if not all(n in cues for n in needed):
        return []
    shared, child, adult = (cues[n] for n in needed)
    out = []
    for s, e, conf in runs(shared, min_s=0.3, max_gap_s=0.4):
        at = int(np.searchsorted(shared.times, s + 1e-6))
        at = min(at, len(shared.times) - 1)
        tc, ta = _settled_since(child, at), _settled_since(adult, at)
        if tc is None or ta is None:
            continue
        lag = ta - tc
        if 0.2 <= lag <= 1.5:
            out.append(Moment("parent_follows_lead", max(0.0, tc - 0.5), e, 2.0 * conf,
                              _("The parent follows the child's lead: looks where the child "
                                "looks {d:.1f} s after the child").format(d=lag), onset_s=ta))
    return out


def find_moments(cues: list[CueTrack], params: SuggestParams | None = None) -> list[Moment]:
    """The candidate moments from the cue tracks, best first."""
    p = params or SuggestParams()
    by_name = {c.name: c for c in cues}
    moments: list[Moment] = []
    if "mutual_gaze" in by_name:
        for s, e, conf in runs(by_name["mutual_gaze"], min_s=p.mutual_min_s,
                               max_gap_s=p.mutual_join_s, min_confidence=p.min_confidence,
                               unknown_gap_s=p.mutual_unknown_s):
            moments.append(Moment("mutual_gaze", max(0.0, s - 0.5), e,
                                  3.0 * conf * min(e - s, 5.0),
                                  _("Parent and child look at each other for {d:.1f} s "
                                    "(eyes and head turned to each other)").format(d=e - s),
                                  onset_s=s))
    if "child_gaze_at_adult" in by_name:
        for on, e, conf in onsets(by_name["child_gaze_at_adult"], before_s=0.0,
                                  min_off_s=p.turn_off_s, min_on_s=p.turn_on_s,
                                  max_gap_s=p.turn_join_s, min_confidence=p.min_confidence,
                                  unknown_gap_s=p.turn_unknown_s,
                                  off_within_s=p.turn_off_within_s):
            moments.append(Moment("child_turns_to_parent", max(0.0, on - 0.5), e, 2.0 * conf,
                                  _("The child turns to look at the parent"), onset_s=on))
    if "adult_on_child_level" in by_name:
        level = by_name["adult_on_child_level"]
        for on, e, conf in onsets(CueTrack(level.name, level.times,
                                           (np.nan_to_num(level.values) >= 0.8).astype(float),
                                           level.confidence), before_s=0.0, after_s=3.0,
                                  min_on_s=0.2):
            moments.append(Moment("adult_on_child_level", max(0.0, on - 0.5), e, 1.5 * conf,
                                  _("The parent gets down to the child's level (faces at the "
                                    "same height)"), onset_s=on))
    if "shared_attention" in by_name:
        for s, e, conf in runs(by_name["shared_attention"], min_s=1.0):
            moments.append(Moment("shared_attention", s, e, 1.0 * conf * min(e - s, 5.0),
                                  _("Parent and child look at the same thing for {d:.1f} s")
                                  .format(d=e - s)))
    moments += follows_lead(by_name)
    moments.sort(key=lambda m: (-m.score, m.start_s))
    return moments


def store_suggestions(app, recording_id: int, result: AnalysisResult) -> list[int]:
    """Replace the recording's open suggestions with those from ``result``; their ids."""
    moments = find_moments(compute_cues(result, directions=True))
    with app.db.session() as session:
        session.execute(delete(Suggestion).where(Suggestion.recording_id == recording_id,
                                                 Suggestion.status == "open"))
        rows = [Suggestion(recording_id=recording_id, kind=m.kind,
                           start_ms=int(round(m.start_s * 1000)),
                           end_ms=int(round(m.end_s * 1000)), score=round(m.score, 4),
                           reason=m.reason) for m in moments]
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows]


def list_suggestions(session: Session, recording_id: int,
                     status: str | None = "open") -> list[Suggestion]:
    query = select(Suggestion).where(Suggestion.recording_id == recording_id)
    if status is not None:
        query = query.where(Suggestion.status == status)
    return list(session.scalars(query.order_by(Suggestion.score.desc(), Suggestion.start_ms)))
