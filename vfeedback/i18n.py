"""The core's message catalogue, language choice and locale-aware formatting.

Every user-visible string in the core goes through :func:`_` (or :func:`ngettext`); the
Swedish and Norwegian (bokmål) catalogues are gettext ``.mo`` files under
``vfeedback/locale/<lang>/LC_MESSAGES/vfeedback.mo``, compiled with Babel from the ``.po``
sources beside them by ``scripts/i18n.sh``. The Qt shell uses ``tr()`` and ``.qm`` files
(``gui/translations``); both follow the language chosen here.

The language is, first match wins: ``VFEEDBACK_LANG``, the ``language`` setting in the
home's ``settings.json``, the system locale (``LC_ALL`` / ``LC_MESSAGES`` / ``LANG``), English.
``pseudo`` is a test language made on the fly (never a file): every message bracketed,
accented and ~40 % longer, so untranslated text and layouts that break with long words show.

The family's language is separate from the clinician's: :func:`translator` and
:func:`using` render in another language without changing the process language (the reel's
cards and the script for a family that speaks Norwegian while the app runs in Swedish).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import inspect
import json
import locale as _locale
import os
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "vfeedback"
LANGUAGES: dict[str, str] = {"en": "English", "sv": "Svenska", "nb": "Norsk bokmål"}
PSEUDO = "pseudo"
SETTING = "language"  # key in settings.json
# ISO 639-2/B codes for media metadata (an MP4 subtitle track's language).
ISO639_2 = {"en": "eng", "sv": "swe", "nb": "nor", PSEUDO: "und"}
# What a locale or a user may say, mapped to the languages we have.
_ALIASES = {"no": "nb", "nn": "nb", "nob": "nb", "nor": "nb", "swe": "sv", "eng": "en",
            "se": "sv", "sv-se": "sv", "nb-no": "nb"}

_language = "en"
_translation: gettext.NullTranslations = gettext.NullTranslations()
_override: contextvars.ContextVar[gettext.NullTranslations | None] = contextvars.ContextVar(
    "vfeedback_translation", default=None)


# -- the pseudo-locale -------------------------------------------------------------------
_ACCENTS = str.maketrans(
    "AaBCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåƁÇçĐđÉéĜĝĤĥÎîĴĵĶķĻļÑñÖöŘřŠšŢţÛûŴŵÝýŽž")
# Kept exactly: format fields, %-formats, markup, accelerators, newlines.
_KEEP = re.compile(r"(\{[^{}]*\}|%\(\w+\)[sd]|%[sdif]|<[^>]+>|&&|&(?=\w)|\n|\\b)")


def pseudo(message: str) -> str:
    """``message`` bracketed, accented and ~40 % longer, with placeholders kept intact."""
    if not message:
        return message
    parts = _KEEP.split(message)
    out = []
    for i, part in enumerate(parts):
        out.append(part if i % 2 else part.translate(_ACCENTS))
    body = "".join(out)
    letters = sum(len(p) for i, p in enumerate(parts) if not i % 2)
    return f"[{body}{'·' * max(1, round(letters * 0.4))}]"


class PseudoTranslations(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


# -- choosing a language -------------------------------------------------------------------
def normalise(language: str | None) -> str | None:
    """``"sv_SE.UTF-8"`` -> ``"sv"``, ``"no"`` -> ``"nb"``; None for what we do not have."""
    if not language:
        return None
    value = language.strip().lower().replace("_", "-").split(".")[0].split("@")[0]
    if value == PSEUDO:
        return PSEUDO
    value = _ALIASES.get(value, value)
    base = _ALIASES.get(value.split("-")[0], value.split("-")[0])
    return base if base in LANGUAGES else None


def saved_language(home: str | os.PathLike[str] | None = None) -> str | None:
    """The ``language`` setting of ``home`` (default: the default home), read without
    creating anything; None when unset or unreadable (the language is never worth an error)."""
    if home is None:  # config.default_home, which cannot be imported here (config uses _)
        import platformdirs

        home = os.environ.get("VFEEDBACK_HOME") or platformdirs.user_data_dir(
            "vfeedback", appauthor=False)
    try:
        data = json.loads((Path(home).expanduser() / "settings.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get(SETTING) if isinstance(data, dict) else None
    return normalise(value) if isinstance(value, str) else None


def system_language() -> str | None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        found = normalise(os.environ.get(name))
        if os.environ.get(name):
            return found  # the first one set decides, as in gettext
    with contextlib.suppress(ValueError, TypeError):
        return normalise(_locale.getlocale()[0])
    return None


def resolve_language(home: str | os.PathLike[str] | None = None) -> str:
    """``VFEEDBACK_LANG``, else the saved setting, else the system locale, else English."""
    return (normalise(os.environ.get("VFEEDBACK_LANG")) or saved_language(home)
            or system_language() or "en")


@functools.cache
def translation(language: str) -> gettext.NullTranslations:
    """The catalogue for ``language`` (cached); English and unknown ones translate nothing."""
    language = normalise(language) or "en"
    if language == PSEUDO:
        trans: gettext.NullTranslations = PseudoTranslations()
    elif language == "en":
        trans = gettext.NullTranslations()
    else:
        trans = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language],
                                    fallback=True)
    trans.vfeedback_language = language  # type: ignore[attr-defined]
    return trans


def set_language(language: str | None) -> str:
    """Make ``language`` the process language (None: resolve it); returns the one chosen."""
    global _language, _translation
    _language = resolve_language() if language is None else (normalise(language) or "en")
    _translation = translation(_language)
    return _language


def current_language() -> str:
    """The language :func:`_` speaks now (inside :func:`using`, that one)."""
    override = _override.get()
    return getattr(override, "vfeedback_language", _language) if override else _language


def _(message: str) -> str:
    return (_override.get() or _translation).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return (_override.get() or _translation).ngettext(singular, plural, n)


@contextlib.contextmanager
def using(language: str | None) -> Iterator[str]:
    """Inside the block, :func:`_` speaks ``language`` (None: no change), in this thread or
    task only; the process language is untouched."""
    if not language:
        yield current_language()
        return
    chosen = normalise(language) or "en"
    token = _override.set(translation(chosen))
    try:
        yield chosen
    finally:
        _override.reset(token)


def translator(language: str | None) -> Any:
    """A ``_``-like function for ``language`` that leaves the process language alone."""
    trans = translation(normalise(language) or "en") if language else None

    def gettext_in(message: str) -> str:
        return (trans or _override.get() or _translation).gettext(message)

    return gettext_in


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for "mark, translate later"
    """Mark ``message`` for the catalogue without translating it now (translate on use)."""
    return message


# Who a coded moment is about (``models.SUBJECTS``), in the words shown to the user.
_SUBJECTS = {"parent": N_("parent"), "child": N_("child"), "both": N_("both")}


def subject_label(subject: str) -> str:
    return _(_SUBJECTS[subject]) if subject in _SUBJECTS else subject


# -- the family's language -----------------------------------------------------------------
def family_language(app: Any, visit_id: int) -> str | None:
    """The language of the family a visit belongs to (None: not set, the app's is used)."""
    from .models import Visit

    with app.db.session() as session:
        visit = session.get(Visit, visit_id)
        return normalise(visit.case.family_language) if visit is not None else None


def set_family_language(session: Any, case: Any, language: str | None,
                        second: str | None = None) -> None:
    """Set (or with None clear) a case's family language and second language, audited."""
    from .errors import InputError
    from .library import audit

    chosen = []
    for value in (language, second):
        code = normalise(value) if value else None
        if value and (code is None or code == PSEUDO):
            raise InputError(_("Unknown language {lang}; use one of {langs}").format(
                lang=value, langs=", ".join(LANGUAGES)))
        chosen.append(code)
    case.family_language, case.second_language = chosen
    audit(session, "case.language", case, language=chosen[0], second=chosen[1])


def speaks_family_language(fn: Any) -> Any:
    """Run ``fn(app, visit_id, ...)`` with :func:`_` in that visit's family language: the
    reel's cards, the script and the presentation are for the parent, not the clinician."""

    @functools.wraps(fn)
    def wrapper(app: Any, visit_id: int, *args: Any, **kwargs: Any) -> Any:
        with using(family_language(app, visit_id)):
            return fn(app, visit_id, *args, **kwargs)

    return wrapper


def subtitle_language(language: str | None = None) -> str:
    """ISO 639-2 code of ``language`` (default: the one speaking now), for an MP4 subtitle
    track's metadata (``swe``, ``nor``, ``eng``)."""
    return ISO639_2.get((normalise(language) if language else None) or current_language(), "und")


# -- formatting for users ----------------------------------------------------------------
def babel_locale(language: str | None = None) -> str:
    """The Babel/CLDR locale for a language (``nb`` -> ``nb_NO``; pseudo formats as English)."""
    lang = normalise(language) if language else current_language()
    return {"sv": "sv_SE", "nb": "nb_NO"}.get(lang or "en", "en_GB")


def format_date(value: date | datetime, language: str | None = None,
                format: str = "medium") -> str:  # noqa: A002 - Babel's own name
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=format, locale=babel_locale(language))


