"""Accounts of a protected home, in process: login, lockout, audit of failures, disabling,
password changes that re-wrap the key, recovery, and who may manage accounts."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from services.access import AccessDenied
from services.assignments import set_role
from vfeedback.accounts import (
    add_user,
    disable_user,
    enable_user,
    list_accounts,
    recover_admin,
    set_password,
)
from vfeedback.app import open_app
from vfeedback.crypto import KdfParams, Keyring
from vfeedback.errors import InputError
from vfeedback.models import AuditEvent, User
from vfeedback.security import (
    LOCK_SECONDS,
    LoginError,
    create_home_keys,
    is_protected,
    login,
    password_matches,
)

ADMIN_PW = "admin-secret-1"
# Argon2id at a test's cost: the same code path, ~50x cheaper than the default, since the
# lockout test makes a dozen wrong guesses (the CLI tests run the default cost).
CHEAP = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    create_home_keys(home, "ada", ADMIN_PW, kdf=CHEAP)
    return home


def _events(home: Path, who, action: str) -> list[AuditEvent]:
    app = open_app(home, identity=who)
    try:
        with app.db.session() as session:
            return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                        .order_by(AuditEvent.id)))
    finally:
        app.close()


def test_setup_protects_and_login_opens(home: Path) -> None:
    assert is_protected(home)
    with pytest.raises(LoginError, match="protected: log in first"):
        open_app(home)
    ada = login(home, "ada", ADMIN_PW)
    assert (ada.name, ada.role, len(ada.data_key)) == ("ada", "admin", 32)
    assert ada.data_key.hex() not in repr(ada)
    app = open_app(home, identity=ada)
    try:
        assert app.actor == "ada" and app.data_key == ada.data_key and app.db.actor == "ada"
        with app.db.session() as session:
            user = session.scalar(select(User).where(User.name == "ada"))
            # The server-side check: the row's Argon2id hash verifies the same password.
            assert user.password_hash.startswith("$argon2id$")
            assert password_matches(user.password_hash, ADMIN_PW)
            assert not password_matches(user.password_hash, "admin-secret-2")
            assert user.role == "admin" and not user.disabled
    finally:
        app.close()
    assert len(_events(home, ada, "user.login")) == 1


def test_wrong_password_unknown_user_and_lockout_grows(home: Path) -> None:
    with pytest.raises(LoginError, match="Wrong user name or password"):
        login(home, "nobody", ADMIN_PW)
    now = time.time()
    for attempt in range(4):
        with pytest.raises(LoginError, match=f"{4 - attempt} tries left"):
            login(home, "ada", "wrong-password", now=now)
    with pytest.raises(LoginError, match="locked for 5 minutes"):
        login(home, "ada", "wrong-password", now=now)
    # Locked: even the right password is refused, without trying it.
    with pytest.raises(LoginError, match="try again in 5 minutes"):
        login(home, "ada", ADMIN_PW, now=now + 10)
    # The lock lives outside the encrypted database: in the keyring file.
    logins = json.loads((home / "keyring.json").read_text())["logins"]
    assert logins["failures"]["ada"]["until"] == pytest.approx(now + LOCK_SECONDS)
    # After the lock, five more wrong ones lock for twice as long.
    later = now + LOCK_SECONDS + 1
    for _ in range(4):
        with pytest.raises(LoginError):
            login(home, "ada", "wrong-password", now=later)
    with pytest.raises(LoginError, match="locked for 10 minutes"):
        login(home, "ada", "wrong-password", now=later)
    ada = login(home, "ada", ADMIN_PW, now=later + 2 * LOCK_SECONDS + 1)
    failed = _events(home, ada, "user.login_failed")
    # 1 unknown name + 10 wrong passwords + 1 attempt while locked, each with its own time.
    assert len(failed) == 12
    assert [e.actor for e in failed].count("ada") == 11 and failed[0].actor == "nobody"
    assert sum(bool(e.detail.get("while_locked")) for e in failed) == 1
    assert all("wrong" not in json.dumps(e.detail) for e in failed)  # no password text
    # Audited once: the next login adds no copies, and the counter was reset by the success.
    again = login(home, "ada", ADMIN_PW, now=later + 2 * LOCK_SECONDS + 2)
    assert len(_events(home, again, "user.login_failed")) == 12
    assert "ada" not in json.loads((home / "keyring.json").read_text())["logins"]["failures"]


def test_accounts_roles_disable_and_password_change(home: Path) -> None:
    ada = login(home, "ada", ADMIN_PW)
    app = open_app(home, identity=ada)
    try:
        add_user(app, "tom", "trainee", "trainee-pw-1")
        add_user(app, "sue", "supervisor", "super-pw-11")
        with pytest.raises(InputError, match="already a user tom"):
            add_user(app, "tom", "clinician", "whatever-123")
        with pytest.raises(InputError, match="role must be one of"):
            add_user(app, "bob", "boss", "whatever-123")
        with pytest.raises(InputError, match="at least 8"):
            add_user(app, "bob", "clinician", "short")
        for reserved in ("local", "LOCAL", "-"):  # "local" is allowed everything unprotected
            with pytest.raises(InputError, match="a name vfeedback uses itself"):
                add_user(app, reserved, "trainee", "whatever-123")
        names = {a.name: a.role for a in list_accounts(app)}
        assert names == {"ada": "admin", "tom": "trainee", "sue": "supervisor"}
    finally:
        app.close()

    tom = login(home, "tom", "trainee-pw-1")
    assert tom.role == "trainee" and tom.data_key == ada.data_key
    as_tom = open_app(home, identity=tom)
    try:
        with pytest.raises(InputError, match="Only an administrator"):
            add_user(as_tom, "eve", "admin", "eve-password-1")
        with pytest.raises(InputError, match="Only an administrator"):
            disable_user(as_tom, "sue")
        with pytest.raises(InputError, match="Only an administrator"):
            set_password(as_tom, "ada", "taken-over-123")
        set_password(as_tom, "tom", "trainee-pw-2")  # one's own password: allowed
    finally:
        as_tom.close()
    with pytest.raises(LoginError, match="Wrong"):
        login(home, "tom", "trainee-pw-1")
    # Re-wrapped, never re-encrypted: the same data key opens the same database.
    assert login(home, "tom", "trainee-pw-2").data_key == ada.data_key

    app = open_app(home, identity=ada)
    try:
        with pytest.raises(InputError, match="own account"):
            disable_user(app, "ada")
        disable_user(app, "tom")
        with app.db.session() as session:
            assert session.scalar(select(User.disabled).where(User.name == "tom")) is True
    finally:
        app.close()
    assert "tom" not in Keyring(home / "keyring.json").entries  # nothing left to unwrap
    with pytest.raises(LoginError, match="tom is disabled"):
        login(home, "tom", "trainee-pw-2")
    assert [e.action for e in _events(home, ada, "user.disable")] == ["user.disable"]


def test_a_disabled_user_is_enabled_with_a_new_password_and_roles_change(home: Path) -> None:
    ada = login(home, "ada", ADMIN_PW)
    app = open_app(home, identity=ada)
    try:
        add_user(app, "tom", "trainee", "trainee-pw-1")
        with pytest.raises(InputError, match="tom is not disabled"):
            enable_user(app, "tom", "trainee-pw-9")
        disable_user(app, "tom")
        with pytest.raises(InputError, match="no user bob"):
            enable_user(app, "bob", "whatever-123")
        enable_user(app, "tom", "trainee-pw-2")
        set_role(app, "ada", "tom", "clinician")  # qualified
        with pytest.raises(InputError, match="A role is one of"):
            set_role(app, "ada", "tom", "boss")
        with pytest.raises(InputError, match="ada is the last administrator"):
            set_role(app, "ada", "ada", "clinician")
        set_role(app, "ada", "tom", "admin")
        set_role(app, "ada", "ada", "supervisor")  # another administrator exists now
        assert {a.name: (a.role, a.disabled) for a in list_accounts(app)} == {
            "ada": ("supervisor", False), "tom": ("admin", False)}
    finally:
        app.close()
    with pytest.raises(LoginError, match="Wrong"):
        login(home, "tom", "trainee-pw-1")  # the password from before the disabling is gone
    tom = login(home, "tom", "trainee-pw-2")
    assert tom.role == "admin" and tom.data_key == ada.data_key
    assert login(home, "ada", ADMIN_PW).role == "supervisor"  # from the next login on
    as_ada = open_app(home, identity=login(home, "ada", ADMIN_PW))
    try:
        with pytest.raises(AccessDenied):
            set_role(as_ada, "ada", "ada", "admin")
    finally:
        as_ada.close()
    roles = _events(home, tom, "user.role")
    assert [(e.detail["old"], e.detail["new"]) for e in roles] == [
        ("trainee", "clinician"), ("clinician", "admin"), ("admin", "supervisor")]
    assert len(_events(home, tom, "user.enable")) == 1


def test_recovery_key_resets_an_admins_password(tmp_path: Path) -> None:
    home = tmp_path / "home"
    recovery = create_home_keys(home, "ada", ADMIN_PW, kdf=CHEAP)
    now = time.time()
    for _ in range(5):
        with pytest.raises(LoginError):
            login(home, "ada", "forgotten-1", now=now)
    with pytest.raises(LoginError, match="recovery key does not open"):
        recover_admin(home, "ada", "AAAA-" * 12 + "AAAA", "brand-new-pw-1")
    ada = recover_admin(home, "ada", recovery.lower(), "brand-new-pw-1")  # case-insensitive
    assert login(home, "ada", "brand-new-pw-1", now=now + 1).data_key == ada.data_key
    with pytest.raises(LoginError):
        login(home, "ada", ADMIN_PW, now=now + 2)
    assert len(_events(home, ada, "user.recover")) == 1


def test_setup_refuses_a_home_with_data_and_a_second_setup(tmp_path: Path, monkeypatch,  # noqa: ANN001
                                                           new_database_url) -> None:  # noqa: ANN001
    from vfeedback import library

    used = tmp_path / "used"
    app = open_app(used)
    with app.db.session() as session:
        library.create_case(session, "FAM-9")
    app.close()
    with pytest.raises(InputError, match="vfeedback encrypt"):
        create_home_keys(used, "ada", ADMIN_PW, kdf=CHEAP)
    assert not is_protected(used)
    reopened = open_app(used)  # nothing was lost or changed
    with reopened.db.session() as session:
        assert [c.code for c in library.list_cases(session)] == ["FAM-9"]
    reopened.close()

    fresh = tmp_path / "fresh"
    if os.environ.get("VFEEDBACK_DATABASE_URL"):  # on PostgreSQL: a database of its own
        monkeypatch.setenv("VFEEDBACK_DATABASE_URL", new_database_url(migrated=True))
    open_app(fresh).close()  # an empty plain database: replaced by an encrypted one
    create_home_keys(fresh, "ada", ADMIN_PW, kdf=CHEAP)
    with pytest.raises(InputError, match="already a protected home"):
        create_home_keys(fresh, "eve", ADMIN_PW, kdf=CHEAP)
    assert login(fresh, "ada", ADMIN_PW).role == "admin"


def test_damaged_keyring_is_a_clear_refusal(home: Path) -> None:
    doc = json.loads((home / "keyring.json").read_text())
    wrapped = bytearray(doc["entries"]["ada"]["wrapped"].encode())
    wrapped[5] = ord("A") if wrapped[5] != ord("A") else ord("B")
    doc["entries"]["ada"]["wrapped"] = wrapped.decode()
    (home / "keyring.json").write_text(json.dumps(doc))
    with pytest.raises(LoginError, match="Wrong user name or password"):
        login(home, "ada", ADMIN_PW)
    (home / "keyring.json").write_text("{not json")
    with pytest.raises(LoginError, match="damaged"):
        login(home, "ada", ADMIN_PW)


def test_a_failed_commit_takes_the_keyring_change_back(home: Path, monkeypatch) -> None:  # noqa: ANN001
    """The keyring is written inside the account's transaction: when the commit then fails
    (a locked database, a full disk), the new password opens nothing and a disabling that did
    not happen locks nobody out."""
    from vfeedback import audit

    ada = login(home, "ada", ADMIN_PW)
    app = open_app(home, identity=ada)
    try:
        add_user(app, "tess", "trainee", "trainee-pw-1")

        def locked(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
            raise RuntimeError("database is locked (at commit)")

        with monkeypatch.context() as patched:  # undo() would also drop the test's database
            patched.setattr(audit, "append_rows", locked)
            with pytest.raises(RuntimeError):
                set_password(app, "tess", "new-password-2")
            with pytest.raises(RuntimeError):
                disable_user(app, "tess")
        assert [(a.name, a.disabled) for a in list_accounts(app)] == [
            ("ada", False), ("tess", False)]
    finally:
        app.close()
    with pytest.raises(LoginError, match="Wrong"):
        login(home, "tess", "new-password-2")
    assert login(home, "tess", "trainee-pw-1").name == "tess"  # not disabled either


def test_guesses_at_the_same_time_cannot_pass_the_limit(home: Path, monkeypatch) -> None:  # noqa: ANN001
    """Twelve wrong passwords at once: the count is taken before the slow check, so at most
    MAX_FAILURES of them are checked at all; the rest are refused unchecked."""
    import threading

    from vfeedback.security import MAX_FAILURES, HomeKeyring

    checked: list[str] = []
    slow_unlock = HomeKeyring.unlock

    def unlock(self, name, password):  # noqa: ANN001, ANN202 - Argon2id at its real pace
        checked.append(name)
        time.sleep(0.3)
        return slow_unlock(self, name, password)

    monkeypatch.setattr(HomeKeyring, "unlock", unlock)
    start = threading.Barrier(12)
    answers: list[str] = []

    def guess(n: int) -> None:
        start.wait()
        try:
            login(home, "ada", f"guess-{n}-wrong")
        except LoginError as exc:
            answers.append(str(exc))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 12 and len(checked) <= MAX_FAILURES
    assert sum("at once" in a or "locked" in a for a in answers) >= 12 - MAX_FAILURES
    with pytest.raises(LoginError, match="locked"):
        login(home, "ada", ADMIN_PW)  # the lock holds for the right password too
