"""The desktop app in Swedish, Norwegian and the pseudo-locale; the presentation in the
family's language while the app speaks the clinician's; Help > Language saves the choice."""

from __future__ import annotations

import json
from pathlib import Path

from vfeedback import i18n, library


def _menu_titles(window) -> list[str]:  # noqa: ANN001
    return [a.text() for a in window.menuBar().actions()]


def _all_menu_texts(window) -> list[str]:  # noqa: ANN001
    texts = []
    for top in window.menuBar().actions():
        texts.append(top.text())
        stack = [top.menu()]
        while stack:
            menu = stack.pop()
            for action in menu.actions():
                if action.menu() is not None:
                    stack.append(action.menu())
                if action.text() and not action.isSeparator():
                    texts.append(action.text())
    return texts


def test_main_window_in_swedish_and_norwegian(app, qt_in) -> None:  # noqa: ANN001
    from gui.main_window import MainWindow

    qt_in("sv")
    window = MainWindow(app)
    assert _menu_titles(window)[:4] == ["&Arkiv", "&Redigera", "Ä&rende", "&Uppspelning"]
    assert window.panels["cases"].windowTitle() == "Ärenden"
    assert window.panels["coding"].windowTitle() == "Kodning"
    window.close()
    qt_in("nb")
    window = MainWindow(app)
    assert _menu_titles(window)[:3] == ["&Fil", "&Rediger", "&Sak"]
    assert window.panels["plan"].windowTitle() == "Tilbakemeldingsplan"
    window.close()


def test_pseudo_locale_leaves_no_menu_text_untranslated(app, qt_in) -> None:  # noqa: ANN001
    """Every menu entry goes through tr(): in the pseudo-locale each one is bracketed. The
    language names are the exception by design (each in its own language)."""
    from gui.main_window import MainWindow

    qt_in("pseudo")
    window = MainWindow(app)
    names = set(i18n.LANGUAGES.values())
    texts = [t for t in _all_menu_texts(window) if t not in names]
    assert len(texts) > 30
    untranslated = [t for t in texts if "[" not in t]
    assert not untranslated, untranslated
    window.close()


def test_presentation_speaks_the_familys_language(app, qt_in, indexed_video: Path) -> None:  # noqa: ANN001
    from gui.presentation import Presentation, load_show
    from sessions import plan as plans

    qt_in("sv")
    with app.db.session() as session:
        case = library.create_case(session, "FAM-NB")
        case.family_language = "nb"
        visit = library.get_or_create_visit(session, case, 1, theme="vipp.sharing_emotions")
        recording = library.import_recording(session, app.store, indexed_video, visit)
        plan = plans.get_or_create_plan(session, visit.id)
        clip = plans.add_clip(session, plan, recording.id, 500, 1500, "Se på meg!",
                              theme="vipp.sensitivity_chain")
        plans.update_clip(session, clip.id, caption_second="Look at me!")
        plans.add_clip(session, plan, recording.id, 2000, 3000, "", theme="free")
        visit_id = visit.id
    show = load_show(app, visit_id)
    assert show.language == "nb" and show.title == "Å dele følelser"
    assert show.clips[0].caption == "Se på meg!\nLook at me!"  # bilingual: both, never translated
    screen = Presentation(app, show)
    assert screen.visible_texts() == ["Å dele følelser", "Trykk mellomrom for å begynne"]
    screen.index, screen.phase = 0, "pause"
    # The talk card's words through the family's (nb) catalogue, the next theme's title in nb.
    from gui.translations import translate_in

    def nb(text: str) -> str:
        return translate_in("nb", text).replace("{n}", "1").replace("{total}", "2")

    assert screen.visible_texts() == [
        nb("That was clip {n} of {total}"),
        translate_in("nb", "Next: clip {n} of {total}").replace("{n}", "2")
        .replace("{total}", "2") + " · Våre øyeblikk",
        nb("Space: go on · Left: clip {n} again · Esc: leave")]
    # The clinician's own app still speaks Swedish.
    from PySide6.QtWidgets import QWidget

    assert QWidget().tr("Press Space to begin") == "Tryck på mellanslag för att börja"
    screen.close()


def test_language_menu_saves_the_choice(app, qt_in, monkeypatch) -> None:  # noqa: ANN001
    from gui.main_window import MainWindow

    monkeypatch.delenv("VFEEDBACK_LANG", raising=False)
    qt_in("en")
    window = MainWindow(app)
    menu = window.findChild(type(window.menuBar().actions()[0].menu()), "languageMenu")
    assert menu is not None
    choices = {a.data(): a for a in menu.actions()}
    assert set(choices) == {None, "en", "sv", "nb"}
    choices["nb"].trigger()
    saved = json.loads((app.config.home / "settings.json").read_text("utf-8"))
    assert saved["language"] == "nb"
    assert i18n.current_language() == "nb"  # the core speaks it at once
    assert window.tr("Cases") == "Saker"  # and new windows' tr()
    window.close()


def test_case_menu_sets_the_family_language(app, qt_in, qtbot, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QInputDialog

    from gui.main_window import MainWindow
    from vfeedback.models import Case

    qt_in("sv")
    with app.db.session() as session:
        case_id = library.create_case(session, "FAM-2").id
    window = MainWindow(app)
    case_menu = window.menuBar().actions()[2].menu()
    action = next(a for a in case_menu.actions() if a.text() == "Familjens &språk…")
    window.state.set_case(case_id)
    asked = []

    def answer(parent, title, label, items, current, editable):  # noqa: ANN001, ANN202
        asked.append((title, items))
        return "Norsk bokmål", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(answer))
    action.trigger()
    assert asked[0] == ("Familjens språk", ["Appens språk", "English", "Svenska", "Norsk bokmål"])

    def stored() -> str | None:
        with app.db.session() as session:
            return session.get(Case, case_id).family_language

    qtbot.waitUntil(lambda: stored() == "nb", timeout=5000)
    window.close()
