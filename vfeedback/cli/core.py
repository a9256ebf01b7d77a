"""Core commands: cases, visits, importing and listing recordings, checksums, demo."""

from __future__ import annotations

from pathlib import Path

import click

from .. import library
from ..i18n import _
from . import Context, cli, pass_ctx
from .progress import progress_bar


@cli.group("case")
def case_group() -> None:
    """Cases: families, known by a pseudonymous code."""


@case_group.command("create")
@click.argument("code")
@click.option("--notes", default="", help="Free notes (avoid names and identifying details).")
@pass_ctx
def case_create(ctx: Context, code: str, notes: str) -> None:
    """Create a case with a pseudonymous CODE."""
    with ctx.app.db.session() as session:
        case = library.create_case(session, code, notes)
        click.echo(_("Created case {code}").format(code=case.code))


@case_group.command("list")
@click.option("--all", "include_archived", is_flag=True, help="Include archived cases.")
@pass_ctx
def case_list(ctx: Context, include_archived: bool) -> None:
    """List cases with their visits and recordings."""
    with ctx.app.db.session() as session:
        cases = library.list_cases(session, include_archived)
        if not cases:
            click.echo(_("No cases yet. Create one with `vfeedback case create CODE`."))
        for case in cases:
            recordings = sum(len(v.recordings) for v in case.visits)
            click.echo(f"{case.code}\t" + _("{v} visits, {r} recordings").format(
                v=len(case.visits), r=recordings))


@case_group.command("rename")
@click.argument("code")
@click.argument("new_code")
@pass_ctx
def case_rename(ctx: Context, code: str, new_code: str) -> None:
    """Give case CODE the new code NEW_CODE."""
    with ctx.app.db.session() as session:
        library.rename_case(session, library.get_case(session, code), new_code)
        click.echo(_("Renamed case {old} to {new}").format(old=code, new=new_code))


@cli.group("visit")
def visit_group() -> None:
    """Home visits of a case."""


@visit_group.command("create")
@click.argument("code")
@click.option("--number", type=int, default=None, help="Visit number (default: the next one).")
@click.option("--theme", default="", help="The visit's protocol theme.")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), default=None)
@pass_ctx
def visit_create(ctx: Context, code: str, number: int | None, theme: str, on) -> None:  # noqa: ANN001
    """Add a visit to case CODE; prints the visit id."""
    with ctx.app.db.session() as session:
        case = library.get_case(session, code)
        number = number or library.next_visit_number(session, case)
        visit = library.get_or_create_visit(session, case, number, theme=theme,
                                            on=on.date() if on else None)
        click.echo(str(visit.id))


@visit_group.command("list")
@click.argument("code")
@pass_ctx
def visit_list(ctx: Context, code: str) -> None:
    """List the visits of case CODE."""
    with ctx.app.db.session() as session:
        for visit in library.get_case(session, code).visits:
            click.echo(f"{visit.id}\t#{visit.number}\t{visit.date or ''}\t{visit.theme}\t"
                       + _("{n} recordings").format(n=len(visit.recordings)))


@cli.command("import")
@click.argument("video", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--case", "code", required=True, help="Case code (created if --create-case).")
@click.option("--visit", "number", type=int, required=True, help="Visit number in the case.")
@click.option("--create-case", is_flag=True, help="Create the case if it does not exist.")
@pass_ctx
def import_command(ctx: Context, video: Path, code: str, number: int, create_case: bool) -> None:
    """Import VIDEO into the store for a visit of a case; prints the recording id."""
    app = ctx.app
    with app.db.session() as session:
        try:
            case = library.get_case(session, code)
        except library.InputError:
            if not create_case:
                raise
            case = library.create_case(session, code)
        visit = library.get_or_create_visit(session, case, number)
        with progress_bar(_("Importing")) as progress:
            recording = library.import_recording(session, app.store, video, visit,
                                                 progress=progress)
        click.echo(str(recording.id))


@cli.group("recording")
def recording_group() -> None:
    """Recordings in the store."""


@recording_group.command("list")
@click.option("--case", "code", default=None, help="Only this case's recordings.")
@pass_ctx
def recording_list(ctx: Context, code: str | None) -> None:
    """List recordings: id, case, visit, length, size, original file name."""
    with ctx.app.db.session() as session:
        recordings = library.list_recordings(session)
        for rec in recordings:
            case = rec.visit.case.code if rec.visit else "-"
            if code and case != code:
                continue
            visit = f"#{rec.visit.number}" if rec.visit else "-"
            click.echo(f"{rec.id}\t{case}\t{visit}\t{rec.duration_s:8.2f} s\t"
                       f"{rec.width}x{rec.height}\t{rec.fps:.3g} fps\t{rec.original_name}")


@recording_group.command("export")
@click.argument("recording_id", type=int)
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def recording_export(ctx: Context, recording_id: int, target: Path) -> None:
    """Copy recording RECORDING_ID out of the store to TARGET."""
    with ctx.app.db.session() as session:
        rec = library.recording_by_id(session, recording_id)
        ctx.app.store.export_to(rec.store_key, target)
        click.echo(_("Wrote {path}").format(path=target))


@cli.command("verify")
@pass_ctx
def verify_command(ctx: Context) -> None:
    """Re-check the checksum of every recording in the store."""
    app = ctx.app
    with app.db.session() as session, progress_bar(_("Verifying")) as progress:
        problems = library.verify_recordings(session, app.store, progress)
        count = len(library.list_recordings(session))
    for rec, problem in problems:
        click.echo(_("Recording {id} ({name}): {problem}").format(
            id=rec.id, name=rec.original_name, problem=problem), err=True)
    if problems:
        raise SystemExit(1)
    click.echo(_("All {n} recordings are intact").format(n=count))


@cli.command("info")
@pass_ctx
def info_command(ctx: Context) -> None:
    """Show where the data lives and which tools are used."""
    from ..media.tools import ffmpeg_exe, ffprobe_exe

    app = ctx.app
    click.echo(_("Data folder: {path}").format(path=app.config.home))
    click.echo(_("Database: {url}").format(url=app.db.display_url))  # no password shown
    click.echo(_("Schema: {rev}").format(rev=app.db.current_revision()))
    click.echo(f"ffmpeg: {ffmpeg_exe()}")
    click.echo(f"ffprobe: {ffprobe_exe() or _('(none; probing uses ffmpeg)')}")


from . import demo as _demo  # noqa: E402,F401  (registers `vfeedback demo`)
