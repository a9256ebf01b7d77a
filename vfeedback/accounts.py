"""Managing the accounts of a protected home: add, disable, change a password, recover an
administrator's password with the recovery key, list; and a server administrator's password.

Each change touches two places that must agree: the ``user`` row (role, disabled, the
Argon2id hash a server checks) and the keyring (the wrapped data key a laptop unwraps). The
keyring is written inside the database transaction, so a failure to write it leaves no row.
"""

from __future__ import annotations

import contextlib
import copy
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .crypto import CryptoError
from .db import Database
from .errors import InputError
from .i18n import _
from .library import audit
from .models import User, utcnow
from .security import (
    ROLES,
    HomeKeyring,
    Identity,
    LoginError,
    check_new_name,
    check_new_password,
    hash_password,
    home_path,
    keyring_update,
    minutes_of,
    open_home_database,
    read_keyring,
)


def set_server_password(db: Database, name: str, password: str) -> None:
    """Give an existing user on a shared database (``server init --password-stdin``) a
    password: its Argon2id hash in the ``user`` row, which :func:`login` checks on a server."""
    password = check_new_password(password)
    with db.session(actor=name) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise InputError(_("There is no user {name}").format(name=name))
        user.password_hash, user.password_changed_at = hash_password(password), utcnow()
        audit(session, "user.password", user, actor=name)


@contextlib.contextmanager
def _with_keyring(app: Any, actor: str) -> Iterator[Any]:
    """One account change in the database and in the keyring, standing or falling together.

    The keyring is written inside the transaction (a key that cannot be saved leaves no row
    and no audit entry); if the commit fails after that, the keyring's keys and its list of
    disabled names are put back as they were, so no password works that the audit log does
    not show, and no name stays locked out by a change that did not happen."""
    home = app.config.home
    before = read_keyring(home)
    entries, disabled = copy.deepcopy(before.entries), list(before.disabled)
    try:
        with app.db.session(actor=actor) as session:
            yield session
    except BaseException:
        with keyring_update(home) as ring:
            ring.entries.clear()
            ring.entries.update(entries)
            ring.disabled[:] = disabled
        raise


# -- managing accounts (an opened protected home) ----------------------------------------------
@dataclass(frozen=True)
class Account:
    """A user as ``user list`` shows it."""

    name: str
    role: str
    disabled: bool
    locked_minutes: int
    created_by: str
    last_login_at: datetime | None


def _admin(app: Any) -> Identity:
    """The logged-in administrator of ``app``, or a clear refusal (accounts live below the
    services, so this is their own check; ``services.access`` applies the same rule)."""
    identity = getattr(app, "identity", None)
    if identity is None:
        raise InputError(_("This home is not protected, so it has no accounts; "
                           "`vfeedback encrypt` protects it"))
    if identity.role != "admin":
        raise InputError(_("Only an administrator may manage accounts ({name} is a {role})")
                         .format(name=identity.name, role=identity.role))
    return identity


def _new_password(session: Any, home: Path, user: User, password: str, data_key: bytes,
                  action: str, actor: str) -> None:
    """``user``'s new password in both places, inside the caller's transaction: the row's
    Argon2id hash (a server checks it) and a copy of the data key wrapped with it (a laptop
    unwraps it); audited as ``action``; the name's wrong-password count starts afresh."""
    user.password_hash = hash_password(password, read_keyring(home).kdf)
    user.password_changed_at = utcnow()
    audit(session, action, user, actor=actor)
    session.flush()
    with keyring_update(home) as ring:
        ring.add_user(user.name, password, data_key)
        ring.clear_failures(user.name)


