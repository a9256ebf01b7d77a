"""Account commands: ``setup``, ``user add|list|disable|enable|password|recover``, and the login
every command in a protected home goes through (:func:`authenticate`).

Passwords never come on the command line (they would be in the shell's history and in every
process listing): ``--password-stdin`` reads one line from standard input, else a hidden
prompt asks twice. Scripts log in with ``VFEEDBACK_USER`` and ``VFEEDBACK_PASSWORD``.
"""

from __future__ import annotations

import os
import sys

import click

from ..accounts import (
    add_user,
    disable_user,
    enable_user,
    list_accounts,
    recover_admin,
    set_password,
)
from ..errors import InputError
from ..i18n import _
from ..security import ROLES, Identity, LoginError, create_home_keys, login
from . import Context, pass_ctx


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def authenticate(home: str | None) -> Identity:
    """Log in to a protected home: from the environment, else a prompt on a terminal."""
    name = os.environ.get("VFEEDBACK_USER", "")
    password = os.environ.get("VFEEDBACK_PASSWORD")
    if password is None or not name:
        if not _interactive():
            raise LoginError(_("This home is protected: set VFEEDBACK_USER and "
                               "VFEEDBACK_PASSWORD, or run the command in a terminal to log in"))
        if not name:
            name = click.prompt(_("User"), err=True)
        password = click.prompt(_("Password for {name}").format(name=name), hide_input=True,
                                err=True)
    return login(home, name, password)


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise InputError(_("--password-stdin: standard input held no password"))
        return line.rstrip("\r\n")
    if not _interactive():
        raise InputError(_("Give the new password on standard input with --password-stdin"))
    return click.prompt(_("New password"), hide_input=True, confirmation_prompt=True, err=True)


def register(cli: click.Group) -> None:
    @cli.command("setup")
    @click.option("--admin", "admin", required=True, help="The first administrator's name.")
    @click.option("--password-stdin", is_flag=True,
                  help="Read the administrator's password from standard input.")
    @pass_ctx
    def setup_command(ctx: Context, admin: str, password_stdin: bool) -> None:
        """Make a new protected home: encrypted database, first administrator, recovery key."""
        password = _new_password(password_stdin)
        recovery = create_home_keys(ctx.home, admin, password)
        click.echo(_("Protected home made; administrator: {name}").format(name=admin))
        click.echo(_("Recovery key (shown only now; write it down and keep it locked away — "
                     "without it and without a password nothing can be opened):"))
        click.echo(recovery)

    @cli.group("user")
    def user_group() -> None:
        """Accounts of a protected home (an administrator manages them)."""

    @user_group.command("add")
    @click.argument("name")
    @click.option("--role", required=True, type=click.Choice(ROLES))
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
    @pass_ctx
    def user_add(ctx: Context, name: str, role: str, password_stdin: bool) -> None:
        """Add the account NAME with a role and a password."""
        app = ctx.app  # log in first, then read the new password
        add_user(app, name, role, _new_password(password_stdin))
        click.echo(_("Added {name} ({role})").format(name=name, role=role))

    @user_group.command("list")
    @pass_ctx
    def user_list(ctx: Context) -> None:
        """The accounts, their roles and state."""
        for account in list_accounts(ctx.app):
            state = [_("disabled")] if account.disabled else []
            if account.locked_minutes:
                state.append(_("locked {n} min").format(n=account.locked_minutes))
            last = (account.last_login_at.strftime("%Y-%m-%d %H:%M") if account.last_login_at
                    else "-")
            click.echo(f"{account.name}\t{account.role}\t{last}\t{', '.join(state) or 'ok'}")

    @user_group.command("disable")
    @click.argument("name")
    @pass_ctx
    def user_disable(ctx: Context, name: str) -> None:
        """Stop NAME from logging in (their copy of the key is removed)."""
        disable_user(ctx.app, name)
        click.echo(_("Disabled {name}").format(name=name))

    @user_group.command("enable")
    @click.argument("name")
    @click.option("--password-stdin", is_flag=True,
                  help="Read the new password from standard input.")
    @pass_ctx
    def user_enable(ctx: Context, name: str, password_stdin: bool) -> None:
        """Let the disabled NAME log in again, with a new password (the old one was
        removed with their key)."""
        app = ctx.app
        enable_user(app, name, _new_password(password_stdin))
        click.echo(_("Enabled {name}").format(name=name))

    @user_group.command("password")
    @click.argument("name")
    @click.option("--password-stdin", is_flag=True,
                  help="Read the new password from standard input.")
    @pass_ctx
    def user_password(ctx: Context, name: str, password_stdin: bool) -> None:
        """Change NAME's password (your own, or anyone's as an administrator)."""
        app = ctx.app
        set_password(app, name, _new_password(password_stdin))
        click.echo(_("Password changed for {name}").format(name=name))

    @user_group.command("recover")
    @click.argument("name")
    @click.option("--password-stdin", is_flag=True,
                  help="Read the new password from standard input.")
    @pass_ctx
    def user_recover(ctx: Context, name: str, password_stdin: bool) -> None:
        """Set administrator NAME's new password with the home's recovery key (from
        VFEEDBACK_RECOVERY_KEY, else asked): for a forgotten password or a lock."""
        recovery = os.environ.get("VFEEDBACK_RECOVERY_KEY")
        if not recovery:
            if not _interactive():
                raise InputError(_("Set VFEEDBACK_RECOVERY_KEY, or run this in a terminal"))
            recovery = click.prompt(_("Recovery key"), hide_input=True, err=True)
        identity = recover_admin(ctx.home, name, recovery, _new_password(password_stdin))
        ctx.set_identity(identity)
        click.echo(_("New password set for {name}").format(name=name))
