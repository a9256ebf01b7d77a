"""Clinic-server commands: ``server init|check|import-home|checkout|checkin|refused``,
``backup``, ``restore``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import _
from . import Context, pass_ctx
from .progress import progress_bar


def register(cli: click.Group) -> None:
    @cli.group("server")
    def server_group() -> None:
        """The clinic server: PostgreSQL shared by many clinicians, a shared media store."""

    @server_group.command("init")
    @click.option("--url", required=True,
                  help="postgresql+psycopg://USER:PASSWORD@HOST/DATABASE (or a sqlite: URL).")
    @click.option("--admin", default=None,
                  help="The first administrator's user name (default: your login name).")
    @click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None,
                  help="The shared media store folder (e.g. on the clinic's network share).")
    @click.option("--password-stdin", is_flag=True,
                  help="Read the administrator's password from standard input (stored as an "
                       "Argon2id hash in the user table).")
    @pass_ctx
    def server_init(ctx: Context, url: str, admin: str | None, store_dir: str | None,
                    password_stdin: bool) -> None:
        """Create the schema at URL and its first administrator; this home then uses it."""
        from ..accounts import set_server_password
        from ..config import load_config
        from ..db import default_actor
        from ..server.admin import init_server
        from .accounts import _new_password

        password = _new_password(True) if password_stdin else None
        db, created = init_server(url, admin or default_actor() or "admin")
        try:
            if password is not None:
                set_server_password(db, admin or default_actor() or "admin", password)
            config = load_config(ctx.home)
            config.set("database_url", url)
            if store_dir:
                Path(store_dir).mkdir(parents=True, exist_ok=True)
                config.set("store_dir", str(Path(store_dir).absolute()))
            click.echo(_("Schema {rev} at {url}").format(rev=db.current_revision(),
                                                          url=db.display_url))
            click.echo((_("Created administrator {name}") if created else
                        _("Administrator {name} was there already")).format(
                name=admin or default_actor() or "admin"))
            click.echo(_("This home ({home}) now uses that database").format(home=config.home))
        finally:
            db.dispose()

    @server_group.command("check")
    @pass_ctx
    def server_check(ctx: Context) -> None:
        """Versions, database connections, schema, whether the media store can be written."""
        from services import access

        from ..server.admin import check

        access.check(ctx.actor, "server.manage", ctx.app)

        lines = check(ctx.app)
        for line in lines:
            mark = "ok " if line.ok else "BAD"
            click.echo(f"{mark} {line.what}: {line.detail}")
        if not all(line.ok for line in lines):
            sys.exit(1)

    @server_group.command("import-home")
    @click.argument("home", type=click.Path(file_okay=False, path_type=Path))
    @pass_ctx
    def server_import_home(ctx: Context, home: Path) -> None:
        """Bring every case, recording, annotation and plan of a laptop's HOME folder here."""
        from services import access

        from ..server.admin import import_home

        access.check(ctx.actor, "server.manage", ctx.app)

        with progress_bar(_("Importing")) as progress:
            added = import_home(ctx.app, home, progress)
        click.echo(_("Imported {c} cases, {r} recordings, {a} annotations, {p} plans").format(
            c=added.get("case", 0), r=added.get("recording", 0),
            a=added.get("annotation", 0), p=added.get("feedback_plan", 0)))

    @server_group.command("checkout")
    @click.argument("case_code")
    @click.option("--to", "laptop_home", required=True,
                  type=click.Path(file_okay=False, path_type=Path),
                  help="A new home folder on the laptop (use it with --home or VFEEDBACK_HOME).")
    @pass_ctx
    def server_checkout(ctx: Context, case_code: str, laptop_home: Path) -> None:
        """Take case CASE_CODE (media, annotations, plans) along for a home visit."""
        from services import access

        from ..server.checkout import checkout

        access.check(ctx.actor, "cases.checkout", ctx.app, case=case_code)

        copied = checkout(ctx.app, case_code, laptop_home)
        click.echo(_("Checked out {code} to {path}: {r} recordings, {a} annotations").format(
            code=case_code, path=laptop_home, r=copied.get("recording", 0),
            a=copied.get("annotation", 0)))

    @server_group.command("checkin")
    @click.argument("laptop_home", type=click.Path(file_okay=False, path_type=Path))
    @pass_ctx
    def server_checkin(ctx: Context, laptop_home: Path) -> None:
        """Bring a checked-out case's new recordings, annotation and plan edits and notes back."""
        from services import access

        from ..server.checkout import checked_out_case, checkin

        # Only into a case this user may work on (the laptop's marker names it).
        access.check(ctx.actor, "cases.checkin", ctx.app,
                     case=checked_out_case(laptop_home)["case"])

        result = checkin(ctx.app, laptop_home)
        click.echo(_("Checked in: {r} new recordings, {a} annotations added, {u} changed, "
                     "{d} deleted, {c} conflicts").format(
            r=result.recordings, a=result.added, u=result.updated, d=result.deleted,
            c=len(result.conflicts)))
        click.echo(_("Plans: {a} clips added, {u} changed, {d} deleted; case notes {notes}")
                   .format(a=result.clips_added, u=result.clips_updated, d=result.clips_deleted,
                           notes=_("brought back") if result.case_updated else _("unchanged")))
        for line in result.conflicts:
            click.echo(_("Conflict: {what}").format(what=line))

    @server_group.command("refused")
    @click.option("--json", "as_json", is_flag=True, help="As JSON (kind, fields, reason).")
    @click.option("--forget", is_flag=True, help="Forget them once read.")
    @pass_ctx
    def server_refused(ctx: Context, as_json: bool, forget: bool) -> None:
        """Edits made while the server was away that it refused when they were sent."""
        import datetime
        import json

        from services import outbox

        kept = outbox.refused(ctx.app, ctx.actor)
        if as_json:
            click.echo(json.dumps([{"recording_id": r.recording_id, "kind": r.kind,
                                    "what": r.label, "fields": r.payload, "reason": r.reason,
                                    "at": datetime.datetime.fromtimestamp(r.at).isoformat(
                                        timespec="seconds")} for r in kept], indent=1))
        elif not kept:
            click.echo(_("No refused edits."))
        for r in kept if not as_json else []:
            when = datetime.datetime.fromtimestamp(r.at).strftime("%Y-%m-%d %H:%M")
            click.echo(_("{when}  recording {rid}: {what}: {why}").format(
                when=when, rid=r.recording_id, what=r.label or r.kind, why=r.reason))
        if forget and kept:
            outbox.forget_refused(ctx.app, ctx.actor, [r.id for r in kept])
            click.echo(_("Forgot {n} refused edits").format(n=len(kept)), err=as_json)

    @cli.command("backup")
    @click.option("--out", required=True, type=click.Path(path_type=Path),
                  help="A new (or empty) folder for the backup.")
    @pass_ctx
    def backup_command(ctx: Context, out: Path) -> None:
        """Back up the database and its media into a folder (consistent, checksummed)."""
        from services import access

        from ..server.backup import backup

        access.check(ctx.actor, "server.manage", ctx.app)

        with progress_bar(_("Backing up")) as progress:
            summary = backup(ctx.app, out, progress)
        click.echo(_("Backed up {rows} rows and {n} media files ({mb:.1f} MB) to {path}").format(
            rows=sum(summary.rows.values()), n=summary.objects, mb=summary.object_bytes / 1e6,
            path=summary.folder))

    @cli.command("restore")
    @click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
    @pass_ctx
    def restore_command(ctx: Context, folder: Path) -> None:
        """Restore a backup FOLDER into an empty database and store (a protected home's
        sealed backup: into a new home folder, opened afterwards with a password)."""
        from services import access

        from ..security import home_path
        from ..server.backup import read_manifest, restore
        from ..server.backup_sealed import is_sealed_backup, restore_sealed

        manifest = read_manifest(folder)
        if is_sealed_backup(manifest):
            home = home_path(ctx.home)  # before the home is opened (and made unprotected)
            with progress_bar(_("Restoring")) as progress:
                rows = restore_sealed(home, folder, manifest, progress)
            click.echo(_("Restored a protected home with {c} cases and {r} recordings to "
                         "{path}; log in to open it").format(
                c=rows.get("case", 0), r=rows.get("recording", 0), path=home))
            return
        access.check(ctx.actor, "server.manage", ctx.app)

        with progress_bar(_("Restoring")) as progress:
            copied = restore(ctx.app, folder, progress)
        click.echo(_("Restored {c} cases, {r} recordings, {a} annotations").format(
            c=copied.get("case", 0), r=copied.get("recording", 0),
            a=copied.get("annotation", 0)))
