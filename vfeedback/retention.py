"""Deleting a case for good, and the retention run that deletes cases past their keep-until date.

Deleting a case removes every row that belongs to it, found by following the foreign keys from
the case (visits, recordings, derived files, annotations, the undo journal's copies of them,
plans, clips, suggestions, consent, and whatever later tables point at these: assignments,
review packages), the media objects and derived files in the store that no other case's row
uses, and the visit export folders under the home. One ``case.delete`` audit row says that it
happened, with ids and counts only.

Nothing of the case may survive in the database file: SQLite runs the delete with
``secure_delete`` (freed pages are zeroed), then ``VACUUM`` and a WAL checkpoint, so the raw
file holds no copy of a caption; PostgreSQL gets a ``VACUUM`` of the tables touched (its dead
rows are then reusable space; see the user guide on disk encryption). Copies outside this
home (backups, a laptop that checked the case out, files exported earlier) are not reachable
from here: the user guide says so.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from .audit import record
from .errors import InputError
from .i18n import _
from .models import Base, Case, Consent, Derivative, Recording

# Tables a case's rows may point at but that are shared by everyone: never deleted from here.
SHARED = ("user", "code", "coding_scheme", "audit_event", "audit_head")


@dataclass
class Deleted:
    """What deleting one case removed: rows per table and store objects."""

    case_id: int
    rows: dict[str, int] = field(default_factory=dict)
    objects: int = 0
    kept_objects: int = 0  # still used by another case's row
    folders: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def find_case(session: Session, case: int | str) -> Case:
    found = session.get(Case, case) if isinstance(case, int) else session.scalar(
        select(Case).where(Case.code == case))
    if found is None:
        raise InputError(_("There is no case {code}").format(code=case))
    return found


def _owned_rows(session: Session, case_id: int) -> dict[str, set[Any]]:
    """Primary keys of every row that belongs to the case, by table (following foreign keys
    from the case outwards until nothing new is found)."""
    owned: dict[str, set[Any]] = defaultdict(set)
    owned["case"].add(case_id)
    tables = [t for t in Base.metadata.sorted_tables if t.name not in SHARED]
    changed = True
    while changed:
        changed = False
        for table in tables:
            if table.name == "case" or len(table.primary_key.columns) != 1:
                continue
            (pk,) = table.primary_key.columns
            for fk in table.foreign_keys:
                parent = fk.column.table.name
                ids = owned.get(parent)
                if not ids:
                    continue
                found = set(session.scalars(select(pk).where(fk.parent.in_(list(ids)))))
                if found - owned[table.name]:
                    owned[table.name] |= found
                    changed = True
    return owned


def plan_delete(session: Session, case: Case) -> tuple[dict[str, set[Any]], set[str], set[str]]:
    """(rows by table, store keys to remove, store keys kept because others use them)."""
    owned = _owned_rows(session, case.id)
    rec_ids = owned.get("recording", set())
    der_ids = owned.get("derivative", set())
    keys: set[str] = set()
    if rec_ids:
        keys |= set(session.scalars(select(Recording.store_key)
                                    .where(Recording.id.in_(rec_ids))))
    if der_ids:
        keys |= set(session.scalars(select(Derivative.store_key)
                                    .where(Derivative.id.in_(der_ids))))
    used_elsewhere: set[str] = set()
    if keys:
        used_elsewhere |= set(session.scalars(select(Recording.store_key).where(
            Recording.store_key.in_(keys), Recording.id.not_in(rec_ids or {-1}))))
        used_elsewhere |= set(session.scalars(select(Derivative.store_key).where(
            Derivative.store_key.in_(keys), Derivative.id.not_in(der_ids or {-1}))))
    return owned, keys - used_elsewhere, used_elsewhere


PENDING = "pending-removal.json"


def _note_pending(home: Path, keys: set[str], code: str) -> None:
    """Write down, before the rows go, what must go from the disk after them: a process
    killed between the commit and the removal leaves a list, not forgotten footage."""
    from .fileio import atomic_write_text

    path = home / PENDING
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    data = {"keys": sorted(set(known.get("keys") or []) | keys),
            "codes": sorted(set(known.get("codes") or []) | {code})}
    atomic_write_text(path, json.dumps(data))


def finish_pending(app: Any) -> tuple[int, int]:
    """Remove what deleted cases left on disk (store objects no row refers to any more, their
    export folders) and the list itself; (objects, folders) removed. Run after each deletion,
    and at the next deletion or retention run after one that was cut off."""
    path = Path(app.config.home) / PENDING
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0, 0
    keys = set(data.get("keys") or [])
    with app.db.session() as session:  # a key some row still names stays (a rolled-back delete)
        used = set(session.scalars(select(Recording.store_key).where(
            Recording.store_key.in_(keys)))) | set(session.scalars(select(
                Derivative.store_key).where(Derivative.store_key.in_(keys))))
    objects = 0
    for key in sorted(keys - used):
        if app.store.contains(key):
            app.store.remove(key)
            objects += 1
    folders = sum(_remove_export_folders(Path(app.config.home), code)
                  for code in data.get("codes") or [])
    path.unlink(missing_ok=True)
    return objects, folders


def delete_case(app: Any, case: int | str, *, actor: str, reason: str = "request") -> Deleted:
    """Delete case ``case`` (id or code) with everything of it; see the module docstring."""
    db = app.db
    finish_pending(app)  # what an earlier deletion that was cut off left
    with db.session(actor=actor) as session:
        found = find_case(session, case)
        case_id, code = found.id, found.code
        owned, remove, kept = plan_delete(session, found)
        _note_pending(Path(app.config.home), remove, code)
        session.expunge_all()  # deleted below with Core statements, children first
        if db.dialect == "sqlite":
            session.execute(text("PRAGMA secure_delete = ON"))
        rows: dict[str, int] = {}
        by_name: dict[str, Table] = {t.name: t for t in Base.metadata.sorted_tables}
        for table in reversed(Base.metadata.sorted_tables):
            ids = owned.get(table.name)
            if not ids:
                continue
            (pk,) = table.primary_key.columns
            id_list = list(ids)
            for start in range(0, len(id_list), 500):
                session.execute(delete(by_name[table.name])
                                .where(pk.in_(id_list[start:start + 500])))
            rows[table.name] = len(ids)
        result = Deleted(case_id, rows, len(remove), len(kept))
        record(session, "case.delete", None, actor=actor, case=case_id, reason=reason,
               rows=result.total_rows, objects=len(remove),
               **{f"n_{name}": n for name, n in sorted(rows.items())})
    _objects, result.folders = finish_pending(app)
    _scrub_database(db)
    return result


def _remove_export_folders(home: Path, code: str) -> int:
    """The visit export folders ``<home>/exports/<code>-visit<n>`` (reels, scripts)."""
    exports = home / "exports"
    stem = re.sub(r"[^\w.-]+", "_", code)
    n = 0
    if exports.is_dir():
        for folder in exports.iterdir():
            if re.fullmatch(re.escape(stem) + r"-visit\d+", folder.name):
                shutil.rmtree(folder, ignore_errors=True)
                n += 1
    return n


def _scrub_database(db: Any) -> None:
    """Leave no copy of deleted rows in the database files (see the module docstring)."""
    try:
        if db.dialect == "sqlite":
            with db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA secure_delete = ON")
                conn.exec_driver_sql("VACUUM")
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        elif db.dialect == "postgresql":
            with db.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                for table in Base.metadata.sorted_tables:
                    conn.exec_driver_sql(f'VACUUM "{table.name}"')
    except (OperationalError, SQLAlchemyError):
        # Another program holds the database open; secure_delete already zeroed the freed
        # pages (SQLite), and the next deletion or `retention run` vacuums again.
        pass


# -- retention -------------------------------------------------------------------------------
def keep_until(session: Session, case_id: int) -> date | None:
    row = session.scalar(select(Consent).where(Consent.case_id == case_id,
                                               Consent.field == "keep_until")
                         .order_by(Consent.recorded_at.desc(), Consent.id.desc()).limit(1))
    if row is None or not row.value:
        return None
    with contextlib.suppress(ValueError):
        return date.fromisoformat(row.value)
    return None


def due(session: Session, today: date) -> list[tuple[int, str, date]]:
    """Cases whose keep-until date has passed: (id, code, date), oldest date first."""
    out = []
    for case_id, code in session.execute(select(Case.id, Case.code).order_by(Case.id)):
        until = keep_until(session, case_id)
        if until is not None and until < today:
            out.append((case_id, code, until))
    return sorted(out, key=lambda item: (item[2], item[0]))
