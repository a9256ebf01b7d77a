"""Keep the translations in step with the code: extract, update, compile, list what is missing.

``python scripts/i18n.py update`` (what ``scripts/i18n.sh`` runs):

1. extracts the core's messages (``_()`` / ``ngettext`` in ``vfeedback annotation analysis
   sessions services gui``) with Babel, the CLI's help texts (command docstrings and option
   ``help=``, read from the live Click command tree) and Click's own messages ("Usage:",
   "Show this message and exit.") into ``vfeedback/locale/vfeedback.pot``;
2. updates ``vfeedback/locale/{sv,nb}/LC_MESSAGES/vfeedback.po`` from it and compiles the
   ``.mo`` files beside them (committed, so an installed package has them);
3. runs ``pyside6-lupdate`` on ``gui/`` for ``tr()`` into ``gui/translations/vfeedback_{sv,nb}.ts``,
   adds the texts of ``gui/actions.py`` (data, shown with ``translate("actions", ...)``, which
   lupdate cannot see) in the context ``actions``, copies a translation to the same source text in other classes (``tr()``'s context is the
   class, which moves as code is refactored), and compiles ``vfeedback_{sv,nb}.qm`` with
   ``pyside6-lrelease`` from a context-free copy (see ``gui/translations``).

``vfeedback/locale/pending.json`` (``{"sv": {source: translation}, "nb": {...}}``) holds
translations made before their strings reach this branch (e.g. another branch's new messages):
``update`` fills them into any entry that exists and is still untranslated.

``python scripts/i18n.py todo sv`` prints what is untranslated (gettext and Qt together) as
JSON ``{source: ""}``; fill in the values and ``python scripts/i18n.py fill sv FILE.json``
writes them into both catalogues (then run ``update`` again to compile). ``check`` exits 1
when anything is missing (the test ``tests/test_i18n_catalogues.py`` does the same).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LOCALE_DIR = ROOT / "vfeedback" / "locale"
POT = LOCALE_DIR / "vfeedback.pot"
TS_DIR = ROOT / "gui" / "translations"
LANGUAGES = ("sv", "nb")
CORE_PACKAGES = ("vfeedback", "annotation", "analysis", "sessions", "services", "gui")
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
FIXED_DATE = datetime(2026, 12, 1)  # headers that do not change on every run: fewer conflicts
CLICK_LOCATION = "click"


# -- gettext (core) ---------------------------------------------------------------------------
def extract_core() -> Iterator[tuple[str, str | tuple[str, str]]]:
    """(location, message) for every ``_()``/``ngettext`` call in the core packages."""
    from babel.messages.extract import extract_from_dir

    for package in CORE_PACKAGES:
        folder = ROOT / package
        if not folder.is_dir():
            continue
        for filename, _line, message, _comments, _context in extract_from_dir(
                str(folder), method_map=[("**.py", "python")], keywords=KEYWORDS,
                strip_comment_tags=True):
            yield f"{package}/{filename}", message


def extract_cli_help() -> Iterator[tuple[str, str]]:
    """The CLI's help texts as Click shows them (docstrings cleaned by Click)."""
    from vfeedback.cli import cli
    from vfeedback.i18n import click_help_texts

    for where, text in click_help_texts(cli):
        yield f"cli:{where}", text


def extract_click() -> Iterator[tuple[str, str | tuple[str, str]]]:
    """Click's own messages (its ``gettext`` calls): "Usage:", "Options", errors."""
    import click
    from babel.messages.extract import extract_from_dir

    folder = Path(click.__file__).parent
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(folder), method_map=[("**.py", "python")], keywords=KEYWORDS):
        if message and message != "d":  # "d": Click's date-format argument, not a message
            yield f"{CLICK_LOCATION}/{filename}", message


def own_messages() -> dict[str | tuple[str, str], list[str]]:
    """Our own messages (core and CLI help; not Click's), each with where it is used."""
    found: dict[str | tuple[str, str], list[str]] = {}
    for where, message in [*extract_core(), *extract_cli_help()]:
        if message and (message if isinstance(message, str) else message[0]).strip():
            found.setdefault(message, []).append(where)
    return found


def template():  # noqa: ANN201 - babel Catalog
    from babel.messages.catalog import Catalog

    catalog = Catalog(project="vfeedback", version="0.1", creation_date=FIXED_DATE,
                      revision_date=FIXED_DATE, fuzzy=False,
                      msgid_bugs_address="", copyright_holder="vfeedback")
    for message, places in own_messages().items():
        catalog.add(message, auto_comments=[f"used in {places[0]}"] if places else ())
    for where, message in extract_click():
        if message not in catalog:
            catalog.add(message, auto_comments=[f"Click's own message ({where})"])
    return catalog


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "vfeedback.po"


