"""The opened vfeedback data: settings, database and media store, as one object.

Everything that works on a user's data (CLI commands, the GUI, tests) opens one ``App`` and
passes it down; nothing else decides where data lives.

Opening also makes the data private to the user: the process's umask becomes 077, so every file
vfeedback or its ffmpeg children create (database, capture files, exports, reels) is 0600 and every
folder 0700; stored objects are 0400 (see ``store``). And it refuses a database that has lost its
contents while the store still holds media, instead of quietly starting an empty one.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from . import scratch
from .config import Config, load_config
from .db import Database
from .errors import DatabaseError
from .i18n import _
from .store import MediaStore

PRIVATE_UMASK = 0o077


@dataclass
class App:
    config: Config
    db: Database
    store: MediaStore

    def close(self) -> None:
        self.db.dispose()


def _sqlite_file(url: str) -> Path | None:
    """The database file of a file-backed SQLite URL, else None."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - an unusable URL is reported when the database opens
        return None
    if not parsed.drivername.startswith("sqlite") or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def _refuse(where: object, state: str, store: MediaStore) -> DatabaseError:
    return DatabaseError(_(
        "The database {db} is {state}, but the media store {store} holds recordings: refusing "
        "to start an empty database over them. Restore the database from a backup (copy it back "
        "to {db}), or, to really start afresh, move the folder {store} aside first").format(
            db=where, state=state, store=store.root))


def _open_checked(url: str, store: MediaStore) -> Database:
    """Open (and upgrade) the database, unless it is empty while the store holds objects."""
    db_file = _sqlite_file(url)
    if db_file is not None:
        # Checked before connecting: opening a zero-byte file would already write to it.
        existed = db_file.exists()
        if (not existed or db_file.stat().st_size == 0) and store.has_objects():
            raise _refuse(db_file, _("empty") if existed else _("missing"), store)
        if not existed and db_file.parent.is_dir():
            # Create it 0600 ourselves; SQLite gives its -wal and -shm files the same mode.
            with contextlib.suppress(FileExistsError):
                os.close(os.open(db_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    db = Database(url)
    try:
        empty = db.current_revision() is None
    except SQLAlchemyError:
        empty = False  # unreadable: upgrade() below reports it clearly
    if empty and store.has_objects():  # a server database without our tables
        db.dispose()
        raise _refuse(make_url(url).render_as_string(hide_password=True), _("empty"), store)
    db.upgrade()
    return db


def open_app(home: str | os.PathLike[str] | None = None) -> App:
    os.umask(PRIVATE_UMASK)  # process-wide on purpose: ffmpeg children inherit it
    config = load_config(home)
    scratch.use_home(config.home)
    scratch.clean_abandoned(scratch.home_tmp())  # what a killed process left, nothing live
    store = MediaStore(config.store_dir)
    store.cleanup_temporary()
    db = _open_checked(config.database_url, store)
    return App(config=config, db=db, store=store)
