"""Editing coding schemes: a new scheme or a copy of a built-in one, its codes added, renamed,
reordered, given a key, a kind and a colour.

Built-in schemes are read-only (their texts are refreshed from ``annotation/builtin`` on every
start, so edits would not last): copy one to change it. A code is edited in place, so its id
stays and every moment already coded with it keeps it (a rename shows on those moments at once);
its ``key`` (the stable identifier in exports) never changes. A code's kind cannot change while
moments use it (a point has no end to become an interval). Single-key shortcuts are one letter
or digit (Shift+key codes with a caption), unique in the scheme, and never one of ``reserved``:
the caller's transport keys (the GUI passes the player's and timeline's, see ``gui.actions``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.library import audit
from vfeedback.models import Annotation, Code, CodingScheme

from .access import Actor, actor_name, check
from .changes import Changes, Outcome, Subject

App = Any  # vfeedback.app.App
# The moments' code names and colours change with the scheme: views of annotations refresh.
SCHEMES_CHANGED = Changes({Subject.ANNOTATIONS})
EDITABLE_KINDS = ("point", "interval")
DEFAULT_COLOUR = "#4c72b0"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class EditableCode:
    id: int
    key: str  # the stable identifier (exports); not shown for editing
    name: str
    group: str
    shortcut: str
    colour: str
    kind: str
    uses: int  # moments coded with it


@dataclass(frozen=True)
class EditableScheme:
    id: int
    name: str
    version: int
    title: str
    builtin: bool
    codes: tuple[EditableCode, ...]

    @property
    def uses(self) -> int:
        return sum(c.uses for c in self.codes)


# -- reading ------------------------------------------------------------------------------------
def list_schemes(app: App, actor: Actor) -> list[EditableScheme]:
    """Every scheme (built-ins first, added when missing) with its codes and their use."""
    from annotation.schemes import ensure_builtin_schemes
    from annotation.schemes import list_schemes as all_schemes

    check(actor, "schemes.read", app)
    with app.db.session() as session:
        builtin = ensure_builtin_schemes(session)
        uses = dict(session.execute(select(Annotation.code_id, func.count())
                                    .group_by(Annotation.code_id)).all())
        return [EditableScheme(s.id, s.name, s.version, s.title or s.name, s.builtin, tuple(
            EditableCode(c.id, c.key, c.name, c.group, c.shortcut, c.colour, c.kind,
                         int(uses.get(c.id, 0))) for c in s.codes))
            for s in builtin + [s for s in all_schemes(session) if s not in builtin]]


# -- helpers ------------------------------------------------------------------------------------
def _slug(text: str, fallback: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:60]
    return slug or fallback


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def _editable(session: Any, scheme_id: int) -> CodingScheme:
    scheme = session.get(CodingScheme, scheme_id)
    if scheme is None:
        raise InputError(_("There is no coding scheme {id}").format(id=scheme_id))
    if scheme.builtin:
        raise InputError(_("The built-in scheme {title} cannot be changed: copy it first")
                         .format(title=scheme.title or scheme.name))
    return scheme


def _code(session: Any, code_id: int) -> Code:
    code = session.get(Code, code_id)
    if code is None:
        raise InputError(_("There is no code {id}").format(id=code_id))
    _editable(session, code.scheme_id)
    return code


def _check_shortcut(scheme: CodingScheme, shortcut: str, reserved: set[str],
                    code_id: int | None) -> str:
    key = shortcut.strip().lower()
    if not key:
        return ""
    if len(key) != 1 or not key.isalnum():
        raise InputError(_("A code's key is one letter or digit (Shift+key codes with a "
                           "caption), not {key!r}").format(key=shortcut))
    if key.upper() in {r.upper() for r in reserved}:
        raise InputError(_("{key} belongs to the player (play, step, zoom): choose another "
                           "key").format(key=key.upper()))
    for other in scheme.codes:
        if other.id != code_id and other.shortcut.strip().lower() == key:
            raise InputError(_("{key} is already the key of {code}").format(
                key=key.upper(), code=other.name))
    return key


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 200:
        raise InputError(_("A code needs a name (1-200 characters)"))
    return name


def _check_colour(colour: str) -> str:
    if not _COLOUR.match(colour.strip()):
        raise InputError(_("A colour looks like #rrggbb, not {colour!r}").format(colour=colour))
    return colour.strip().lower()


def _check_kind(kind: str) -> str:
    if kind not in EDITABLE_KINDS:
        raise InputError(_("A code's kind is point or interval, not {kind!r}").format(kind=kind))
    return kind


# -- schemes --------------------------------------------------------------------------------------
def new_scheme(app: App, actor: Actor, title: str) -> Outcome[int]:
    """An empty scheme of the clinician's own, named after ``title``."""
    check(actor, "schemes.edit", app)
    title = title.strip()
    if not title or len(title) > 200:
        raise InputError(_("A coding scheme needs a title (1-200 characters)"))
    with app.db.session() as session:
        taken = set(session.scalars(select(CodingScheme.name)))
        scheme = CodingScheme(name=_unique(_slug(title, "scheme"), taken), version=1,
                              title=title, description="", builtin=False)
        session.add(scheme)
        session.flush()
        audit(session, "scheme.create", scheme, actor=actor_name(actor), title=title)
        return Outcome(scheme.id, SCHEMES_CHANGED)


