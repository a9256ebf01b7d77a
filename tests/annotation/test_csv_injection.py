"""CSV export is safe to open in a spreadsheet (OWASP CSV injection) and still round-trips."""

from __future__ import annotations

import csv

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotation.interchange import read_document, write_document
from annotation.interchange.csv_io import escape_cell, unescape_cell
from annotation.interchange.document import AnnotationDocument, Event, Tier

DANGEROUS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+cmd|' /C calc'!A0",
             "-2+3", "@SUM(A1:A9)", "\tTAB", "\rCR", "'=already quoted", "'tis", "''", "'",
             "=", "plain", ""]


def _doc(texts: list[str]) -> AnnotationDocument:
    doc = AnnotationDocument(tiers={"t": Tier("t")})
    for i, text in enumerate(texts):
        doc.events.append(Event("t", i * 10, i * 10 + 5, value=text, comment=text,
                                caption=text, subject=text or None, modifiers=(text.replace("|", ""), "x"),
                                observation=text))
    return doc


def test_formula_cells_are_quoted_in_the_file(tmp_path):
    path = tmp_path / "out.csv"
    write_document(_doc(DANGEROUS), path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row, text in zip(rows, DANGEROUS, strict=True):
        for column in ("caption", "comment", "value", "observation", "modifiers"):
            cell = row[column]
            # What a spreadsheet sees: never a cell that starts a formula.
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
        if text.startswith(("=", "+", "-", "@", "\t", "\r", "'")):
            assert row["caption"] == "'" + text
        else:
            assert row["caption"] == text
    assert rows[0]["onset_ms"] == "0"  # numbers are written as numbers


def test_csv_round_trip_gives_the_original_text_back(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_document(_doc(DANGEROUS), first)
    doc = read_document(first)
    assert [e.caption for e in doc.events] == DANGEROUS
    assert [e.comment for e in doc.events] == DANGEROUS
    assert [e.modifiers for e in doc.events] == [(t.replace("|", ""), "x") for t in DANGEROUS]
    write_document(doc, second)
    assert second.read_bytes() == first.read_bytes()


def test_a_quote_written_by_someone_else_is_kept(tmp_path):
    path = tmp_path / "hand.csv"
    path.write_text("tier,onset_ms,caption\nt,0,'tis the season\nt,5,'=kept as typed\n",
                    encoding="utf-8")
    doc = read_document(path)
    # Only what our writer can produce is undone: a quote before a formula character.
    assert [e.caption for e in doc.events] == ["'tis the season", "=kept as typed"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_escape_is_undone_exactly(text):
    assert unescape_cell(escape_cell(text)) == text
    assert not escape_cell(text).startswith(("=", "+", "-", "@", "\t", "\r"))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.sampled_from(list("=+-@\t'\"ab, |å\n")), max_size=8),
                min_size=1, max_size=4))
def test_csv_round_trip_fuzz(tmp_path, texts):
    path = tmp_path / "fuzz.csv"
    write_document(_doc(texts), path)
    assert [e.caption for e in read_document(path).events] == texts
