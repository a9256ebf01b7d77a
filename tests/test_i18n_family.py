"""A family that speaks Norwegian, a clinician whose app runs in Swedish: the reel's title cards,
its subtitle track's language tag and the script's headings are Norwegian; the app stays Swedish;
captions are never translated, and a bilingual caption shows both versions."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from sessions import plan as plans
from sessions.reel import build_plan_reel, render_card
from sessions.script import write_script
from vfeedback import i18n, library
from vfeedback.media.frames import extract_frame
from vfeedback.media.tools import run_capture


@pytest.fixture
def swedish_app(app):  # noqa: ANN001, ANN201
    before = i18n.current_language()
    i18n.set_language("sv")
    yield app
    i18n.set_language(before)


@pytest.fixture
def norwegian_visit(swedish_app, indexed_video: Path) -> int:  # noqa: ANN001
    app = swedish_app
    with app.db.session() as session:
        case = library.create_case(session, "FAM-NB")
        case.family_language, case.second_language = "nb", "en"
        visit = library.get_or_create_visit(session, case, 2, theme="vipp.sharing_emotions")
        recording = library.import_recording(session, app.store, indexed_video, visit)
        plan = plans.get_or_create_plan(session, visit.id)
        first = plans.add_clip(session, plan, recording.id, 500, 1500, "Mamma, se på meg!",
                               theme="vipp.sensitivity_chain", note="Ros blikket")
        plans.update_clip(session, first.id, caption_second="Mum, look at me!")
        plans.add_clip(session, plan, recording.id, 3000, 4000, "Vi ler sammen",
                       theme="vipp.sharing_emotions")
        return visit.id


def _distance(frame_png: bytes, card: Path) -> float:
    a = np.asarray(Image.open(io.BytesIO(frame_png)).convert("L"), dtype=float)
    b = np.asarray(Image.open(card).convert("L"), dtype=float)
    return float(np.abs(a - b).mean())


def test_reel_cards_and_subtitles_speak_the_familys_language(
        swedish_app, norwegian_visit: int, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "reel.mp4"
    result = build_plan_reel(swedish_app, norwegian_visit, out, height=360)
    assert i18n._("Strength") == "Styrka"  # the app still speaks Swedish
    # Opening card (the visit's theme), then the first clip's theme card, each 2.5 s.
    # The theme card names its clip as the script does ("Klipp 1": the same in nb and sv).
    for at_s, norwegian, swedish, sub in ((1.2, "Å dele følelser", "Att dela känslor", ""),
                                          (3.7, "Sensitivitetskjeden", "Lyhördhetskedjan",
                                           "Klipp 1")):
        frame = extract_frame(out, time_s=at_s)
        width, height = Image.open(io.BytesIO(frame)).size
        nb_card, sv_card = tmp_path / "nb.png", tmp_path / "sv.png"
        render_card(norwegian, sub, width, height, nb_card)
        render_card(swedish, sub, width, height, sv_card)
        to_nb, to_sv = _distance(frame, nb_card), _distance(frame, sv_card)
        assert to_nb < 2.5 and to_sv > 2 * to_nb, (at_s, to_nb, to_sv)
    probe = run_capture(["-i", str(out)], timeout=60).stderr.decode("utf-8", "replace")
    assert re.search(r"Stream #0:\d+(\[0x\w+\])?\(nor\): Subtitle: mov_text", probe), probe
    srt = run_capture(["-v", "error", "-i", str(out), "-map", "0:s:0", "-f", "srt", "-"],
                      timeout=60).stdout.decode("utf-8")
    # Captions are the clinician's words, never translated; the bilingual one shows both.
    assert "Mamma, se på meg!\nMum, look at me!" in srt.replace("\r", "")
    assert "Vi ler sammen" in srt
    assert len(result.chapters) == 2


def test_reel_caption_language_choice(swedish_app, norwegian_visit: int, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "second.mp4"
    build_plan_reel(swedish_app, norwegian_visit, out, height=180, titles=False,
                    captions="second")
    srt = run_capture(["-v", "error", "-i", str(out), "-map", "0:s:0", "-f", "srt", "-"],
                      timeout=60).stdout.decode("utf-8")
    assert "Mum, look at me!" in srt and "Mamma, se på meg!" not in srt


def test_script_headings_in_the_familys_language(swedish_app, norwegian_visit: int,  # noqa: ANN001
                                                  tmp_path: Path) -> None:
    pdf, page = tmp_path / "script.pdf", tmp_path / "script.html"
    write_script(swedish_app, norwegian_visit, pdf, page)
    assert i18n.current_language() == "sv"
    markup = page.read_text("utf-8")
    for expected in ('<html lang="nb">', "Tilbakemeldingsmanus – sak FAM-NB, besøk 2",
                     "Klipp 1 · Sensitivitetskjeden", "Klipp 2 · Å dele følelser",
                     "Notater: Ros blikket",
                     "0:00,50-0:01,50"):
        assert expected in markup, expected
    assert "Återkopplingsmanus" not in markup and "Anteckningar" not in markup
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                              capture_output=True, check=True).stdout.decode("utf-8")
        text = " ".join(text.split())
        for expected in ("Tilbakemeldingsmanus – sak FAM-NB, besøk 2",
                         "2 klipp. Vis hvert klipp, les bildeteksten høyt",
                         "Sensitivitetskjeden", "Notater: Ros blikket"):
            assert expected in text, expected


def test_without_a_family_language_the_apps_is_used(swedish_app, norwegian_visit: int,  # noqa: ANN001
                                                     tmp_path: Path) -> None:
    from vfeedback.models import Case

    with swedish_app.db.session() as session:
        session.query(Case).one().family_language = None
    page = tmp_path / "script.html"
    write_script(swedish_app, norwegian_visit, html_path=page)
    markup = page.read_text("utf-8")
    assert "Återkopplingsmanus – ärende FAM-NB, besök 2" in markup and 'lang="sv"' in markup
