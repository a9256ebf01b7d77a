"""Agreement statistics checked against published worked examples."""

from __future__ import annotations

import math

import pytest

from annotation.agreement import (
    cohen_kappa,
    compare,
    format_report,
    icc,
    kappa_from_table,
    match_onsets,
)
from annotation.interchange.document import AnnotationDocument, Event

# Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges.
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9],
                 [6, 2, 4, 7]]


def test_icc_equals_shrout_and_fleiss_table_4():
    # Their Table 4 gives ICC(1,1) = .17, ICC(2,1) = .29, ICC(3,1) = .71.
    assert icc(SHROUT_FLEISS, "1,1") == pytest.approx(0.17, abs=0.005)
    assert icc(SHROUT_FLEISS, "2,1") == pytest.approx(0.29, abs=0.005)
    assert icc(SHROUT_FLEISS, "3,1") == pytest.approx(0.71, abs=0.005)
    # And exactly, from their mean squares BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02:
    assert icc(SHROUT_FLEISS, "3,1") == pytest.approx((11.2417 - 1.0194) / (11.2417 + 3 * 1.0194),
                                                      abs=1e-4)


@pytest.mark.parametrize("table, expected", [
    ([[20, 5], [10, 15]], 0.4),  # Wikipedia "Cohen's kappa", worked example
    ([[45, 15], [25, 15]], 0.1304),  # Wikipedia, same marginals problem, first table
    ([[25, 35], [5, 35]], 0.2593),  # Wikipedia, second table
])
def test_kappa_equals_published_examples(table, expected):
    assert kappa_from_table(table) == pytest.approx(expected, abs=5e-5)
    a = [x for i, row in enumerate(table) for j, n in enumerate(row) for x in [i] * n]
    b = [x for i, row in enumerate(table) for j, n in enumerate(row) for x in [j] * n]
    assert cohen_kappa(a, b) == pytest.approx(expected, abs=5e-5)


def test_time_slice_kappa_reproduces_the_worked_example():
    # 50 one-second slices laid out so that A/B presence counts are 20 / 5 / 10 / 15.
    layout = "Y" * 20 + "A" * 5 + "B" * 10 + "N" * 15
    a_doc, b_doc = AnnotationDocument(), AnnotationDocument()
    for i, kind in enumerate(layout):
        if kind in "YA":
            a_doc.events.append(Event("play", i * 1000, i * 1000 + 1000))
        if kind in "YB":
            b_doc.events.append(Event("play", i * 1000, i * 1000 + 1000))
    report = compare(a_doc, b_doc, slice_ms=1000, duration_ms=50_000)
    assert report.slices == 50
    assert report.codes[0].kappa == pytest.approx(0.4)
    assert report.kappa == pytest.approx(0.4)  # one code: the same nominal table
    assert report.percent_agreement == pytest.approx(0.7)


def test_onset_matching_with_tolerance():
    assert match_onsets([1000, 5000, 9000], [1500, 4000, 20_000], 2000) == 2
    # One-to-one, closest first: 3000 takes 3100, so 1000 has nothing within 500 ms.
    assert match_onsets([1000, 3000], [3100], 2500) == 1
    a = AnnotationDocument(events=[Event("signal", t, None) for t in (1000, 5000, 9000)])
    b = AnnotationDocument(events=[Event("signal", t, None) for t in (1500, 4000, 20_000, 30_000)])
    row = compare(a, b, tolerance_ms=2000).codes[0]
    assert (row.matched, row.precision, row.recall) == (2, 2 / 3, 0.5)
    assert row.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_ratings_are_paired_by_overlap_for_icc():
    ratings_a = [9, 6, 8, 7, 10, 6]
    ratings_b = [2, 1, 4, 1, 5, 2]
    a = AnnotationDocument(events=[Event("sensitivity", i * 10_000, i * 10_000 + 9000, rating=r)
                                   for i, r in enumerate(ratings_a)])
    b = AnnotationDocument(events=[Event("sensitivity", i * 10_000 + 500, i * 10_000 + 8000,
                                         rating=r) for i, r in enumerate(ratings_b)])
    report = compare(a, b)
    assert report.rating_pairs == list(zip(ratings_a, ratings_b, strict=True))
    assert report.icc_2_1 == pytest.approx(icc([list(p) for p in report.rating_pairs], "2,1"))
    assert "ICC(2,1)" in format_report(report)


def test_kappa_undefined_when_nobody_varies():
    assert math.isnan(kappa_from_table([[10, 0], [0, 0]]))


def test_two_annotators_of_one_recording(app, recording_id, vipp):
    from annotation.agreement import compare_annotators
    from annotation.editing import AnnotationEditor
    from vfeedback.models import User

    with app.db.session() as session:
        trainee, supervisor = User(name="trainee", role="trainee"), User(name="sup")
        session.add_all([trainee, supervisor])
        session.flush()
        ids = trainee.id, supervisor.id
    a = AnnotationEditor(app.db, recording_id, annotator_id=ids[0])
    b = AnnotationEditor(app.db, recording_id, annotator_id=ids[1])
    a.add(vipp["empathy"], 0, 2000)
    b.add(vipp["empathy"], 0, 2000)
    a.add(vipp["child_signal"], 3000)
    b.add(vipp["child_signal"], 3400)
    b.add(vipp["child_signal"], 5500)
    report = compare_annotators(app.db, recording_id, *ids, slice_ms=1000, tolerance_ms=1000)
    assert report.slices == 6  # the 6 s recording
    rows = {r.code: r for r in report.codes}
    assert rows["empathy"].kappa == 1.0
    assert (rows["child_signal"].matched, rows["child_signal"].recall) == (1, 0.5)