def read_catalog(language: str):  # noqa: ANN201
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain="vfeedback", creation_date=FIXED_DATE,
                       revision_date=FIXED_DATE, fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain="vfeedback")


def write_catalog(language: str, catalog) -> None:  # noqa: ANN001
    from babel.messages.pofile import write_po

    catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False
    catalog.project, catalog.version = "vfeedback", "0.1"
    catalog.copyright_holder, catalog.msgid_bugs_address = "vfeedback", ""
    catalog.last_translator = catalog.language_team = "vfeedback clinicians"
    catalog.header_comment = (f"# vfeedback: {catalog.locale.english_name} messages.\n"
                              "# Edit the msgstr lines; scripts/i18n.sh updates and compiles.")
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    # No source locations: they change with every edit and would make merges conflict.
    write_po(buffer, catalog, width=100, no_location=True, omit_header=False,
             sort_output=True, include_previous=False)
    path.write_bytes(buffer.getvalue())


def compile_mo(language: str, catalog=None) -> bytes:  # noqa: ANN001
    from babel.messages.mofile import write_mo

    catalog = catalog or read_catalog(language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update_gettext() -> None:
    pot = template()
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, pot, width=100, no_location=True, sort_output=True)
    POT.parent.mkdir(parents=True, exist_ok=True)
    POT.write_bytes(buffer.getvalue())
    for language in LANGUAGES:
        catalog = read_catalog(language)
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write_catalog(language, catalog)
        mo = po_path(language).with_suffix(".mo")
        mo.write_bytes(compile_mo(language, read_catalog(language)))
        print(f"{mo.relative_to(ROOT)}: {len(catalog)} messages")


