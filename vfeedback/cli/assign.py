"""Who works on which case: ``case assign CODE --to NAME [--remove]``, ``case assignees CODE``
and ``user supervise TRAINEE --by SUPERVISOR [--remove]``.

The rules (who may assign, who then sees what) are in ``services/access.py`` and
``services/assignments.py``; these commands only call them with the command's actor.
"""

from __future__ import annotations

import click

from ..i18n import _
from . import Context, pass_ctx


def _user_group(cli: click.Group) -> click.Group:
    """The ``user`` group (the accounts module may have made it already)."""
    found = cli.commands.get("user")
    if isinstance(found, click.Group):
        return found

    @cli.group("user")
    def user_group() -> None:
        """User accounts, roles and supervision."""

    return user_group


def register(cli: click.Group) -> None:
    from .core import case_group

    @case_group.command("assign")
    @click.argument("code")
    @click.option("--to", "name", required=True, help="The clinician, trainee or supervisor.")
    @click.option("--remove", is_flag=True, help="Take the case away from NAME instead.")
    @pass_ctx
    def case_assign(ctx: Context, code: str, name: str, remove: bool) -> None:
        """Assign case CODE to user NAME: they see it and work on it."""
        from services import assignments

        changed = assignments.assign(ctx.app, ctx.actor, code, name, remove=remove).value
        if remove:
            message = _("{name} no longer works on case {code}") if changed else \
                _("{name} was not assigned case {code}")
        else:
            message = _("Assigned case {code} to {name}") if changed else \
                _("{name} was already assigned case {code}")
        click.echo(message.format(code=code, name=name))

    @case_group.command("assignees")
    @click.argument("code")
    @pass_ctx
    def case_assignees(ctx: Context, code: str) -> None:
        """List who works on case CODE."""
        from services import assignments

        for row in assignments.assignees(ctx.app, ctx.actor, code):
            click.echo(f"{row.name}\t{row.role}")

    user_group = _user_group(cli)

    @user_group.command("supervise")
    @click.argument("trainee")
    @click.option("--by", "supervisor", required=True, help="The trainee's supervisor.")
    @click.option("--remove", is_flag=True, help="End the supervision instead.")
    @pass_ctx
    def user_supervise(ctx: Context, trainee: str, supervisor: str, remove: bool) -> None:
        """Make SUPERVISOR the supervisor of TRAINEE: they see the trainee's cases."""
        from services import assignments

        changed = assignments.supervise(ctx.app, ctx.actor, trainee, supervisor,
                                        remove=remove).value
        if remove:
            message = _("{supervisor} no longer supervises {trainee}") if changed else \
                _("{supervisor} did not supervise {trainee}")
        else:
            message = _("{supervisor} now supervises {trainee}") if changed else \
                _("{supervisor} already supervises {trainee}")
        click.echo(message.format(trainee=trainee, supervisor=supervisor))

    @user_group.command("role")
    @click.argument("name")
    @click.argument("role", type=click.Choice(
        ["trainee", "clinician", "supervisor", "admin"]))
    @pass_ctx
    def user_role(ctx: Context, name: str, role: str) -> None:
        """Give user NAME another ROLE (written to the audit)."""
        from services import assignments

        assignments.set_role(ctx.app, ctx.actor, name, role)
        click.echo(_("{name} is now a {role}").format(name=name, role=role))
