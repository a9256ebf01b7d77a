"""``vfeedback audit``, ``consent``, ``case delete`` and ``retention``: the privacy commands.

- ``audit verify``: walk the hash chain; exit 1 naming the first row that was edited, deleted
  or inserted. ``audit export --out F.csv``: every row with its chain fields.
- ``consent set CODE [--filming yes|no] ... [--keep-until YYYY-MM-DD]``, ``consent show CODE``.
- ``case delete CODE [--yes]``: the case with all its media and rows, for good.
- ``retention run [--dry-run]``: delete the cases whose keep-until date has passed.

All of it goes through :mod:`services.consent` and :mod:`services.privacy`.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _
from . import Context, pass_ctx

YES_NO = click.Choice(["yes", "no"])


def _actor(ctx: Context) -> str | None:
    return ctx.actor  # the logged-in user in a protected home


def register(cli: click.Group) -> None:
    @cli.group("audit")
    def audit_group() -> None:
        """The audit log: who did what, hash-chained so that tampering shows."""

    @audit_group.command("verify")
    @pass_ctx
    def audit_verify(ctx: Context) -> None:
        """Check the whole chain; exit 1 naming the first bad row."""
        from services import privacy

        result = privacy.audit_verify(ctx.app, _actor(ctx))
        if result.problem is not None:
            bad = result.problem
            where = (_("row {id} (position {seq})").format(id=bad.row_id, seq=bad.seq)
                     if bad.row_id is not None else _("the end of the log"))
            click.echo(_("Error: the audit log was tampered with at {where}: {why}").format(
                where=where, why=bad.why), err=True)
            raise SystemExit(1)
        click.echo(_("The audit log is intact: {n} rows").format(n=result.rows) + (
            _(" (signatures checked)") if result.keyed else ""))

    @audit_group.command("export")
    @click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                  help="The CSV file to write.")
    @pass_ctx
    def audit_export(ctx: Context, out: Path) -> None:
        """Write every audit row (oldest first, with its hashes) to a CSV file."""
        from services import privacy

        n = privacy.audit_export(ctx.app, _actor(ctx), out)
        click.echo(_("Wrote {n} audit rows to {path}").format(n=n, path=out))

    @cli.group("consent")
    def consent_group() -> None:
        """What a family agreed to: filming, feedback, supervision, research; keep-until."""

    @consent_group.command("set")
    @click.argument("code")
    @click.option("--filming", type=YES_NO, help="Consent to filming.")
    @click.option("--feedback", type=YES_NO, help="Use in the family's own feedback reel.")
    @click.option("--supervision", type=YES_NO, help="Sharing with a supervisor.")
    @click.option("--research", type=YES_NO, help="Use in research and teaching.")
    @click.option("--keep-until", "keep_until", metavar="YYYY-MM-DD",
                  help="Delete the case after this date (the retention run).")
    @pass_ctx
    def consent_set(ctx: Context, code: str, filming: str | None, feedback: str | None,
                    supervision: str | None, research: str | None,
                    keep_until: str | None) -> None:
        """Record consent for case CODE (fields not given stay as they are)."""
        from services import consent

        state = consent.set_consent(ctx.app, _actor(ctx), code, filming=filming,
                                    feedback=feedback, supervision=supervision,
                                    research=research, keep_until=keep_until).value
        _show(state)

    @consent_group.command("show")
    @click.argument("code")
    @click.option("--history", is_flag=True, help="Every change, oldest first.")
    @pass_ctx
    def consent_show(ctx: Context, code: str, history: bool) -> None:
        """Show case CODE's consent: each field, who recorded it and when."""
        from services import consent

        state = consent.get(ctx.app, _actor(ctx), code)
        _show(state)
        if history:
            click.echo(_("History:"))
            for entry in state.history:
                click.echo(f"  {entry.recorded_at:%Y-%m-%d %H:%M}\t{entry.field}\t"
                           f"{entry.value or '-'}\t{entry.recorded_by}")

    case_group = cli.commands["case"]
    assert isinstance(case_group, click.Group)

    @case_group.command("delete")
    @click.argument("code")
    @click.option("--yes", "assume_yes", is_flag=True, help="Do not ask (for scripts).")
    @pass_ctx
    def case_delete(ctx: Context, code: str, assume_yes: bool) -> None:
        """Delete case CODE for good: its recordings, derived files, annotations, plans."""
        from services import privacy

        if not assume_yes and not click.confirm(_(
                "Delete case {code} with all its recordings, annotations and plans? This "
                "cannot be undone").format(code=code), default=False):
            click.echo(_("Nothing was deleted"))
            raise SystemExit(1)
        done = privacy.delete_case(ctx.app, _actor(ctx), code).value
        click.echo(_("Deleted case {code}: {rows} rows, {objects} stored files").format(
            code=code, rows=done.total_rows, objects=done.objects))

    @cli.group("retention")
    def retention_group() -> None:
        """Deleting cases whose keep-until date has passed."""

    @retention_group.command("run")
    @click.option("--dry-run", is_flag=True, help="Only list the cases that would be deleted.")
    @pass_ctx
    def retention_run(ctx: Context, dry_run: bool) -> None:
        """Delete every case whose keep-until date has passed."""
        from services import privacy

        cases = privacy.retention_run(ctx.app, _actor(ctx), dry_run=dry_run).value
        for case in cases:
            click.echo(f"{case.code}\t" + _("keep until {date}").format(
                date=case.keep_until.isoformat()))
        if dry_run:
            click.echo(_("{n} cases would be deleted (dry run: nothing was deleted)").format(
                n=len(cases)))
        else:
            click.echo(_("Deleted {n} cases").format(n=len(cases)))


def _show(state) -> None:  # noqa: ANN001 - services.consent.ConsentState
    from services.consent import describe

    click.echo(_("Consent for case {code}:").format(code=state.code))
    for name, value, who, when in describe(state):
        shown = value or _("not recorded")
        click.echo(f"  {name}\t{shown}" + (f"\t{who}\t{when}" if who or when else ""))