def format_datetime(value: datetime, language: str | None = None,
                    format: str = "medium") -> str:  # noqa: A002
    from babel.dates import format_datetime as babel_format_datetime

    return babel_format_datetime(value, format=format, locale=babel_locale(language))


def format_decimal(value: float, language: str | None = None, digits: int | None = None) -> str:
    """``1234.5`` -> ``1 234,5`` in Swedish; ``digits`` fixes the decimals shown."""
    from babel.numbers import format_decimal as babel_format_decimal

    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return babel_format_decimal(value, format=pattern, locale=babel_locale(language))


def language_name(language: str) -> str:
    """A language's own name (``Svenska``), for menus and the case's family language."""
    return LANGUAGES.get(normalise(language) or "", language)


# -- Click: the CLI's help and Click's own words -------------------------------------------
def click_help_texts(command: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) for every help text of a Click command tree: docstrings, short help,
    epilogs and option help, as written in the code (the catalogue's message ids)."""
    name = where or command.name or ""
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, "_vf_msgid", {}).get(attr, getattr(command, attr, None))
        if isinstance(text, str) and text.strip():
            yield f"{name}.{attr}", inspect.cleandoc(text)
    for param in getattr(command, "params", ()):
        text = getattr(param, "_vf_msgid", {}).get("help", getattr(param, "help", None))
        if isinstance(text, str) and text.strip():
            yield f"{name} {param.name}", inspect.cleandoc(text)
    for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from click_help_texts(sub, f"{name} {sub_name}".strip())


