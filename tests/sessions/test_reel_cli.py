"""``vfeedback reel``: plan and build from the command line, file-based and from a visit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sessions import plan as plans
from vfeedback import library
from vfeedback.app import open_app
from vfeedback.cli import cli
from vfeedback.media.probe import probe
from vfeedback.models import Visit


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_build_from_video_and_csv(indexed_video: Path, tmp_path: Path) -> None:
    clips = tmp_path / "clips.csv"
    clips.write_text("start,end,caption\n1,2,Hej på dig åäö\n4,5,\n", encoding="utf-8")
    out = tmp_path / "reel.mp4"
    code, output = run("--home", str(tmp_path / "home"), "reel", "build", "--video",
                       str(indexed_video), "--clips", str(clips), "--out", str(out),
                       "--no-titles", "--height", "0")
    assert code == 0, output
    assert "2 clips" in output and "encoded" in output
    assert probe(out).duration_s == pytest.approx(2.0, abs=0.05)
    code, output = run("--home", str(tmp_path / "home"), "reel", "build", "--video",
                       str(indexed_video), "--clips", str(clips), "--out", str(tmp_path / "c.mp4"),
                       "--no-titles", "--no-burn", "--height", "0")
    assert code == 0 and "stream copy" in output, output


def test_bad_input_is_one_line(indexed_video: Path, tmp_path: Path) -> None:
    clips = tmp_path / "clips.csv"
    clips.write_text("start,end,caption\n5,9,too long\n", encoding="utf-8")
    code, output = run("--home", str(tmp_path / "home"), "reel", "build", "--video",
                       str(indexed_video), "--clips", str(clips), "--out",
                       str(tmp_path / "reel.mp4"))
    assert code == 1 and "outside the recording" in output and "Traceback" not in output
    code, output = run("--home", str(tmp_path / "home"), "reel", "plan", "--visit", "99")
    assert code == 1 and "no visit 99" in output


def test_plan_and_build_a_visit(indexed_video: Path, tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    assert run("--home", home, "case", "create", "C-1")[0] == 0
    code, output = run("--home", home, "visit", "create", "C-1", "--theme",
                       "vipp.sharing_emotions")
    assert code == 0, output
    visit_id = output.strip().splitlines()[-1]
    app = open_app(home)
    with app.db.session() as session:
        visit = session.get(Visit, int(visit_id))
        recording = library.import_recording(session, app.store, indexed_video, visit)
        plans.add_clip(session, plans.get_or_create_plan(session, visit.id), recording.id,
                       1000, 2000, "Jag ser dig")
    app.close()
    code, output = run("--home", home, "reel", "plan", "--visit", visit_id)
    assert code == 0 and "Jag ser dig" in output and "Sharing emotions" in output, output
    out, pdf = tmp_path / "reel.mp4", tmp_path / "script.pdf"
    code, output = run("--home", home, "reel", "build", "--visit", visit_id, "--out", str(out),
                       "--script", str(pdf), "--height", "180")
    assert code == 0, output
    assert probe(out).height == 180 and pdf.stat().st_size > 1000
    assert pdf.with_suffix(".html").is_file()
