"""Bad input on the command line: one ``Error: ...`` line and exit code 1, never a traceback.

Each case was found by a bad-input campaign (issue 12, items 7-9) and crashed, or was
wrongly accepted, before the fix. The commands run through the real click group on real
files, a real SQLite database and real ffmpeg; ``catch_exceptions=False`` lets a traceback
fail the test.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vfeedback.cli import cli

IMAGES = Path(__file__).resolve().parents[2] / ".." / "shared" / "media" / "images"


def _run(home: Path, *args: str):
    return CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)


def _refused(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[-1].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[-1], (word, lines[-1])


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def recording(home: Path, indexed_video: Path) -> str:
    """A 6 s recording imported through the command line; returns its id."""
    result = _run(home, "import", str(indexed_video), "--case", "C-1", "--visit", "1",
                  "--create-case")
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


# -- item 7: tracebacks become clear errors ------------------------------------------------
_EAF_ENTITY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE ANNOTATION_DOCUMENT [<!ENTITY who "Anna">]>
<ANNOTATION_DOCUMENT VERSION="3.0" FORMAT="3.0"><HEADER TIME_UNITS="milliseconds">{header}
</HEADER><TIME_ORDER/>{tail}</ANNOTATION_DOCUMENT>"""


@pytest.mark.parametrize("header, tail", [
    ('<PROPERTY NAME="coder">&who;</PROPERTY>', ""),
    ("", '<CONTROLLED_VOCABULARY CV_ID="cv"><CV_ENTRY_ML CVE_ID="c1"><CVE_VALUE LANG_REF="und">'
         "&who;</CVE_VALUE></CV_ENTRY_ML></CONTROLLED_VOCABULARY>"),
    ('<PROPERTY NAME="&who;">x</PROPERTY>', ""),
], ids=["header", "vocabulary", "attribute"])
def test_eaf_with_an_entity_reference(home, tmp_path, header, tail):
    source = tmp_path / "entity.eaf"
    source.write_text(_EAF_ENTITY.format(header=header, tail=tail), encoding="utf-8")
    _refused(_run(home, "annotations", "convert", str(source), str(tmp_path / "out.eaf")),
             "entity.eaf", "&who;")
    assert not (tmp_path / "out.eaf").exists()


_BORIS_CONF = '"behaviors_conf": {"0": {"code": "look", "type": "Point event"}}'


@pytest.mark.parametrize("text, words", [
    ('{' + _BORIS_CONF + ', "independent_variables": ' + "[" * 900 + "]" * 900
     + ', "observations": {"o": {"events": []}}}', ["nested"]),
    ('{' + _BORIS_CONF + ', "observations": {"o": {"events": [[1.0, "", "look", "", '
     '"ok \\ud800"]]}}}', ["surrogate", "line 1"]),
    ('{' + _BORIS_CONF + ', "observations": {"o": {"events": [[1.0, "", "look", "", '
     '"ok"]]}}, "project_name": "\\udc00"}', ["surrogate"]),
], ids=["deep-900", "lone-surrogate-in-event", "lone-surrogate-in-project"])
@pytest.mark.parametrize("target", ["out.eaf", "out.boris", "out.csv"])
def test_boris_damage(home, tmp_path, text, words, target):
    source = tmp_path / "damaged.boris"
    source.write_text(text, encoding="utf-8")
    _refused(_run(home, "annotations", "convert", str(source), str(tmp_path / target)),
             "damaged.boris", *words)


def test_boris_with_a_real_emoji_still_reads(home, tmp_path):
    source = tmp_path / "emoji.boris"
    source.write_text('{' + _BORIS_CONF + ', "observations": {"o": {"events": [[1.0, "", '
                      '"look", "", "\\ud83d\\ude00 \\u00e5"]]}}}', encoding="utf-8")
    result = _run(home, "annotations", "convert", str(source), str(tmp_path / "out.csv"))
    assert result.exit_code == 0, result.output
    assert "😀 å" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


_CODE = {"key": "look", "kind": "point"}


