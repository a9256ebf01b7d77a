"""The feedback script: a PDF that renders (pdftoppm) with its text (pdftotext), and HTML."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sessions import plan as plans
from sessions.script import write_script
from vfeedback import library
from vfeedback.errors import InputError


@pytest.fixture
def visit_with_plan(app, indexed_video: Path) -> int:
    with app.db.session() as session:
        case = library.create_case(session, "S-001")
        visit = library.get_or_create_visit(session, case, 2, theme="vipp.sharing_emotions")
        recording = library.import_recording(session, app.store, indexed_video, visit)
        plan = plans.get_or_create_plan(session, visit.id)
        plans.add_clip(session, plan, recording.id, 500, 1500, "Mamma, titta på mig! åäö",
                       note="Berömma blicken – æ ø")
        plans.add_clip(session, plan, recording.id, 3000, 4500, "", note="Vänta in barnet")
        return visit.id


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_and_html_script(app, visit_with_plan: int, tmp_path: Path) -> None:
    pdf, page = tmp_path / "script.pdf", tmp_path / "script.html"
    seen = []
    written = write_script(app, visit_with_plan, pdf, page, progress=lambda f, w: seen.append(f))
    assert written == [pdf, page] and seen[-1] == 1.0
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    for expected in ("S-001", "Sharing emotions", "Mamma, titta på mig! åäö",
                     "Berömma blicken – æ ø", "Vänta in barnet", "0:00.50-0:01.50"):
        assert expected in text, expected
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and pages[0].stat().st_size > 2000
    # The thumbnails are drawn: the page has dark picture pixels, not only text on white.
    import numpy as np
    from PIL import Image

    grey = np.asarray(Image.open(pages[0]).convert("L"))
    assert (grey < 60).mean() > 0.01
    markup = page.read_text(encoding="utf-8")
    assert markup.count("data:image/jpeg;base64,") == 2
    assert "Mamma, titta på mig! åäö" in markup and "<script" not in markup


def test_script_needs_a_plan(app, tmp_path: Path) -> None:
    with app.db.session() as session:
        case = library.create_case(session, "S-002")
        visit = library.get_or_create_visit(session, case, 1)
        visit_id = visit.id
    with pytest.raises(InputError, match="no feedback plan"):
        write_script(app, visit_id, tmp_path / "s.pdf")
    assert list(tmp_path.iterdir()) == [tmp_path / "home"]
