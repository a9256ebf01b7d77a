"""Agreement between two annotators of the same recording (a trainee and a reference).

- **Cohen's kappa on time slices**: the recording is cut into slices (1 s by default); in each
  slice a code is present if an interval overlaps the slice or a point falls in it. Per code
  the two presence sequences give a 2x2 table; overall, each slice's label is the set of codes
  present (the empty set included), compared as one nominal category.
- **Percent agreement**: the share of slices whose label sets are identical.
- **Onset matching**: per code, events of A and B whose onsets are within a tolerance are
  paired one-to-one, closest first; precision = matched / A's events, recall = matched / B's
  events (B is the reference), F1 their harmonic mean.
- **ICC for rating scales** (Shrout & Fleiss 1979): ICC(2,1), two-way random effects, absolute
  agreement, single rater, is the one reported for two raters; ICC(1,1) and ICC(3,1)
  (two-way mixed, consistency) are available. Ratings of A and B are paired by code and the
  largest time overlap.

The work is bounded: with a recording's real length (``duration_ms``) everything after its
end is left out; without one (two files compared on their own) a time beyond
:data:`MAX_TIME_MS` is refused as damage, and so are more than :data:`MAX_SLICES` slices.
Slices are held as numpy arrays (one label hash per slice), never a Python object each.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

from vfeedback.errors import InputError
from vfeedback.i18n import _

from .interchange.document import AnnotationDocument, Event


def kappa_from_table(table: Sequence[Sequence[float]]) -> float:
    """Cohen's kappa from a square confusion table (rows: rater A, columns: rater B)."""
    m = np.asarray(table, dtype=float)
    total = m.sum()
    if m.ndim != 2 or m.shape[0] != m.shape[1] or total <= 0:
        raise InputError(_("Kappa needs a square table with at least one count"))
    po = np.trace(m) / total
    pe = float((m.sum(axis=1) * m.sum(axis=0)).sum() / total**2)
    if math.isclose(pe, 1.0):
        return math.nan  # both raters used one category only: kappa is undefined
    return float((po - pe) / (1 - pe))


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    if len(a) != len(b):
        raise InputError(_("Both raters must rate the same number of items"))
    categories = {c: i for i, c in enumerate(dict.fromkeys([*a, *b]))}
    table = np.zeros((len(categories), len(categories)))
    for x, y in zip(a, b, strict=True):
        table[categories[x], categories[y]] += 1
    return kappa_from_table(table)


