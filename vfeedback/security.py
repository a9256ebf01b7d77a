"""Who may open a protected home: accounts, login, lockout, and the home's keys.

A home is *protected* when it holds ``keyring.json`` (a :class:`vfeedback.crypto.Keyring`):
its database is SQLCipher-encrypted and every command authenticates. One random data key per
home, wrapped per user (Argon2id from the password) and once by a recovery key shown at
set-up. On a laptop the keyring *is* the password check: a wrong password cannot unwrap the
data key, so nothing is decrypted. The ``user`` row also keeps an Argon2id hash
(``argon2-cffi``'s ``PasswordHasher``) so that a clinic server (PostgreSQL, no keyring, no
SQLCipher) checks a password the same way, and a home on such a server checks it too.

Lockout: the count of wrong passwords must live outside the encrypted database (a wrong
password cannot open it), so it is kept in the keyring file beside the wrapped keys, written
atomically under a file lock. Five wrong passwords in a row lock the name for 5 minutes, each
further lock twice as long (at most a day). The failed attempts are written to the audit at
the next successful login (``user.login_failed``), the login itself as ``user.login``.

A disabled user's wrapped key is removed from the keyring (nothing left to unwrap) and the
name is listed as disabled there, and the row is marked disabled, so the refusal is clear.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from .config import default_home, load_config
from .crypto import CryptoError, KdfParams, Keyring, subkey
from .db import Database, is_plain_sqlite
from .errors import InputError, VFeedbackError
from .i18n import _
from .library import audit
from .models import Annotation, Case, Recording, User, utcnow

KEYRING_FILE = "keyring.json"
# The four roles (services/access.py decides what each may do).
ROLES = ("trainee", "clinician", "supervisor", "admin")
ATTEMPT_SECONDS = 60.0  # a password check under way longer than this was cut off
MAX_FAILURES = 5
LOCK_SECONDS = 5 * 60
MAX_LOCK_SECONDS = 24 * 60 * 60
MIN_PASSWORD = 8
_MAX_PENDING = 1000  # failed attempts kept for the audit; more are counted, not listed
_NAME_RE = re.compile(r"^[^\s*][^\x00-\x1f\x7f]{0,119}$")


class LoginError(VFeedbackError):
    """A login was refused: wrong name or password, a disabled account, or a lockout."""


@dataclass(frozen=True)
class Identity:
    """Who logged in, and the home's data key they unlocked (never printed)."""

    name: str
    role: str
    data_key: bytes = field(repr=False)

    @property
    def database_key(self) -> bytes:
        return subkey(self.data_key, "database")


def home_path(home: str | os.PathLike[str] | None) -> Path:
    return (Path(home).expanduser() if home else default_home()).absolute()


def keyring_path(home: str | os.PathLike[str] | None) -> Path:
    return home_path(home) / KEYRING_FILE


def is_protected(home: str | os.PathLike[str] | None) -> bool:
    """Whether the home has a keyring: an encrypted database and logins."""
    return keyring_path(home).is_file()


_hasher = PasswordHasher()  # argon2id; verify() reads the cost from the hash itself