@pytest.mark.parametrize("text, words", [
    ('{"name": "x", "codes": ' + "[" * 900 + "]" * 900 + "}", ["nested"]),
    ('{"name": "x", "codes": ' + "[" * 50_000 + "]" * 50_000 + "}", ["nested"]),
    (json.dumps({"name": "x", "title": {"a": 1}, "codes": [_CODE]}), ["title"]),
    (json.dumps({"name": "x", "description": [1, 2], "codes": [_CODE]}), ["description"]),
    (json.dumps({"name": "x", "codes": [_CODE | {"description": {"a": 1}}]}), ["description"]),
    (json.dumps({"name": "x", "codes": [_CODE | {"group": ["a"]}]}), ["group"]),
    (json.dumps({"name": "x", "codes": [_CODE | {"modifiers": {"a": 1}}]}), ["modifiers"]),
    ('{"name": "x", "version": ' + "9" * 5000 + ', "codes": [{"key": "a"}]}', ["number"]),
    ('{"name": "x", "version": ' + "9" * 30 + ', "codes": [{"key": "a"}]}', ["version"]),
    ('{"name": "x", "codes": [{"key": "a", "kind": "rating", "scale_min": 1, "scale_max": '
     + "9" * 40 + "}]}", ["scale"]),
    ('{"name": "x", "codes": [{"key": "a", "kind": "rating", "scale_min": 1, "scale_max": '
     "1e400}]}", ["scale"]),
], ids=["deep-900", "deep-50000", "title-dict", "description-list", "code-description-dict",
        "group-list", "modifiers-dict", "5000-digits", "huge-version", "huge-scale",
        "infinite-scale"])
def test_scheme_import_damage(home, tmp_path, text, words):
    source = tmp_path / "scheme.json"
    source.write_text(text, encoding="utf-8")
    _refused(_run(home, "scheme", "import", str(source)), "scheme.json", *words)
    assert "x\t" not in _run(home, "scheme", "list").output  # nothing was added


@pytest.mark.parametrize("clips, words", [
    ("start,end,caption\nnan,1,hej\n", ["Clip 1", "nan"]),
    ("start,end,caption\n0,inf,hej\n", ["Clip 1", "inf"]),
    ("start,end,caption\n0,1," + "x" * 140_000 + "\n", ["clips.csv"]),
    ("start,end,caption\n0,1," + "x" * 5000 + "\n", ["caption", "5000"]),
], ids=["nan", "inf", "caption-140k", "caption-5000"])
def test_reel_build_clip_list_damage(home, tmp_path, indexed_video, clips, words):
    clip_list = tmp_path / "clips.csv"
    clip_list.write_text(clips, encoding="utf-8")
    out = tmp_path / "reel.mp4"
    _refused(_run(home, "reel", "build", "--video", str(indexed_video), "--clips",
                  str(clip_list), "--out", str(out)), *words)
    assert not out.exists()


@pytest.mark.parametrize("times, words", [
    (["--start", "nan", "--end", "2"], ["--start", "nan"]),
    (["--start", "1", "--end", "inf"], ["--end", "inf"]),
    (["--start", "-inf"], ["--start"]),
    (["--start", "1e30", "--end", "2e30"], ["--start"]),
])
def test_annotation_times_that_are_not_numbers(home, recording, times, words):
    _refused(_run(home, "annotations", "add", "--recording", recording, "--code", "empathy",
                  *times), *words)
    assert _run(home, "annotations", "list", "--recording", recording).output == ""


def test_latin1_file_names(home, tmp_path, indexed_video, recording):
    folder = os.fsencode(tmp_path)
    video = os.fsdecode(folder + b"/visit-\xe5\xe4.mp4")  # Latin-1 bytes: not UTF-8
    shutil.copyfile(indexed_video, video)
    with open(video, "ab") as fh:
        fh.write(b"\0")  # another checksum than the fixture's recording
    result = _run(home, "import", video, "--case", "C-1", "--visit", "2")
    assert result.exit_code == 0, result.output
    listing = _run(home, "recording", "list").output
    assert "visit-\ufffd\ufffd.mp4" in listing
    csv_file = os.fsdecode(folder + b"/kod-\xe9.csv")
    Path(csv_file).write_text("tier,onset_ms,offset_ms\nempathy,100,900\n", encoding="utf-8")
    result = _run(home, "annotations", "import", csv_file, "--recording", recording)
    assert result.exit_code == 0, result.output
    assert "Import kod-\ufffd.csv" in _run(home, "annotations", "undo", "--recording",
                                           recording).output
    _refused(_run(home, "annotations", "convert", os.fsdecode(folder + b"/saknas-\xe9.eaf"),
                  csv_file), "does not exist")


# -- item 8: refused instead of accepted ----------------------------------------------------
def test_a_photo_is_not_a_recording(home):
    photo = sorted(IMAGES.glob("*.jpg"))[0] if IMAGES.is_dir() else None
    if photo is None:
        pytest.skip("shared images not found")
    _refused(_run(home, "import", str(photo), "--case", "C-1", "--visit", "1",
                  "--create-case"), photo.name, "still picture")
    assert _run(home, "recording", "list").output == ""


