"""Consent per case: what the family agreed to, who recorded it and when, and the checks.

Four uses (``filming``, ``feedback``: the family's own reel, ``supervision``: sharing with a
supervisor, ``research``: teaching and research) each ``yes`` or ``no``, plus a keep-until date
that the retention run acts on. Every change adds rows (``vfeedback.models.Consent``); the newest
row per field is the consent now, the older ones its history.

:func:`require` is the one check before footage leaves for a use: a reel for the family needs
``feedback``, a teaching or research export ``research``, a supervision package
``supervision``. A ``no`` is always refused. A use never recorded is refused in a protected
home (one with accounts and encryption) with the command that records it; in an unprotected
(legacy or demo) home it is allowed with a one-line warning, which the caller shows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfeedback.app import App
from vfeedback.audit import record
from vfeedback.errors import InputError
from vfeedback.i18n import N_, _
from vfeedback.models import Consent, Recording, Visit
from vfeedback.retention import find_case

from .access import Actor, actor_name, check
from .changes import Changes, Outcome

PURPOSES = ("filming", "feedback", "supervision", "research")
FIELDS = (*PURPOSES, "keep_until")
PURPOSE_NAMES = {"filming": N_("filming"), "feedback": N_("use in feedback"),
                 "supervision": N_("use in supervision"),
                 "research": N_("use in research and teaching")}
log = logging.getLogger(__name__)


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
    try:  # MERGE: replaced by h15a's vfeedback.security.is_protected
        from vfeedback.security import is_protected as protected  # type: ignore[import-not-found]
    except ImportError:
        return (Path(home) / "keyring.json").exists()
    return bool(protected(Path(home)))


def _state(session: Session, case_id: int, code: str) -> ConsentState:
    rows = list(session.scalars(select(Consent).where(Consent.case_id == case_id)
                                .order_by(Consent.recorded_at, Consent.id)))
    history = [Entry(r.field, r.value, r.recorded_by, r.recorded_at) for r in rows]
    current = {e.field: e for e in history}  # the newest per field wins
    return ConsentState(case_id, code, current, history)


def get(app: App, actor: Actor, case: int | str) -> ConsentState:
    """The case's consent now and its history."""
    with app.db.session() as session:
        found = find_case(session, case)
        check(actor, "consent.read", case_id=found.id)
        return _state(session, found.id, found.code)


def parse_value(name: str, value: str | bool | date | None) -> str:
    """A field's value as stored; a clear error for anything else."""
    if name not in FIELDS:
        raise InputError(_("Unknown consent field {field}").format(field=name))
    if name == "keep_until":
        if value in (None, ""):
            return ""
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise InputError(_("A keep-until date is YYYY-MM-DD: {value!r}").format(
                value=value)) from None
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value).strip().lower()
    if text not in ("yes", "no"):
        raise InputError(_("Consent is yes or no: {value!r}").format(value=value))
    return text


def set_consent(app: App, actor: Actor, case: int | str,
                **values: str | bool | date | None) -> Outcome[ConsentState]:
    """Record the given fields (the others stay as they are); a field given its current value
    again is not repeated in the history."""
    parsed = {name: parse_value(name, value) for name, value in values.items()
              if value is not None}
    if not parsed:
        raise InputError(_("Say what to record, e.g. --feedback yes"))
    who = actor_name(actor)
    with app.db.session() as session:
        found = find_case(session, case)
        check(actor, "consent.edit", case_id=found.id)
        now = _state(session, found.id, found.code)
        changed = {name: value for name, value in parsed.items() if now.value(name) != value}
        for name, value in changed.items():
            session.add(Consent(case_id=found.id, field=name, value=value, recorded_by=who))
        if changed:
            # Yes/no and a date: no identifying text in the audit.
            record(session, "consent.set", found, actor=who, **changed)
        session.flush()
        state = _state(session, found.id, found.code)
    return Outcome(state, Changes())


def _protected_of(target: App | Session, home: str | Path | None) -> bool:
    if home is not None:
        return is_protected(home)
    if isinstance(target, App):
        return is_protected(target.config.home)
    return True  # a bare session: the strict policy


def require(target: App | Session, case_id: int, purpose: str, *,
            home: str | Path | None = None) -> str:
    """Refuse (:class:`ConsentRefused`) unless case ``case_id`` has consent for ``purpose``.

    ``target``: the app, or an open session (then pass ``home``, else the strict policy of a
    protected home applies). Returns a warning to show ("" when consent is recorded): in an
    unprotected home a use never recorded is allowed with a warning.
    """
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    if isinstance(target, App):
        with target.db.session() as session:
            return require(session, case_id, purpose, home=target.config.home)
    session = target
    found = find_case(session, case_id)
    entry = _state(session, found.id, found.code).current.get(purpose)
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
    log.warning(warning)
    return warning


def case_of_recording(session: Session, recording_id: int) -> int | None:
    recording = session.get(Recording, recording_id)
    if recording is None:
        raise InputError(_("There is no recording {id}").format(id=recording_id))
    return recording.visit.case_id if recording.visit is not None else None


def require_for_recording(app: App, recording_id: int, purpose: str) -> str:
    """:func:`require` for the case a recording belongs to (a recording in no visit has no
    case and no consent: treated as never recorded)."""
    with app.db.session() as session:
        case_id = case_of_recording(session, recording_id)
        if case_id is None:
            if is_protected(app.config.home):
                raise ConsentRefused(_("Recording {id} belongs to no case, so no consent is "
                                       "recorded for it; add it to a visit first").format(
                    id=recording_id))
            return ""
        return require(session, case_id, purpose, home=app.config.home)


def require_for_visit(app: App, visit_id: int, purpose: str) -> str:
    with app.db.session() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise InputError(_("There is no visit {id}").format(id=visit_id))
        return require(session, visit.case_id, purpose, home=app.config.home)


def describe(state: ConsentState) -> list[tuple[str, str, str, str]]:
    """Rows to show: (field, value, recorded by, recorded at) for every field, "" if never."""
    out = []
    for name in FIELDS:
        entry = state.current.get(name)
        out.append((name, entry.value if entry else "", entry.recorded_by if entry else "",
                    entry.recorded_at.strftime("%Y-%m-%d %H:%M") if entry else ""))
    return out
