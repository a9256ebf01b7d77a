"""The "must show" of encryption at rest: an encrypted home filled through the app's own paths
(import of real footage, annotations with captions, analysis, a seek proxy, a reel) holds no
file anywhere under it with the MP4 signature ``ftyp``, a caption's text or the case code.

The same search on the home before ``vfeedback encrypt`` finds all three (so the search can
fail), and the reel written outside the home is a real MP4 (so the media was really read).
About 25 s (the real analysis loads its models): this is the issue's acceptance test."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vfeedback.cli import cli

pytestmark = pytest.mark.sqlite_only(reason="SQLCipher encrypts a home's own SQLite file")

PASSWORD = "a long enough password"
CASE = "FAMQ7X2"
CAPTION_BEFORE = "Daddy, the paper makes a funny noise"
CAPTION_AFTER = "I am surprised, that is not a cat"
NEEDLES = (b"ftyp", CASE.encode(), CAPTION_BEFORE.encode(), CAPTION_AFTER.encode())


def _found(home: Path) -> set[bytes]:
    """Which needles occur in any file under ``home`` (every file, every byte)."""
    found: set[bytes] = set()
    for file in home.rglob("*"):
        if file.is_file() and not file.is_symlink():
            data = file.read_bytes()
            found |= {n for n in NEEDLES if n in data}
    return found


def _cli(home: Path, *args: str, input: str | None = None) -> str:  # noqa: A002
    result = CliRunner().invoke(cli, ["--home", str(home), *args], input=input)
    assert result.exit_code == 0, result.output
    return result.output


def test_an_encrypted_home_holds_no_footage_caption_or_case_code(tmp_path, shared_media):
    import numpy as np

    from analysis.job import analyse_recording
    from analysis.results import load_results
    from services import annotations, catalogue, plan
    from sessions.reel import build_plan_reel
    from vfeedback.derivatives import put_derivative
    from vfeedback.encrypt import open_protected
    from vfeedback.models import Code, Visit

    home = tmp_path / "home"
    dyads = shared_media / "dyads"
    # Before: a plaintext home made with the command line.
    _cli(home, "import", str(dyads / "3dC3SQ.joke1.rep1.take1.TearingPaper.mp4"), "--case",
         CASE, "--visit", "1", "--create-case")
    _cli(home, "annotations", "add", "--recording", "1", "--code", "empathy", "--start", "1",
         "--end", "3", "--valence", "strength", "--caption", CAPTION_BEFORE)
    assert _found(home) >= {b"ftyp", CAPTION_BEFORE.encode(), CASE.encode()}

    _cli(home, "encrypt", "--admin", "anna", "--password-stdin", input=PASSWORD + "\n")
    assert _found(home) == set()

    # After: the app's own paths on the encrypted home.
    app = open_protected(home, "anna", PASSWORD)
    try:
        rid = catalogue.import_into(app, None, CASE, 1,
                                    dyads / "6c6MZQ.joke4.rep2.take1.ThatsNotACat.mp4").value
        with app.db.session() as session:
            code_id = session.query(Code).filter_by(key="empathy").first().id
            visit_id = session.query(Visit).one().id
        annotations.add(app, None, rid, code_id, 1000, 3500, caption=CAPTION_AFTER,
                        valence="strength")
        # The real analysis (pose, faces, voices) on the 5 s clip, sparsely to stay quick.
        analyse_recording(app, rid, stride=10, workers=1)  # landmarks, cues, voices: derivatives in the store
        assert load_results(app, rid) is not None  # and they read back (an .npz, decrypted)
        catalogue.ensure_proxy(app, None, rid)  # ffmpeg writes in memory, sealed on commit
        with app.store.writer(suffix=".npz") as w:  # any derivative goes the same way
            np.savez(w.path, caption=np.array([CAPTION_AFTER]), case=np.array([CASE]))
        with app.db.session() as session:
            put_derivative(session, app.store, rid, "test", "captions", w.key, {})
        plan.propose(app, None, visit_id)
        from services import consent

        consent.set_consent(app, None, CASE, filming="yes", feedback="yes")  # a protected
        # home refuses a reel for a family whose consent was never recorded
        reel = tmp_path / "reel.mp4"  # chosen by the user: outside the home
        build_plan_reel(app, visit_id, reel, height=240)  # intermediates in memory
    finally:
        app.close()
    assert b"ftyp" in reel.read_bytes()[:64]
    assert _found(home) == set()
    objects = [p for p in (home / "store" / "objects").rglob("*") if p.is_file()]
    assert len(objects) >= 5  # two recordings, analysis, proxy, the test derivative
