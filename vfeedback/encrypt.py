"""``vfeedback encrypt``: turn an existing plaintext home into a protected one, in place.

The conversion runs in steps, each of which leaves the home consistent when the process is
killed at any instant; running the command again (same admin, same password) resumes:

1. **Keys.** A new data key, wrapped for the admin (Argon2id) and by a new recovery key, is
   written to ``keyring.pending.json`` and the recovery key is printed. A resumed run unlocks
   the pending keyring with the admin's password and prints a *new* recovery key (the one an
   interrupted run printed may never have been saved, so it is replaced, not trusted).
2. **Database.** The SQLite file is exported with SQLCipher (``ATTACH ... KEY`` +
   ``sqlcipher_export``) into ``vfeedback.db.encrypting``, checked (opened with the key, rows
   counted against the original), fsynced and renamed over the plaintext file in one step.
3. **Media.** Every store object is sealed where it lies (``MediaStore.seal_in_place``: the
   sealed copy is read back, then renamed over the plaintext object).
4. **Leftovers.** Work files that only speed things up and hold plaintext (analysis
   checkpoints under ``work/``, abandoned temporary folders) are removed.
5. **Done.** ``keyring.pending.json`` is renamed to ``keyring.json``: from then on the home is
   protected. Until this rename, the store refuses to hand out sealed objects without the key,
   so a half-converted home is never read as plaintext by mistake.

What the rename of a file cannot do is erase the old plaintext blocks from the disk (SSDs
remap writes); full-disk encryption covers that, as the user guide says.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from . import scratch
from .app import PRIVATE_UMASK, App, _open_checked, _sqlite_file
from .config import load_config
from .crypto import CryptoError, KdfParams, Keyring, subkey
from .errors import InputError, VFeedbackError
from .i18n import _
from .store import MediaStore

KEYRING = "keyring.json"
PENDING = "keyring.pending.json"
SQLITE_MAGIC = b"SQLite format 3\x00"
MIN_PASSWORD = 8


@dataclass
class EncryptResult:
    recovery_key: str
    database_converted: bool
    objects_sealed: int
    objects_total: int
    removed_work: list[Path]
    plaintext_exports: list[Path]
    resumed: bool


def sqlcipher_url(db_file: Path, data_key: bytes) -> str:
    """The SQLAlchemy URL of a SQLCipher database keyed with the home's database subkey
    (``PRAGMA key = "x'<hex>'"``: the raw key, no passphrase derivation)."""
    raw = subkey(data_key, "database").hex()
    return f"sqlite+pysqlcipher://:{quote(f'x{chr(39)}{raw}{chr(39)}', safe='')}@/{db_file}"


def _pragma_key(data_key: bytes) -> str:
    return "\"x'" + subkey(data_key, "database").hex() + "'\""


def is_plain_sqlite(db_file: Path) -> bool:
    with open(db_file, "rb") as fh:
        return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _counts(conn) -> dict[str, int]:  # noqa: ANN001 - a DB-API connection
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def encrypt_database(db_file: Path, data_key: bytes) -> bool:
    """Convert a plaintext SQLite file to SQLCipher in place; False if it already was."""
    import sqlcipher3

    if not is_plain_sqlite(db_file):
        return False
    work = db_file.with_name(db_file.name + ".encrypting")
    work.unlink(missing_ok=True)  # what a killed run left: made again from the original
    conn = sqlcipher3.connect(str(db_file), isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        # Fold the WAL into the file: the export reads everything, and no plaintext -wal
        # with content stays behind.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _counts(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"ATTACH DATABASE ? AS enc KEY {_pragma_key(data_key)}", (str(work),))
        conn.execute("SELECT sqlcipher_export('enc')")
        conn.execute(f"PRAGMA enc.user_version = {int(version)}")
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()
    check = sqlcipher3.connect(str(work))
    try:
        check.execute(f"PRAGMA key = {_pragma_key(data_key)}")
        after = _counts(check)
    finally:
        check.close()
    if after != before:
        work.unlink(missing_ok=True)
        raise VFeedbackError(_("The encrypted copy of the database does not hold the same rows "
                               "as the original; nothing was changed"))
    _fsync(work)
    os.replace(work, db_file)  # the one step that switches: plaintext before, encrypted after
    _fsync_dir(db_file.parent)
    for suffix in ("-wal", "-shm"):  # the plaintext database's (checkpointed, empty) WAL
        db_file.with_name(db_file.name + suffix).unlink(missing_ok=True)
    return True


def _register_admin(app: App, name: str, password: str, kdf: KdfParams) -> None:
    """The admin's account in the now encrypted database: role, Argon2id password hash (the
    same cost as the keyring), and the audit rows of the conversion."""
    from sqlalchemy import select

    from .library import audit
    from .models import User, utcnow
    from .security import hash_password

    with app.db.session(actor=name) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            user = User(name=name)
            session.add(user)
        user.role, user.disabled, user.created_by = "admin", False, name
        user.password_hash = hash_password(password, kdf)
        user.password_changed_at = utcnow()
        session.flush()
        audit(session, "home.protect", None, actor=name, converted=True)


def open_protected(home: str | os.PathLike[str] | None, name: str, password: str) -> App:
    """Open a protected home as ``name`` (a login: password, lockout, disabled accounts)."""
    from .app import open_app
    from .security import login

    return open_app(home, identity=login(home, name, password))


def _open_with_key(config, data_key: bytes) -> App:  # noqa: ANN001 - Config
    scratch.use_home(config.home)
    scratch.clean_abandoned(scratch.home_tmp())
    if _sqlite_file(config.database_url) is None:
        raise InputError(_("Only a home with its own SQLite database can be encrypted; a "
                           "clinic server's PostgreSQL is protected by the server (see "
                           "docs/clinic-server.md)"))
    store = MediaStore(config.store_dir, key=subkey(data_key, "store"))
    store.cleanup_temporary()
    db = _open_checked(config.database_url, store, subkey(data_key, "database"))
    return App(config=config, db=db, store=store)


def _remove_plaintext_work(home: Path, store: MediaStore) -> list[Path]:
    """Remove plaintext work files that are only caches (resumed analyses, temporary files
    of processes that are gone)."""
    removed = [*store.cleanup_temporary(), *scratch.clean_abandoned(home / "tmp")]
    work = home / "work"
    if work.is_dir():
        shutil.rmtree(work, ignore_errors=True)
        removed.append(work)
    return removed


def encrypt_home(home: str | os.PathLike[str] | None, admin: str, password: str,
                 say: Callable[[str], None] = print) -> EncryptResult:
    """Convert the home to a protected one (see the module docstring); resumable."""
    os.umask(PRIVATE_UMASK)
    config = load_config(home)
    home_dir = config.home
    final, pending = home_dir / KEYRING, home_dir / PENDING
    db_file = _sqlite_file(config.database_url)
    if db_file is None:
        raise InputError(_("Only a home with its own SQLite database can be encrypted; a "
                           "clinic server's PostgreSQL is protected by the server (see "
                           "docs/clinic-server.md)"))
    if not db_file.exists():
        raise InputError(_("There is no vfeedback home at {home} to encrypt").format(
            home=home_dir))
    capture = home_dir / "capture"
    if capture.is_dir() and any(capture.iterdir()):
        raise InputError(_("{folder} holds an unfinished recording; recover or discard it "
                           "first (`vfeedback recover`)").format(folder=capture))
    scratch.use_home(home_dir)
    resumed = final.exists() or pending.exists()
    if final.exists():
        # Protected already: only a check that nothing is left in the clear, by an
        # administrator who logs in as anywhere else (lockout, disabled accounts, audit).
        from .security import LoginError, login

        try:
            identity = login(home_dir, admin, password)
        except LoginError as exc:
            raise InputError(str(exc)) from exc
        if identity.role != "admin":
            raise InputError(_("Only an administrator may run `vfeedback encrypt` on a "
                               "protected home ({name} is a {role})").format(
                name=identity.name, role=identity.role))
        keyring, data_key = Keyring(final), identity.data_key
    elif resumed:
        keyring = Keyring(pending)
        if admin not in keyring.entries:
            raise InputError(_("The encryption of this home was started by another admin "
                               "({names}); run it as that admin").format(
                names=", ".join(sorted(n for n in keyring.entries if n != Keyring.RECOVERY))))
        try:
            data_key = keyring.unlock(admin, password)
        except CryptoError as exc:
            raise InputError(_("Wrong password for {name}; nothing was changed").format(
                name=admin)) from exc
    else:
        if len(password) < MIN_PASSWORD:
            raise InputError(_("The password must be at least {n} characters long").format(
                n=MIN_PASSWORD))
        keyring = Keyring(pending)
        data_key = Keyring.new_data_key()
        keyring.add_user(admin, password, data_key)
    recovery = ""
    if final.exists():
        say(_("This home is already encrypted; checking that nothing is left in the clear"))
    else:
        # A new recovery key each run, saved before it is shown: one shown is always valid.
        recovery = keyring.set_recovery(data_key)
        keyring.save()
        say(_("Recovery key (write it down and keep it safe; it is shown only now{again}):")
            .format(again=_(", and replaces the one an interrupted run showed")
                    if resumed else ""))
        say(f"  {recovery}")

    converted = encrypt_database(db_file, data_key)
    say(_("Database: encrypted") if converted else _("Database: already encrypted"))

    store = MediaStore(config.store_dir, key=subkey(data_key, "store"))
    keys = list(store.keys())
    sealed = 0
    for number, key in enumerate(keys, start=1):
        if store.seal_in_place(key):
            sealed += 1
        if number % 20 == 0 or number == len(keys):
            say(_("Media: {n} of {total} files encrypted").format(n=number, total=len(keys)))
    damaged = [key for key in keys if store.is_damaged(key)]
    if damaged:
        say(_("{n} media files were already damaged; they are encrypted as they are and "
              "`vfeedback verify` lists them").format(n=len(damaged)))
    removed = _remove_plaintext_work(home_dir, store)

    app = _open_with_key(config, data_key)  # upgrades the schema and proves the key opens it
    try:
        if pending.exists():  # the conversion's own admin; never re-roles an existing account
            _register_admin(app, admin, password, keyring.kdf)
    finally:
        app.close()
    if pending.exists():
        os.replace(pending, final)  # the home is protected from here on
        _fsync_dir(home_dir)
    exports = sorted(p for p in (home_dir / "exports").rglob("*") if p.is_file()) \
        if (home_dir / "exports").is_dir() else []
    if exports:
        say(_("Note: {folder} holds {n} files exported in the clear; delete them or move them "
              "off this computer").format(folder=home_dir / "exports", n=len(exports)))
    return EncryptResult(recovery, converted, sealed, len(keys), removed, exports, resumed)