# -- Qt (gui) ----------------------------------------------------------------------------------
def qt_tool(name: str) -> str:
    """``pyside6-lupdate``/``lrelease`` from PATH or the venv, else the binary inside PySide6."""
    for candidate in (shutil.which(f"pyside6-{name}"),
                      str(Path(sys.executable).parent / f"pyside6-{name}")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    import PySide6

    binary = Path(PySide6.__file__).parent / name
    if binary.exists():
        return str(binary)
    raise SystemExit(f"pyside6-{name} not found")


def ts_path(language: str) -> Path:
    return TS_DIR / f"vfeedback_{language}.ts"


ACTIONS_CONTEXT = "actions"  # gui/actions.py: texts declared as data, shown via translate()


def action_texts() -> list[str]:
    """The texts and tips of ``gui.actions.ACTIONS``: declared as data and shown with
    ``QCoreApplication.translate("actions", text)``, so lupdate cannot see them."""
    from gui.actions import ACTIONS

    out: list[str] = []
    for spec in ACTIONS.values():
        for text in (spec.text, spec.tip):
            if text and text not in out:
                out.append(text)
    return out


def add_action_messages(path: Path, kept: dict[str, str]) -> None:
    """Put every action text into ``path``'s ``actions`` context (``kept``: translations the
    file had there before lupdate, which drops what it did not find itself)."""
    tree = ET.parse(path)
    root = tree.getroot()
    context = next((c for c in root.iter("context")
                    if c.findtext("name") == ACTIONS_CONTEXT), None)
    if context is None:
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = ACTIONS_CONTEXT
    present = {m.findtext("source") or "" for m in context.iter("message")}
    for text in action_texts():
        if text in present:
            continue
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        node = ET.SubElement(message, "translation")
        if kept.get(text):
            node.text = kept[text]
        else:
            node.set("type", "unfinished")
    write_ts(tree, path)


def lupdate(ts_files: Iterable[Path], sources: Path = ROOT / "gui") -> None:
    ts_files = list(ts_files)
    kept = {ts: {source: text for context, source, message in ts_messages(ts)
                 if context == ACTIONS_CONTEXT and (text := ts_translation(message))}
            if ts.exists() else {} for ts in ts_files}
    subprocess.run([qt_tool("lupdate"), "-extensions", "py", "-locations", "none",
                    "-no-obsolete", "-silent", str(sources), "-ts", *map(str, ts_files)],
                   check=True)
    if sources == ROOT / "gui":
        for ts in ts_files:
            add_action_messages(ts, kept[ts])


def ts_messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, <message>) for every message of a ``.ts`` file."""
    root = ET.parse(path).getroot()
    out = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out.append((name, message.findtext("source") or "", message))
    return out


def ts_translation(message: ET.Element) -> str:
    node = message.find("translation")
    if node is None or node.get("type") in ("unfinished", "vanished", "obsolete"):
        return ""
    if message.get("numerus") == "yes":
        forms = [f.text or "" for f in node.iter("numerusform")]
        return forms[0] if forms and all(forms) else ""
    return node.text or ""


def set_ts_translation(message: ET.Element, text: str) -> None:
    node = message.find("translation")
    if node is None:
        node = ET.SubElement(message, "translation")
    node.attrib.pop("type", None)
    if message.get("numerus") == "yes":
        for form in list(node):
            node.remove(form)
        for _ in range(2):
            ET.SubElement(node, "numerusform").text = text
    else:
        node.text = text


def write_ts(tree: ET.ElementTree, path: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")


def fill_same_source(path: Path) -> None:
    """Give every ``tr()`` of the same text the translation it has in another class."""
    tree = ET.parse(path)
    known: dict[str, str] = {}
    messages = [(c, s, m) for c in tree.getroot().iter("context")
                for s, m in [(m.findtext("source") or "", m) for m in c.iter("message")]]
    for _context, source, message in messages:
        text = ts_translation(message)
        if text:
            known.setdefault(source, text)
    for _context, source, message in messages:
        if not ts_translation(message) and source in known:
            set_ts_translation(message, known[source])
    write_ts(tree, path)


def flat_ts(path: Path, out: Path) -> int:
    """A copy of ``path`` with every finished translation in one context, ``vfeedback``."""
    root = ET.Element("TS", version="2.1", language=ET.parse(path).getroot().get("language", ""))
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = "vfeedback"
    seen: set[str] = set()
    for _ctx, source, message in ts_messages(path):
        text = ts_translation(message)
        if text and source not in seen:
            seen.add(source)
            node = ET.SubElement(context, "message")
            ET.SubElement(node, "source").text = source
            ET.SubElement(node, "translation").text = text
    write_ts(ET.ElementTree(root), out)
    return len(seen)


def update_qt() -> None:
    TS_DIR.mkdir(parents=True, exist_ok=True)
    files = [ts_path(language) for language in LANGUAGES]
    lupdate(files)
    with tempfile.TemporaryDirectory() as tmp:
        for ts in files:
            fill_same_source(ts)
            flat = Path(tmp) / ts.name
            count = flat_ts(ts, flat)
            qm = ts.with_suffix(".qm")
            subprocess.run([qt_tool("lrelease"), "-silent", str(flat), "-qm", str(qm)],
                           check=True)
            print(f"{qm.relative_to(ROOT)}: {count} messages")


# -- what is missing, and filling it in -----------------------------------------------------
def todo(language: str) -> dict[str, str]:
    missing: dict[str, str] = {}
    for message in read_catalog(language):
        if message.id and not message.string or (
                isinstance(message.string, tuple) and not all(message.string)):
            missing[message.id if isinstance(message.id, str) else message.id[0]] = ""
    if ts_path(language).exists():
        for _context, source, message in ts_messages(ts_path(language)):
            if not ts_translation(message):
                missing[source] = ""
    return missing


PENDING = LOCALE_DIR / "pending.json"  # translations made before their strings were merged


def fill(language: str, table: dict[str, str], only_missing: bool = False) -> int:
    """Write ``{source: translation}`` into the language's .po and .ts; returns how many
    (``only_missing``: leave entries that already have a translation alone)."""
    catalog = read_catalog(language)
    count = 0
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0] if message.id else ""
        text = table.get(key)
        if only_missing and message.string and (
                isinstance(message.string, str) or all(message.string)):
            continue
        if key and text:
            message.string = (text, text) if isinstance(message.id, tuple) else text
            message.flags.discard("fuzzy")
            count += 1
    write_catalog(language, catalog)
    path = ts_path(language)
    if path.exists():
        tree = ET.parse(path)
        for message in tree.getroot().iter("message"):
            text = table.get(message.findtext("source") or "")
            if only_missing and ts_translation(message):
                continue
            if text:
                set_ts_translation(message, text)
                count += 1
        write_ts(tree, path)
    return count


# -- screenshots in each language -----------------------------------------------------------
def shoot(language: str, out: Path) -> list[Path]:
    """Main window, coding panel and presentation with the app in ``language`` (run in a
    process of its own: the language is chosen when vfeedback starts)."""
    os.environ["VFEEDBACK_LANG"] = language
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from gui.application import make_application

    qt_app = make_application()
    from gui import case_browser
    from gui.main_window import MainWindow
    from gui.presentation import Presentation, load_show
    from gui.screenshots import build_home
    from sessions import plan as plans
    from vfeedback.app import open_app
    from vfeedback.models import Case

    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        home = Path(tmp) / "home"
        home.mkdir()
        rid = build_home(home, None)
        app = open_app(home)
        cases = case_browser.load_cases(app)
        visit_id = cases[0].visits[0].id
        with app.db.session() as session:
            if language in ("sv", "nb"):
                session.query(Case).one().family_language = language
            plan = plans.get_or_create_plan(session, visit_id)
            plans.add_clip(session, plan, rid, 2000, 5000, {
                "sv": "Mamma, titta vad jag hittade!", "nb": "Mamma, se hva jeg fant!"}.get(
                language, "Mum, look what I found!"), theme="vipp.sensitivity_chain")
            plans.add_clip(session, plan, rid, 8000, 11000, "", theme="vipp.sharing_emotions")
        window = MainWindow(app)
        window.resize(1400, 860)
        window.show()
        window.state.set_case(cases[0].id)
        window.state.set_visit(visit_id)
        window.browser.refresh()
        window.open_recording(rid)
        window.state.set_playhead(window.state.recording.duration_ms // 3)
        for _ in range(40):
            qt_app.processEvents()
        out.mkdir(parents=True, exist_ok=True)

        def save(widget, name: str) -> None:  # noqa: ANN001
            path = out / f"{name}-{language}.png"
            if not widget.grab().save(str(path), "PNG"):
                raise SystemExit(f"could not write {path}")
            written.append(path)

        save(window, "main-window")
        if language == i18n_pseudo():
            window.menuBar().actions()[0].menu().popup(window.mapToGlobal(window.rect().center()))
        dock = window.panels.get("coding")
        if dock is not None:
            dock.raise_()
            dock.resize(420, 640)
            for _ in range(10):
                qt_app.processEvents()
            save(dock, "coding-panel")
        show = Presentation(app, load_show(app, visit_id))
        show.resize(1280, 720)
        show.show()
        for _ in range(5):
            qt_app.processEvents()
        save(show, "presentation")
        show.index = 0
        show._set_phase("pause")
        qt_app.processEvents()
        save(show, "presentation-pause")
        show.close()
        window.close()
        app.close()
    return written


def i18n_pseudo() -> str:
    from vfeedback.i18n import PSEUDO

    return PSEUDO


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="extract, update the catalogues, compile .mo and .qm")
    sub.add_parser("check", help="exit 1 when a message is untranslated")
    p_todo = sub.add_parser("todo", help="untranslated messages of a language as JSON")
    p_todo.add_argument("language", choices=LANGUAGES)
    p_fill = sub.add_parser("fill", help="write translations from a JSON file")
    p_fill.add_argument("language", choices=LANGUAGES)
    p_fill.add_argument("table", type=Path)
    p_shots = sub.add_parser("screenshots", help="screenshots in sv, nb and pseudo")
    p_shots.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p_shots.add_argument("--languages", default="sv,nb,pseudo")
    p_shoot = sub.add_parser("shoot")  # one language, in this process (used by screenshots)
    p_shoot.add_argument("language")
    p_shoot.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "update":
        update_gettext()
        update_qt()
        if PENDING.exists():  # strings translated ahead of a merge: fill them in, compile again
            pending = json.loads(PENDING.read_text(encoding="utf-8"))
            if sum(fill(lang, pending.get(lang, {}), only_missing=True) for lang in LANGUAGES):
                update_gettext()
                update_qt()
    elif args.command == "todo":
        print(json.dumps(todo(args.language), ensure_ascii=False, indent=1))
    elif args.command == "fill":
        table = json.loads(args.table.read_text(encoding="utf-8"))
        print(f"{fill(args.language, table)} translations written")
    elif args.command == "screenshots":
        for language in args.languages.split(","):
            subprocess.run([sys.executable, __file__, "shoot", language, str(args.out)],
                           check=True)
    elif args.command == "shoot":
        for path in shoot(args.language, args.out):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    elif args.command == "check":
        missing = {language: todo(language) for language in LANGUAGES}
        for language, items in missing.items():
            for source in items:
                print(f"{language}: untranslated: {source!r}")
        return 1 if any(missing.values()) else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