def copy_scheme(app: App, actor: Actor, scheme_id: int, title: str) -> Outcome[int]:
    """A copy of any scheme (a built-in one too) to edit: same codes, new ids; moments coded
    with the original keep the original."""
    check(actor, "schemes.edit", app)
    title = title.strip()
    if not title or len(title) > 200:
        raise InputError(_("A coding scheme needs a title (1-200 characters)"))
    with app.db.session() as session:
        source = session.get(CodingScheme, scheme_id)
        if source is None:
            raise InputError(_("There is no coding scheme {id}").format(id=scheme_id))
        taken = set(session.scalars(select(CodingScheme.name)))
        copy = CodingScheme(name=_unique(_slug(title, "scheme"), taken), version=1,
                            title=title, description=source.description, builtin=False)
        for position, code in enumerate(source.codes):
            copy.codes.append(Code(
                key=code.key, name=code.name, group=code.group, shortcut=code.shortcut,
                colour=code.colour, kind=code.kind, subject=code.subject,
                modifiers=list(code.modifiers or []), scale_min=code.scale_min,
                scale_max=code.scale_max, description=code.description, position=position))
        session.add(copy)
        session.flush()
        audit(session, "scheme.copy", copy, actor=actor_name(actor), source=source.id)
        return Outcome(copy.id, SCHEMES_CHANGED)


# -- codes ------------------------------------------------------------------------------------------
def add_code(app: App, actor: Actor, scheme_id: int, name: str, *, shortcut: str = "",
             kind: str = "point", colour: str = DEFAULT_COLOUR, group: str = "",
             reserved: set[str] | frozenset[str] = frozenset()) -> Outcome[int]:
    """A new code at the end of the scheme."""
    check(actor, "schemes.edit", app)
    with app.db.session() as session:
        scheme = _editable(session, scheme_id)
        name = _check_name(name)
        code = Code(key=_unique(_slug(name, "code"), {c.key for c in scheme.codes}), name=name,
                    group=group.strip(), shortcut=_check_shortcut(scheme, shortcut,
                                                                  set(reserved), None),
                    colour=_check_colour(colour), kind=_check_kind(kind), subject=None,
                    modifiers=[], description="", position=len(scheme.codes))
        scheme.codes.append(code)
        session.flush()
        audit(session, "scheme.code.add", code, actor=actor_name(actor), scheme=scheme.id)
        return Outcome(code.id, SCHEMES_CHANGED)


def update_code(app: App, actor: Actor, code_id: int, *,
                reserved: set[str] | frozenset[str] = frozenset(), **fields: str) -> Outcome[None]:
    """Change a code's ``name``, ``shortcut``, ``kind``, ``colour`` or ``group`` in place (its
    id and key stay, so coded moments keep it)."""
    check(actor, "schemes.edit", app)
    unknown = set(fields) - {"name", "shortcut", "kind", "colour", "group"}
    if unknown:
        raise InputError(_("A code has no field {names}").format(names=", ".join(sorted(unknown))))
    with app.db.session() as session:
        code = _code(session, code_id)
        checked: dict[str, str] = {}
        if "name" in fields:
            checked["name"] = _check_name(fields["name"])
        if "shortcut" in fields:
            checked["shortcut"] = _check_shortcut(code.scheme, fields["shortcut"], set(reserved),
                                                  code.id)
        if "colour" in fields:
            checked["colour"] = _check_colour(fields["colour"])
        if "group" in fields:
            checked["group"] = fields["group"].strip()[:120]
        if "kind" in fields and fields["kind"] != code.kind:
            kind = _check_kind(fields["kind"])
            uses = session.scalar(select(func.count()).select_from(Annotation)
                                  .where(Annotation.code_id == code.id)) or 0
            if uses:
                raise InputError(_("{code} is used by {n} moments: its kind cannot change (make "
                                   "a new code instead)").format(code=code.name, n=uses))
            checked["kind"] = kind
        for name, value in checked.items():
            setattr(code, name, value)
        session.flush()
        audit(session, "scheme.code.update", code, actor=actor_name(actor),
              fields=sorted(checked))
    return Outcome(None, SCHEMES_CHANGED)


def move_code(app: App, actor: Actor, code_id: int, position: int) -> Outcome[None]:
    """Put a code at ``position`` (0 = first) in its scheme's list."""
    check(actor, "schemes.edit", app)
    with app.db.session() as session:
        code = _code(session, code_id)
        scheme = code.scheme
        codes = [c for c in scheme.codes if c.id != code.id]
        codes.insert(max(0, min(position, len(codes))), code)
        for index, item in enumerate(codes):
            item.position = index
        scheme.codes[:] = codes
        session.flush()
        audit(session, "scheme.code.move", code, actor=actor_name(actor), position=code.position)
    return Outcome(None, SCHEMES_CHANGED)


def remove_code(app: App, actor: Actor, code_id: int) -> Outcome[None]:
    """Remove a code no moment uses (a used one stays: its moments would lose their code)."""
    check(actor, "schemes.edit", app)
    with app.db.session() as session:
        code = _code(session, code_id)
        uses = session.scalar(select(func.count()).select_from(Annotation)
                              .where(Annotation.code_id == code.id)) or 0
        if uses:
            raise InputError(_("{code} is used by {n} moments and stays").format(
                code=code.name, n=uses))
        scheme = code.scheme
        scheme.codes[:] = [c for c in scheme.codes if c.id != code.id]
        for index, item in enumerate(scheme.codes):
            item.position = index
        session.delete(code)
        session.flush()
        audit(session, "scheme.code.remove", scheme, actor=actor_name(actor), code=code_id)
    return Outcome(None, SCHEMES_CHANGED)
