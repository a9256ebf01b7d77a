"""The catalogues are complete and sound: every user-visible string of the core (``_()``), the
CLI's help and the Qt shell (``tr()``) is translated in sv and nb; placeholders and menu
accelerators survive translation; the committed ``.mo``/``.qm`` match their sources.

These run the extractors (Babel, the live Click tree, ``pyside6-lupdate``) on the code as it is
now, so a new string anywhere fails here until ``scripts/i18n.sh`` has been run and the new
entries translated (``python scripts/i18n.py todo sv`` lists them).
"""

from __future__ import annotations

import gettext
import importlib.util
import io
import re
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LANGUAGES = ("sv", "nb")
_FIELDS = re.compile(r"\{[^{}]*\}|%\(\w+\)[sd]|%[sd]")


def _load_script():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("i18n_script", REPO / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_script"] = module
    spec.loader.exec_module(module)
    return module


script = _load_script()


def _key(message_id) -> str:  # noqa: ANN001
    return message_id if isinstance(message_id, str) else message_id[0]


def _po_translations(language: str) -> dict[str, str]:
    out = {}
    for message in script.read_catalog(language):
        if not message.id or message.fuzzy:
            continue
        text = message.string if isinstance(message.string, str) else (
            message.string[0] if all(message.string) else "")
        if text:
            out[_key(message.id)] = text
    return out


def _ts_translations(path: Path) -> dict[str, str]:
    return {source: text for _ctx, source, message in script.ts_messages(path)
            if (text := script.ts_translation(message))}


@pytest.fixture(scope="module")
def fresh_tr_sources(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every ``tr()`` text in ``gui/`` now, extracted by pyside6-lupdate."""
    pytest.importorskip("PySide6")
    ts = tmp_path_factory.mktemp("lupdate") / "fresh_sv.ts"
    script.lupdate([ts])
    return {source for _ctx, source, _m in script.ts_messages(ts)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_core_message_and_cli_help_is_translated(language: str) -> None:
    own = [_key(m) for m in script.own_messages()]
    assert len(own) > 400  # the extractor found the core's messages, not nothing
    translated = _po_translations(language)
    missing = [m for m in own if m not in translated]
    assert not missing, (f"{len(missing)} message(s) not translated into {language}; run "
                         f"scripts/i18n.sh and translate them: {missing[:15]}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_tr_string_in_gui_is_translated(language: str, fresh_tr_sources: set[str]) -> None:
    assert len(fresh_tr_sources) > 150
    translated = _ts_translations(script.ts_path(language))
    missing = sorted(fresh_tr_sources - set(translated))
    assert not missing, (f"{len(missing)} tr() text(s) not translated into {language}; run "
                         f"scripts/i18n.sh and translate them: {missing[:15]}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_accelerators(language: str) -> None:
    pairs = list(_po_translations(language).items())
    pairs += list(_ts_translations(script.ts_path(language)).items())
    assert len(pairs) > 700
    for source, text in pairs:
        assert sorted(_FIELDS.findall(source)) == sorted(_FIELDS.findall(text)), (source, text)
        accelerators = len(re.findall(r"&(?=[^&\s])", source.replace("&&", "")))
        assert len(re.findall(r"&(?=[^&\s])", text.replace("&&", ""))) == accelerators, (
            source, text)
        assert source.endswith("\n") == text.endswith("\n"), (source, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_mo_matches_the_po(language: str) -> None:
    committed = script.po_path(language).with_suffix(".mo")
    expected = gettext.GNUTranslations(io.BytesIO(script.compile_mo(language)))
    actual = gettext.GNUTranslations(io.BytesIO(committed.read_bytes()))
    assert actual._catalog == expected._catalog, "run scripts/i18n.sh: the .mo is stale"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_qm_matches_the_ts(language: str) -> None:
    pytest.importorskip("PySide6")
    from gui.translations import CONTEXT, Translator

    translator = Translator(language)
    assert translator.loaded
    translated = _ts_translations(script.ts_path(language))
    stale = [s for s, text in translated.items() if translator.translate(CONTEXT, s) != text]
    assert not stale, f"run scripts/i18n.sh: the .qm is stale for {stale[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_clicks_own_words_are_translated(language: str) -> None:
    translated = _po_translations(language)
    for message in ("Usage:", "Options", "Commands", "Show this message and exit.",
                    "Error: {message}", "No such command {name!r}.", "Missing argument",
                    "Try '{command} {option}' for help.", "Invalid value: {message}"):
        assert translated.get(message), message


def test_compiled_catalogues_are_package_data() -> None:
    """A wheel carries the .mo and .qm files (pyproject's package-data globs match them)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    package_data = config["tool"]["setuptools"]["package-data"]
    files = [*REPO.glob("vfeedback/locale/*/LC_MESSAGES/*.mo"),
             *REPO.glob("gui/translations/*.qm")]
    assert len(files) == 4
    for path in files:
        rel = path.relative_to(REPO)
        package = rel.parts[0]
        inside_package = str(rel.relative_to(package))
        in_folder = path.name
        assert (any(fnmatch(inside_package, g) for g in package_data.get(package, []))
                or any(fnmatch(in_folder, g) for g in package_data.get("*", []))), rel
    assert (REPO / "gui" / "translations" / "__init__.py").exists()  # a package, so found
