"""Backup and restore: the database and the media objects it refers to, consistent.

A backup folder holds ``manifest.json`` (schema revision, row counts, each object's key and
size), ``database.sqlite`` (every row, at the source's schema revision) and ``objects/``
(the store objects the rows refer to, same layout as a store). The database is read as one
snapshot (SQLite's online backup API; on PostgreSQL one REPEATABLE READ transaction), and
only then are the objects it names copied, each re-hashed: objects are immutable and named by
their SHA-256, so the pair is consistent even while clinicians keep working. The folder is
written as ``DIR.partial`` and renamed when complete.

Why SQLAlchemy table by table into a SQLite file, not ``pg_dump``: one format for laptops'
SQLite homes and the clinic server alike (a home's backup restores onto a server and back),
no dependence on the server's ``pg_dump`` version, and a backup anyone can open with SQLite.
For a large server, PostgreSQL's own base backups and WAL archiving remain the tool for
point-in-time recovery (``docs/clinic-server.md``); this is the portable, checkable copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from ..app import App
from ..db import Database
from ..errors import InputError, StoreError
from ..i18n import _
from ..models import Base, utcnow
from ..progress import ProgressFn, report
from . import transfer

FORMAT = 1
MANIFEST = "manifest.json"
DB_FILE = "database.sqlite"
OBJECTS = "objects"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    revision: str
    rows: dict[str, int]
    objects: int
    object_bytes: int


@contextlib.contextmanager
def made_whole(target: Path, failed: str) -> Iterator[Path]:
    """A new folder written as ``TARGET.partial`` and renamed to ``target`` when the block
    ends: an interrupted or failed write leaves no half folder under the real name (and is
    removed); ``failed`` is the message for a disk error (``{path}``, ``{why}``)."""
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)  # an interrupted earlier run
    try:
        partial.mkdir(parents=True)
        yield partial
        if target.exists():
            target.rmdir()
        os.replace(partial, target)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise StoreError(failed.format(path=target, why=exc.strerror or exc)) from exc
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _object_path(root: Path, key: str) -> Path:
    if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
        raise StoreError(_("Not a media store key: {key}").format(key=key))
    return root / OBJECTS / key[:2] / key


def copy_hashed(src: Any, target: Path) -> str:
    """Copy an open binary stream to ``target`` (fsynced); returns the SHA-256 of the bytes."""
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def _sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")


def snapshot_database(db: Database, target: Path) -> str:
    """Write every row of ``db`` as of one instant into a new SQLite file; returns the revision."""
    revision = db.current_revision()
    if revision is None:
        raise InputError(_("The database has no vfeedback schema yet; nothing to back up"))
    if db.dialect == "sqlite":
        src = sqlite3.connect(_sqlite_path(db.url))
        dst = sqlite3.connect(target)
        try:
            with dst:
                src.backup(dst)  # SQLite's online backup: one consistent copy
        finally:
            dst.close()
            src.close()
        return revision
    copy = Database(f"sqlite:///{target.as_posix()}", actor="backup")
    try:
        copy.upgrade(revision)
        snapshot = db.engine.connect().execution_options(isolation_level="REPEATABLE READ")
        with snapshot, snapshot.begin(), copy.engine.begin() as out:
            transfer.copy_exact(snapshot, out)
    finally:
        copy.dispose()
    return revision


def referenced_keys(conn: Any) -> list[str]:
    """Every store object the rows refer to (recordings and their derivatives)."""
    keys: set[str] = set()
    for name in ("recording", "derivative"):
        table = Base.metadata.tables[name]
        keys.update(conn.scalars(select(table.c.store_key)))
    return sorted(keys)


def backup(app: App, out: Path, progress: ProgressFn | None = None) -> BackupSummary:
    """Back up ``app``'s database and the store objects it refers to into the new folder ``out``.

    A protected (encrypted) laptop home gets a sealed backup instead
    (:func:`.backup_sealed.backup_sealed`): a plain one would put the families' data in the
    clear."""
    if getattr(app, "identity", None) is not None or app.store.encrypted:
        from .backup_sealed import backup_sealed

        return backup_sealed(app, out, progress)
    out = Path(out).absolute()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(_("{path} exists and is not an empty folder").format(path=out))
    with made_whole(out, _("The backup could not be written to {path}: {why}")) as partial:
        report(progress, 0.0, _("Reading the database"))
        revision = snapshot_database(app.db, partial / DB_FILE)
        copy = Database(f"sqlite:///{(partial / DB_FILE).as_posix()}")
        with copy.engine.connect() as conn:
            keys = referenced_keys(conn)
            rows = transfer.counts(conn)
        copy.dispose()
        objects, total = [], 0
        for i, key in enumerate(keys):
            report(progress, 0.1 + 0.9 * i / max(1, len(keys)), _("Copying media"))
            with app.store.open(key) as src:
                got = copy_hashed(src, _object_path(partial, key))
            if got != key:
                raise StoreError(_("The stored media file {key} is damaged (run `vfeedback "
                                   "verify`); the backup was not made").format(key=key[:12]))
            size = _object_path(partial, key).stat().st_size
            objects.append({"key": key, "size": size})
            total += size
        manifest = {"format": FORMAT, "created_at": utcnow().isoformat() + "Z",
                    "revision": revision, "source": app.db.display_url, "rows": rows,
                    "objects": objects}
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    report(progress, 1.0, _("Backed up"))
    return BackupSummary(out, revision, rows, len(objects), total)


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(_("{path} is not a vfeedback backup: {why}").format(
            path=folder, why=getattr(exc, "strerror", None) or exc)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(_("{path} is not a vfeedback backup this version can read").format(
            path=folder))
    return manifest


def restore(app: App, folder: Path, progress: ProgressFn | None = None) -> dict[str, int]:
    """Restore a backup into ``app``'s database, which must hold no cases or recordings yet.

    Every object is re-hashed before anything is written; the rows go in as one transaction
    (all or nothing), with their ids, so listings read exactly as before.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest.get("sealed"):
        raise InputError(_("{path} is a protected home's sealed backup: restore it into a new "
                           "home with `vfeedback --home NEW_FOLDER restore {path}`").format(
            path=folder))
    with app.db.engine.connect() as conn:
        present = transfer.counts(conn)
    if present["case"] or present["recording"] or present["annotation"]:
        raise InputError(_(
            "The database {url} already holds {c} cases and {r} recordings; restore into an "
            "empty one (a new database or home)").format(
            url=app.db.display_url, c=present["case"], r=present["recording"]))
    keys = [o["key"] for o in manifest.get("objects", [])]
    for i, key in enumerate(keys):
        report(progress, 0.4 * i / max(1, len(keys)), _("Checking the backup"))
        path = _object_path(folder, key)
        try:
            with open(path, "rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError as exc:
            raise InputError(_("The backup is missing media file {key}: {why}").format(
                key=key[:12], why=exc.strerror or exc)) from exc
        if digest != key:
            raise InputError(_("Media file {key} in the backup is damaged; nothing was "
                               "restored").format(key=key[:12]))
    with tempfile.TemporaryDirectory(dir=app.config.home) as tmp:
        # A copy, brought to this version's schema if the backup is older.
        work = Path(tmp) / DB_FILE
        shutil.copyfile(folder / DB_FILE, work)
        source = Database(f"sqlite:///{work.as_posix()}", actor="restore")
        try:
            source.upgrade()
            for i, key in enumerate(keys):
                report(progress, 0.4 + 0.5 * i / max(1, len(keys)), _("Restoring media"))
                app.store.add_file(_object_path(folder, key))
            report(progress, 0.9, _("Restoring the database"))
            with source.engine.connect() as src, app.db.engine.begin() as dst:
                transfer.clear(dst)  # only built-in rows can be here (checked above)
                copied = transfer.copy_exact(src, dst)
        finally:
            source.dispose()
    report(progress, 1.0, _("Restored"))
    return copied

