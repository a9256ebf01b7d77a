"""`review compare`: the statistics of `vfeedback agreement` on the same two sets, plus the
differences by kind, on figures worked out by hand (tests/review/conftest.py)."""

from __future__ import annotations

import json

import pytest
from review_helpers import run_cli

from services import review


def test_sets_are_kept_apart_and_one_set_is_shown_alone(app, recording_id, two_sets):
    sets = {s.coder: s for s in review.coding_sets(app, None, recording_id)}
    assert {k: s.annotations for k, s in sets.items()} == {"sam": 4, "tina": 3}
    assert all(s.state == "draft" for s in sets.values())
    mine = review.set_annotations(app, None, recording_id, "tina")
    assert sorted(a.id for a in mine) == sorted(two_sets["tina"])
    assert len(review.set_annotations(app, None, recording_id, None)) == 7  # all, as before


def test_compare_gives_the_known_figures_and_differences(app, recording_id, two_sets):
    result = review.compare(app, None, recording_id, "tina", "sam")
    rows = {r.code: r for r in result.report.codes}
    assert result.report.slices == 7
    assert rows["empathy"].kappa == pytest.approx(0.16)
    assert (rows["empathy"].precision, rows["empathy"].recall) == (1.0, 0.5)
    assert rows["empathy"].f1 == pytest.approx(2 / 3)
    assert [(d.kind, d.at_ms) for d in result.differences] == [
        ("valence", 0), ("shifted", 1000), ("missed", 3000), ("code", 4000)]
    shifted = result.differences[1]
    assert shifted.delta_ms == 800 and shifted.code_a == shifted.code_b == "child_signal"
    assert result.differences[3].code_a == "parent_response"
    assert result.differences[3].code_b == "empathy"


def test_review_compare_equals_vfeedback_agreement_on_the_same_sets(app, recording_id,
                                                                     two_sets, tmp_path):
    files = {}
    for coder in ("tina", "sam"):
        files[coder] = tmp_path / f"{coder}.csv"
        assert review.export_set(app, None, recording_id, coder, files[coder]) > 0
    agreement = run_cli(app, "agreement", str(files["tina"]), str(files["sam"]))
    assert agreement.exit_code == 0, agreement.output
    out = tmp_path / "cmp.json"
    compared = run_cli(app, "review", "compare", "--recording", str(recording_id), "--coder",
                       "tina", "--reference", "sam", "--json", str(out))
    assert compared.exit_code == 0, compared.output
    # Every line of the agreement table (per-code kappa, F1, overall kappa) is the same.
    assert compared.output.startswith(agreement.output.rstrip("\n"))
    data = json.loads(out.read_text())
    empathy = next(c for c in data["codes"] if c["code"] == "empathy")
    assert empathy["kappa"] == pytest.approx(0.16) and empathy["f1"] == pytest.approx(2 / 3)
    assert data["counts"] == {"missed": 1, "extra": 0, "shifted": 1, "code": 1, "valence": 1}


def test_compare_names_an_unknown_coder(app, recording_id, two_sets):
    result = run_cli(app, "review", "compare", "--recording", str(recording_id), "--coder",
                     "nobody", "--reference", "sam")
    assert result.exit_code == 1
    assert "Error: Recording" in result.output and "nobody" in result.output
    assert "Traceback" not in result.output


def test_the_leftover_sweep_finds_what_every_pair_would(monkeypatch) -> None:
    """The sweep over sorted onsets gives the same differences as trying every pair, on
    random points and intervals of several codes; and with 3000 events a side it tries a small
    part of the pairs (trying every pair took about 3 s)."""
    import random

    from annotation import review as review_module
    from annotation.interchange.document import AnnotationDocument, Event

    rng = random.Random(7)

    def doc(n: int, codes: list[str], prefix: str) -> AnnotationDocument:
        events = []
        for i in range(n):
            start = rng.randrange(0, 120_000)
            end = start + rng.choice([0, 0, 500, 3000, 15000])
            events.append(Event(tier=rng.choice(codes), onset_ms=start,
                                offset_ms=end or None, id=f"{prefix}{i}"))
        return AnnotationDocument(events=events)

    def every_pair(left_a, left_b, tolerance_ms):  # noqa: ANN001, ANN202
        return [(abs((x.onset_ms or 0) - (y.onset_ms or 0)), i, j)
                for i, x in enumerate(left_a) for j, y in enumerate(left_b)
                if review_module.code_of(x) != review_module.code_of(y)
                and review_module._near(x, y, tolerance_ms)]

    for _round in range(5):
        a, b = doc(150, ["x", "y", "z"], "a"), doc(150, ["x", "y", "w"], "b")
        swept = review_module.differences(a, b)
        with monkeypatch.context() as m:
            m.setattr(review_module, "_leftover_candidates", every_pair)
            assert review_module.differences(a, b) == swept
    a, b = doc(3000, ["a1", "a2", "a3"], "a"), doc(3000, ["b1", "b2"], "b")
    # The work counted, not timed (a loaded machine once made it "slow"): the codes looked
    # at, two per pair tried; trying every pair would look at 2 x 3000 x 3000.
    looked, real = [0], review_module.code_of

    def counted(event):  # noqa: ANN001, ANN202
        looked[0] += 1
        return real(event)

    with monkeypatch.context() as m:
        m.setattr(review_module, "code_of", counted)
        review_module.differences(a, b)
    assert looked[0] < 0.3 * 2 * 3000 * 3000  # 16 % here
