"""Built-in coding schemes as JSON files (package data, so they install with vfeedback).

Each file holds the scheme in English (the fields every scheme file has) and a
``translations`` block: ``{"sv": {"title", "description", "codes": {key: {"name", "group",
"description"}}}, "nb": {...}}``. :func:`localized` gives the scheme in one language (the keys,
shortcuts and colours never change), :func:`sync_texts` brings a stored built-in scheme's
texts to it, so the codes on the keys follow the app's language.
"""

from __future__ import annotations

import copy
from typing import Any

from vfeedback import i18n

TEXT_FIELDS = ("name", "group", "description")


def localized(data: dict[str, Any], language: str | None = None) -> dict[str, Any]:
    """``data`` with its texts in ``language`` (default: the current one) and without the
    ``translations`` block; English, or a missing translation, keeps the file's own words."""
    language = i18n.normalise(language) if language else i18n.current_language()
    out = copy.deepcopy({k: v for k, v in data.items() if k != "translations"})
    block = (data.get("translations") or {}).get(language or "en") or {}
    if language == i18n.PSEUDO:  # show what a longer language does to the coding panel
        block = {"title": i18n.pseudo(out.get("title", "")),
                 "description": i18n.pseudo(out.get("description", "")),
                 "codes": {c["key"]: {f: i18n.pseudo(c[f]) for f in TEXT_FIELDS if c.get(f)}
                           for c in out["codes"]}}
    for field in ("title", "description"):
        if block.get(field):
            out[field] = block[field]
    codes = block.get("codes") or {}
    for code in out["codes"]:
        for field in TEXT_FIELDS:
            text = (codes.get(code["key"]) or {}).get(field)
            if text:
                code[field] = text
    return out


def sync_texts(scheme: Any, data: dict[str, Any]) -> bool:
    """Give a stored built-in ``CodingScheme`` the texts of ``data`` (already localized);
    returns whether anything changed."""
    changed = False
    for field in ("title", "description"):
        if data.get(field, "") != getattr(scheme, field):
            setattr(scheme, field, data.get(field, ""))
            changed = True
    by_key = {code["key"]: code for code in data["codes"]}
    for code in scheme.codes:
        wanted = by_key.get(code.key)
        if wanted is None:
            continue
        for field in TEXT_FIELDS:
            value = wanted.get(field, code.key if field == "name" else "")
            if getattr(code, field) != value:
                setattr(code, field, value)
                changed = True
    return changed
