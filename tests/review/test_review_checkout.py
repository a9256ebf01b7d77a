"""A case checked out from the clinic server takes its coding sets, review states and comments
along, and only its own (another case's comments stay on the server)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from services import review
from vfeedback.app import open_app
from vfeedback.models import Annotation, Review, ReviewComment


def test_checkout_takes_the_cases_review_along(app, indexed_video, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
    from test_backup_restore import fill  # a case coded by Anna and Bea, with a plan

    from vfeedback.media.synth import make_video

    other_video = tmp_path / "other.mp4"
    make_video(other_video, duration_s=5, fps=25, width=160, height=90, keyint=25)
    rec = fill(app, indexed_video)["recording"]
    other = fill(app, other_video, "FAM-8")["recording"]
    review.add_comment(app, "Bea", rec, "Look at 0:03", at_ms=3000)
    review.add_comment(app, "Bea", other, "Another family", at_ms=100)
    review.submit(app, "Anna", rec, "Anna")
    env = {**os.environ, "VFEEDBACK_HOME": str(app.config.home)}
    out = subprocess.run([sys.executable, "-m", "vfeedback", "server", "checkout", "FAM-7",
                          "--to", str(tmp_path / "laptop")], capture_output=True, text=True,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    saved = os.environ.pop("VFEEDBACK_DATABASE_URL", None)
    try:
        laptop = open_app(tmp_path / "laptop")
        with laptop.db.session() as s:
            coders = sorted(s.scalars(select(Annotation.coder)))
            comments = [c.text for c in s.scalars(select(ReviewComment))]
            states = [(r.coder, r.state) for r in s.scalars(select(Review))]
        laptop.close()
    finally:
        if saved is not None:
            os.environ["VFEEDBACK_DATABASE_URL"] = saved
    assert coders == ["Anna", "Anna", "Bea"]
    assert comments == ["Look at 0:03"]
    assert ("Anna", "submitted") in states
