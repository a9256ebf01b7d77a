"""The opened vfeedback data: settings, database and media store, as one object.

Everything that works on a user's data (CLI commands, the GUI, tests) opens one ``App`` and
passes it down; nothing else decides where data lives.

Opening also makes the data private to the user: the process's umask becomes 077, so every file
vfeedback or its ffmpeg children create (database, capture files, exports, reels) is 0600 and every
folder 0700; stored objects are 0400 (see ``store``). And it refuses a database that has lost its
contents while the store still holds media, instead of quietly starting an empty one.

A protected home (``keyring.json``, see :mod:`vfeedback.security`) opens only with an
:class:`~vfeedback.security.Identity` from a login: its key opens the SQLCipher database, and
``app.identity`` says who is working.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from . import audit, scratch
from .config import Config, load_config
from .crypto import subkey
from .db import Database, is_plain_sqlite
from .errors import DatabaseError
from .i18n import _
from .security import Identity, LoginError, is_protected
from .store import MediaStore

PRIVATE_UMASK = 0o077


@dataclass
class App:
    config: Config
    db: Database
    store: MediaStore
    identity: Identity | None = None

    @property
    def data_key(self) -> bytes | None:
        return self.identity.data_key if self.identity is not None else None

    @property
    def actor(self) -> str | None:
        """The logged-in user's name (None in an unprotected home: the person at this computer)."""
        return self.identity.name if self.identity is not None else None

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


def _open_checked(url: str, store: MediaStore, key: bytes | None = None) -> Database:
    """Open (and upgrade) the database, unless it is empty while the store holds objects."""
    db_file = _sqlite_file(url)
    if db_file is not None and db_file.exists() and db_file.stat().st_size > 0:
        plain = is_plain_sqlite(db_file)
        if key is None and not plain:
            raise DatabaseError(_(
                "The database {db} is encrypted, but this home has no key file (keyring.json): "
                "restore that file from a backup").format(db=db_file))
        if key is not None and plain:
            raise DatabaseError(_(
                "This home has a key file, but its database {db} is not encrypted: finish "
                "`vfeedback encrypt`, or move keyring.json aside").format(db=db_file))
    if db_file is not None:
        # Checked before connecting: opening a zero-byte file would already write to it.
        existed = db_file.exists()
        if (not existed or db_file.stat().st_size == 0) and store.has_objects():
            raise _refuse(db_file, _("empty") if existed else _("missing"), store)
        if not existed and db_file.parent.is_dir():
            # Create it 0600 ourselves; SQLite gives its -wal and -shm files the same mode.
            with contextlib.suppress(FileExistsError):
                os.close(os.open(db_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    db = Database(url, key=key)
    try:
        empty = db.current_revision() is None
    except SQLAlchemyError:
        empty = False  # unreadable: upgrade() below reports it clearly
    if empty and store.has_objects():  # a server database without our tables
        db.dispose()
        raise _refuse(make_url(url).render_as_string(hide_password=True), _("empty"), store)
    db.upgrade()
    return db


def open_app(home: str | os.PathLike[str] | None = None, *,
             identity: Identity | None = None) -> App:
    """Open the home's data; a protected home needs the ``identity`` of a login."""
    os.umask(PRIVATE_UMASK)  # process-wide on purpose: ffmpeg children inherit it
    config = load_config(home)
    if identity is None and is_protected(config.home):
        raise LoginError(_(
            "The home {home} is protected: log in first (set VFEEDBACK_USER and "
            "VFEEDBACK_PASSWORD, or type them when asked)").format(home=config.home))
    scratch.use_home(config.home)
    scratch.clean_abandoned(scratch.home_tmp())  # what a killed process left, nothing live
    store = MediaStore(config.store_dir, key=subkey(identity.data_key, "store")
                       if identity is not None else None)
    store.cleanup_temporary()
    key = subkey(identity.data_key, "database") if identity is not None else None
    db = _open_checked(config.database_url, store, key)
    if identity is not None:
        db.actor = identity.name  # stamped as changed_by on what this person writes
        audit.bind_key(db, identity.data_key)  # the audit chain's HMACs
    return App(config=config, db=db, store=store, identity=identity)
