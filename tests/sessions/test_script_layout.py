"""The printed script as a clinician takes it to the visit (issue 14 item 10): it says the
visit's date, names its clips "Clip 1", "Clip 2" as the reel's cards and the presentation do,
and leaves ruled room for notes under each clip and at the end. Checked on the rendered PDF
(pdftotext for the words, pdftoppm for the ruled lines) and in the HTML."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from sessions import plan as plans
from sessions.script import END_NOTE_LINES, NOTE_LINES, write_script
from vfeedback import library
from vfeedback.i18n import format_date

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
                                reason="poppler-utils not installed")


def make_visit(app, video: Path, day: date | None) -> int:  # noqa: ANN001
    with app.db.session() as session:
        case = library.create_case(session, "S-DATE")
        visit = library.get_or_create_visit(session, case, 2, theme="vipp.sharing_emotions")
        visit.date = day
        recording = library.import_recording(session, app.store, video, visit)
        plan = plans.get_or_create_plan(session, visit.id)
        plans.add_clip(session, plan, recording.id, 500, 1500, "Look at me!", note="Praise")
        plans.add_clip(session, plan, recording.id, 3000, 4500, "Again!")
        return visit.id


def ruled_rows(png: Path) -> int:
    """Horizontal lines across most of the page's width (the rows to write on)."""
    from PIL import Image

    grey = np.asarray(Image.open(png).convert("L"))
    dark = (grey < 200).mean(axis=1)
    rows = dark > 0.6
    # Count runs: a line drawn 0.3 mm thick may cover two pixel rows.
    return int(np.sum(rows[1:] & ~rows[:-1]) + rows[0])


def test_script_shows_the_visit_date_clip_names_and_room_for_notes(
        app, indexed_video: Path, tmp_path: Path) -> None:  # noqa: ANN001
    visit_id = make_visit(app, indexed_video, date(2026, 11, 24))
    pdf, page = tmp_path / "script.pdf", tmp_path / "script.html"
    write_script(app, visit_id, pdf, page)
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    day = format_date(date(2026, 11, 24))
    assert f"Visit date: {day}" in text
    assert "Clip 1 · Sharing emotions" in text and "Clip 2 · Sharing emotions" in text
    assert "Notes" in text.split("Again!")[-1]  # the notes block comes after the last clip
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert sum(ruled_rows(p) for p in pages) == 2 * NOTE_LINES + END_NOTE_LINES
    markup = page.read_text(encoding="utf-8")
    assert f"Visit date: {day}" in markup and "Clip 2 · Sharing emotions" in markup
    assert markup.count('<div class="lines">') == 3


def test_script_without_a_set_date_says_the_day_the_visit_was_made(
        app, indexed_video: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from vfeedback.models import Visit

    visit_id = make_visit(app, indexed_video, None)
    with app.db.session() as session:
        made = session.get(Visit, visit_id).created_at.date()
    pdf = tmp_path / "script.pdf"
    write_script(app, visit_id, pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    assert f"Visit date: {format_date(made)}" in text
