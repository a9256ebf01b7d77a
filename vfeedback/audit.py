"""The audit log: append-only and hash-chained, so that an edited, deleted or inserted row shows.

Each ``audit_event`` row carries its place in the chain (``seq``: 1, 2, 3...), the previous
row's hash (``prev_hash``) and its own (``hash``): SHA-256 over a canonical JSON encoding of its
fields and ``prev_hash``. In a protected home (one with a data key) each row also carries
``mac``, an HMAC-SHA256 of its hash under ``subkey(data_key, "audit")``: someone who can write
the database file but has no key cannot recompute the chain after an edit. An unprotected home
has hashes only, which show accidents and naive edits, not a determined editor.

``audit_head`` (one row) holds the newest ``seq`` and hash (and their HMAC), so that cutting
rows off the end shows too.

**Appending.** :func:`record` does not write at once: it queues the row on the session, and
just before the session commits (after everything else is flushed) the queued rows are chained
and inserted while the head row is locked (an UPDATE of it: SQLite's write lock, a row lock on
PostgreSQL). Two processes appending at once therefore queue behind each other instead of
forking the chain, and the head lock is the last lock a transaction takes, so it cannot
deadlock with the rows the transaction wrote. A rolled-back unit of work leaves no audit row.

**Details** are ids and counts only, never identifying text (case codes, file names,
captions): deleting a case must leave nothing of it here.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, select, update
from sqlalchemy.orm import Session

from .models import AuditEvent, AuditHead, utcnow

_PENDING = "vfeedback.audit.pending"
HEAD_ID = 1
# Audit keys by engine: set by whoever opens a protected home (bind_key); weak, so a disposed
# Database does not keep its key alive in memory.
_KEYS: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


# -- keys ------------------------------------------------------------------------------------
def bind_key(db_or_engine: Any, data_key: bytes | None) -> None:
    """Use ``subkey(data_key, "audit")`` for the HMACs of rows written through this database
    (``open_app`` calls it with the logged-in identity's data key)."""
    engine = getattr(db_or_engine, "engine", db_or_engine)
    if data_key is None:
        _KEYS.pop(engine, None)
        return
    from .crypto import subkey

    _KEYS[engine] = subkey(data_key, "audit")


def key_of(bind: Any) -> bytes | None:
    """The audit key bound to this engine / connection / session, if any."""
    if isinstance(bind, Session):
        bind = bind.get_bind()
    engine = getattr(bind, "engine", bind)
    return _KEYS.get(engine)


# -- the chain -------------------------------------------------------------------------------
def _clean(detail: dict[str, Any]) -> dict[str, Any]:
    """The detail as it reads back from a JSON column (tuples become lists, paths text), so
    that the hash computed now equals the one recomputed from the stored row."""
    return json.loads(json.dumps(detail, default=str))


def canonical(row: dict[str, Any]) -> bytes:
    """The bytes a row's hash covers. Never change this: every stored hash depends on it."""
    at = row["at"]
    fields = {
        "seq": int(row["seq"]), "prev": row["prev_hash"] or "",
        "at": at.isoformat(timespec="microseconds") if isinstance(at, datetime) else str(at),
        "actor": row["actor"] or "", "action": row["action"] or "",
        "object_type": row["object_type"] or "", "object_id": str(row["object_id"] or ""),
        "detail": row["detail"] if row["detail"] is not None else {},
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True).encode("ascii")


def row_hash(row: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(row)).hexdigest()


def _mac(key: bytes | None, text: str) -> str:
    if key is None:
        return ""
    return hmac.new(key, text.encode("ascii"), hashlib.sha256).hexdigest()


def _head_text(seq: int, digest: str) -> str:
    return f"head:{seq}:{digest}"


def append_rows(conn: Connection, rows: Iterable[dict[str, Any]], key: bytes | None) -> int:
    """Chain ``rows`` (dicts of ``at, actor, action, object_type, object_id, detail``) onto
    the log in ``conn``'s transaction; returns the new head ``seq``.

    The UPDATE of the head row comes first: it takes SQLite's write lock, or the head row's
    lock on PostgreSQL, until this transaction ends, so the head read next is the latest one
    and no other writer can chain onto it meanwhile.
    """
    table, head = AuditEvent.__table__, AuditHead.__table__
    locked = conn.execute(update(head).where(head.c.id == HEAD_ID)
                          .values(seq=head.c.seq)).rowcount
    if not locked:
        conn.execute(head.insert().values(id=HEAD_ID, seq=0, hash="", mac=""))
    seq, prev = conn.execute(select(head.c.seq, head.c.hash)
                             .where(head.c.id == HEAD_ID)).one()
    for row in rows:
        seq += 1
        values = {"at": row.get("at") or utcnow(), "actor": str(row.get("actor") or "")[:120],
                  "action": str(row["action"])[:60],
                  "object_type": str(row.get("object_type") or "")[:40],
                  "object_id": str(row.get("object_id") or "")[:64],
                  "detail": _clean(row.get("detail") or {}), "seq": seq, "prev_hash": prev}
        values["hash"] = row_hash(values)
        values["mac"] = _mac(key, values["hash"])
        conn.execute(table.insert().values(**values))
        prev = values["hash"]
    conn.execute(update(head).where(head.c.id == HEAD_ID).values(
        seq=seq, hash=prev, mac=_mac(key, _head_text(seq, prev))))
    return seq


def record(session: Session, action: str, obj: object | None = None, *,
           actor: str | None = None, **detail: object) -> None:
    """Queue one audit row on ``session``; it is chained in when the session commits.

    ``actor``: who did it (``services.access.actor_name(actor)``); by default the session's
    actor. ``detail``: ids and counts only, never names, codes or text typed by people.
    """
    who = actor or str(session.info.get("actor") or "") or os.environ.get("USER", "")
    session.info.setdefault(_PENDING, []).append({
        "at": utcnow(), "actor": who, "action": action,
        "object_type": type(obj).__name__.lower() if obj is not None else "",
        "object_id": str(getattr(obj, "id", "") or "") if obj is not None else "",
        "detail": detail})


def record_now(conn: Connection, action: str, *, actor: str, object_type: str = "",
               object_id: object = "", **detail: object) -> None:
    """Append one row at once on a Core connection (code that works without a Session)."""
    append_rows(conn, [{"action": action, "actor": actor, "object_type": object_type,
                        "object_id": object_id, "detail": detail}], key_of(conn))


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()  # everything else first: the head lock is the last lock taken
    append_rows(session.connection(), pending, key_of(session))


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


# -- checking and reading --------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """The first row where the chain breaks: its id (None: the head) and what is wrong."""

    row_id: int | None
    seq: int
    why: str


@dataclass(frozen=True)
class Verified:
    rows: int
    keyed: bool  # HMACs were checked (a key was given)
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _rows(conn: Connection) -> Iterator[dict[str, Any]]:
    table = AuditEvent.__table__
    result = conn.execution_options(stream_results=True).execute(
        select(table).order_by(table.c.seq, table.c.id))
    while batch := result.mappings().fetchmany(1000):
        yield from (dict(r) for r in batch)


def verify(conn: Connection, key: bytes | None = None) -> Verified:
    """Walk the chain from the first row; report the first row that does not fit.

    Catches an edited row (its hash), a deleted one (a gap in ``seq`` or a ``prev_hash`` that
    does not match), an inserted one (a repeated ``seq`` or a broken link) and rows cut off the
    end (the head). With ``key``, also each row's HMAC: once a row has one, every later row
    must (rows chained before the home was protected have none).
    """
    from .i18n import _

    prev, expected, n, keyed_seen = "", 1, 0, False
    for row in _rows(conn):
        n += 1
        rid, seq = row["id"], row["seq"]

        def bad(why: str, rid: int = rid, seq: int = seq, n: int = n) -> Verified:
            return Verified(n, key is not None, Problem(rid, seq, why))

        if seq != expected:
            return bad(_("expected position {n} in the chain, found {seq}: a row was deleted "
                         "or inserted here").format(n=expected, seq=seq))
        if row["prev_hash"] != prev:
            return bad(_("it does not follow the row before it: a row was deleted, inserted "
                         "or edited here"))
        if row_hash(row) != row["hash"]:
            return bad(_("its contents do not match its hash: the row was edited"))
        if key is not None:
            if row["mac"]:
                keyed_seen = True
                if not hmac.compare_digest(row["mac"], _mac(key, row["hash"])):
                    return bad(_("its signature is wrong: the row was rewritten without the "
                                 "key"))
            elif keyed_seen:
                return bad(_("it has no signature although earlier rows have one"))
        prev, expected = row["hash"], expected + 1
    head = AuditHead.__table__
    found = conn.execute(select(head.c.seq, head.c.hash, head.c.mac)
                         .where(head.c.id == HEAD_ID)).first()
    last = expected - 1
    head_seq, head_hash, head_mac = found if found is not None else (0, "", "")
    if (head_seq, head_hash) != (last, prev):
        return Verified(n, key is not None, Problem(None, head_seq, _(
            "the log ends at row {last} but its head says {seq}: rows were cut off the end "
            "or the head was edited").format(last=last, seq=head_seq)))
    if key is not None and head_mac and not hmac.compare_digest(
            head_mac, _mac(key, _head_text(head_seq, head_hash))):
        return Verified(n, True, Problem(None, head_seq, _("the head's signature is wrong")))
    return Verified(n, key is not None, None)


EXPORT_FIELDS = ("id", "seq", "at", "actor", "action", "object_type", "object_id", "detail",
                 "prev_hash", "hash", "mac")


def rows(conn: Connection, *, action: str = "", actor: str = "",
         limit: int | None = None) -> list[dict[str, Any]]:
    """Audit rows, newest first, optionally only one action (prefix) or actor."""
    table = AuditEvent.__table__
    query = select(table).order_by(table.c.seq.desc(), table.c.id.desc())
    if action:
        query = query.where(table.c.action.startswith(action, autoescape=True))
    if actor:
        query = query.where(table.c.actor == actor)
    if limit:
        query = query.limit(limit)
    return [dict(r) for r in conn.execute(query).mappings()]


def export_csv(conn: Connection, out: Path) -> int:
    """Write every row, oldest first, with its chain fields; returns the number of rows."""
    from .fileio import atomic_output

    n = 0
    with atomic_output(out) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_FIELDS)
        for row in _rows(conn):
            row = dict(row, detail=json.dumps(row["detail"], sort_keys=True),
                       at=row["at"].isoformat(timespec="microseconds"))
            writer.writerow([row[f] for f in EXPORT_FIELDS])
            n += 1
    return n
