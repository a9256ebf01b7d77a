"""Database engine and sessions; schema created and upgraded by Alembic migrations.

SQLite by default (WAL journal, foreign keys on, a busy timeout so a second process waits
instead of failing), any SQLAlchemy URL otherwise. Only portable SQL is used here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from .errors import DatabaseError
from .i18n import _

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def alembic_config(engine: Engine) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def _friendly(exc: Exception, url: str) -> DatabaseError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError(_("The database {url} is locked by another program; close it and "
                               "try again").format(url=url))
    return DatabaseError(_("The database {url} cannot be used: {why}").format(
        url=url, why=str(getattr(exc, "orig", exc)).splitlines()[0]))


class Database:
    """The engine plus a session factory; ``upgrade()`` brings the schema to this version."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.Session = sessionmaker(self.engine, expire_on_commit=False)

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
                                  "update vfeedback to open it").format(url=self.url)) from None
        except SQLAlchemyError as exc:
            raise _friendly(exc, self.url) from exc
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        except OperationalError as exc:
            raise _friendly(exc, self.url) from exc

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        session = self.Session()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise _friendly(exc, self.url) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str) -> Database:
    db = Database(url)
    db.upgrade()
    return db
