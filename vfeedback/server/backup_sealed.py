"""Backup and restore of a protected (encrypted) laptop home, without decrypting anything.

A plain backup (:mod:`.backup`) writes a readable SQLite file and plain media: right for a
clinic server behind its own disk encryption, wrong for a protected home, whose families'
data must stay sealed wherever it is copied. A sealed backup folder holds:

- ``database.sqlcipher``: SQLCipher's online backup of the home's database, page by page under
  the same key (one consistent snapshot while the app keeps working; no page is decrypted
  into the backup);
- ``keyring.json``: the data key wrapped per user and by the recovery key (nothing in clear),
  so the same passwords and the same recovery key open the restored home;
- ``objects/``: the store's encrypted objects as they are on disk;
- ``manifest.json``: format, schema revision, row counts, and per object its key and the
  SHA-256 of its *sealed* bytes, so a restore checks every file before it writes anything,
  without the key. After copying, each object is also opened with the key and its content
  hashed (the key names the content), so a backup that completes is known to decrypt.

Restore writes a new home folder (absent or empty): nobody is logged in there yet, so it
needs no password; opening the restored home needs one, or the recovery key.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from ..app import App
from ..config import load_config
from ..crypto import subkey
from ..errors import InputError, StoreError
from ..i18n import _
from ..library import audit
from ..models import utcnow
from ..progress import ProgressFn, report
from ..security import keyring_path
from ..store import MediaStore, sha256_of
from . import transfer
from .backup import (
    FORMAT,
    MANIFEST,
    BackupSummary,
    copy_hashed,
    made_whole,
    referenced_keys,
)

DB_FILE = "database.sqlcipher"
KEYRING = "keyring.json"
OBJECTS = "objects"
# Settings that name places on this machine; the rest (language, lock time) travel.
LOCAL_SETTINGS = ("store_dir", "database_url")


def is_sealed_backup(manifest: dict[str, Any]) -> bool:
    return bool(manifest.get("sealed"))


def _copy_database(app: App, target: Path) -> None:
    """SQLCipher's online backup API between two connections keyed alike."""
    import sqlcipher3

    key = subkey(app.data_key, "database")
    dst = sqlcipher3.dbapi2.connect(str(target))
    raw = app.db.engine.raw_connection()
    try:
        dst.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        raw.driver_connection.backup(dst)
    finally:
        raw.close()
        dst.close()


def backup_sealed(app: App, out: Path, progress: ProgressFn | None = None) -> BackupSummary:
    """Back up the protected home of ``app`` (logged in) into the new folder ``out``."""
    if getattr(app, "data_key", None) is None or app.db.dialect != "sqlite":
        raise InputError(_("A sealed backup is made of a protected laptop home, logged in"))
    out = Path(out).absolute()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(_("{path} exists and is not an empty folder").format(path=out))
    revision = app.db.current_revision()
    with made_whole(out, _("The backup could not be written to {path}: {why}")) as partial:
        report(progress, 0.0, _("Reading the database"))
        _copy_database(app, partial / DB_FILE)
        with open(keyring_path(app.config.home), "rb") as src:
            keyring_sha = copy_hashed(src, partial / KEYRING)
        with app.db.engine.connect() as conn:
            keys, rows = referenced_keys(conn), transfer.counts(conn)
        objects, total = [], 0
        copy = MediaStore(partial, key=app.store.key)  # to prove each copy decrypts
        for i, key in enumerate(keys):
            report(progress, 0.1 + 0.9 * i / max(1, len(keys)), _("Copying media"))
            target = partial / OBJECTS / key[:2] / key
            with open(app.store.object_file(key), "rb") as src:
                sealed_sha = copy_hashed(src, target)  # the sealed bytes, as they lie
            if not copy.verify(key):  # every chunk's tag and the plaintext's hash
                raise StoreError(_("The stored media file {key} is damaged (run `vfeedback "
                                   "verify`); the backup was not made").format(key=key[:12]))
            size = target.stat().st_size
            objects.append({"key": key, "size": size, "sealed_sha256": sealed_sha})
            total += size
        shutil.rmtree(partial / "tmp", ignore_errors=True)
        settings = {k: v for k, v in app.config.settings.items() if k not in LOCAL_SETTINGS}
        manifest = {"format": FORMAT, "sealed": True, "created_at": utcnow().isoformat() + "Z",
                    "revision": revision, "rows": rows, "settings": settings,
                    "database_sha256": sha256_of(partial / DB_FILE),
                    "keyring_sha256": keyring_sha, "objects": objects}
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    with app.db.session() as session:  # who copied the families' data, and where
        audit(session, "home.backup", None, actor=app.actor, objects=len(objects),
              folder=str(out))
    report(progress, 1.0, _("Backed up"))
    return BackupSummary(out, revision or "", rows, len(objects), total)


def _check(path: Path, expected: str, what: str) -> None:
    try:
        got = sha256_of(path)
    except OSError as exc:
        raise InputError(_("The backup's {what} cannot be read: {why}").format(
            what=what, why=exc.strerror or exc)) from exc
    if got != expected:
        raise InputError(_("The backup's {what} is damaged (its checksum does not match); "
                           "nothing was restored").format(what=what))


def restore_sealed(home: Path, folder: Path, manifest: dict[str, Any],
                   progress: ProgressFn | None = None) -> dict[str, int]:
    """Make the new home ``home`` from the sealed backup ``folder``; the row counts.

    Every file is checked against the manifest first; the home is written as
    ``HOME.partial`` and renamed when complete (:func:`.backup.made_whole`), so a failure
    leaves no half home."""
    home = Path(home).absolute()
    if home.exists() and (not home.is_dir() or any(home.iterdir())):
        raise InputError(_("A sealed backup is restored into a new home; {path} is not "
                           "empty").format(path=home))
    folder = Path(folder)
    objects = manifest.get("objects", [])
    _check(folder / DB_FILE, str(manifest.get("database_sha256")), _("database"))
    _check(folder / KEYRING, str(manifest.get("keyring_sha256")), _("keyring"))
    for i, entry in enumerate(objects):
        report(progress, 0.5 * i / max(1, len(objects)), _("Checking the backup"))
        _check(folder / OBJECTS / entry["key"][:2] / entry["key"], str(entry.get("sealed_sha256")),
               _("media file {key}").format(key=str(entry["key"])[:12]))
    with made_whole(home, _("The home {path} could not be written: {why}")) as partial:
        shutil.copyfile(folder / DB_FILE, partial / "vfeedback.db")
        shutil.copyfile(folder / KEYRING, partial / KEYRING)
        (partial / "settings.json").write_text(json.dumps(manifest.get("settings") or {},
                                                          indent=2), encoding="utf-8")
        for i, entry in enumerate(objects):
            report(progress, 0.5 + 0.5 * i / max(1, len(objects)), _("Copying media"))
            key = entry["key"]
            target = partial / "store" / OBJECTS / key[:2] / key
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / OBJECTS / key[:2] / key, target)
    load_config(home)  # the restored home opens as any other (with a login)
    report(progress, 1.0, _("Restored"))
    return {k: int(v) for k, v in (manifest.get("rows") or {}).items()}
