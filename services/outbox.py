"""The outbox: annotation edits made while the clinic server was unreachable, sent later.

When an edit fails with :class:`vfeedback.db.ServerUnreachable`, nothing of it reached the
server (its transaction never committed). The GUI then keeps the edit here, in a small SQLite
file in the home (``outbox.db``, private like the home's own database), as plain data: what
kind of edit, on which recording, its fields and the version of each annotation it was made
on. :func:`send` later replays the waiting edits in order through :mod:`services.annotations`
(with those versions, so a colleague's change made meanwhile is a
:class:`~vfeedback.db.ConflictError`, not an overwrite); each is removed only after the server
took it. The file survives a restart of the app.

An edit that can no longer apply when it is sent (the recording deleted meanwhile, the
person's access to the case withdrawn) is not thrown away: it moves, with the reason, to a
second table of the same file (:meth:`Outbox.refuse`), listed by :func:`refused` (the
window's outbox label and ``vfeedback server refused``), so the person can redo it by hand or
forget it once read.

Limit: an edit whose commit reached the server but whose answer was lost in the outage is
not told apart from one that never arrived; an *add* sent again then appears twice (the
journal lets either be undone). Changes and deletions are safe to send again: their version
check refuses a second application.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vfeedback.db import ConflictError, ServerUnreachable
from vfeedback.errors import InputError
from vfeedback.i18n import _

from . import annotations
from .access import Actor
from .changes import NOTHING, Changes, Outcome, Subject

App = Any  # vfeedback.app.App
FILE = "outbox.db"
KINDS = ("add", "update", "delete")


@dataclass(frozen=True)
class Entry:
    """One waiting edit."""

    id: int
    recording_id: int
    kind: str  # "add", "update" or "delete"
    payload: dict[str, Any]
    label: str  # what the person did, in words, for the list of waiting edits


@dataclass(frozen=True)
class Refused:
    """A waiting edit the server refused when it was sent, kept with the reason."""

    id: int
    recording_id: int
    kind: str
    payload: dict[str, Any]
    label: str
    reason: str
    at: float  # when it was refused (seconds since the epoch)


class Outbox:
    """The waiting edits of one home (thread-safe; each call its own short transaction)."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home) / FILE
        self._lock = threading.Lock()
        self.set_aside: Path | None = None  # a damaged outbox file, kept for inspection

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY "
                         "AUTOINCREMENT, recording_id INTEGER NOT NULL, kind TEXT NOT NULL, "
                         "payload TEXT NOT NULL, label TEXT NOT NULL DEFAULT '')")
            conn.execute("CREATE TABLE IF NOT EXISTS refused (id INTEGER PRIMARY KEY "
                         "AUTOINCREMENT, recording_id INTEGER NOT NULL, kind TEXT NOT NULL, "
                         "payload TEXT NOT NULL, label TEXT NOT NULL, reason TEXT NOT NULL, "
                         "at REAL NOT NULL)")
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise
            # Damaged (a disk fault, a half-copied file): set it aside, named, and go on
            # with an empty one, so the window still opens; the status bar says so.
            aside = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
            os.replace(self.path, aside)
            self.set_aside = aside
            return self._open()
        return conn

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        # One transaction (the inner ``conn``): all of it or nothing.
        with self._lock, closing(self._open()) as conn, conn:
            yield conn

    def put(self, recording_id: int, kind: str, payload: dict[str, Any], label: str = "") -> int:
        if kind not in KINDS:
            raise ValueError(f"unknown outbox edit {kind!r}")
        with self._db() as conn:
            cur = conn.execute("INSERT INTO outbox (recording_id, kind, payload, label) "
                               "VALUES (?, ?, ?, ?)",
                               (recording_id, kind, json.dumps(payload), label))
            return int(cur.lastrowid or 0)

    def entries(self) -> list[Entry]:
        if not self.path.exists():
            return []
        with self._db() as conn:
            rows = conn.execute("SELECT id, recording_id, kind, payload, label FROM outbox "
                                "ORDER BY id").fetchall()
        return [Entry(i, r, k, json.loads(p), label) for i, r, k, p, label in rows]

    def count(self) -> int:
        return len(self.entries())

    def remove(self, entry_id: int) -> None:
        with self._db() as conn:
            conn.execute("DELETE FROM outbox WHERE id = ?", (entry_id,))

    def refuse(self, entry_id: int, reason: str) -> None:
        """Move a waiting edit to the refused ones, with the reason (one transaction)."""
        with self._db() as conn:
            conn.execute("INSERT INTO refused (recording_id, kind, payload, label, reason, at) "
                         "SELECT recording_id, kind, payload, label, ?, ? FROM outbox "
                         "WHERE id = ?", (reason, time.time(), entry_id))
            conn.execute("DELETE FROM outbox WHERE id = ?", (entry_id,))

    def refused(self) -> list[Refused]:
        if not self.path.exists():
            return []
        with self._db() as conn:
            rows = conn.execute("SELECT id, recording_id, kind, payload, label, reason, at "
                                "FROM refused ORDER BY id").fetchall()
        return [Refused(i, r, k, json.loads(p), label, why, at)
                for i, r, k, p, label, why, at in rows]

    def forget(self, refused_ids: list[int]) -> int:
        with self._db() as conn:
            return sum(conn.execute("DELETE FROM refused WHERE id = ?", (i,)).rowcount
                       for i in refused_ids)


