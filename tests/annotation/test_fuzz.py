"""Every reader, fed random or damaged input, raises only AnnotationFileError and never crashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotation.interchange import AnnotationFileError, read_document, write_document

SUFFIXES = (".eaf", ".boris", ".csv", ".srt", ".vtt")
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(tmp_path: Path, suffix: str, data: bytes) -> None:
    """Read damaged input; whatever reads must also write to every format without a crash."""
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        doc = read_document(path)
    except AnnotationFileError as exc:
        assert path.name in str(exc)
        return
    for out_suffix in SUFFIXES:
        write_document(doc, tmp_path / f"out{out_suffix}")


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=400))
def test_random_bytes(tmp_path, suffix, data):
    _read(tmp_path, suffix, data)


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES),
       text=st.text(alphabet=st.sampled_from(list("<>/=\"' \n,:-.0123456789[]{}|tsaWEBVT"
                                                   "ANNOTATIONTIERTIME_SLOTåä")), max_size=300))
def test_random_text_in_the_formats_alphabet(tmp_path, suffix, text):
    _read(tmp_path, suffix, text.encode("utf-8"))


_SMALL_BORIS = (b'{"behaviors_conf": {"0": {"code": "s", "type": "State event"}, "1": {"code": '
                b'"p", "type": "Point event"}}, "subjects_conf": {"0": {"name": "child"}}, '
                b'"observations": {"o": {"events": [[1.5, "child", "s", "a|b", ""], '
                b'[2.0, "", "p", "", "hej"], [3.25, "child", "s", "a|b", ""]]}}}')
_SMALL_EAF = (b'<?xml version="1.0" encoding="UTF-8"?>\n<ANNOTATION_DOCUMENT VERSION="3.0">'
              b'<HEADER TIME_UNITS="milliseconds"/><TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" '
              b'TIME_VALUE="10"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="200"/></TIME_ORDER>'
              b'<TIER TIER_ID="t" LINGUISTIC_TYPE_REF="d"><ANNOTATION><ALIGNABLE_ANNOTATION '
              b'ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>'
              b'x</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER><TIER TIER_ID="r"'
              b' LINGUISTIC_TYPE_REF="s" PARENT_REF="t"><ANNOTATION><REF_ANNOTATION ANNOTATION_'
              b'ID="a2" ANNOTATION_REF="a1"><ANNOTATION_VALUE>y</ANNOTATION_VALUE></REF_ANNOTATI'
              b'ON></ANNOTATION></TIER><LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="d" TIME_ALIGNABLE="t'
              b'rue"/><LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="s" TIME_ALIGNABLE="false"/>'
              b'</ANNOTATION_DOCUMENT>')
_SMALL = {".boris": _SMALL_BORIS, ".eaf": _SMALL_EAF,
          ".csv": "tier,onset_ms,offset_ms,modifiers,rating\nlek,10,20,a|b,3\nså,5,,,\n".encode(),
          ".srt": b"1\n00:00:01,000 --> 00:00:02,500\nHej!\n\n2\n00:01:00,000 --> 00:01:01,000\nDa\n",
          ".vtt": b"WEBVTT\n\n00:01.000 --> 00:02.500\nHej!\n"}


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_the_seed_files_read(tmp_path, suffix):
    path = tmp_path / f"seed{suffix}"
    path.write_bytes(_SMALL[suffix])
    assert read_document(path).events


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), cut=st.integers(0, 2000),
       edits=st.lists(st.tuples(st.integers(0, 2000), st.binary(max_size=4)), max_size=4))
def test_damaged_valid_files(tmp_path, suffix, cut, edits):
    data = bytearray(_SMALL[suffix])
    for pos, chunk in edits:
        pos %= len(data) + 1
        data[pos:pos + len(chunk)] = chunk
    _read(tmp_path, suffix, bytes(data[:cut] if cut < len(data) else data))


_CODES = ["empathy", "child_signal", "speaking_for_child", "hopping", "sensitivity", "", "å"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(
    st.sampled_from(_CODES), st.integers(-10, 8000), st.one_of(st.none(), st.integers(-10, 8000)),
    st.sampled_from(["", "strength", "work_on", "bra"]), st.text(max_size=50),
    st.sampled_from(["", "3", "7.5", "x"])), max_size=6))
def test_database_import_accepts_or_refuses_cleanly(app, recording_id, tmp_path, rows):
    from annotation.editing import AnnotationEditor
    from annotation.interchange.records import import_file
    from vfeedback.errors import VFeedbackError

    path = tmp_path / "fuzz.csv"
    lines = ["tier,onset_ms,offset_ms,valence,subject,rating"]
    for code, start, end, valence, subject, rating in rows:
        subject = subject.replace('"', "").replace("\r", "").replace("\n", " ")
        lines.append(f'{code},{start},{"" if end is None else end},{valence},"{subject}",'
                     f"{rating}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    editor = AnnotationEditor(app.db, recording_id)
    before = editor.annotations()
    try:
        result = import_file(app.db, recording_id, path)
    except VFeedbackError:
        assert editor.annotations() == before  # all or nothing
    else:
        assert len(editor.annotations()) == len(before) + len(result.annotation_ids)
