"""The core's message catalogue.

Every user-visible string in the core goes through :func:`_` so that Swedish and Norwegian
catalogues (gettext ``.mo`` files under ``vfeedback/locale``) can be added without touching
call sites. The Qt shell uses ``tr()`` for its own strings.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

_LOCALE_DIR = Path(__file__).with_name("locale")
_translation: gettext.NullTranslations = gettext.NullTranslations()


def set_language(language: str | None) -> None:
    """Use ``language`` (e.g. ``"sv"``, ``"nb"``, ``"en"``); unknown ones fall back to English."""
    global _translation
    languages = [language] if language else None
    _translation = gettext.translation(
        "vfeedback", localedir=_LOCALE_DIR, languages=languages, fallback=True
    )


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


set_language(os.environ.get("VFEEDBACK_LANG"))
