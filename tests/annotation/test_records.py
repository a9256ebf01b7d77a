"""Importing annotation files into a recording and exporting them again, through the database."""

from __future__ import annotations

from collections import Counter

import pytest
from lxml import etree

from annotation.editing import AnnotationEditor
from annotation.interchange import read_document, write_document
from annotation.interchange.document import AnnotationDocument, Event
from annotation.interchange.records import export_recording, import_file
from vfeedback.errors import InputError


def _timed(doc):
    return Counter((e.tier, e.onset_ms, e.offset_ms, e.value) for e in doc.events
                   if e.parent_id is None and e.onset_ms is not None
                   and "unaligned" not in e.attrs)


def test_elan_sample_through_the_database(app, long_recording_id, annotations_dir, tmp_path):
    source = annotations_dir / "elan_sample_2.8.eaf"
    result = import_file(app.db, long_recording_id, source, create_codes=True)
    original = read_document(source)
    assert len(result.annotation_ids) == sum(_timed(original).values()) == 2823
    assert result.skipped == 8778 - 2823  # word glosses (references) and unaligned words
    out = tmp_path / "out.eaf"
    assert export_recording(app.db, long_recording_id, out) == 2823
    schema = etree.XMLSchema(etree.parse(str(annotations_dir / "EAFv3.0.xsd")))
    assert schema.validate(etree.parse(str(out)))
    back = read_document(out)
    assert Counter((e.tier, e.onset_ms, e.offset_ms, e.comment) for e in back.events) == \
        Counter((e.tier, e.onset_ms, e.offset_ms, e.value) for e in original.events
                if e.parent_id is None and "unaligned" not in e.attrs)
    # The whole import is one undo step.
    editor = AnnotationEditor(app.db, long_recording_id)
    assert editor.undo_text == "Import elan_sample_2.8.eaf"
    editor.undo()
    assert editor.annotations() == []
    editor.redo()
    assert len(editor.annotations()) == 2823


def test_boris_observation_through_the_database(app, long_recording_id, annotations_dir,
                                                tmp_path):
    source = annotations_dir / "boris_test2.boris"
    with pytest.raises(InputError, match="live not paired.*never stops"):
        import_file(app.db, long_recording_id, source, create_codes=True)
    result = import_file(app.db, long_recording_id, source, observation="observation #1",
                         create_codes=True)
    assert len(result.annotation_ids) == 4
    export_recording(app.db, long_recording_id, tmp_path / "o.boris")
    back = read_document(tmp_path / "o.boris")
    original = read_document(source).only_observation("observation #1")
    key = lambda e: (e.tier.split("@")[0], e.subject, e.onset_ms, e.offset_ms)  # noqa: E731
    assert Counter(map(key, back.events)) == Counter(map(key, original.events))


def test_vipp_round_trip_keeps_every_field(app, recording_id, vipp, tmp_path, annotations_dir):
    schema = etree.XMLSchema(etree.parse(str(annotations_dir / "EAFv3.0.xsd")))
    editor = AnnotationEditor(app.db, recording_id)
    editor.add(vipp["speaking_for_child"], 500, 2500, valence="strength",
               caption="Titta mamma, jag bygger ett torn!", comment="Fint samspel",
               modifiers=["leende"])
    editor.add(vipp["child_signal"], 1200, valence="work_on", subject="parent")
    editor.add(vipp["empathy"], 3000, 5000, comment="å ä ö")
    before = editor.annotations()
    fields = lambda views: sorted((a.code_key, a.start_ms, a.end_ms, a.subject,  # noqa: E731
                                   a.valence, a.comment, a.caption, a.modifiers, a.value)
                                  for a in views)
    for suffix in (".eaf", ".csv", ".boris"):
        path = tmp_path / f"v{suffix}"
        export_recording(app.db, recording_id, path)
        if suffix == ".eaf":
            xml = etree.parse(str(path))
            assert schema.validate(xml), schema.error_log.last_error
            entries = xml.findall("CONTROLLED_VOCABULARY/CV_ENTRY_ML/CVE_VALUE")
            assert {e.text for e in entries} == {"Speaking for the child", "Child's signal",
                                                 "Empathy for the child"}
            assert len(xml.findall(".//ALIGNABLE_ANNOTATION[@CVE_REF]")) == 3
            assert xml.find("TIER[@TIER_ID='child_signal@parent']").get("PARTICIPANT") == \
                "parent"
        for a in editor.annotations():
            editor.delete(a.id)
        import_file(app.db, recording_id, path)
        after = editor.annotations()
        if suffix == ".boris":  # BORIS has no valence or caption
            assert [x[:4] for x in fields(after)] == [x[:4] for x in fields(before)]
        else:
            assert fields(after) == fields(before), suffix


def test_bad_imports_leave_nothing(app, recording_id, vipp, tmp_path):
    editor = AnnotationEditor(app.db, recording_id)
    cases = {
        "unknown.csv": ("tier,onset_ms,offset_ms\nempathy,100,200\nhopping,300,400\n",
                        "unknown code.*hopping"),
        "late.csv": ("tier,onset_ms,offset_ms\nempathy,100,200\nempathy,300,90000\n",
                     r"late\.csv: event 2.*beyond the end"),
        "overlap.csv": ("tier,onset_ms,offset_ms\nempathy,100,2000\nempathy,1500,2500\n",
                        "overlap"),
        "kind.csv": ("tier,onset_ms,offset_ms\nchild_signal,100,200\n", "point code"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=message):
            import_file(app.db, recording_id, path)
    assert editor.annotations() == [] and not editor.can_undo


def test_captions_export_as_subtitles(app, recording_id, vipp, tmp_path):
    editor = AnnotationEditor(app.db, recording_id)
    editor.add(vipp["speaking_for_child"], 1000, 3000, caption="Jag är trygg här")
    doc = AnnotationDocument(events=[Event("x", 1, 2)])
    write_document(doc, tmp_path / "empty.srt")
    assert (tmp_path / "empty.srt").read_text(encoding="utf-8") == ""
    export_recording(app.db, recording_id, tmp_path / "c.vtt")
    assert "00:00:01.000 --> 00:00:03.000\nJag är trygg här" in \
        (tmp_path / "c.vtt").read_text(encoding="utf-8")