def _localize_object(obj: Any, attrs: tuple[str, ...]) -> None:
    original = obj.__dict__.setdefault("_vf_msgid", {})
    for attr in attrs:
        if attr not in original:
            original[attr] = getattr(obj, attr, None)
        text = original[attr]
        if isinstance(text, str) and text.strip():
            # Click cleans docstrings when it shows them; the catalogue holds them clean.
            setattr(obj, attr, _(inspect.cleandoc(text)))


def localize_click(command: Any) -> None:
    """Show ``command``'s help and Click's own texts in the current language.

    Click calls the standard library's ``gettext.gettext`` (domain ``messages``), bound into
    its modules at import; we point those names at our catalogue, which holds Click's
    messages too ("Usage:", "Show this message and exit."). Help texts are set from the
    code's English each time, so a later call in another language re-translates them.
    """
    import sys

    import click  # noqa: F401 - loads Click's modules
    import click.shell_completion  # noqa: F401

    for module_name, module in list(sys.modules.items()):
        if module_name.split(".")[0] != "click" or module is None:
            continue
        if getattr(module, "_", None) in (gettext.gettext, _):
            module._ = _  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) in (gettext.ngettext, ngettext):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    stack = [command]
    while stack:
        current = stack.pop()
        _localize_object(current, ("help", "short_help", "epilog"))
        for param in getattr(current, "params", ()):
            _localize_object(param, ("help",))
        stack.extend(getattr(current, "commands", {}).values())


set_language(None)
