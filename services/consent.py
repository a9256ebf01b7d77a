"""Consent per case for the shell: read it, record it, and check it before a use.

The rules and the check itself live in :mod:`vfeedback.consent` (the reel builder below the
services calls it too); :func:`require` here is the same function.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from vfeedback.app import App
from vfeedback.audit import record
from vfeedback.consent import (  # noqa: F401  (the shell's names for them)
    FIELDS,
    PURPOSE_NAMES,
    PURPOSES,
    ConsentRefused,
    ConsentState,
    Entry,
    is_protected,
    require,
    state_of,
)
from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.models import Consent, Recording, Visit
from vfeedback.retention import find_case

from .access import Actor, actor_name, check
from .changes import Changes, Outcome


def get(app: App, actor: Actor, case: int | str) -> ConsentState:
    """The case's consent now and its history."""
    with app.db.session() as session:
        check(actor, "consent.read", session, case=case)  # before saying whether it exists
        found = find_case(session, case)
        return state_of(session, found.id, found.code)


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
        check(actor, "consent.edit", session, case=case)  # before saying whether it exists
        found = find_case(session, case)
        now = state_of(session, found.id, found.code)
        changed = {name: value for name, value in parsed.items() if now.value(name) != value}
        for name, value in changed.items():
            session.add(Consent(case_id=found.id, field=name, value=value, recorded_by=who))
        if changed:
            # Yes/no and a date: no identifying text in the audit.
            record(session, "consent.set", found, actor=who, **changed)
        session.flush()
        state = state_of(session, found.id, found.code)
    return Outcome(state, Changes())


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
