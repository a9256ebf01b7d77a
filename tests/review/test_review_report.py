"""The supervision report: PDF and HTML with the agreement table, thumbnails of the
disagreements, the comments and the plot of the trainee's agreement over recordings."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from review_helpers import REFERENCE, code, run_cli

from annotation.schemes import ensure_builtin_schemes
from vfeedback import library

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_report_pdf_and_html(app, recording_id, two_sets, vipp, indexed_video, tmp_path):
    # A second, later recording on which the trainee agrees fully with the supervisor.
    with app.db.session() as s:
        ensure_builtin_schemes(s)
        case = library.create_case(s, "T-002")
        visit = library.get_or_create_visit(s, case, 1)
        copy = tmp_path / "second.mp4"
        shutil.copyfile(indexed_video, copy)
        with copy.open("ab") as fh:
            fh.write(b"\0")  # another file (another checksum), the same pictures
        second = library.import_recording(s, app.store, copy, visit).id
    code(app, second, "sam", REFERENCE, vipp)
    code(app, second, "tina", REFERENCE, vipp)
    from services import review

    review.add_comment(app, "sam", recording_id, "Onset late", at_ms=1000)
    review.submit(app, "tina", recording_id)
    history = review.agreement_history(app, None, "tina")
    assert [(rid, ref) for rid, ref, _k in history] == [(recording_id, "sam"), (second, "sam")]
    assert history[1][2] == 1.0 and history[0][2] < 1.0

    pdf = tmp_path / "report.pdf"
    result = run_cli(app, "review", "report", "--recording", str(recording_id), "--out",
                     str(pdf))
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    page = pdf.read_bytes()
    assert page.count(b"/Subtype /Image") >= 5  # 4 thumbnails and the plot
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert "<td>empathy</td><td>1</td><td>2</td><td>0.16</td>" in html
    assert html.count("data:image/jpeg") == 4 and "data:image/png" in html
    assert "Onset late" in html and "missed" in html
    from sqlalchemy import select

    from vfeedback.models import AuditEvent

    with app.db.session() as s:  # pictures of the family left the app: audited
        reported = s.scalars(select(AuditEvent).where(AuditEvent.action == "review.report")).one()
        assert reported.detail == {"pictures": 4, "comments": 1}
    if shutil.which("pdftoppm"):  # the page shown in the docs (VFEEDBACK_SCREENSHOTS=1)
        shots = DOCS if os.environ.get("VFEEDBACK_SCREENSHOTS") else tmp_path
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(shots / "review-report")], check=True)
        assert (shots / "review-report.png").stat().st_size > 10_000