def add_user(app: Any, name: str, role: str, password: str) -> None:
    """A new account: a row with the password's hash, and a wrapped copy of the data key."""
    admin = _admin(app)
    name, password = check_new_name(name), check_new_password(password)
    if role not in ROLES:
        raise InputError(_("The role must be one of {roles}").format(roles=", ".join(ROLES)))
    with _with_keyring(app, admin.name) as session:
        if session.scalar(select(User).where(User.name == name)) is not None:
            raise InputError(_("There is already a user {name}").format(name=name))
        user = User(name=name, role=role, created_by=admin.name, disabled=False,
                    password_hash=hash_password(password, read_keyring(app.config.home).kdf),
                    password_changed_at=utcnow())
        session.add(user)
        session.flush()
        audit(session, "user.create", user, actor=admin.name, role=role)
        # Saved inside the transaction: if the key cannot be written, no row is left either.
        with keyring_update(app.config.home) as ring:
            ring.add_user(name, password, admin.data_key)
            with contextlib.suppress(ValueError):
                ring.disabled.remove(name)


def disable_user(app: Any, name: str) -> None:
    """No more logins for ``name``: their wrapped key is removed, the row marked disabled."""
    admin = _admin(app)
    if name == admin.name:
        raise InputError(_("You cannot disable your own account"))
    with _with_keyring(app, admin.name) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise InputError(_("There is no user {name}").format(name=name))
        user.disabled = True
        audit(session, "user.disable", user, actor=admin.name)
        session.flush()
        with keyring_update(app.config.home) as ring:
            ring.remove_user(name)
            ring.clear_failures(name)
            if name not in ring.disabled:
                ring.disabled.append(name)


def enable_user(app: Any, name: str, password: str) -> None:
    """Let a disabled ``name`` log in again, with a new password from the administrator:
    disabling removed their copy of the key, so the old password opens nothing."""
    admin = _admin(app)
    password = check_new_password(password)
    with _with_keyring(app, admin.name) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise InputError(_("There is no user {name}").format(name=name))
        if not user.disabled:
            raise InputError(_("{name} is not disabled").format(name=name))
        user.disabled = False
        _new_password(session, app.config.home, user, password, admin.data_key,
                      "user.enable", admin.name)
        with keyring_update(app.config.home) as ring, contextlib.suppress(ValueError):
            ring.disabled.remove(name)


def set_password(app: Any, name: str, password: str) -> None:
    """A new password for ``name`` (oneself, or anyone by an admin): the data key is
    re-wrapped, nothing is re-encrypted."""
    identity = app.identity
    if identity is None:
        _admin(app)
    if name != identity.name:
        _admin(app)
    password = check_new_password(password)
    with _with_keyring(app, identity.name) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None or user.disabled:
            raise InputError(_("There is no active user {name}").format(name=name))
        _new_password(session, app.config.home, user, password, identity.data_key,
                      "user.password", identity.name)


def recover_admin(home: str | os.PathLike[str] | None, name: str, recovery_text: str,
                  password: str) -> Identity:
    """Give administrator ``name`` a new password with the home's recovery key (the one
    shown at set-up); also lifts a lock. Returns the administrator's identity."""
    home = home_path(home)
    password = check_new_password(password)
    ring = read_keyring(home)
    try:
        data_key = ring.unlock_with_recovery(recovery_text)
    except CryptoError as exc:
        raise LoginError(_("That recovery key does not open this home")) from exc
    db = open_home_database(home, data_key, name)
    try:
        with db.session(actor=name) as session:
            user = session.scalar(select(User).where(User.name == name))
            if user is None or user.disabled or user.role != "admin":
                raise InputError(_("{name} is not an active administrator of this home; the "
                                   "recovery key resets an administrator's password").format(
                                       name=name))
            _new_password(session, home, user, password, data_key, "user.recover", name)
    finally:
        db.dispose()
    return Identity(name=name, role="admin", data_key=data_key)


def list_accounts(app: Any) -> list[Account]:
    _admin(app)
    ring, now = read_keyring(app.config.home), time.time()
    with app.db.session() as session:
        users = list(session.scalars(select(User).order_by(User.name)))
        return [Account(u.name, u.role, bool(u.disabled), _locked_minutes(ring, u.name, now),
                        u.created_by or "", u.last_login_at) for u in users]


def _locked_minutes(ring: HomeKeyring, name: str, now: float) -> int:
    wait = ring.locked_for(name, now)
    return minutes_of(wait) if wait > 0 else 0
