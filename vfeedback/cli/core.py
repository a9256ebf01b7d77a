"""Core commands: cases, visits, importing and listing recordings, checksums, demo."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click

from .. import library
from ..errors import InputError
from ..i18n import _, format_date
from . import Context, cli, pass_ctx
from .progress import progress_bar


def printable(text: str) -> str:
    """``text`` safe for one field of a tab-separated line: control and format characters
    (a newline or tab in a file name would forge a row or a column) and backslashes are
    written as escapes, so every listed name stays one field of one line."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif unicodedata.category(ch)[0] == "C":
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


@cli.group("case")
def case_group() -> None:
    """Cases: families, known by a pseudonymous code."""


@case_group.command("create")
@click.argument("code")
@click.option("--notes", default="", help="Free notes (avoid names and identifying details).")
@pass_ctx
def case_create(ctx: Context, code: str, notes: str) -> None:
    """Create a case with a pseudonymous CODE."""
    from services import catalogue  # the CLI writes through the services, as the GUI does

    catalogue.create_case(ctx.app, ctx.actor, code, notes, first_visit=False)
    click.echo(_("Created case {code}").format(code=code.strip()))


@case_group.command("list")
@click.option("--all", "include_archived", is_flag=True, help="Include archived cases.")
@pass_ctx
def case_list(ctx: Context, include_archived: bool) -> None:
    """List cases with their visits and recordings (only the cases you may see)."""
    from services import catalogue

    cases = catalogue.list_cases(ctx.app, ctx.actor, include_archived)
    if not cases:
        click.echo(_("No cases yet. Create one with `vfeedback case create CODE`."))
    for case in cases:
        if not case.content:  # an administrator: codes only, to assign them
            click.echo(case.code)
            continue
        recordings = sum(v.recordings for v in case.visits)
        click.echo(f"{case.code}\t" + _("{v} visits, {r} recordings").format(
            v=len(case.visits), r=recordings))


@case_group.command("rename")
@click.argument("code")
@click.argument("new_code")
@pass_ctx
def case_rename(ctx: Context, code: str, new_code: str) -> None:
    """Give case CODE the new code NEW_CODE."""
    from services import catalogue

    catalogue.rename_case(ctx.app, ctx.actor, code, new_code)
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
    from services import catalogue

    click.echo(str(catalogue.add_visit(ctx.app, ctx.actor, code, theme, number=number,
                                       on=on.date() if on else None).value))


@visit_group.command("list")
@click.argument("code")
@pass_ctx
def visit_list(ctx: Context, code: str) -> None:
    """List the visits of case CODE."""
    from services.access import check

    with ctx.app.db.session() as session:
        check(ctx.actor, "visits.read", session, case=code)
        for visit in library.get_case(session, code).visits:
            when = format_date(visit.date) if visit.date else ""  # 1 dec. 2026 in sv
            click.echo(f"{visit.id}\t#{visit.number}\t{when}\t{visit.theme}\t"
                       + _("{n} recordings").format(n=len(visit.recordings)))


@cli.command("import")
@click.argument("video", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--case", "code", required=True, help="Case code (created if --create-case).")
@click.option("--visit", "number", type=int, required=True, help="Visit number in the case.")
@click.option("--create-case", is_flag=True, help="Create the case if it does not exist.")
@pass_ctx
def import_command(ctx: Context, video: Path, code: str, number: int, create_case: bool) -> None:
    """Import VIDEO into the store for a visit of a case; prints the recording id."""
    from services import catalogue

    with progress_bar(_("Importing")) as progress:
        rid = catalogue.import_into(ctx.app, ctx.actor, code, number, video,
                                    create_case=create_case, progress=progress).value
    click.echo(str(rid))


@cli.group("recording")
def recording_group() -> None:
    """Recordings in the store."""


@recording_group.command("list")
@click.option("--case", "code", default=None, help="Only this case's recordings.")
@pass_ctx
def recording_list(ctx: Context, code: str | None) -> None:
    """List recordings: id, case, visit, length, size, original file name."""
    from services.access import check, visible_case_ids

    with ctx.app.db.session() as session:
        check(ctx.actor, "cases.list", session)
        visible = visible_case_ids(session, ctx.actor)  # None: all
        recordings = library.list_recordings(session)
        for rec in recordings:
            if visible is not None and (rec.visit is None or rec.visit.case_id not in visible):
                continue
            case = rec.visit.case.code if rec.visit else "-"
            if code and case != code:
                continue
            visit = f"#{rec.visit.number}" if rec.visit else "-"
            click.echo(f"{rec.id}\t{case}\t{visit}\t{rec.duration_s:8.2f} s\t"
                       f"{rec.width}x{rec.height}\t{rec.fps:.3g} fps\t"
                       f"{printable(rec.original_name)}")


@recording_group.command("export")
@click.argument("recording_id", type=int)
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--exact", is_flag=True,
              help="The stored original byte for byte, with all its tags (GPS position, "
                   "device); for backups, not for sharing.")
