"""Round trips of real ELAN and BORIS files, CSV and subtitles; bad files are named clearly."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from annotation.interchange import (
    AnnotationFileError,
    read_document,
    write_document,
)
from annotation.interchange.document import AnnotationDocument, Event


def _eaf_key(e: Event) -> tuple:
    return (e.tier, e.id, e.onset_ms, e.offset_ms, e.value, e.parent_id, e.previous_id,
            e.attrs.get("CVE_REF"))


@pytest.fixture(scope="module")
def eaf_schema(annotations_dir: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(annotations_dir / "EAFv3.0.xsd")))


def test_elan_sample_round_trips_count_for_count(annotations_dir, eaf_schema, tmp_path):
    doc = read_document(annotations_dir / "elan_sample_2.8.eaf")
    assert len(doc.events) == 8778
    assert sum(e.parent_id is not None for e in doc.events) == 3990  # REF_ANNOTATIONs
    assert len(doc.tiers) == 6
    out = tmp_path / "again.eaf"
    write_document(doc, out)
    written = etree.parse(str(out))
    assert eaf_schema.validate(written), eaf_schema.error_log.last_error
    assert written.getroot().get("VERSION") == "3.0"
    assert len(written.findall("CONTROLLED_VOCABULARY")) == 5
    again = read_document(out)
    assert Counter(map(_eaf_key, again.events)) == Counter(map(_eaf_key, doc.events))
    # Shared and unaligned time slots survive (ELAN's time subdivision depends on them).
    original = etree.parse(str(annotations_dir / "elan_sample_2.8.eaf"))
    assert (len(written.findall("TIME_ORDER/TIME_SLOT[@TIME_VALUE]"))
            == len(original.findall("TIME_ORDER/TIME_SLOT[@TIME_VALUE]")))


def test_vfeedback_fields_travel_through_eaf_csv_and_back(eaf_schema, tmp_path):
    doc = AnnotationDocument()
    doc.events = [
        Event("speaking_for_child", 1000, 4000, value="Speaking for the child", subject="child",
              caption="Mamma, titta på mig! Jag är glad", comment="fin stund, åäö",
              valence="strength", modifiers=(" leende ", "blick"), id="u1"),
        Event("child_signal", 2500, None, value="Child's signal", valence="work_on", id="u2"),
        Event("sensitivity", 0, 6000, rating=7.0, id="u3"),
    ]
    eaf = tmp_path / "v.eaf"
    write_document(doc, eaf)
    assert eaf_schema.validate(etree.parse(str(eaf))), eaf_schema.error_log.last_error
    back = read_document(eaf)
    fields = lambda d: sorted((e.tier, e.onset_ms, e.offset_ms, e.caption, e.comment,  # noqa: E731
                               e.valence, e.modifiers, e.rating) for e in d.events)
    assert fields(back) == fields(doc)
    for name in ("v.csv", "v2.csv"):
        write_document(back, tmp_path / name)
        back = read_document(tmp_path / name)
        assert fields(back) == fields(doc)
    assert (tmp_path / "v.csv").read_bytes() == (tmp_path / "v2.csv").read_bytes()
    raw = (tmp_path / "v.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0]["caption"].startswith("Mamma") and rows[1]["offset_ms"] == ""


def test_boris_projects_round_trip_exactly(annotations_dir, tmp_path):
    for name, events, observations in (("boris_test2.boris", 51, 9),
                                       ("boris_modifiers_spaces.boris", 4, 1)):
        doc = read_document(annotations_dir / name)
        assert len(doc.events) == events and len(doc.observations) == observations
        write_document(doc, tmp_path / name)
        original = json.loads((annotations_dir / name).read_text(encoding="utf-8"))
        again = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        assert again == original  # every row, time, subject, modifier and setting
    doc = read_document(annotations_dir / "boris_test2.boris")
    states = [e for e in doc.events if e.offset_ms is not None]
    assert len(states) == 22 and sum("unpaired" in e.attrs for e in doc.events) == 1
    first = next(e for e in doc.events if e.observation == "observation #1")
    assert (first.onset_ms, first.offset_ms, first.subject) == (3300, 7750, "subject1")
    spaced = read_document(annotations_dir / "boris_modifiers_spaces.boris")
    assert spaced.events[0].modifiers == ("a   ", "c ")
    one = doc.only_observation("modifiers")
    assert [e.modifiers for e in one.events if e.tier == "r"] == [("m1",), ("None",)]


def test_boris_to_csv_to_boris_keeps_events(annotations_dir, tmp_path):
    doc = read_document(annotations_dir / "boris_test2.boris")
    write_document(doc, tmp_path / "b.csv")
    back = read_document(tmp_path / "b.csv")
    key = lambda e: (e.observation, e.tier, e.subject, e.onset_ms, e.offset_ms,  # noqa: E731
                     e.modifiers, e.comment)
    assert Counter(map(key, back.events)) == Counter(map(key, doc.events))


def test_subtitles_round_trip(tmp_path):
    doc = AnnotationDocument(events=[
        Event("s", 61_500, 64_000, caption="Jag vill leka med dig, pappa!"),
        Event("s", 1000, None, caption="Åh, titta!\nEn boll"),
        Event("s", 2000, 3000, caption=""),
    ])
    for name in ("c.srt", "c.vtt"):
        write_document(doc, tmp_path / name)
        back = read_document(tmp_path / name)
        assert [(e.onset_ms, e.offset_ms, e.caption) for e in back.events] == [
            (1000, 3000, "Åh, titta!\nEn boll"), (61_500, 64_000, "Jag vill leka med dig, pappa!")]
    assert (tmp_path / "c.srt").read_text(encoding="utf-8").splitlines()[1] == \
        "00:00:01,000 --> 00:00:03,000"
    assert (tmp_path / "c.vtt").read_text(encoding="utf-8").startswith("WEBVTT")


@pytest.mark.parametrize("name, content, message", [
    ("t.eaf", b"<ANNOTATION_DOCUMENT><TIME_ORDER>", r"t\.eaf, line 1: not well-formed"),
    ("t.eaf", b"<ANNOTATION_DOCUMENT>\n<TIME_ORDER><TIME_SLOT TIME_SLOT_ID='ts1' "
              b"TIME_VALUE='-5'/></TIME_ORDER></ANNOTATION_DOCUMENT>", r"line 2: negative"),
    ("t.eaf", b"<ANNOTATION_DOCUMENT><TIME_ORDER/>\n<TIER TIER_ID='a' LINGUISTIC_TYPE_REF='x'>"
              b"<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID='a1' TIME_SLOT_REF1='ts1' "
              b"TIME_SLOT_REF2='ts2'/></ANNOTATION></TIER></ANNOTATION_DOCUMENT>",
     r"line 2: annotation a1 points at a missing time slot"),
    ("t.boris", b'{"observations": {"o": {"events": [[1.0, "", "p", "", ""]]}}',
     r"t\.boris, line 1, column \d+: not valid JSON"),
    ("t.boris", b'{"behaviors_conf": {}, "observations": {"o": {"events": [[1, "", "x"]]}}}',
     r"observation 'o', event 1: unknown behaviour 'x'"),
    ("t.boris", b'{"behaviors_conf": {"0": {"code": "s", "type": "State event"}}, '
                b'"observations": {"o": {"events": [["soon", "", "s", "", ""]]}}}',
     r"event 1: the time 'soon'"),
    ("t.csv", b"tier,onset_ms,offset_ms\nplay,100,50\n", r"t\.csv, line 2: offset_ms comes before"),
    ("t.csv", b"tier,onset_ms\nplay,-3\n", r"line 2: onset_ms is negative"),
    ("t.csv", b"tier,onset_ms\nplay,1\nlek\xe5,2\n", r"line 3: not UTF-8"),
    ("t.csv", b"code,start\n", r"line 1: missing column"),
    ("t.srt", b"1\n00:00:05,000 --> 00:00:01,000\nhej\n", r"line 2: the cue ends before"),
    ("t.vtt", b"1\n00:00:01.000 --> 00:00:02.000\nhej\n", r"line 1: a WebVTT file starts"),
])
def test_bad_files_name_the_file_and_place(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AnnotationFileError, match=message):
        read_document(path)


def test_eaf_2_7_vocabularies_are_upgraded(eaf_schema, tmp_path):
    old = tmp_path / "old.eaf"
    old.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ANNOTATION_DOCUMENT AUTHOR="" DATE="2010-01-01T00:00:00+01:00" FORMAT="2.7" '
        'VERSION="2.7"><HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/><TIME_ORDER>'
        '<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="100"/><TIME_SLOT TIME_SLOT_ID="ts2" '
        'TIME_VALUE="900"/></TIME_ORDER><TIER TIER_ID="lek" LINGUISTIC_TYPE_REF="t" '
        'PARTICIPANT="barn"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" '
        'TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>bygger</ANNOTATION_VALUE>'
        '</ALIGNABLE_ANNOTATION></ANNOTATION></TIER><LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="t" '
        'TIME_ALIGNABLE="true" CONTROLLED_VOCABULARY_REF="cv"/><CONTROLLED_VOCABULARY '
        'CV_ID="cv" DESCRIPTION="lekar"><CV_ENTRY DESCRIPTION="bygga">bygger</CV_ENTRY>'
        '</CONTROLLED_VOCABULARY></ANNOTATION_DOCUMENT>', encoding="utf-8")
    doc = read_document(old)
    assert [(e.onset_ms, e.offset_ms, e.value) for e in doc.events] == [(100, 900, "bygger")]
    assert doc.tiers["lek"].participant == "barn"
    write_document(doc, tmp_path / "new.eaf")
    assert eaf_schema.validate(etree.parse(str(tmp_path / "new.eaf"))), \
        eaf_schema.error_log.last_error
    assert [e.value for e in read_document(tmp_path / "new.eaf").events] == ["bygger"]


def _pympi_view(path: Path) -> Counter:
    """Every annotation as pympi-ling (an independent reader) sees it."""
    pympi = pytest.importorskip("pympi")
    eaf = pympi.Elan.Eaf(str(path))
    seen: Counter = Counter()
    for tier, (aligned, refs, _attrs, _order) in eaf.tiers.items():
        for aid, (ts1, ts2, value, _svg) in aligned.items():
            seen[(tier, aid, eaf.timeslots[ts1], eaf.timeslots[ts2], value, None)] += 1
        for aid, (ref, value, _prev, _svg) in refs.items():
            seen[(tier, aid, None, None, value, ref)] += 1
    return seen


def test_pympi_reads_the_same_before_and_after_our_round_trip(annotations_dir, tmp_path):
    source = annotations_dir / "elan_sample_2.8.eaf"
    doc = read_document(source)
    ours = Counter((e.tier, e.id,
                    e.onset_ms if e.parent_id is None else None,
                    (e.offset_ms if e.offset_ms is not None else
                     None if "unaligned" in e.attrs else e.onset_ms)
                    if e.parent_id is None else None, e.value, e.parent_id) for e in doc.events)
    # pympi names an unaligned slot's time None, as we do.
    assert _pympi_view(source) == ours
    write_document(doc, tmp_path / "again.eaf")
    assert _pympi_view(tmp_path / "again.eaf") == ours
