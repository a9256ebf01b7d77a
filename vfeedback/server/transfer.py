"""Moving rows between databases, table by table, through SQLAlchemy (any dialect to any).

``copy_exact`` keeps every id (the target must be empty: a restore); ``merge_into`` gives rows
new ids and rewrites the references to them (importing a laptop's home into a server that
already holds other homes' work). Tables are visited parents first
(``Base.metadata.sorted_tables``), so foreign keys always point at rows already there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select, text
from sqlalchemy.exc import IntegrityError

from ..errors import InputError
from ..i18n import _
from ..models import Base

BATCH = 1000

# Rows that mean the same thing in two databases when their natural key is equal: the same
# person, the same built-in coding scheme and its codes. Merged, not duplicated.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "user": ("name",),
    "coding_scheme": ("name", "version"),
    "code": ("scheme_id", "key"),
}
# The undo journal holds annotation ids inside JSON: it is not carried by a merge (the undo
# history of an imported home starts afresh on the server).
NOT_MERGED = ("annotation_journal",)
# The audit chain is not copied row for row either: the source's rows are chained anew onto
# the target's log (vfeedback.audit), and the target keeps its own head.
CHAINED = ("audit_event", "audit_head")


def tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _rows(conn: Connection, table: Table,
          where: Any = None) -> Iterator[list[dict[str, Any]]]:
    query = select(table).order_by(*table.primary_key.columns)
    if where is not None:
        query = query.where(where)
    result = conn.execution_options(stream_results=True).execute(query)
    while batch := result.mappings().fetchmany(BATCH):
        yield [dict(row) for row in batch]


def counts(conn: Connection) -> dict[str, int]:
    return {t.name: conn.scalar(select(func.count()).select_from(t)) or 0 for t in tables()}


def clear(conn: Connection) -> None:
    """Empty every table of the model, children first."""
    for table in reversed(tables()):
        conn.execute(delete(table))


def reset_sequences(conn: Connection) -> None:
    """PostgreSQL: make each id sequence continue after the ids copied in."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables():
        if "id" not in table.c:
            continue
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM \"{table.name}\""))


def copy_exact(source: Connection, target: Connection) -> dict[str, int]:
    """Copy every row with its id into an empty target; returns rows copied per table."""
    copied = {}
    # A freshly migrated target already has the audit chain's (empty) head row: the source's
    # head replaces it.
    target.execute(delete(Base.metadata.tables["audit_head"]))
    for table in tables():
        n = 0
        for batch in _rows(source, table):
            target.execute(table.insert(), batch)
            n += len(batch)
        copied[table.name] = n
    reset_sequences(target)
    return copied


def merge_into(source: Connection, target: Connection,
               only: dict[str, Any] | None = None,
               id_map: dict[str, dict[Any, Any]] | None = None) -> dict[str, int]:
    """Add the source's rows to the target under new ids; returns rows added per table.

    Rows with a natural key already in the target (users, coding schemes, codes) are mapped
    onto the target's rows. A case code or recording already on the target is refused (the
    home was imported before, or two homes use the same code): nothing is written then.
    ``only``: a WHERE clause per table name (a table absent from it is copied whole; a
    ``false()`` clause skips it), e.g. one case's rows for a check-out. ``id_map`` (filled
    in): per table, source id -> target id (check-in matches plans and clips by it).
    """
    _refuse_duplicates(source, target)
    only = only or {}
    ids: dict[str, dict[Any, Any]] = {} if id_map is None else id_map
    added = {}
    for table in tables():
        if table.name in NOT_MERGED:
            continue
        if table.name in CHAINED:
            if table.name == "audit_event":
                added[table.name] = _chain_audit(source, target, only.get(table.name))
            continue
        mapping = ids.setdefault(table.name, {})
        fks = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        key_cols = NATURAL_KEYS.get(table.name)
        n = 0
        for batch in _rows(source, table, only.get(table.name)):
            for row in batch:
                old_id = row.pop("id")
                for col, parent in fks.items():
                    if row.get(col) is not None:
                        row[col] = ids[parent][row[col]]
                if key_cols:
                    found = target.scalar(select(table.c.id).where(
                        *(table.c[c] == row[c] for c in key_cols)))
                    if found is not None:
                        mapping[old_id] = found
                        continue
                try:
                    mapping[old_id] = target.execute(
                        table.insert().values(**row).returning(table.c.id)).scalar_one()
                except IntegrityError as exc:
                    raise InputError(_("Cannot import a {table} row: {why}").format(
                        table=table.name, why=str(exc.orig).splitlines()[0])) from None
                n += 1
        added[table.name] = n
    return added


def _chain_audit(source: Connection, target: Connection, where: Any) -> int:
    """Append the source's audit rows (oldest first) to the target's chain."""
    from ..audit import append_rows, key_of

    keep = ("at", "actor", "action", "object_type", "object_id", "detail")
    n = 0
    for batch in _rows(source, Base.metadata.tables["audit_event"], where):
        append_rows(target, [{k: row[k] for k in keep} for row in batch], key_of(target))
        n += len(batch)
    return n


def _refuse_duplicates(source: Connection, target: Connection) -> None:
    case = Base.metadata.tables["case"]
    recording = Base.metadata.tables["recording"]
    codes = set(source.scalars(select(case.c.code))) & set(target.scalars(select(case.c.code)))
    if codes:
        raise InputError(_(
            "The server already has the case(s) {codes}: this home was imported before, or "
            "another home uses the same codes (rename them first with `vfeedback case "
            "rename`)").format(codes=", ".join(sorted(codes))))
    keys = set(source.scalars(select(recording.c.store_key))) & set(
        target.scalars(select(recording.c.store_key)))
    if keys:
        raise InputError(_("The server already has {n} of this home's recordings (the same "
                           "video files); nothing was imported").format(n=len(keys)))
