"""Database engine and sessions; schema created and upgraded by Alembic migrations.

SQLite by default (WAL journal, foreign keys on, a busy timeout so a second process waits
instead of failing); PostgreSQL (``postgresql+psycopg://user:password@host/db``) for a clinic
server, where many clinicians share one database. Only portable SQL is used here.

Shared editing: every session has an *actor* (who is editing; ``Database.actor`` or
``session(actor=...)``) stamped as ``changed_by``/``changed_at`` on the versioned rows it
writes (:class:`vfeedback.models.Versioned`). A write that lost a race with another person's
becomes a :class:`ConflictError` naming them, never a silent overwrite. A database URL is
shown to people only through :func:`masked_url` (no password in messages or ``info``).

Protected homes: given a ``key`` (32 bytes, ``subkey(data_key, "database")``), a SQLite file
is opened with SQLCipher (``sqlcipher3``) instead of the standard library's sqlite3, and
``PRAGMA key`` is the first statement on every new connection, before anything reads the file;
the raw-key form (``x'<hex>'``) skips SQLCipher's own key derivation, since the key is already
random. Everything else (WAL, foreign keys, busy timeout) stays as for a plain file. A
PostgreSQL URL ignores the key: a server's database is protected by the server (TLS, its disk).
"""

from __future__ import annotations

import contextlib
import getpass
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from .errors import DatabaseError, VFeedbackError
from .i18n import N_, _
from .models import Versioned, utcnow

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    _set_pragmas(cursor)


# How long a writer waits for another's transaction on a laptop's SQLite file: with many
# processes writing one file (the clinic load test) 5 s was seen to run out under load.
BUSY_TIMEOUT_S = 30


def _set_pragmas(cursor) -> None:  # noqa: ANN001
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.close()


def _sqlcipher_pragmas(key: bytes):  # noqa: ANN202
    """A connect hook that gives SQLCipher the key first, then the usual pragmas."""
    statement = f"PRAGMA key = \"x'{key.hex()}'\""

    def on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        _set_pragmas(cursor)

    return on_connect


def is_plain_sqlite(path: str | Path) -> bool:
    """Whether a file starts with SQLite's plain header (an encrypted one looks random)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


class ConflictError(VFeedbackError):
    """Someone else changed (or deleted) a row since this person read it; nothing was written.

    The message names who and when ("changed by X at HH:MM — reload or keep yours"); the GUI
    offers both: reload, or repeat the edit with ``force=True`` (annotations) to keep theirs.
    """

    def __init__(self, what: str, object_id: Any = None, changed_by: str = "",
                 changed_at: datetime | None = None, deleted: bool = False,
                 prefix: str = "") -> None:
        self.what, self.object_id, self.deleted = what, object_id, deleted
        self.changed_by, self.changed_at = changed_by, changed_at
        if deleted:
            text = _("This {what} was deleted by someone else — reload to see it").format(
                what=what)
        else:
            text = _("This {what} was changed by {who} at {time} — reload or keep yours").format(
                what=what, who=changed_by or _("someone else"), time=local_hhmm(changed_at))
        super().__init__(prefix + text)

    @classmethod
    def for_row(cls, row: Versioned | None, what: str, object_id: Any = None,
                prefix: str = "") -> ConflictError:
        if row is None:
            return cls(what, object_id, deleted=True, prefix=prefix)
        return cls(what, getattr(row, "id", object_id), row.changed_by, row.changed_at,
                   prefix=prefix)


class ServerUnreachable(DatabaseError):
    """The database server cannot be reached: nothing of the last change was written (its
    transaction never committed); the GUI keeps such an edit in its outbox to send later."""


# What a versioned table's row is called in a conflict message.
ROW_NAMES = {"annotation": N_("annotation"), "clip": N_("clip"),
             "feedback_plan": N_("feedback plan"), "case": N_("case")}


def local_hhmm(when: datetime | None) -> str:
    """A stored (naive UTC) time as the reader's local HH:MM."""
    if when is None:
        return "?"
    return when.replace(tzinfo=UTC).astimezone().strftime("%H:%M")


def default_actor() -> str:
    """Who is editing when nobody logged in: the operating system's user name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return ""


def masked_url(url: str) -> str:
    """The URL with its password replaced by ``***``, fit to print or log."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _open_engine(url: str, key: bytes | None = None) -> Engine:
    """``make_engine`` with a clear error for a URL that names no usable database."""
    try:
        return make_engine(url, key)
    except NoSuchModuleError:
        scheme = url.split(":", 1)[0]
        raise DatabaseError(_(
            "The database URL {url} names an unknown kind of database ({scheme}); use "
            "sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE").format(
            url=masked_url(url), scheme=scheme)) from None
    except ImportError as exc:
        raise DatabaseError(_(
            "The database driver for {url} is not installed ({module}); use "
            "postgresql+psycopg://… (psycopg is installed with vfeedback)").format(
            url=masked_url(url), module=exc.name or exc)) from None
    except (ArgumentError, ValueError) as exc:
        # Not shown: a URL we cannot parse may hold a password we cannot find to mask.
        raise DatabaseError(_("The database URL (VFEEDBACK_DATABASE_URL or the database_url "
                              "setting) is not valid: {why}").format(
            why=str(exc).splitlines()[0])) from None


