"""Comparing two coders' sets of one recording: what differs, and how much they agree.

The figures are the existing agreement statistics (:func:`annotation.agreement.compare`: Cohen's
kappa on time slices per code and overall, onset precision/recall/F1 within a tolerance), run on
the two sets exactly as ``vfeedback agreement`` runs them on two files, so both commands give
the same numbers. This module adds the *differences* a supervisor walks through, by kind:

- ``missed``: the reference coded it, the trainee did not (nothing of either code near it);
- ``extra``: the trainee coded something the reference did not;
- ``shifted``: the same code, onsets within the tolerance but more than ``shift_ms`` apart;
- ``code``: both coded something there (onsets within the tolerance, or overlapping
  intervals) but with different codes;
- ``valence``: the same code at the same moment, one a strength and the other "to work on".

Pairs of the same code are made one-to-one, closest onsets first (the same greedy pairing as
:func:`annotation.agreement.match_onsets`, so its match counts are the agreement table's).
No Qt, no database: sets are :class:`AnnotationDocument` objects.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from vfeedback.i18n import N_

from .agreement import AgreementReport, compare
from .interchange.document import AnnotationDocument, Event

KINDS = ("missed", "extra", "shifted", "code", "valence")
KIND_TITLES = {"missed": N_("missed"), "extra": N_("extra"), "shifted": N_("shifted onset"),
               "code": N_("different code"), "valence": N_("different valence")}
SHIFT_MS = 500  # onsets closer than this count as the same moment, not a shifted one


def clock(ms: int, digits: int = 1) -> str:
    """A time in ms as m:ss with ``digits`` decimals (0:04.5), as the review lists show it."""
    return f"{ms // 60000}:{ms % 60000 / 1000:0{3 + digits}.{digits}f}"


def code_of(event: Event) -> str:
    return event.tier.split("@")[0]


@dataclass(frozen=True)
class Difference:
    """One disagreement; ``a`` is the trainee's event id (uid), ``b`` the reference's."""

    kind: str
    at_ms: int
    end_ms: int | None
    code_a: str | None
    code_b: str | None
    a: str | None = None
    b: str | None = None
    delta_ms: int = 0


@dataclass
class SetComparison:
    report: AgreementReport
    differences: list[Difference] = field(default_factory=list)
    coder: str = ""
    reference: str = ""

    def counts(self) -> dict[str, int]:
        return {k: sum(1 for d in self.differences if d.kind == k) for k in KINDS}

    def to_json(self) -> dict[str, Any]:
        def num(x: float) -> float | None:
            return None if math.isnan(x) else round(x, 6)

        r = self.report
        return {
            "coder": self.coder, "reference": self.reference,
            "slice_s": r.slice_ms / 1000, "tolerance_s": r.tolerance_ms / 1000,
            "slices": r.slices, "kappa": num(r.kappa),
            "percent_agreement": num(100 * r.percent_agreement),
            "codes": [{"code": c.code, "events_coder": c.events_a,
                       "events_reference": c.events_b, "kappa": num(c.kappa),
                       "matched": c.matched, "precision": num(c.precision),
                       "recall": num(c.recall), "f1": num(c.f1)} for c in r.codes],
            "differences": [asdict(d) for d in self.differences],
            "counts": self.counts(),
        }


def only(doc: AnnotationDocument, ids: set[str]) -> AnnotationDocument:
    """A copy of ``doc`` holding only the events whose id is in ``ids`` (one coder's set)."""
    events = [e for e in doc.events if e.id in ids]
    used = {e.tier for e in events}
    return replace(doc, events=events,
                   tiers={k: t for k, t in doc.tiers.items() if k in used})


def _pairs(a: Sequence[Event], b: Sequence[Event], tolerance_ms: int) -> list[tuple[int, int]]:
    """One-to-one pairs (index in a, index in b) of onsets within the tolerance, closest
    first: the pairing :func:`annotation.agreement.match_onsets` counts."""
    order_b = sorted(range(len(b)), key=lambda j: b[j].onset_ms or 0)
    sorted_b = [b[j].onset_ms or 0 for j in order_b]
    candidates = []
    for i, e in enumerate(a):
        x = e.onset_ms or 0
        lo = bisect.bisect_left(sorted_b, x - tolerance_ms)
        hi = bisect.bisect_right(sorted_b, x + tolerance_ms)
        candidates.extend((abs(x - sorted_b[k]), i, order_b[k]) for k in range(lo, hi))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _diff, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def _near(x: Event, y: Event, tolerance_ms: int) -> bool:
    xs, ys = x.onset_ms or 0, y.onset_ms or 0
    xe, ye = x.offset_ms or xs, y.offset_ms or ys
    return abs(xs - ys) <= tolerance_ms or (xs < ye and ys < xe)


def _leftover_candidates(left_a: list[Event], left_b: list[Event],
                         tolerance_ms: int) -> list[tuple[int, int, int]]:
    """(onset distance, i, j) of every leftover pair of other codes that are near: by a sweep
    over the reference's sorted onsets, not every pair (tens of thousands of imported events
    would take minutes). A y near x starts within the tolerance of x's onset, or overlaps x,
    so its onset lies in [xs - max(tolerance, longest y), max(xs + tolerance, xe)]."""
    order = sorted(range(len(left_b)), key=lambda j: left_b[j].onset_ms or 0)
    onsets = [left_b[j].onset_ms or 0 for j in order]
    longest = max(((y.offset_ms or y.onset_ms or 0) - (y.onset_ms or 0) for y in left_b),
                  default=0)
    found = []
    for i, x in enumerate(left_a):
        xs = x.onset_ms or 0
        xe = x.offset_ms or xs
        lo = bisect.bisect_left(onsets, xs - max(tolerance_ms, longest))
        hi = bisect.bisect_right(onsets, max(xs + tolerance_ms, xe))
        for k in range(lo, hi):
            y = left_b[order[k]]
            if code_of(x) != code_of(y) and _near(x, y, tolerance_ms):
                found.append((abs(xs - (y.onset_ms or 0)), i, order[k]))
    return found


def differences(doc_a: AnnotationDocument, doc_b: AnnotationDocument, *,
                tolerance_ms: int = 2000, shift_ms: int = SHIFT_MS) -> list[Difference]:
    """The disagreements of ``doc_a`` (trainee) against ``doc_b`` (reference), by time."""
    ev_a, ev_b = doc_a.timed_events(), doc_b.timed_events()
    found: list[Difference] = []
    left_a: list[Event] = []
    left_b: list[Event] = []
    for code in sorted({code_of(e) for e in [*ev_a, *ev_b]}):
        mine = [e for e in ev_a if code_of(e) == code]
        theirs = [e for e in ev_b if code_of(e) == code]
        pairs = _pairs(mine, theirs, tolerance_ms)
        for i, j in pairs:
            x, y = mine[i], theirs[j]
            delta = (x.onset_ms or 0) - (y.onset_ms or 0)
            if abs(delta) > shift_ms:
                found.append(Difference("shifted", y.onset_ms or 0, y.offset_ms, code, code,
                                        x.id, y.id, delta))
            elif (x.valence or None) != (y.valence or None):
                found.append(Difference("valence", y.onset_ms or 0, y.offset_ms, code, code,
                                        x.id, y.id, delta))
        paired_a = {i for i, _j in pairs}
        paired_b = {j for _i, j in pairs}
        left_a += [e for i, e in enumerate(mine) if i not in paired_a]
        left_b += [e for j, e in enumerate(theirs) if j not in paired_b]
    # What is left over: a trainee's event near a reference event of another code is a
    # different code (closest first); the rest is extra (trainee) or missed (reference).
    candidates = sorted(_leftover_candidates(left_a, left_b, tolerance_ms))
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _d, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        x, y = left_a[i], left_b[j]
        found.append(Difference("code", y.onset_ms or 0, y.offset_ms, code_of(x), code_of(y),
                                x.id, y.id, (x.onset_ms or 0) - (y.onset_ms or 0)))
    found += [Difference("extra", x.onset_ms or 0, x.offset_ms, code_of(x), None, x.id, None)
              for i, x in enumerate(left_a) if i not in used_a]
    found += [Difference("missed", y.onset_ms or 0, y.offset_ms, None, code_of(y), None, y.id)
              for j, y in enumerate(left_b) if j not in used_b]
    return sorted(found, key=lambda d: (d.at_ms, KINDS.index(d.kind)))


def compare_sets(doc_a: AnnotationDocument, doc_b: AnnotationDocument, *, slice_ms: int = 1000,
                 tolerance_ms: int = 2000, coder: str = "", reference: str = "",
                 shift_ms: int = SHIFT_MS) -> SetComparison:
    """Agreement (as ``vfeedback agreement`` on the two sets as files) and the differences."""
    report = compare(doc_a, doc_b, slice_ms=slice_ms, tolerance_ms=tolerance_ms)
    return SetComparison(report, differences(doc_a, doc_b, tolerance_ms=tolerance_ms,
                                             shift_ms=shift_ms), coder, reference)


def neighbour(diffs: Sequence[Difference], at_ms: int, forward: bool) -> Difference | None:
    """The next (or previous) disagreement after (before) ``at_ms``: the review view's keys."""
    if forward:
        return next((d for d in diffs if d.at_ms > at_ms), None)
    return next((d for d in reversed(diffs) if d.at_ms < at_ms), None)