_outboxes: dict[Path, Outbox] = {}
_outboxes_lock = threading.Lock()


def outbox(app: App) -> Outbox:
    """The home's one outbox."""
    home = Path(app.config.home).absolute()
    with _outboxes_lock:
        return _outboxes.setdefault(home, Outbox(home))


# -- keeping ------------------------------------------------------------------------------------
def keep(app: App, actor: Actor, recording_id: int, kind: str, payload: dict[str, Any],
         label: str = "") -> Outcome[int]:
    """Keep an edit the server did not get. For a change or deletion, the versions the edit
    was made on are recorded now (what the person saw), unless the payload has them.

    No access check here: the server that knows the roles is the one that cannot be reached.
    Nothing is written to the data; each kept edit is checked when it is sent (:func:`apply`
    goes through the annotation services, which check the recording)."""
    payload = dict(payload)
    if kind == "update" and payload.get("expected_version") is None:
        payload["expected_version"] = annotations.seen_versions(
            app, recording_id, [payload["ann_id"]]).get(payload["ann_id"])
    elif kind == "delete" and not payload.get("expected"):
        payload["expected"] = {str(k): v for k, v in annotations.seen_versions(
            app, recording_id, list(payload["ann_ids"])).items()}
    return Outcome(outbox(app).put(recording_id, kind, payload, label), NOTHING)


def apply(app: App, actor: Actor, entry: Entry, *, force: bool = False) -> Outcome[Any]:
    """Send one waiting edit to the server (``force``: keep it over a colleague's change)."""
    p, rid = entry.payload, entry.recording_id
    if entry.kind == "add":
        return annotations.add(app, actor, rid, p["code_id"], p["start_ms"], p.get("end_ms"),
                               **p.get("fields", {}))
    if entry.kind == "update":
        return annotations.update_annotation(
            app, actor, rid, p["ann_id"], force=force,
            expected_version=p.get("expected_version"), **p["fields"])
    if entry.kind == "delete":
        expected = {int(k): v for k, v in (p.get("expected") or {}).items()}
        return annotations.delete(app, actor, rid, list(p["ann_ids"]), force=force,
                                  expected=expected)
    raise InputError(_("Unknown waiting edit: {kind}").format(kind=entry.kind))


@dataclass(frozen=True)
class SendReport:
    """What :func:`send` did: how many edits went, and why it stopped (if it did)."""

    sent: int
    waiting: int  # still in the outbox
    conflict: tuple[Entry, ConflictError] | None = None  # stopped here: ask the person
    unreachable: bool = False  # stopped: the server is still away
    dropped: tuple[tuple[Entry, str], ...] = ()  # edits that can no longer apply, and why


def send(app: App, actor: Actor) -> Outcome[SendReport]:
    """Send the waiting edits in order until one conflicts or the server is away again
    (each through the annotation services, which check the actor's access to its recording)."""
    box = outbox(app)
    sent, changes, dropped = 0, NOTHING, []
    conflict, unreachable = None, False
    for entry in box.entries():
        try:
            outcome = apply(app, actor, entry)
        except ServerUnreachable:
            unreachable = True
            break
        except ConflictError as exc:
            if not (exc.deleted and entry.kind == "delete"):
                conflict = (entry, exc)
                break
            # A deletion of a moment deleted meanwhile: what was wanted is done already.
            box.remove(entry.id)
            dropped.append((entry, str(exc)))
            changes = changes | Changes({Subject.ANNOTATIONS}, entry.recording_id)
            continue
        except InputError as exc:
            # E.g. the recording is gone, or the person's access to the case was withdrawn
            # meanwhile (AccessDenied): it cannot apply. Said, and kept with the reason.
            box.refuse(entry.id, str(exc))
            dropped.append((entry, str(exc)))
            changes = changes | Changes({Subject.ANNOTATIONS}, entry.recording_id)
            continue
        box.remove(entry.id)
        sent += 1
        changes = changes | outcome.changes
    return Outcome(SendReport(sent, box.count(), conflict, unreachable, tuple(dropped)),
                   changes)


def refused(app: App, actor: Actor) -> list[Refused]:
    """The edits the server refused when they were sent from this computer.

    They are this computer's own file and hold only what its person typed, so no access
    check beyond being able to open the home."""
    return outbox(app).refused()


def forget_refused(app: App, actor: Actor, refused_ids: list[int] | None = None) -> int:
    """Forget refused edits once read (all of them without ``refused_ids``)."""
    box = outbox(app)
    ids = [r.id for r in box.refused()] if refused_ids is None else refused_ids
    return box.forget(ids)


def resolve(app: App, actor: Actor, entry_id: int, keep_mine: bool) -> Outcome[None]:
    """Settle a waiting edit that conflicted: send it anyway (``keep_mine``) or drop it
    (the colleague's version stays: "reload"); keeping mine goes through the annotation
    services, which check access."""
    box = outbox(app)
    entry = next((e for e in box.entries() if e.id == entry_id), None)
    if entry is None:
        return Outcome(None, NOTHING)
    changes = Changes({Subject.ANNOTATIONS}, entry.recording_id)
    if keep_mine:
        with suppress(InputError):  # deleted meanwhile: nothing to keep it on
            changes = apply(app, actor, entry, force=True).changes
    box.remove(entry.id)
    return Outcome(None, changes)
