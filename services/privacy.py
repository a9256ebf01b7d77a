"""Deleting cases, the retention run, and reading and checking the audit log, for the shell.

The work is done in :mod:`vfeedback.retention` and :mod:`vfeedback.audit`; these functions
check who asks (:mod:`services.access`) and return plain rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vfeedback import audit, retention
from vfeedback.app import App

from .access import Actor, actor_name, check
from .changes import Changes, Outcome, Subject


@dataclass(frozen=True)
class DueCase:
    case_id: int
    code: str
    keep_until: date


def delete_case(app: App, actor: Actor, case: int | str,
                reason: str = "request") -> Outcome[retention.Deleted]:
    """Delete a case with all its media, rows and export folders (see vfeedback.retention)."""
    check(actor, "cases.delete", app)  # an administrator's work (retention, a family's request)
    with app.db.session() as session:
        case_id = retention.find_case(session, case).id
    done = retention.delete_case(app, case_id, actor=actor_name(actor), reason=reason)
    return Outcome(done, Changes({Subject.CASES, Subject.VISITS, Subject.RECORDINGS}))


def retention_due(app: App, actor: Actor, today: date | None = None) -> list[DueCase]:
    check(actor, "retention.read", app)
    with app.db.session() as session:
        return [DueCase(*row) for row in retention.due(session, today or date.today())]


def retention_run(app: App, actor: Actor, *, dry_run: bool = False,
                  today: date | None = None) -> Outcome[list[DueCase]]:
    """Delete every case past its keep-until date (with ``dry_run``, only list them)."""
    check(actor, "retention.run", app)
    cases = retention_due(app, actor, today)
    if dry_run:
        return Outcome(cases)
    retention.finish_pending(app)  # footage an interrupted deletion left on disk
    for case in cases:
        retention.delete_case(app, case.case_id, actor=actor_name(actor), reason="retention")
    with app.db.session() as session:
        audit.record(session, "retention.run", None, actor=actor_name(actor),
                     deleted=len(cases))
    return Outcome(cases, Changes({Subject.CASES}) if cases else Changes())


# -- the audit log ---------------------------------------------------------------------------
def audit_rows(app: App, actor: Actor, *, action: str = "", who: str = "",
               limit: int | None = 2000) -> list[dict[str, Any]]:
    """Audit rows, newest first (an admin's view)."""
    check(actor, "audit.read", app)
    with app.db.engine.connect() as conn:
        return audit.rows(conn, action=action, actor=who, limit=limit)


def audit_verify(app: App, actor: Actor) -> audit.Verified:
    check(actor, "audit.read", app)
    with app.db.engine.connect() as conn:
        return audit.verify(conn, audit.key_of(app.db.engine))


def audit_export(app: App, actor: Actor, out: Path) -> int:
    check(actor, "audit.export", app)
    with app.db.engine.connect() as conn:
        n = audit.export_csv(conn, out)
    with app.db.session() as session:
        audit.record(session, "audit.export", None, actor=actor_name(actor), rows=n)
    return n
