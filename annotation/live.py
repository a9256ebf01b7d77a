"""Live refresh: notice other people's annotation edits of a shared recording.

Every edit bumps the recording's ``annotations_rev`` in its own transaction
(:func:`annotation.editing.bump_rev`), so "has anything changed since I looked?" is one
indexed read (:func:`annotations_changed_since`). On PostgreSQL each edit also sends a
``NOTIFY vfeedback_annotations '<recording id> <rev>'`` at commit, so
:func:`wait_for_change` wakes within milliseconds instead of at the next poll; on SQLite it
polls. Either way the caller then asks its editor what changed
(:meth:`annotation.editing.AnnotationEditor.poll`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from vfeedback.db import Database
from vfeedback.errors import DatabaseError
from vfeedback.models import Recording

from .editing import NOTIFY_CHANNEL

POLL_S = 0.5  # SQLite (and PostgreSQL: how often a watcher looks at its stop flag)
RETRY_S = 2.0  # a watcher whose server went away tries again this often
LISTEN_CHECK_S = 10.0  # PostgreSQL: look anyway this often (a notification lost in a reconnect)


def annotations_changed_since(db: Database, recording_id: int, marker: int | None) -> int | None:
    """The recording's edit counter when it differs from ``marker``; None when unchanged.

    Start with ``marker=None`` (always returns the current counter), keep what it returns.
    """
    with db.session() as session:
        rev = session.scalar(select(Recording.annotations_rev)
                             .where(Recording.id == recording_id))
    rev = int(rev or 0)
    return None if rev == marker else rev


def wait_for_change(db: Database, recording_id: int, marker: int | None,
                    timeout_s: float) -> int | None:
    """Block until the recording's annotations change past ``marker`` or the time runs out.

    Returns the new counter, or None on time-out. Run it on a worker thread (the GUI) or in a
    loop (a CLI watcher); it holds one database connection while it waits.
    """
    if db.dialect == "postgresql":
        return _wait_postgres(db, recording_id, marker, timeout_s)
    deadline = time.monotonic() + timeout_s
    while True:
        rev = annotations_changed_since(db, recording_id, marker)
        if rev is not None or time.monotonic() >= deadline:
            return rev
        time.sleep(min(POLL_S, max(0.0, deadline - time.monotonic())))


def _wait_postgres(db: Database, recording_id: int, marker: int | None,
                   timeout_s: float) -> int | None:
    import psycopg

    args = db.engine.url.translate_connect_args(username="user", database="dbname")
    deadline = time.monotonic() + timeout_s
    with psycopg.connect(autocommit=True, **args) as conn:
        conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        # Listening before looking: an edit committed between the two is not missed.
        rev = annotations_changed_since(db, recording_id, marker)
        while rev is None:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            # Any notification (another recording's too) or a quiet slice: look again.
            for _note in conn.notifies(timeout=min(left, LISTEN_CHECK_S), stop_after=1):
                pass
            rev = annotations_changed_since(db, recording_id, marker)
        return rev


def watch(db: Database, recording_id: int, on_change: Callable[[int], None],
          stop: threading.Event, marker: int | None = None) -> None:
    """Call ``on_change(counter)`` each time the recording's annotations change, until
    ``stop`` is set (within :data:`POLL_S`). For a GUI's worker thread: a lost server is
    waited out (tried again every :data:`RETRY_S`), never raised. PostgreSQL: one LISTEN
    connection for the whole watch; SQLite: a poll every :data:`POLL_S`."""
    while not stop.is_set():
        try:
            if db.dialect == "postgresql":
                marker = _watch_postgres(db, recording_id, on_change, stop, marker)
            else:
                rev = annotations_changed_since(db, recording_id, marker)
                if rev is not None:
                    on_change(rev)  # the first look too: a change just before the watch
                    marker = rev
                stop.wait(POLL_S)
        except (DatabaseError, SQLAlchemyError, OSError, _psycopg_errors()):
            stop.wait(RETRY_S)


def _psycopg_errors() -> type[Exception]:
    try:
        import psycopg
    except ImportError:  # SQLite only: nothing of psycopg can be raised
        return DatabaseError
    return psycopg.Error


def _watch_postgres(db: Database, recording_id: int, on_change: Callable[[int], None],
                    stop: threading.Event, marker: int | None) -> int | None:
    import psycopg

    args = db.engine.url.translate_connect_args(username="user", database="dbname")
    with psycopg.connect(autocommit=True, connect_timeout=5, **args) as conn:
        conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        last_look = 0.0
        while not stop.is_set():
            rev = annotations_changed_since(db, recording_id, marker)
            last_look = time.monotonic()
            if rev is not None:
                on_change(rev)
                marker = rev
            # Until a notification, the stop flag, or the periodic look (a lost NOTIFY).
            while not stop.is_set() and time.monotonic() - last_look < LISTEN_CHECK_S:
                if any(True for _n in conn.notifies(timeout=POLL_S, stop_after=1)):
                    break
    return marker
