"""``vfeedback encrypt``: convert this home to an encrypted (protected) one, in place."""

from __future__ import annotations

import sys

import click

from ..i18n import _


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    return click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)


def register(cli: click.Group) -> None:
    from . import Context, pass_ctx

    @cli.command("encrypt")
    @click.option("--admin", "admin", required=True, metavar="NAME",
                  help="The first admin: their password unlocks the home's key.")
    @click.option("--password-stdin", is_flag=True,
                  help="Read the admin's password from the first line of standard input.")
    @pass_ctx
    def encrypt_command(ctx: Context, admin: str, password_stdin: bool) -> None:
        """Encrypt this home in place: database (SQLCipher) and every media file (AES-256-GCM).

        Prints a recovery key once: write it down. Safe to interrupt: run the same command
        again to finish. Close vfeedback on this home first.
        """
        from ..encrypt import encrypt_home

        password = _read_password(password_stdin)
        result = encrypt_home(ctx.home, admin, password, say=click.echo)
        click.echo(_("This home is encrypted: {n} media files, the database and the keys "
                     "({admin} can log in)").format(n=result.objects_total, admin=admin))
