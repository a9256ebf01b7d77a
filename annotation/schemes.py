"""Coding schemes: the built-in ones (VIPP-SD, BHV, sensitivity rating) and readable JSON files.

A scheme is a named, versioned set of codes stored in the database. The file form is plain
JSON (one object: name, version, title, description, codes[]) so a clinician can read, edit
and share it; the built-in schemes ship as such files in ``annotation/builtin``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfeedback.errors import InputError
from vfeedback.fileio import atomic_write_text
from vfeedback.i18n import _
from vfeedback.models import CODE_KINDS, SUBJECTS, Code, CodingScheme

from .interchange.document import load_json

BUILTIN_DIR = Path(__file__).with_name("builtin")
BUILTIN_NAMES = ("vipp-sd", "bhv", "sensitivity")
_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$")
MAX_NUMBER = 1_000_000  # versions and scale ends: anything larger is a damaged file
_TEXT_FIELDS = ("title", "description")
_CODE_TEXT_FIELDS = ("name", "group", "description")
_CODE_FIELDS = ("key", "name", "group", "shortcut", "colour", "kind", "subject", "modifiers",
                "scale_min", "scale_max", "description")


def scheme_to_dict(scheme: CodingScheme) -> dict[str, Any]:
    return {
        "name": scheme.name,
        "version": scheme.version,
        "title": scheme.title,
        "description": scheme.description,
        "codes": [
            {f: getattr(code, f) for f in _CODE_FIELDS
             if getattr(code, f) not in (None, "", [])}
            for code in scheme.codes
        ],
    }


def _check(data: Any, where: str) -> dict[str, Any]:
    """Validate a scheme dict; every problem names ``where`` and the code at fault."""
    if not isinstance(data, dict):
        raise InputError(_("{where}: a coding scheme is a JSON object").format(where=where))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(_("{where}: the scheme has no name").format(where=where))
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= MAX_NUMBER:
        raise InputError(_("{where}: version must be a whole number from 1 to {n}").format(
            where=where, n=MAX_NUMBER))
    for name_ in _TEXT_FIELDS:
        if not isinstance(data.get(name_, ""), str) or len(data.get(name_, "")) > 10_000:
            raise InputError(_("{where}: {field} must be text").format(where=where, field=name_))
    codes = data.get("codes")
    if not isinstance(codes, list) or not codes:
        raise InputError(_("{where}: the scheme has no codes").format(where=where))
    keys: set[str] = set()
    shortcuts: set[str] = set()
    for i, code in enumerate(codes):
        place = f"{where}: codes[{i}]"
        if not isinstance(code, dict):
            raise InputError(_("{place} is not an object").format(place=place))
        unknown = set(code) - set(_CODE_FIELDS)
        if unknown:
            raise InputError(_("{place}: unknown field(s) {fields}").format(
                place=place, fields=", ".join(sorted(unknown))))
        key = code.get("key")
        if not isinstance(key, str) or not key.strip() or len(key) > 80:
            raise InputError(_("{place}: a code needs a key (1-80 characters)").format(place=place))
        if key in keys:
            raise InputError(_("{place}: the key {key!r} is used twice").format(place=place, key=key))
        keys.add(key)
        for name_ in _CODE_TEXT_FIELDS:
            if not isinstance(code.get(name_, ""), str) or len(code.get(name_, "")) > 10_000:
                raise InputError(_("{place}: {field} must be text").format(place=place,
                                                                           field=name_))
        shortcut = code.get("shortcut", "")
        if not isinstance(shortcut, str) or len(shortcut) > 20:
            raise InputError(_("{place}: shortcut must be short text").format(place=place))
        if shortcut:
            if shortcut in shortcuts:
                raise InputError(_("{place}: the shortcut {s!r} is used twice").format(
                    place=place, s=shortcut))
            shortcuts.add(shortcut)
        colour = code.get("colour", "#4c72b0")
        if not isinstance(colour, str) or not _COLOUR_RE.match(colour):
            raise InputError(_("{place}: colour must look like #rrggbb").format(place=place))
        if code.get("kind", "interval") not in CODE_KINDS:
            raise InputError(_("{place}: kind must be one of {kinds}").format(
                place=place, kinds=", ".join(CODE_KINDS)))
        if code.get("subject") not in (None, *SUBJECTS):
            raise InputError(_("{place}: subject must be one of {subjects}").format(
                place=place, subjects=", ".join(SUBJECTS)))
        modifiers = code.get("modifiers", [])
        if not isinstance(modifiers, list) or not all(isinstance(m, str) for m in modifiers):
            raise InputError(_("{place}: modifiers must be a list of text").format(place=place))
        lo, hi = code.get("scale_min"), code.get("scale_max")
        for end in (lo, hi):
            if end is not None and (not isinstance(end, int) or isinstance(end, bool)
                                    or abs(end) > MAX_NUMBER):
                raise InputError(_("{place}: scale_min and scale_max must be whole numbers "
                                   "from -{n} to {n}").format(place=place, n=MAX_NUMBER))
        if code.get("kind") == "rating" and not (
                isinstance(lo, int) and isinstance(hi, int) and lo < hi):
                raise InputError(_("{place}: a rating needs whole numbers scale_min < scale_max")
                                 .format(place=place))
    return data


def scheme_from_dict(session: Session, data: dict[str, Any], *, where: str = "scheme",
                     builtin: bool = False) -> CodingScheme:
    """Add a scheme to the database; a scheme with the same name and version must not exist."""
    _check(data, where)
    version = data.get("version", 1)
    if session.scalar(select(CodingScheme).where(CodingScheme.name == data["name"],
                                                 CodingScheme.version == version)):
        raise InputError(_("{where}: there is already a scheme {name} version {v}").format(
            where=where, name=data["name"], v=version))
    scheme = CodingScheme(name=data["name"], version=version, title=data.get("title", ""),
                          description=data.get("description", ""), builtin=builtin)
    for position, code in enumerate(data["codes"]):
        scheme.codes.append(Code(
            key=code["key"], name=code.get("name", code["key"]), group=code.get("group", ""),
            shortcut=code.get("shortcut", ""), colour=code.get("colour", "#4c72b0"),
            kind=code.get("kind", "interval"), subject=code.get("subject"),
            modifiers=list(code.get("modifiers", [])), scale_min=code.get("scale_min"),
            scale_max=code.get("scale_max"), description=code.get("description", ""),
            position=position))
    session.add(scheme)
    session.flush()
    return scheme


def ensure_builtin_schemes(session: Session, language: str | None = None) -> list[CodingScheme]:
    """Make sure the built-in schemes exist (idempotent), with names and descriptions in
    ``language`` (default: the app's); returns them in BUILTIN_NAMES order."""
    from .builtin import localized, sync_texts

    schemes = []
    for name in BUILTIN_NAMES:
        path = BUILTIN_DIR / f"{name}.json"
        data = localized(json.loads(path.read_text(encoding="utf-8")), language)
        existing = session.scalar(select(CodingScheme).where(
            CodingScheme.name == name, CodingScheme.version == data["version"]))
        if existing is not None and existing.builtin:
            sync_texts(existing, data)
        schemes.append(existing or scheme_from_dict(session, data, where=str(path), builtin=True))
    return schemes


def list_schemes(session: Session) -> list[CodingScheme]:
    return list(session.scalars(select(CodingScheme).order_by(CodingScheme.name,
                                                               CodingScheme.version)))


def get_scheme(session: Session, name: str, version: int | None = None) -> CodingScheme:
    """The scheme ``name`` (its newest version unless ``version`` is given)."""
    query = select(CodingScheme).where(CodingScheme.name == name)
    if version is not None:
        query = query.where(CodingScheme.version == version)
    scheme = session.scalar(query.order_by(CodingScheme.version.desc()))
    if scheme is None:
        raise InputError(_("There is no coding scheme {name}").format(
            name=name if version is None else f"{name} v{version}"))
    return scheme


def export_scheme(scheme: CodingScheme, path: str | Path) -> None:
    atomic_write_text(path, json.dumps(scheme_to_dict(scheme), ensure_ascii=False, indent=2)
                      + "\n")


def import_scheme(session: Session, path: str | Path) -> CodingScheme:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(_("Cannot read {path}: {why}").format(path=path, why=exc)) from exc
    data = load_json(text, str(path))
    return scheme_from_dict(session, data, where=str(path))