@click.option("--purpose", type=click.Choice(["feedback", "supervision", "research"]),
              default="feedback", show_default=True,
              help="What the copy is for: the case's consent must allow it.")
@click.option("--blur-faces", type=click.Choice(["others", "all"]), default=None,
              help="Blur faces for teaching (re-encodes): 'others' keeps the parent's and the "
                   "child's (needs `vfeedback analyse`), 'all' blurs every face.")
@click.option("--blur-all-if-unanalysed", "blur_fallback", is_flag=True,
              help="With --blur-faces others: blur every face if the recording has not been "
                   "analysed, instead of refusing.")
@pass_ctx
def recording_export(ctx: Context, recording_id: int, target: Path, exact: bool,
                     purpose: str, blur_faces: str | None, blur_fallback: bool) -> None:
    """Copy recording RECORDING_ID out of the store to TARGET.

    Video and audio are copied without re-encoding; location, title, device and other
    identifying tags are left out unless --exact. With --blur-faces the picture is re-encoded.
    """
    from services.access import check
    from services.consent import require_for_recording

    from ..fileio import atomic_output
    from ..media.compose import export_command
    from ..media.tools import run_ffmpeg

    store = ctx.app.store
    with ctx.app.db.session() as session:
        check(ctx.actor, "recordings.export", session, recording=recording_id)
    warning = require_for_recording(ctx.app, recording_id, purpose)  # refuses without consent
    if blur_faces is not None and exact:
        raise InputError(_("--exact copies the original byte for byte; it cannot blur faces"))
    with ctx.app.db.session() as session:
        rec = library.recording_by_id(session, recording_id)
        key, container, duration_s = rec.store_key, rec.container, rec.duration_s
        library.audit(session, "recording.export", rec, purpose=purpose, exact=exact,
                      blurred=blur_faces or "")
    if blur_faces is not None:
        from sessions.face_blur import export_recording as export_blurred

        with progress_bar(_("Blurring faces")) as progress:
            counts, note = export_blurred(ctx.app, recording_id, target, mode=blur_faces,
                                          fallback_all=blur_fallback, progress=progress)
        if note:
            click.echo(note)
        click.echo(_("Faces: {found} found in {n} checked frames, {kept} kept (parent and "
                     "child), {frames} of {total} frames blurred").format(
            found=counts["faces"], n=counts["detections"], kept=counts["kept"],
            frames=counts["blurred_frames"], total=counts["frames"]))
    elif exact:
        store.export_to(key, target)
    else:
        with store.media_source(key) as source, atomic_output(target) as part:
            run_ffmpeg(export_command(source, part, target_suffix=target.suffix,
                                      container=container), duration_s=duration_s,
                       error_message=_("The recording could not be exported"))
    click.echo(_("Wrote {path}").format(path=target))
    if warning:  # after the work: a failure stays one `Error:` line
        click.echo(warning, err=True)


@cli.command("verify")
@pass_ctx
def verify_command(ctx: Context) -> None:
    """Re-check every recording and derived file, and look for files no record names."""
    from services.access import check

    app = ctx.app
    check(ctx.actor, "store.verify", app)
    with app.db.session() as session, progress_bar(_("Verifying")) as progress:
        found = library.verify_store(session, app.store, progress)
        for rec, problem in found.problems:
            click.echo(_("Recording {id} ({name}): {problem}").format(
                id=rec.id, name=_one_line(rec.original_name), problem=problem), err=True)
        for der, problem in found.derivative_problems:
            click.echo(_("Derived file {kind} {name} of recording {id}: {problem}").format(
                kind=der.kind, name=_one_line(der.name), id=der.recording_id,
                problem=problem), err=True)
    for key in found.orphans:
        click.echo(_("Orphan file {key} in the store: no recording or derived file names it "
                     "(left by an interrupted import or analysis); {path}").format(
            key=key[:12], path=app.store.root / "objects" / key[:2] / key), err=True)
    if not found.ok:
        raise SystemExit(1)
    click.echo(_("All {n} recordings are intact").format(n=found.checked))


def _one_line(name: str) -> str:
    """A stored name on one line: control characters (a newline in a file name) shown escaped."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in name)


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