def hash_password(password: str, kdf: KdfParams | None = None) -> str:
    """The row's Argon2id hash, at the same cost as the home's keyring (``kdf``)."""
    kdf = kdf or KdfParams()
    return PasswordHasher(time_cost=kdf.time_cost, memory_cost=kdf.memory_kib,
                          parallelism=kdf.parallelism).hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Check a password against a ``user.password_hash`` (False for none or a damaged one)."""
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Names the code gives a meaning: "local" is the person at an unprotected computer (allowed
# everything there), "-" the audit's actor for failed logins it could not list.
RESERVED_NAMES = frozenset({"local", "-"})


def has_accounts(session: Any) -> bool:
    """Whether this home has any accounts. In a home without any (an unprotected, single-user
    laptop), a name is only a label (e.g. whose coding set it is) and everything is allowed,
    as for the person at this computer; a protected home always has its administrator."""
    return session.scalar(select(User.id).limit(1)) is not None


def check_new_name(name: str) -> str:
    name = name.strip()
    if not _NAME_RE.match(name):
        raise InputError(_("A user name has 1 to 120 characters, with no control characters "
                           "and not starting with '*': {name!r}").format(name=name))
    if name.lower() in RESERVED_NAMES:
        raise InputError(_("{name!r} is a name vfeedback uses itself; choose another").format(
            name=name))
    return name


def check_new_password(password: str) -> str:
    password = password.rstrip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise InputError(_("A password needs at least {n} characters").format(n=MIN_PASSWORD))
    return password


# -- the keyring file, with the login state beside the keys ---------------------------------
class HomeKeyring(Keyring):
    """The home's :class:`Keyring` plus what must be readable without the data key:
    wrong-password counts and locks, failed attempts not yet audited, disabled names."""

    def __init__(self, path: str | os.PathLike[str], kdf: KdfParams | None = None) -> None:
        self.logins: dict[str, Any] = {}
        super().__init__(path, kdf)

    def _load(self) -> None:
        super()._load()
        try:
            logins = json.loads(self.path.read_text("utf-8")).get("logins") or {}
        except (OSError, ValueError, AttributeError):
            logins = {}
        self.logins = logins if isinstance(logins, dict) else {}

    def save(self) -> None:
        from .fileio import atomic_write_text

        doc = {"version": 1, "kdf": self.kdf.__dict__, "entries": self.entries,
               "logins": self.logins}
        atomic_write_text(self.path, json.dumps(doc, indent=1))
        os.chmod(self.path, 0o600)

    # Each part of ``logins`` is made on first use, so an old or hand-made file still loads.
    def _part(self, key: str, kind: type) -> Any:
        value = self.logins.get(key)
        if not isinstance(value, kind):
            value = self.logins[key] = kind()
        return value

    @property
    def disabled(self) -> list[str]:
        return self._part("disabled", list)

    def locked_for(self, name: str, now: float) -> float:
        """Seconds ``name`` stays locked (0: not locked)."""
        entry = self._part("failures", dict).get(name) or {}
        return max(0.0, float(entry.get("until", 0)) - now)

    def record_failure(self, name: str, now: float, locked: bool = False) -> int:
        """Count a wrong password (``locked``: an attempt while locked, only noted); returns
        how many tries are left before the lock."""
        pending = self._part("pending", list)
        if len(pending) < _MAX_PENDING:
            pending.append({"name": name[:120], "at": now, "locked": locked})
        else:
            self.logins["dropped"] = int(self.logins.get("dropped", 0)) + 1
        if locked:
            return 0
        failures = self._part("failures", dict)
        entry = failures.setdefault(name[:120], {"count": 0, "lockouts": 0, "until": 0})
        entry["count"] = int(entry.get("count", 0)) + 1
        if entry["count"] >= MAX_FAILURES:
            lockouts = int(entry.get("lockouts", 0))
            entry["until"] = now + min(MAX_LOCK_SECONDS, LOCK_SECONDS * 2 ** min(lockouts, 20))
            entry["lockouts"], entry["count"] = lockouts + 1, 0
            return 0
        return MAX_FAILURES - entry["count"]

    def begin_attempt(self, name: str, now: float) -> bool:
        """Count a password check as under way before its slow part (Argon2id), so that
        guesses made at the same time cannot together pass the limit: False when the wrong
        ones so far and those under way would reach it. A check that never ended (a killed
        process) stops counting after ATTEMPT_SECONDS."""
        failures = self._part("failures", dict)
        entry = failures.setdefault(name[:120], {"count": 0, "lockouts": 0, "until": 0})
        trying = [t for t in entry.get("trying") or [] if now - float(t) < ATTEMPT_SECONDS]
        entry["trying"] = trying
        if int(entry.get("count", 0)) + len(trying) >= MAX_FAILURES:
            return False
        trying.append(now)
        return True

    def end_attempt(self, name: str, started: float) -> None:
        entry = self._part("failures", dict).get(name[:120])
        if entry and started in (entry.get("trying") or []):
            entry["trying"].remove(started)

    def clear_failures(self, name: str) -> bool:
        return self._part("failures", dict).pop(name, None) is not None



@contextlib.contextmanager
def keyring_update(home: str | os.PathLike[str] | None) -> Iterator[HomeKeyring]:
    """Read, change and save the keyring under an exclusive lock: two processes (a failed
    login and a ``user add``) must not each write back the file without the other's change,
    since a lost entry is a lost key."""
    path = keyring_path(home)
    lock_file = path.with_name(".keyring.lock")
    fd = os.open(lock_file, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:  # Windows: no advisory locks here; the rename stays atomic
            pass
        ring = HomeKeyring(path)
        before = (json.dumps(ring.entries, sort_keys=True), json.dumps(ring.logins, sort_keys=True))
        yield ring
        if before != (json.dumps(ring.entries, sort_keys=True),
                      json.dumps(ring.logins, sort_keys=True)):
            ring.save()  # a plain login changes nothing: no write
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def read_keyring(home: Path) -> HomeKeyring:
    try:
        return HomeKeyring(keyring_path(home))
    except CryptoError as exc:
        raise LoginError(str(exc)) from exc


def minutes_of(seconds: float) -> int:
    return max(1, int(-(-seconds // 60)))


def open_home_database(home: Path, data_key: bytes, actor: str) -> Database:
    db = Database(load_config(home).database_url, actor=actor,
                  key=subkey(data_key, "database"))
    try:
        db.upgrade()
    except BaseException:
        db.dispose()
        raise
    return db


# -- login -----------------------------------------------------------------------------------
def login(home: str | os.PathLike[str] | None, name: str, password: str, *,
          now: float | None = None) -> Identity:
    """Unlock the home for ``name``; :class:`LoginError` with a clear message otherwise."""
    home = home_path(home)
    now = time.time() if now is None else now
    name = name.strip()
    ring = read_keyring(home)
    if not name:
        raise LoginError(_("Give a user name"))
    if name in ring.disabled:
        raise LoginError(_("The account {name} is disabled; ask an administrator").format(
            name=name))
    with keyring_update(home) as fresh:  # under the lock: the count and the lock are current
        wait = fresh.locked_for(name, now)
        if wait > 0:
            fresh.record_failure(name, now, locked=True)
            started = None
        else:
            started = now if fresh.begin_attempt(name, now) else None
    if wait > 0:
        raise LoginError(_("Too many wrong passwords for {name}: locked, try again in "
                           "{minutes} minutes").format(name=name, minutes=minutes_of(wait)))
    if started is None:
        raise LoginError(_("Too many attempts for {name} at once; try again in a "
                           "minute").format(name=name))
    try:
        return _login_checked(home, ring, name, password, now)
    finally:
        with keyring_update(home) as fresh:
            fresh.end_attempt(name, started)


def _login_checked(home: Path, ring: HomeKeyring, name: str, password: str,
                   now: float) -> Identity:
    """The slow part of :func:`login`: the password, then the account in the database."""
    try:
        data_key = ring.unlock(name, password)
    except CryptoError:
        _refuse_password(home, name, now)
    db = open_home_database(home, data_key, name)
    try:
        with db.session(actor=name) as session:
            user = session.scalar(select(User).where(User.name == name))
            if user is None:
                raise LoginError(_("This home has no account {name}").format(name=name))
            if user.disabled:
                raise LoginError(_("The account {name} is disabled; ask an "
                                   "administrator").format(name=name))
            # On a shared server the row's hash wins: the password may have changed there.
            wrong = db.dialect != "sqlite" and bool(user.password_hash) and not (
                password_matches(user.password_hash, password))
            if not wrong:
                logins = read_keyring(home).logins
                pending = list(logins.get("pending") or [])
                _audit_failures(session, pending, int(logins.get("dropped", 0)))
                audit(session, "user.login", user, actor=name)
                user.last_login_at = utcnow()
                role = user.role
    finally:
        db.dispose()
    if wrong:
        _refuse_password(home, name, now)
    # Only after the audit rows are committed: forget what they hold, keep what came since.
    with keyring_update(home) as fresh:
        fresh.clear_failures(name)
        now_pending = fresh._part("pending", list)
        del now_pending[:len(pending)]
        fresh.logins["dropped"] = 0
    return Identity(name=name, role=role, data_key=data_key)


def _refuse_password(home: Path, name: str, now: float) -> NoReturn:
    with keyring_update(home) as fresh:
        left = fresh.record_failure(name, now)
        wait = fresh.locked_for(name, now)
    if wait > 0:
        raise LoginError(_("Wrong user name or password; {name} is now locked for {minutes} "
                           "minutes").format(name=name, minutes=minutes_of(wait)))
    raise LoginError(_("Wrong user name or password ({left} tries left before a lock)")
                     .format(left=left))


def _audit_failures(session: Any, pending: list[dict[str, Any]], dropped: int) -> None:
    """The failed attempts since the last login, each with the time it was made (through the
    one audit door, so h15c's hash chain covers them too)."""
    for attempt in pending:
        at = datetime.fromtimestamp(float(attempt.get("at", 0)), UTC)
        audit(session, "user.login_failed", None, actor=str(attempt.get("name", "")),
              attempted_at=at.isoformat(timespec="seconds"),
              while_locked=bool(attempt.get("locked")))
    if dropped:
        audit(session, "user.login_failed", None, actor="-", not_listed=dropped)


# -- a new protected home ---------------------------------------------------------------------
def create_home_keys(home: str | os.PathLike[str] | None, admin: str, password: str, *,
                     kdf: KdfParams | None = None) -> str:
    """Make a new protected home: data key, keyring, encrypted database, first admin.

    ``kdf``: the Argon2id cost (default RFC 9106's 64 MiB, 3 passes; tests pass a cheaper
    one, since a test of lockout makes many wrong guesses). Refuses a home that has data already (``vfeedback encrypt`` converts those). Returns the
    recovery key, to be shown once. The keyring is written last: until then the home is not
    protected and a failure removes the half-made database.
    """
    home = home_path(home)
    admin = check_new_name(admin)
    password = check_new_password(password)
    if is_protected(home):
        raise InputError(_("{home} is already a protected home").format(home=home))
    config = load_config(home)
    db_file = _refuse_if_data(config)
    data_key = Keyring.new_data_key()
    ring = HomeKeyring(keyring_path(home), kdf)
    ring.add_user(admin, password, data_key)
    recovery = ring.set_recovery(data_key)
    old_umask = os.umask(0o077)
    try:
        db = open_home_database(home, data_key, admin)
        try:
            with db.session(actor=admin) as session:
                user = session.scalar(select(User).where(User.name == admin))
                if user is None:
                    user = User(name=admin)
                    session.add(user)
                user.role, user.disabled, user.created_by = "admin", False, admin
                user.password_hash = hash_password(password, ring.kdf)
                user.password_changed_at = utcnow()
                session.flush()
                audit(session, "home.protect", None, actor=admin)
                audit(session, "user.create", user, actor=admin, role="admin")
        finally:
            db.dispose()
        ring.save()
    except BaseException:
        if db_file is not None and not is_protected(home):
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    Path(str(db_file) + suffix).unlink()
        raise
    finally:
        os.umask(old_umask)
    return recovery


def _refuse_if_data(config: Any) -> Path | None:
    """Refuse a home holding data; remove an empty plain database. Returns the SQLite file
    the protected home will use (None on a server)."""
    from .app import _sqlite_file
    from .store import MediaStore

    refuse = InputError(_("{home} holds data already; `vfeedback setup` makes a new home. To "
                          "protect this one, use `vfeedback encrypt`").format(home=config.home))
    if MediaStore(config.store_dir).has_objects():
        raise refuse
    db_file = _sqlite_file(config.database_url)
    has_file = db_file is not None and db_file.exists() and db_file.stat().st_size > 0
    if has_file and not is_plain_sqlite(db_file):
        raise InputError(_("{path} is a database this home has no key for; move it aside "
                           "first").format(path=db_file))
    if db_file is None or has_file:
        db = Database(config.database_url)
        try:
            db.upgrade()
            with db.session() as session:
                rows = sum(session.scalar(select(func.count()).select_from(t)) or 0
                           for t in (Case, Recording, Annotation))
        finally:
            db.dispose()
        if rows:
            raise refuse
    if db_file is not None:
        for suffix in ("", "-wal", "-shm"):  # an empty plain database: start it encrypted
            with contextlib.suppress(FileNotFoundError):
                Path(str(db_file) + suffix).unlink()
    return db_file
