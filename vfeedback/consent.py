"""Consent per case, the core part: what is recorded, and the check before footage is used.

Four uses (``filming``, ``feedback``: the family's own reel, ``supervision``: sharing with a
supervisor, ``research``: teaching and research) each ``yes`` or ``no``, plus a keep-until date
that the retention run acts on. Every change adds rows (``vfeedback.models.Consent``); the newest
row per field is the consent now, the older ones its history.

:func:`require` is the one check before footage leaves for a use: a reel for the family needs
``feedback``, a teaching or research export ``research``, a supervision package
``supervision``. A ``no`` is always refused. A use never recorded is refused in a protected
home (one with accounts and encryption) with the command that records it; in an unprotected
(legacy or demo) home it is allowed with a one-line warning, returned for the caller to show. The shell reaches all of this through :mod:`services.consent`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import InputError
from .i18n import N_, _
from .models import Consent
from .retention import find_case

PURPOSES = ("filming", "feedback", "supervision", "research")
FIELDS = (*PURPOSES, "keep_until")
PURPOSE_NAMES = {"filming": N_("filming"), "feedback": N_("use in feedback"),
                 "supervision": N_("use in supervision"),
                 "research": N_("use in research and teaching")}


class ConsentRefused(InputError):
    """The case's consent does not cover this use."""


@dataclass(frozen=True)
class Entry:
    field: str
    value: str  # "yes", "no", or an ISO date for keep_until ("" clears it)
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class ConsentState:
    case_id: int
    code: str
    current: dict[str, Entry]
    history: list[Entry]  # oldest first

    def value(self, name: str) -> str | None:
        entry = self.current.get(name)
        return entry.value if entry is not None else None

    @property
    def keep_until(self) -> date | None:
        value = self.value("keep_until")
        return date.fromisoformat(value) if value else None


def is_protected(home: str | Path) -> bool:
    """Whether the home has accounts and encryption."""
    from vfeedback.security import is_protected as protected

    return bool(protected(Path(home)))


def state_of(session: Session, case_id: int, code: str) -> ConsentState:
    rows = list(session.scalars(select(Consent).where(Consent.case_id == case_id)
                                .order_by(Consent.recorded_at, Consent.id)))
    history = [Entry(r.field, r.value, r.recorded_by, r.recorded_at) for r in rows]
    current = {e.field: e for e in history}  # the newest per field wins
    return ConsentState(case_id, code, current, history)


def _protected_of(target: Any, home: str | Path | None) -> bool:
    if home is not None:
        return is_protected(home)
    config = getattr(target, "config", None)
    if config is not None:
        return is_protected(config.home)
    return True  # a bare session: the strict policy


def require(target: Any, case_id: int, purpose: str, *,
            home: str | Path | None = None) -> str:
    """Refuse (:class:`ConsentRefused`) unless case ``case_id`` has consent for ``purpose``.

    ``target``: the app, or an open session (then pass ``home``, else the strict policy of a
    protected home applies). Returns a warning to show ("" when consent is recorded): in an
    unprotected home a use never recorded is allowed with a warning.
    """
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    if not isinstance(target, Session):  # the app
        with target.db.session() as session:
            return require(session, case_id, purpose, home=target.config.home)
    session = target
    found = find_case(session, case_id)
    entry = state_of(session, found.id, found.code).current.get(purpose)
    what = _(PURPOSE_NAMES[purpose])
    option = f"--{purpose} yes"
    if entry is not None and entry.value == "yes":
        return ""
    if entry is not None:
        raise ConsentRefused(_(
            "Case {code} has no consent for {what} ({who} recorded 'no' on {when}); nothing "
            "was exported. If the family has agreed since, record it: vfeedback consent set "
            "{code} {option}").format(code=found.code, what=what, who=entry.recorded_by,
                                      when=entry.recorded_at.date().isoformat(),
                                      option=option))
    if _protected_of(target, home):
        raise ConsentRefused(_(
            "No consent for {what} is recorded for case {code}; nothing was exported. Record "
            "the family's consent first: vfeedback consent set {code} {option} (or the "
            "case's Consent panel in the app)").format(what=what, code=found.code,
                                                       option=option))
    warning = _("Warning: no consent for {what} is recorded for case {code} (record it with "
                "`vfeedback consent set {code} {option}`)").format(
        what=what, code=found.code, option=option)
    return warning