def make_engine(url: str, key: bytes | None = None) -> Engine:
    """An engine for ``url``; with ``key``, a SQLite file is opened encrypted (SQLCipher)."""
    if url.startswith("sqlite") and key is not None:
        import sqlcipher3

        engine = create_engine(url, module=sqlcipher3.dbapi2,
                               connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlcipher_pragmas(key), insert=True)
    elif url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def alembic_config(engine: Engine) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser treats "%" as interpolation: a %-escaped password (SQLCipher's key) needs %%.
    cfg.set_main_option("sqlalchemy.url",
                        engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def _friendly(exc: Exception, url: str) -> DatabaseError:
    text = str(exc).lower()
    url = masked_url(url)
    if "locked" in text or "busy" in text:
        return DatabaseError(_("The database {url} is locked by another program; close it and "
                               "try again").format(url=url))
    why = (str(getattr(exc, "orig", exc)).strip().splitlines() or [type(exc).__name__])[0]
    if getattr(exc, "connection_invalidated", False) or "connection" in text:
        return ServerUnreachable(_("The database server {url} cannot be reached; the last change "
                               "was not saved ({why})").format(url=url, why=why))
    return DatabaseError(_("The database {url} cannot be used: {why}").format(url=url, why=why))


def _stamp_versioned(session: Session, _context: Any, _instances: Any) -> None:
    """Before each flush: versioned rows written now carry the session's actor and the time."""
    actor = str(session.info.get("actor") or "")[:120]
    now = utcnow()
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Versioned) and (
                obj in session.new or session.is_modified(obj, include_collections=False)):
            obj.changed_by = actor
            obj.changed_at = now


def _conflict_from(session: Session, exc: StaleDataError) -> tuple[str, list[tuple[Any, int | None]]]:
    """Which rows a failed versioned UPDATE/DELETE may be about: (table, [(key, version)]).

    After the failed flush the session no longer says which row was dirty, so every loaded
    row of that table is a candidate; :meth:`Database._conflict` finds the one that moved.
    """
    match = re.search(r"table '([^']+)'", str(exc))
    table = match.group(1) if match else ""
    candidates = []
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Versioned) and getattr(obj, "__tablename__", "") == table:
            state = inspect(obj)  # read without loading: the transaction is dead
            held = state.committed_state.get("version", state.dict.get("version"))
            candidates.append((state.identity, held))
    return table, candidates


class Database:
    """The engine plus a session factory; ``upgrade()`` brings the schema to this version."""

    def __init__(self, url: str, actor: str | None = None, key: bytes | None = None) -> None:
        self.url = url
        self.engine = _open_engine(url, key)
        # Whether the file is SQLCipher-encrypted (a protected home's laptop database).
        self.encrypted = key is not None and self.dialect == "sqlite"
        self.Session = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self.Session, "before_flush", _stamp_versioned)
        # Who edits through this database object; the accounts work sets the logged-in user.
        self.actor = default_actor() if actor is None else actor

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def display_url(self) -> str:
        return masked_url(self.url)

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str:
        script = ScriptDirectory.from_config(alembic_config(self.engine))
        head = script.get_current_head()
        assert head is not None
        return head

    def upgrade(self, revision: str = "head") -> None:
        """Create or upgrade the schema; refuse a database made by a newer vfeedback."""
        cfg = alembic_config(self.engine)
        script = ScriptDirectory.from_config(cfg)
        try:
            current = self.current_revision()
            if current is not None and script.get_revision(current) is None:
                raise KeyError(current)
        except (KeyError, CommandError):
            raise DatabaseError(_("The database {url} was made by a newer version of vfeedback; "
                                  "update vfeedback to open it").format(
                                      url=self.display_url)) from None
        except SQLAlchemyError as exc:
            raise _friendly(exc, self.url) from exc
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        except SQLAlchemyError as exc:
            raise _friendly(exc, self.url) from exc

    @contextlib.contextmanager
    def session(self, actor: str | None = None) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error.

        ``actor`` (default ``self.actor``) is stamped on the versioned rows written; a write
        that lost a race raises :class:`ConflictError`; a lost server :class:`DatabaseError`.
        """
        session = self.Session()
        session.info["actor"] = self.actor if actor is None else actor
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            table, candidates = _conflict_from(session, exc)
            session.rollback()
            raise self._conflict(table, candidates) from exc
        except OperationalError as exc:
            session.rollback()
            raise _friendly(exc, self.url) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _conflict(self, table: str, candidates: list[tuple[Any, int | None]]) -> ConflictError:
        """Read who changed the row that a write lost to, in a fresh transaction."""
        what = _(ROW_NAMES.get(table, table or "row"))
        cls = next((c for c in _versioned_classes() if c.__tablename__ == table), None)
        if cls is None:
            return ConflictError(what)
        try:
            with self.Session() as fresh:
                for key, held in candidates:
                    row = fresh.get(cls, key)
                    if row is None or row.version != held:
                        return ConflictError.for_row(row, what, key)
        except SQLAlchemyError:
            pass
        return ConflictError(what)

    def dispose(self) -> None:
        self.engine.dispose()


def _versioned_classes() -> list[type]:
    return [c for c in Versioned.__subclasses__() if hasattr(c, "__tablename__")]


def open_database(url: str, actor: str | None = None, key: bytes | None = None) -> Database:
    db = Database(url, actor, key)
    db.upgrade()
    return db
