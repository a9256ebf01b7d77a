"""Languages: choosing one, rendering in another without switching, the pseudo-locale,
locale formats, the CLI in Swedish and Norwegian (real subprocesses), the built-in schemes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from vfeedback import i18n

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def process_language():  # noqa: ANN201
    """Restore the process language after a test that changes it."""
    before = i18n.current_language()
    yield
    i18n.set_language(before)


@pytest.mark.parametrize(("given", "expected"), [
    ("sv_SE.UTF-8", "sv"), ("sv", "sv"), ("nb_NO.utf8", "nb"), ("no", "nb"), ("nn_NO", "nb"),
    ("en_GB.UTF-8", "en"), ("de_DE.UTF-8", None), ("C", None), ("", None), ("pseudo", "pseudo")])
def test_normalise(given: str, expected: str | None) -> None:
    assert i18n.normalise(given) == expected


def test_language_order_env_then_setting_then_system(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    for name in ("VFEEDBACK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    assert i18n.resolve_language(tmp_path) == "sv"  # system locale
    (tmp_path / "settings.json").write_text(json.dumps({"language": "nb"}), "utf-8")
    assert i18n.resolve_language(tmp_path) == "nb"  # the saved setting beats the system
    monkeypatch.setenv("VFEEDBACK_LANG", "en")
    assert i18n.resolve_language(tmp_path) == "en"  # the variable beats both
    (tmp_path / "settings.json").write_text("{broken", "utf-8")
    monkeypatch.delenv("VFEEDBACK_LANG")
    assert i18n.resolve_language(tmp_path) == "sv"  # an unreadable file is no error


def test_using_renders_another_language_without_switching(process_language) -> None:  # noqa: ANN001
    i18n.set_language("sv")
    assert i18n._("Strength") == "Styrka"
    seen_in_thread = []
    with i18n.using("nb") as chosen:
        assert chosen == "nb" and i18n.current_language() == "nb"
        assert i18n._("Strength") == "Styrke"
        with i18n.using("en"):
            assert i18n._("Strength") == "Strength"
        assert i18n._("To work on") == "Å jobbe med"
        # Another thread keeps the process language: the family's language is local.
        worker = threading.Thread(target=lambda: seen_in_thread.append(i18n._("Strength")))
        worker.start()
        worker.join()
    assert seen_in_thread == ["Styrka"]
    assert i18n._("Strength") == "Styrka" and i18n.current_language() == "sv"
    nb = i18n.translator("nb")
    assert nb("Strength") == "Styrke" and i18n._("Strength") == "Styrka"


def test_pseudo_locale_is_longer_accented_and_keeps_placeholders() -> None:
    source = "Moment {n} of {total}: &Open %(prog)s <b>now</b>"
    text = i18n.pseudo(source)
    assert text.startswith("[") and text.endswith("]")
    plain = "Press Space to begin"
    assert len(i18n.pseudo(plain)) >= 1.4 * len(plain)  # German-length words break layouts
    for kept in ("{n}", "{total}", "&Ö", "%(prog)s", "<b>", "</b>"):
        assert kept in text
    assert "Möméñţ" in text  # accented: shows text that never went through the catalogue
    with i18n.using("pseudo"):
        assert i18n._("Strength").startswith("[Šţřéñĝţĥ")
        assert i18n._("Clip {n}").format(n=3).startswith("[")


def test_dates_and_numbers_follow_the_locale() -> None:
    assert i18n.format_decimal(1234.5, "sv") == "1\xa0234,5"
    assert i18n.format_decimal(1234.5, "nb") == "1\xa0234,5"
    assert i18n.format_decimal(1234.5, "en") == "1,234.5"
    assert i18n.format_decimal(5.2, "sv", digits=2) == "5,20"
    assert i18n.format_date(date(2026, 12, 1), "sv") == "1 dec. 2026"
    assert i18n.format_date(date(2026, 12, 1), "nb") == "1. des. 2026"
    assert i18n.format_date(date(2026, 12, 1), "en") == "1 Dec 2026"
    with i18n.using("nb"):
        assert i18n.format_decimal(0.5) == "0,5"


def _cli(*args: str, lang: str | None, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("VFEEDBACK_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "C.UTF-8"
    env["VFEEDBACK_HOME"] = str(home)
    if lang:
        env["VFEEDBACK_LANG"] = lang
    return subprocess.run([sys.executable, "-m", "vfeedback", *args], capture_output=True,
                          text=True, env=env, timeout=120, cwd=REPO)


def test_cli_help_in_swedish_and_norwegian(tmp_path: Path) -> None:
    sv = _cli("--help", lang="sv", home=tmp_path)
    assert sv.returncode == 0, sv.stderr
    for expected in ("Användning: vfeedback", "Flaggor:", "Kommandon:",
                     "Visa det här meddelandet och avsluta.",
                     "videofeedback för samspelet mellan förälder och barn",
                     "Ärenden: familjer, kända under en pseudonym kod."):
        assert expected in sv.stdout, expected
    assert "Show this message" not in sv.stdout and "Usage:" not in sv.stdout
    nb = _cli("case", "--help", lang="nb", home=tmp_path)
    assert "Bruk: vfeedback case" in nb.stdout and "Opprett en sak" in nb.stdout
    en = _cli("--help", lang="en", home=tmp_path)
    assert "Usage: vfeedback" in en.stdout and "Show this message and exit." in en.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (("case", "rename", "NOPE", "X"), "Fel: Det finns inget ärende NOPE"),
    (("visit", "list", "NOPE"), "Fel: Det finns inget ärende NOPE"),
    (("recording", "export", "99", "out.mp4"), "Fel: Det finns ingen inspelning 99"),
    (("scheme", "show", "nope"), "Fel: Det finns inget kodschema nope"),
    (("reel", "build", "--out", "x.mp4"), "Fel: Ange antingen --visit eller --video med --clips"),
    (("case", "language", "NOPE", "nb"), "Fel: Det finns inget ärende NOPE"),
])
def test_command_errors_in_swedish(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    result = _cli(*args, lang="sv", home=tmp_path)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.strip().splitlines()[-1] == expected
    assert "Traceback" not in result.stderr


def test_click_usage_error_in_swedish(tmp_path: Path) -> None:
    result = _cli("case", "bogus", lang="sv", home=tmp_path)
    assert result.returncode == 2
    assert "Fel: Kommandot 'bogus' finns inte." in result.stderr
    assert "Prova 'vfeedback case --help' för hjälp." in result.stderr


def test_saved_language_setting_is_used_by_the_cli(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text(json.dumps({"language": "nb"}), "utf-8")
    result = _cli("--home", str(home), "case", "list", lang=None, home=tmp_path / "other")
    assert result.stdout.strip() == "Ingen saker ennå. Opprett en med `vfeedback case create CODE`."


def test_case_family_language_command(tmp_path: Path) -> None:
    assert _cli("case", "create", "FAM-1", lang="en", home=tmp_path).returncode == 0
    done = _cli("case", "language", "FAM-1", "no", "--second", "en", lang="sv", home=tmp_path)
    assert done.stdout.strip() == "Familjens språk i FAM-1: Norsk bokmål + English"
    bad = _cli("case", "language", "FAM-1", "xx", lang="sv", home=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.strip() == "Fel: Okänt språk xx; använd något av en, sv, nb"
    cleared = _cli("case", "language", "FAM-1", "--clear", lang="nb", home=tmp_path)
    assert cleared.stdout.strip() == "Familiens språk i FAM-1: appens språk"


# -- the built-in coding schemes ------------------------------------------------------------
BUILTIN = REPO / "annotation" / "builtin"


@pytest.mark.parametrize("name", ["vipp-sd", "bhv", "sensitivity"])
def test_builtin_schemes_in_three_languages(name: str) -> None:
    from annotation.builtin import localized

    data = json.loads((BUILTIN / f"{name}.json").read_text("utf-8"))
    english = localized(data, "en")
    assert english["title"] == data["title"] and "translations" not in english
    for language in ("sv", "nb"):
        block = data["translations"][language]
        assert block["title"] and block["description"]
        assert set(block["codes"]) == {c["key"] for c in data["codes"]}
        local = localized(data, language)
        for code, original in zip(local["codes"], data["codes"], strict=True):
            assert code["key"] == original["key"] and code["shortcut"] == original["shortcut"]
            assert code["name"] and code["name"] != original["name"] or code["name"] in (
                "Sensitiv time-out",), (language, code)
            assert code["group"] and code["group"] != original["group"], (language, code)
            if original.get("description"):
                assert code["description"] != original["description"]


def test_scheme_wording_is_the_fields_own() -> None:
    from annotation.builtin import localized

    def load(name: str, language: str) -> str:
        return json.dumps(localized(json.loads((BUILTIN / f"{name}.json").read_text("utf-8")),
                                    language), ensure_ascii=False)

    assert "Lyhördhetskedjan" in load("vipp-sd", "sv") and "Att tala för barnet" in load(
        "vipp-sd", "sv")
    assert "Lyhördhet (1–9)" in load("sensitivity", "sv")
    bhv_sv = load("bhv", "sv")
    assert "Samspel" in bhv_sv and "Hur är stämningen och tonen mellan föräldern och barnet?" \
        in bhv_sv and "hembesök" in bhv_sv
    assert "Sensitivitetskjeden" in load("vipp-sd", "nb") and "Sensitiv grensesetting" in load(
        "vipp-sd", "nb")
    assert "Samspill" in load("bhv", "nb") and "hjemmebesøk" in load("bhv", "nb")


def test_stored_builtin_schemes_follow_the_language(app) -> None:  # noqa: ANN001
    from annotation.schemes import ensure_builtin_schemes, get_scheme

    with app.db.session() as session:
        ensure_builtin_schemes(session, "sv")
    with app.db.session() as session:
        vipp = get_scheme(session, "vipp-sd")
        assert vipp.codes[2].name == "Att tala för barnet"
        assert vipp.codes[3].group == "Lyhördhetskedjan"
        ids = [c.id for c in vipp.codes]
        ensure_builtin_schemes(session, "nb")
    with app.db.session() as session:
        vipp = get_scheme(session, "vipp-sd")
        assert vipp.codes[2].name == "Å snakke for barnet"
        assert [c.id for c in vipp.codes] == ids  # the same rows: annotations keep their codes
        ensure_builtin_schemes(session, "en")
    with app.db.session() as session:
        assert get_scheme(session, "vipp-sd").codes[2].name == "Speaking for the child"


def test_cli_listing_dates_follow_the_language(tmp_path: Path) -> None:
    assert _cli("case", "create", "D-1", lang="en", home=tmp_path).returncode == 0
    assert _cli("visit", "create", "D-1", "--date", "2026-12-01", lang="en",
                home=tmp_path).returncode == 0
    sv = _cli("visit", "list", "D-1", lang="sv", home=tmp_path).stdout
    nb = _cli("visit", "list", "D-1", lang="nb", home=tmp_path).stdout
    assert sv.split("\t")[2] == "1 dec. 2026" and sv.strip().endswith("0 inspelningar")
    assert nb.split("\t")[2] == "1. des. 2026" and nb.strip().endswith("0 opptak")
