"""The annotation commands, run through the real ``vfeedback`` click group."""

from __future__ import annotations

from click.testing import CliRunner

from annotation.interchange import read_document
from vfeedback.cli import cli


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_scheme_commands(tmp_path):
    home = str(tmp_path / "home")
    result = _run("--home", home, "scheme", "list")
    assert result.exit_code == 0 and "vipp-sd" in result.output and "bhv" in result.output
    result = _run("--home", home, "scheme", "show", "sensitivity")
    assert "rating 1-9" in result.output
    out = tmp_path / "bhv.json"
    assert _run("--home", home, "scheme", "export", "bhv", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8").replace('"version": 1', '"version": 3')
    out.write_text(text, encoding="utf-8")
    result = _run("--home", home, "scheme", "import", str(out))
    assert "bhv v3 (12 codes)" in result.output


def test_convert_and_agreement(annotations_dir, tmp_path):
    source = annotations_dir / "boris_test2.boris"
    target = tmp_path / "obs2.csv"
    result = _run("annotations", "convert", str(source), str(target), "--observation",
                  "observation #2")
    assert result.exit_code == 0, result.output
    assert len(read_document(target).events) == 18
    result = _run("agreement", str(source), str(target), "--observation", "observation #2",
                  "--slice", "0.5")
    assert result.exit_code == 0
    assert "Overall kappa: 1.000; percent agreement: 100.0 %" in result.output
    result = _run("annotations", "convert", str(tmp_path / "missing.eaf"), str(target))
    assert result.exit_code == 1 and "does not exist" in result.output


def test_code_import_export_undo_from_the_command_line(app, recording_id, tmp_path):
    home = str(app.config.home)
    rec = str(recording_id)
    result = _run("--home", home, "annotations", "add", "--recording", rec, "--code",
                  "speaking_for_child", "--start", "1", "--end", "2.5", "--valence", "strength",
                  "--caption", "Jag vill också!")
    assert result.exit_code == 0, result.output
    out = tmp_path / "a.eaf"
    result = _run("--home", home, "annotations", "export", "--recording", rec, "--format", "eaf",
                  "--out", str(out))
    assert "Wrote 1 annotations" in result.output
    assert _run("--home", home, "annotations", "undo", "--recording", rec).exit_code == 0
    assert _run("--home", home, "annotations", "list", "--recording", rec).output == ""
    result = _run("--home", home, "annotations", "import", str(out), "--recording", rec)
    assert "Imported 1 annotations (scheme vipp-sd)" in result.output
    listing = _run("--home", home, "annotations", "list", "--recording", rec).output
    assert "speaking_for_child" in listing and "Jag vill också!" in listing
    srt = tmp_path / "a.txt"
    _run("--home", home, "annotations", "export", "--recording", rec, "--format", "srt",
         "--out", str(srt))
    assert "00:00:01,000 --> 00:00:02,500" in srt.read_text(encoding="utf-8")


def test_demo_part_codes_and_exports(app, recording_id, indexed_video, tmp_path):
    from annotation.demo import contribute
    from vfeedback.cli.demo import DemoContext

    ctx = DemoContext(app, tmp_path, indexed_video, "T-001", 1, recording_id)
    contribute(ctx)
    assert any("6 VIPP-SD moments" in line for line in ctx.lines)
    for fmt in ("eaf", "boris", "csv", "srt", "vtt"):
        assert read_document(tmp_path / f"annotations.{fmt}").events, fmt
    captions = read_document(tmp_path / "annotations.vtt").events
    assert any("å" in e.caption or "ä" in e.caption for e in captions)
