"""The Qt shell's translations: ``vfeedback_<lang>.ts`` sources and compiled ``.qm`` files.

``scripts/i18n.sh`` runs ``pyside6-lupdate`` on ``gui/`` and ``pyside6-lrelease``. The ``.qm``
holds every translation in one context (``vfeedback``) and :class:`Translator` looks a text up
by its words alone: ``self.tr()`` takes the class name as its context, which changes as
widgets are refactored or subclassed, and the same words mean the same thing anywhere in this
app. ``pseudo`` needs no file: every text is made bracketed, accented and longer on the fly.
Qt's own dialogs (standard buttons) use Qt's ``qtbase_<lang>.qm`` where Qt ships one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from vfeedback import i18n
from vfeedback.errors import InputError

FOLDER = Path(__file__).parent
CONTEXT = "vfeedback"
_installed: list[QTranslator] = []


class Translator(QTranslator):
    """Looks up ``tr()`` texts by their words, whatever class asked."""

    def __init__(self, language: str, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.language = language
        self.loaded = language == i18n.PSEUDO or self.load(
            str(FOLDER / f"vfeedback_{language}.qm"))

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001, ANN201
        # None (a null QString) tells Qt "not here": it then asks the next translator and
        # finally shows the source text; an empty string would blank the text.
        if not source:
            return None
        if self.language == i18n.PSEUDO:
            return i18n.pseudo(source)
        return super().translate(CONTEXT, source, disambiguation, n) or None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return not self.loaded


def install(app: QCoreApplication, language: str | None = None) -> list[QTranslator]:
    """Install the translators for ``language`` (default: the core's current language),
    replacing any installed before; returns them (they must stay referenced)."""
    language = i18n.normalise(language) or i18n.current_language()
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "en":
        return []
    QLocale.setDefault(QLocale(i18n.babel_locale(language)))
    qt_own = QTranslator(app)
    if language != i18n.PSEUDO and qt_own.load(
            f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    ours = Translator(language, app)
    if ours.loaded:
        app.installTranslator(ours)
        _installed.append(ours)
    return list(_installed)


def choose_language(app_config, language: str | None) -> str:  # noqa: ANN001 - Config
    """Save ``language`` (None: follow the system) in the settings and use it from now on:
    the core's messages and new windows at once, the whole app at the next start."""
    app_config.set(i18n.SETTING, language)
    # VFEEDBACK_LANG still wins over the saved choice, as at start.
    chosen = i18n.set_language(i18n.resolve_language(app_config.home))
    qt_app = QCoreApplication.instance()
    if qt_app is not None:
        install(qt_app, chosen)
    return chosen


def language_menu(window):  # noqa: ANN001, ANN201 - a MainWindow -> QMenu
    """View > Language: System default, English, Svenska, Norsk bokmål (saved per home)."""
    from PySide6.QtGui import QAction, QActionGroup
    from PySide6.QtWidgets import QMenu

    menu = QMenu(window.tr("&Language"), window)
    menu.setObjectName("languageMenu")
    group = QActionGroup(menu)
    saved = i18n.normalise(window.app.config.get(i18n.SETTING))
    choices = [(None, window.tr("System default"))] + list(i18n.LANGUAGES.items())
    for code, name in choices:
        action = QAction(name, menu, checkable=True)
        action.setData(code)
        action.setChecked(code == saved)
        group.addAction(action)
        menu.addAction(action)

        def chosen(_checked: bool = False, code: str | None = code) -> None:
            choose_language(window.app.config, code)
            window.state.statusMessage.emit(window.tr(
                "Language saved: new windows use it now, the whole app from the next start"))
        action.triggered.connect(chosen)
    return menu


_by_language: dict[str, Translator] = {}


def translate_in(language: str, text: str) -> str:
    """``text`` in ``language`` without changing the app's language (the family's screens)."""
    language = i18n.normalise(language) or "en"
    if language == "en":
        return text
    if language not in _by_language:
        _by_language[language] = Translator(language)
    return _by_language[language].translate(CONTEXT, text) or text


def family_language_action(window):  # noqa: ANN001, ANN201 - a MainWindow -> QAction
    """Case > Family language…: the language of the reel's cards, the presentation and the
    script for this family (apart from the app's own)."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QInputDialog

    from services import catalogue

    from ..operations import run_in_background, show_error

    action = QAction(window.tr("Family &language…"), window)

    def choose() -> None:
        case_id, actor = window.state.case_id, window.state.actor
        if case_id is None:
            show_error(window, window.tr("Family language"), window.tr("Select a case first"))
            return
        try:
            current, _second = catalogue.family_languages(window.app, actor, case_id)
        except InputError as exc:  # e.g. an administrator, who opens no family's details
            show_error(window, window.tr("Family language"), str(exc))
            return
        choices = [(None, window.tr("The app's language"))] + list(i18n.LANGUAGES.items())
        labels = [label for _code, label in choices]
        index = next((k for k, (code, _l) in enumerate(choices) if code == current), 0)
        label, ok = QInputDialog.getItem(window, window.tr("Family language"), window.tr(
            "The reel's cards, the presentation and the script for this family use:"),
            labels, index, False)
        if not ok:
            return
        code = choices[labels.index(label)][0]
        run_in_background(window, lambda _p, _c: catalogue.set_family_language(
            window.app, actor, case_id, code, keep_second=True),
            title=window.tr("Family language"), state=window.state, show_progress=False)

    action.triggered.connect(choose)
    return action