def icc(ratings: Sequence[Sequence[float]], form: str = "2,1") -> float:
    """Intraclass correlation of an n targets x k raters table (Shrout & Fleiss 1979)."""
    x = np.asarray(ratings, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2 or not np.isfinite(x).all():
        raise InputError(_("ICC needs at least 2 targets rated by at least 2 raters"))
    n, k = x.shape
    grand = x.mean()
    ss_rows = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((x.mean(axis=0) - grand) ** 2).sum()
    ss_total = ((x - grand) ** 2).sum()
    bms = ss_rows / (n - 1)
    wms = (ss_total - ss_rows) / (n * (k - 1))
    jms = ss_cols / (k - 1)
    ems = (ss_total - ss_rows - ss_cols) / ((n - 1) * (k - 1))
    if form == "1,1":
        denominator = bms + (k - 1) * wms
        numerator = bms - wms
    elif form == "2,1":
        denominator = bms + (k - 1) * ems + k * (jms - ems) / n
        numerator = bms - ems
    elif form == "3,1":
        denominator = bms + (k - 1) * ems
        numerator = bms - ems
    else:
        raise InputError(_("Unknown ICC form {form}; use 1,1, 2,1 or 3,1").format(form=form))
    return float(numerator / denominator) if denominator else math.nan


MAX_TIME_MS = 24 * 3600 * 1000  # no home-visit recording is a day long
MAX_SLICES = 2_000_000  # 24 h in 45 ms slices; ~40 MB of slice labels at most


def _code(event: Event) -> str:
    return event.tier.split("@")[0]


def presence(events: Sequence[Event], code: str, n_slices: int, slice_ms: int) -> np.ndarray:
    present = np.zeros(n_slices, dtype=bool)
    for e in events:
        if _code(e) != code:
            continue
        first = e.onset_ms // slice_ms
        if first >= n_slices:
            continue  # after the end of the recording
        if e.offset_ms is None or e.offset_ms == e.onset_ms:
            last = first
        else:
            last = (e.offset_ms - 1) // slice_ms  # an interval ending on a boundary stops there
        present[max(first, 0):min(last, n_slices - 1) + 1] = True
    return present


def _kappa_of_labels(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two label arrays from per-category counts (no category table)."""
    n = len(a)
    values_a, counts_a = np.unique(a, return_counts=True)
    values_b, counts_b = np.unique(b, return_counts=True)
    _common, in_a, in_b = np.intersect1d(values_a, values_b, assume_unique=True,
                                         return_indices=True)
    po = float(np.count_nonzero(a == b)) / n
    pe = float((counts_a[in_a].astype(float) * counts_b[in_b]).sum()) / n**2
    if math.isclose(pe, 1.0):
        return math.nan  # both raters used one category only: kappa is undefined
    return (po - pe) / (1 - pe)


def match_onsets(a: Sequence[int], b: Sequence[int], tolerance_ms: int) -> int:
    """How many onsets of ``a`` pair one-to-one with one of ``b`` within the tolerance."""
    order_b = sorted(range(len(b)), key=lambda j: b[j])
    sorted_b = [b[j] for j in order_b]
    pairs = []
    for i, x in enumerate(a):  # only the onsets of b inside the window, not every pair
        lo = bisect.bisect_left(sorted_b, x - tolerance_ms)
        hi = bisect.bisect_right(sorted_b, x + tolerance_ms)
        pairs.extend((abs(x - sorted_b[k]), i, order_b[k]) for k in range(lo, hi))
    pairs.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _diff, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return len(used_a)


@dataclass
class CodeAgreement:
    code: str
    events_a: int
    events_b: int
    kappa: float
    matched: int
    precision: float
    recall: float
    f1: float


@dataclass
class AgreementReport:
    slice_ms: int
    tolerance_ms: int
    slices: int
    kappa: float
    percent_agreement: float
    codes: list[CodeAgreement] = field(default_factory=list)
    rating_pairs: list[tuple[float, float]] = field(default_factory=list)
    icc_2_1: float = math.nan
    icc_3_1: float = math.nan


def _ratio(a: int, b: int) -> float:
    return a / b if b else math.nan


def compare(doc_a: AnnotationDocument, doc_b: AnnotationDocument, *, slice_ms: int = 1000,
            tolerance_ms: int = 2000, duration_ms: int | None = None) -> AgreementReport:
    if slice_ms <= 0 or tolerance_ms < 0:
        raise InputError(_("The slice must be longer than 0 s and the tolerance not negative"))
    ev_a, ev_b = doc_a.timed_events(), doc_b.timed_events()
    if not ev_a and not ev_b:
        raise InputError(_("Neither file has any timed annotation to compare"))
    if duration_ms:
        end = duration_ms
    else:
        latest = max([*ev_a, *ev_b], key=lambda e: e.offset_ms or e.onset_ms)
        end = (latest.offset_ms or latest.onset_ms) + 1
        if end > MAX_TIME_MS:
            raise InputError(_("An annotation ({tier} at {t} ms) ends at {e} ms, more than "
                               "{h} hours into the recording: the file looks damaged").format(
                tier=latest.tier, t=latest.onset_ms, e=end - 1, h=MAX_TIME_MS // 3_600_000))
    n_slices = max(1, math.ceil(end / slice_ms))
    if n_slices > MAX_SLICES:
        raise InputError(_("{n} slices of {s:g} s are too many (at most {m}); use a longer "
                           "slice").format(n=n_slices, s=slice_ms / 1000, m=MAX_SLICES))
    codes = sorted({_code(e) for e in [*ev_a, *ev_b]})
    rows = []
    # Each slice's label is the set of codes present, kept as a sum of random 64-bit keys
    # (one per code): equal sets give equal sums, and a collision is astronomically rare.
    keys = np.random.default_rng(0).integers(1, 2**63, size=len(codes), dtype=np.uint64)
    labels_a = np.zeros(n_slices, dtype=np.uint64)
    labels_b = np.zeros(n_slices, dtype=np.uint64)
    for key, code in zip(keys, codes, strict=True):
        pa, pb = (presence(ev_a, code, n_slices, slice_ms),
                  presence(ev_b, code, n_slices, slice_ms))
        labels_a[pa] += key
        labels_b[pb] += key
        onsets_a = [e.onset_ms for e in ev_a if _code(e) == code and e.onset_ms < end]
        onsets_b = [e.onset_ms for e in ev_b if _code(e) == code and e.onset_ms < end]
        matched = match_onsets(onsets_a, onsets_b, tolerance_ms)
        precision, recall = _ratio(matched, len(onsets_a)), _ratio(matched, len(onsets_b))
        f1 = (2 * precision * recall / (precision + recall)
              if precision + recall > 0 else 0.0) if not math.isnan(precision + recall) \
            else math.nan
        rows.append(CodeAgreement(code, len(onsets_a), len(onsets_b),
                                  _kappa_of_labels(pa, pb), matched, precision, recall, f1))
    report = AgreementReport(slice_ms, tolerance_ms, n_slices,
                             _kappa_of_labels(labels_a, labels_b),
                             float(np.count_nonzero(labels_a == labels_b)) / n_slices, rows)
    report.rating_pairs = rating_pairs(ev_a, ev_b)
    if len(report.rating_pairs) >= 2:
        report.icc_2_1 = icc(report.rating_pairs, "2,1")
        report.icc_3_1 = icc(report.rating_pairs, "3,1")
    return report


def compare_annotators(db, recording_id: int, annotator_a: int, annotator_b: int,  # noqa: ANN001
                       **options: int) -> AgreementReport:
    """Agreement of two annotators (user ids) on one recording; B is the reference."""
    from vfeedback.models import Recording

    from .interchange.records import document_from_recording

    with db.session() as session:
        recording = session.get(Recording, recording_id)
        if recording is None:
            raise InputError(_("There is no recording {id}").format(id=recording_id))
        doc_a = document_from_recording(session, recording_id, annotator_a)
        doc_b = document_from_recording(session, recording_id, annotator_b)
        options.setdefault("duration_ms", recording.duration_ms or None)
    return compare(doc_a, doc_b, **options)


def rating_pairs(ev_a: Sequence[Event], ev_b: Sequence[Event]) -> list[tuple[float, float]]:
    """Pair each rating of A with the rating of B of the same code that overlaps it most."""
    rated_b = [e for e in ev_b if e.rating is not None]
    used: set[int] = set()
    pairs = []
    for a in (e for e in ev_a if e.rating is not None):
        a_end = a.offset_ms if a.offset_ms is not None else a.onset_ms
        best, best_overlap = None, -1
        for j, b in enumerate(rated_b):
            if j in used or _code(b) != _code(a):
                continue
            b_end = b.offset_ms if b.offset_ms is not None else b.onset_ms
            overlap = min(a_end, b_end) - max(a.onset_ms, b.onset_ms)
            if overlap >= 0 and overlap > best_overlap:
                best, best_overlap = j, overlap
        if best is not None:
            used.add(best)
            pairs.append((a.rating, rated_b[best].rating))
    return pairs


def format_report(report: AgreementReport) -> str:
    """A plain-text table for the CLI."""
    def num(x: float) -> str:
        return "-" if math.isnan(x) else f"{x:.3f}"

    lines = [_("Slices: {n} of {s:g} s; onset tolerance {t:g} s").format(
        n=report.slices, s=report.slice_ms / 1000, t=report.tolerance_ms / 1000),
        f"{_('code'):<28}{'A':>5}{'B':>5}{'kappa':>8}{_('match'):>7}{'prec':>7}{'recall':>7}"
        f"{'F1':>7}"]
    for r in report.codes:
        lines.append(f"{r.code[:27]:<28}{r.events_a:>5}{r.events_b:>5}{num(r.kappa):>8}"
                     f"{r.matched:>7}{num(r.precision):>7}{num(r.recall):>7}{num(r.f1):>7}")
    lines.append(_("Overall kappa: {k}; percent agreement: {p:.1f} %").format(
        k=num(report.kappa), p=100 * report.percent_agreement))
    if report.rating_pairs:
        lines.append(_("Ratings: {n} pairs; ICC(2,1) absolute agreement: {a}; ICC(3,1) "
                       "consistency: {c}").format(n=len(report.rating_pairs),
                                                 a=num(report.icc_2_1), c=num(report.icc_3_1)))
    return "\n".join(lines)