def test_a_one_frame_clip_is_not_a_recording(home, tmp_path):
    from vfeedback.media.probe import probe
    from vfeedback.media.synth import make_video

    clip = tmp_path / "one-frame.mp4"
    make_video(clip, duration_s=0.04, fps=25, width=160, height=90, audio=False)
    assert probe(clip).frame_count == 1
    _refused(_run(home, "import", str(clip), "--case", "C-1", "--visit", "1",
                  "--create-case"), "one-frame.mp4", "1 frame")
    assert _run(home, "recording", "list").output == ""


@pytest.mark.parametrize("name, text, words", [
    ("cut.srt", "1\n00:00:01,000 --> 00:00:02,000\nHej\n\n2\n00:00:0", ["line 5"]),
    ("cut2.srt", "1\n00:00:01,000 --> 00:00:02,000\n", ["no text"]),
    ("notes.srt", "Shopping list\nmilk\n", ["not a subtitle cue"]),
    ("notes.vtt", "WEBVTT\n\nShopping list\nmilk\n", ["not a subtitle cue"]),
    ("empty.srt", "", ["no subtitle cues"]),
    ("empty.vtt", "WEBVTT\n\nNOTE nothing here\n", ["no subtitle cues"]),
])
def test_subtitles_that_are_not_subtitles(home, tmp_path, recording, name, text, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _refused(_run(home, "annotations", "import", str(path), "--recording", recording),
             name, *words)


def test_a_newline_in_a_file_name_cannot_forge_a_row(home, tmp_path, indexed_video,
                                                     recording):
    forged = tmp_path / "visit.mp4\n99\tC-1\t#1\t1.00 s\t1x1\t1 fps\tforged.mp4"
    shutil.copyfile(indexed_video, forged)
    with open(forged, "ab") as fh:
        fh.write(b"\0")
    assert _run(home, "import", str(forged), "--case", "C-1", "--visit", "1").exit_code == 0
    lines = _run(home, "recording", "list").output.splitlines()
    assert len(lines) == 2  # one row per recording
    assert all(len(line.split("\t")) == 7 for line in lines)
    assert lines[1].endswith("visit.mp4\\x0a99\\x09C-1\\x09#1\\x091.00 s\\x091x1\\x091 fps"
                             "\\x09forged.mp4")


# -- item 9: the same file twice -------------------------------------------------------------
def test_importing_the_same_file_twice_is_refused(home, tmp_path, recording):
    path = tmp_path / "coded.csv"
    path.write_text("tier,onset_ms,offset_ms,caption\nempathy,100,900,Hej\n"
                    "child_signal,1200,,\n", encoding="utf-8")
    assert _run(home, "annotations", "import", str(path), "--recording", recording)\
        .exit_code == 0
    _refused(_run(home, "annotations", "import", str(path), "--recording", recording),
             "coded.csv", "2 of the 2", "--again")
    listed = _run(home, "annotations", "list", "--recording", recording).output
    assert len(listed.splitlines()) == 2
    result = _run(home, "annotations", "import", str(path), "--recording", recording,
                  "--again")
    assert result.exit_code == 0 and "Imported 2" in result.output
    assert len(_run(home, "annotations", "list", "--recording", recording)
               .output.splitlines()) == 4
    # The recording's own export (now with every annotation twice) imports back: into the
    # same recording only what is new, and as a whole with --again.
    own = tmp_path / "own.csv"
    assert _run(home, "annotations", "export", "--recording", recording, "--format", "csv",
                "--out", str(own)).exit_code == 0
    _refused(_run(home, "annotations", "import", str(own), "--recording", recording),
             "4 of the 4")
    result = _run(home, "annotations", "import", str(own), "--recording", recording,
                  "--new-only")
    assert result.exit_code == 0 and "Left out 4" in result.output
    result = _run(home, "annotations", "import", str(own), "--recording", recording,
                  "--again")
    assert result.exit_code == 0 and "Imported 4" in result.output
    # After an undo the file is no longer in the recording: it imports without a flag.
    assert _run(home, "annotations", "undo", "--recording", recording).exit_code == 0
    assert _run(home, "annotations", "undo", "--recording", recording).exit_code == 0
    assert _run(home, "annotations", "undo", "--recording", recording).exit_code == 0
    assert _run(home, "annotations", "list", "--recording", recording).output == ""
    result = _run(home, "annotations", "import", str(own), "--recording", recording)
    assert result.exit_code == 0 and "Imported 4" in result.output
