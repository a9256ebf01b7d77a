"""Setting up and checking a clinic server; bringing a laptop's home onto it.

``init_server``: schema (Alembic, as every app start does) and the first administrator. The
``user`` table exists already; accounts with passwords and roles enforced are the privacy
work's, so the administrator is only a ``User`` row with role ``admin`` here.
``check``: what an administrator asks first — versions, connections, whether the media store
can be reached and written. ``import_home``: every case, recording, annotation and plan of a
SQLite home, merged under new ids (``transfer.merge_into``), media copied and re-hashed first.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from ..app import App
from ..db import Database, open_database
from ..errors import InputError, VFeedbackError
from ..i18n import _
from ..models import User
from ..progress import ProgressFn, report
from ..store import MediaStore
from . import transfer
from .backup import referenced_keys


def init_server(url: str, admin: str) -> tuple[Database, bool]:
    """Create or upgrade the schema at ``url`` and make sure ``admin`` exists as an admin.

    Returns the opened database and whether the administrator was created now.
    """
    admin = admin.strip()
    if not admin or len(admin) > 120:
        raise InputError(_("An administrator's name has 1 to 120 characters"))
    db = open_database(url, actor=admin)
    with db.session() as session:
        user = session.scalar(select(User).where(User.name == admin))
        if user is None:
            session.add(User(name=admin, role="admin"))
            return db, True
        if user.role != "admin":
            raise InputError(_("{name} exists already as a {role}, not an administrator")
                             .format(name=admin, role=user.role))
    return db, False


@dataclass(frozen=True)
class CheckLine:
    what: str
    ok: bool
    detail: str


def check(app: App) -> list[CheckLine]:
    """Versions, database and its connections, schema, media store: one line each."""
    lines = [CheckLine(_("vfeedback"), True, package_version("vfeedback"))]
    db = app.db
    try:
        with db.engine.connect() as conn:
            if db.dialect == "postgresql":
                server = conn.scalar(text("SHOW server_version"))
                used = conn.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"))
                limit = conn.scalar(text("SHOW max_connections"))
                lines.append(CheckLine(_("database"), True, f"PostgreSQL {server}, "
                                       f"{db.display_url}"))
                lines.append(CheckLine(_("connections"), True, _(
                    "{used} open to this database, the server allows {limit}").format(
                    used=used, limit=limit)))
            else:
                lines.append(CheckLine(_("database"), True,
                                       f"SQLite {sqlite3.sqlite_version}, {db.display_url}"))
        current, head = db.current_revision(), db.head_revision()
        lines.append(CheckLine(_("schema"), current == head, _(
            "{current} (this vfeedback: {head})").format(current=current, head=head)))
        with db.session() as session:
            users = session.scalars(select(User.role)).all()
        lines.append(CheckLine(_("administrators"), "admin" in users, _(
            "{admins} of {users} users").format(admins=users.count("admin"),
                                                users=len(users))))
    except (SQLAlchemyError, VFeedbackError) as exc:
        lines.append(CheckLine(_("database"), False, str(exc).splitlines()[0]))
    lines.append(_check_store(app.store))
    return lines


def _check_store(store: MediaStore) -> CheckLine:
    root = store.root
    try:
        with tempfile.NamedTemporaryFile(dir=root / "tmp", prefix="check-") as probe:
            probe.write(b"vfeedback")
            probe.flush()
            os.fsync(probe.fileno())
        objects = len(list(store.keys()))
        free = shutil.disk_usage(root).free
    except OSError as exc:
        return CheckLine(_("media store"), False, _("{path} cannot be written: {why}").format(
            path=root, why=exc.strerror or exc))
    return CheckLine(_("media store"), True, _(
        "{path}: {n} objects, {free:.1f} GB free").format(path=root, n=objects,
                                                         free=free / 1e9))


def home_source(home: Path) -> tuple[str, MediaStore]:
    """The database URL and store of a laptop's home folder (not the current one)."""
    home = Path(home).expanduser().absolute()
    settings = {}
    if (home / "settings.json").exists():
        try:
            settings = json.loads((home / "settings.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(_("The settings file in {home} is unreadable: {why}").format(
                home=home, why=exc)) from exc
    url = settings.get("database_url") or ""
    if not url:
        db_file = home / "vfeedback.db"
        if not db_file.is_file():
            raise InputError(_("{home} is not a vfeedback home (it has no vfeedback.db)")
                             .format(home=home))
        url = f"sqlite:///{db_file.as_posix()}"
    store_dir = Path(settings.get("store_dir") or home / "store")
    if not (store_dir / "objects").is_dir():
        raise InputError(_("{home} has no media store at {path}").format(
            home=home, path=store_dir))
    return url, MediaStore(store_dir)


def import_home(app: App, home: Path, progress: ProgressFn | None = None) -> dict[str, int]:
    """Bring every case, recording, annotation and plan of ``home`` into ``app``'s database.

    Media first (re-hashed into the target store; identical files are stored once), then the
    rows in one transaction: a refusal or failure leaves the server's rows as they were.
    """
    url, source_store = home_source(home)
    if url == app.db.url:
        raise InputError(_("That home is this database already"))
    source = open_database(url, actor="import")  # brings an older home to this schema
    try:
        with source.engine.connect() as conn:
            keys = referenced_keys(conn)
        for i, key in enumerate(keys):
            report(progress, 0.8 * i / max(1, len(keys)), _("Copying media"))
            # Streamed between the stores (either may be encrypted); bytes that do not hash
            # to ``key`` are refused with a StoreError before anything is stored.
            app.store.copy_from(source_store, key)
        report(progress, 0.8, _("Copying cases, recordings and annotations"))
        with source.engine.connect() as src, app.db.engine.begin() as dst:
            added = transfer.merge_into(src, dst)
    finally:
        source.dispose()
    report(progress, 1.0, _("Imported"))
    return added
