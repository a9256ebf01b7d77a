"""Annotation commands: ``annotations``, ``agreement`` and ``scheme``.

- ``annotations convert IN OUT [--observation NAME]``: between .eaf .boris .csv .srt .vtt
- ``annotations import FILE --recording ID``: all of the file or nothing, one undo step
- ``annotations export --recording ID --format eaf|boris|csv|srt|vtt --out FILE``
- ``annotations list|add|undo|redo --recording ID``: coding from the command line
- ``agreement FILE_A FILE_B [--slice 1.0] [--tolerance 2.0]``: kappa, F1, ICC table
- ``scheme list|show|import|export``: coding schemes (built-ins are added on first use)
"""

from __future__ import annotations

import math
from pathlib import Path

import click

from vfeedback.errors import InputError
from vfeedback.i18n import _

FORMAT_CHOICE = click.Choice(["eaf", "boris", "csv", "srt", "vtt"])


MAX_SECONDS = 7 * 24 * 3600  # a week: far beyond any home-visit recording


def _ms(seconds: float, option: str = "") -> int:
    """Seconds from the command line as ms; NaN, infinities and absurd times are refused."""
    if not math.isfinite(seconds) or not 0 <= seconds <= MAX_SECONDS:
        raise InputError(_("{option} must be a number of seconds from 0 to {n}, not {v}").format(
            option=option or _("a time"), n=MAX_SECONDS, v=seconds))
    return int(round(seconds * 1000))


def _clock(ms: int | None) -> str:
    if ms is None:
        return ""
    return f"{ms // 60000}:{ms % 60000 / 1000:06.3f}"


def register(cli: click.Group) -> None:  # noqa: C901  (one nested function per command)
    from services import annotations as edits  # the CLI is a shell: it writes through services
    from services.access import check
    from vfeedback.cli import Context, pass_ctx
    from vfeedback.cli.core import printable

    from .interchange import read_document, write_document
    from .schemes import (
        ensure_builtin_schemes,
        export_scheme,
        get_scheme,
        import_scheme,
        list_schemes,
    )

    @cli.group("annotations")
    def annotations_group() -> None:
        """Annotations: convert files, import, export, code from the command line."""

    @annotations_group.command("convert")
    @click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
    @click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--observation", default=None,
                  help="Only this observation of a BORIS project (default: all).")
    def convert_command(source: Path, target: Path, observation: str | None) -> None:
        """Convert SOURCE to TARGET; formats from the extensions (.eaf .boris .csv .srt .vtt)."""
        doc = read_document(source).only_observation(observation)
        write_document(doc, target)
        click.echo(_("Wrote {n} annotations to {path}").format(n=len(doc.events), path=target))

    @annotations_group.command("import")
    @click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--recording", "recording_id", type=int, required=True)
    @click.option("--observation", default=None, help="Only this observation of a BORIS file.")
    @click.option("--scheme", default=None, help="Codes from this scheme (default: best match).")
    @click.option("--create-codes", is_flag=True,
                  help="Make a new scheme for tiers/behaviours that match no code.")
    @click.option("--again", is_flag=True,
                  help="Import annotations the recording already holds a second time.")
    @click.option("--new-only", is_flag=True,
                  help="Import only the annotations the recording does not hold yet.")
    @pass_ctx
    def import_command(ctx: Context, source: Path, recording_id: int, observation: str | None,
                       scheme: str | None, create_codes: bool, again: bool,
                       new_only: bool) -> None:
        """Import an annotation file into a recording (all of it or nothing).

        A file whose annotations are already in the recording (imported before, or the
        recording's own export) is refused unless --again or --new-only says what to do.
        """
        if again and new_only:
            raise InputError(_("Give --again or --new-only, not both"))
        edits.schemes(ctx.app, ctx.actor)  # the built-ins are added when missing
        result = edits.import_file(
            ctx.app, ctx.actor, recording_id, source, observation=observation, scheme=scheme,
            create_codes=create_codes,
            duplicates="again" if again else "new" if new_only else "refuse").value
        click.echo(_("Imported {n} annotations (scheme {scheme}); skipped {k} without times "
                     "of their own").format(n=len(result.annotation_ids), scheme=result.scheme,
                                            k=result.skipped))
        if result.already_there:
            click.echo(_("Left out {n} already in the recording").format(
                n=result.already_there))

    @annotations_group.command("export")
    @click.option("--recording", "recording_id", type=int, required=True)
    @click.option("--format", "fmt", type=FORMAT_CHOICE, required=True)
    @click.option("--out", "target", type=click.Path(dir_okay=False, path_type=Path),
                  required=True)
    @pass_ctx
    def export_command(ctx: Context, recording_id: int, fmt: str, target: Path) -> None:
        """Export a recording's annotations."""
        n = edits.export_file(ctx.app, ctx.actor, recording_id, target, fmt)
        click.echo(_("Wrote {n} annotations to {path}").format(n=n, path=target))

    @annotations_group.command("list")
    @click.option("--recording", "recording_id", type=int, required=True)
    @pass_ctx
    def list_command(ctx: Context, recording_id: int) -> None:
        """List a recording's annotations."""
        for a in edits.annotations(ctx.app, ctx.actor, recording_id):
            click.echo("\t".join([str(a.id), _clock(a.start_ms), _clock(a.end_ms), a.code_key,
                                  *map(printable, [a.subject or "", a.valence or "", a.caption,
                                                   a.comment])]))

    @annotations_group.command("add")
    @click.option("--recording", "recording_id", type=int, required=True)
    @click.option("--scheme", default="vipp-sd", show_default=True)
    @click.option("--code", "code_key", required=True, help="The code's key, e.g. empathy.")
    @click.option("--start", type=float, required=True, help="Seconds.")
    @click.option("--end", type=float, default=None, help="Seconds (none: a point event).")
    @click.option("--subject", default=None)
    @click.option("--valence", type=click.Choice(["strength", "work_on"]), default=None)
    @click.option("--caption", default="", help="What the child would say.")
    @click.option("--comment", default="")
    @click.option("--value", type=float, default=None, help="A rating's value.")
    @pass_ctx
    def add_command(ctx: Context, recording_id: int, scheme: str, code_key: str, start: float,
                    end: float | None, subject: str | None, valence: str | None,
                    caption: str, comment: str, value: float | None) -> None:
        """Add one annotation to a recording."""
        check(ctx.actor, "annotations.edit", ctx.app, recording=recording_id)
        with ctx.app.db.session() as session:
            ensure_builtin_schemes(session)
            codes = {c.key: c.id for c in get_scheme(session, scheme).codes}
        if code_key not in codes:
            raise click.BadParameter(_("no code {key} in {scheme}").format(key=code_key,
                                                                          scheme=scheme))
        ann_id = edits.add(
            ctx.app, ctx.actor, recording_id, codes[code_key], _ms(start, "--start"),
            None if end is None else _ms(end, "--end"), subject=subject, valence=valence,
            caption=caption, comment=comment, value=value).value
        click.echo(_("Added annotation {id}").format(id=ann_id))

    for name in ("undo", "redo"):
        def make(name: str):  # noqa: ANN202
            @annotations_group.command(name, help=_("Undo the last edit of a recording.")
                                       if name == "undo" else
                                       _("Redo the last undone edit of a recording."))
            @click.option("--recording", "recording_id", type=int, required=True)
            @pass_ctx
            def step(ctx: Context, recording_id: int) -> None:
                label = edits.undo_texts(ctx.app, ctx.actor, recording_id)[name == "redo"]
                step_fn = edits.undo if name == "undo" else edits.redo
                done = step_fn(ctx.app, ctx.actor, recording_id).value
                click.echo(_("{what}: {label}").format(what=name.capitalize(), label=label)
                           if done else _("Nothing to {what}").format(what=name))
        make(name)

    @cli.command("agreement")
    @click.argument("file_a", type=click.Path(dir_okay=False, path_type=Path))
    @click.argument("file_b", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--slice", "slice_s", type=click.FloatRange(min=0.001), default=1.0,
                  show_default=True, help="Time slice for kappa, in seconds.")
    @click.option("--tolerance", type=click.FloatRange(min=0), default=2.0, show_default=True,
                  help="Onset matching window, in seconds.")
    @click.option("--observation", default=None, help="One observation of BORIS files.")
    def agreement_command(file_a: Path, file_b: Path, slice_s: float, tolerance: float,
                          observation: str | None) -> None:
        """Compare two annotators' files (B is the reference): kappa, F1 of onsets, ICC."""
        from .agreement import compare, format_report

        doc_a = read_document(file_a).only_observation(observation)
        doc_b = read_document(file_b).only_observation(observation)
        click.echo(format_report(compare(doc_a, doc_b, slice_ms=_ms(slice_s, "--slice"),
                                         tolerance_ms=_ms(tolerance, "--tolerance"))))

    @cli.group("scheme")
    def scheme_group() -> None:
        """Coding schemes (VIPP-SD, BHV and the sensitivity rating are built in)."""

    @scheme_group.command("list")
    @pass_ctx
    def scheme_list(ctx: Context) -> None:
        """List the coding schemes."""
        check(ctx.actor, "schemes.read", ctx.app)
        with ctx.app.db.session() as session:
            ensure_builtin_schemes(session)
            for s in list_schemes(session):
                click.echo(f"{s.name}\tv{s.version}\t{len(s.codes)}\t{s.title}")

    @scheme_group.command("show")
    @click.argument("name")
    @click.option("--version", type=int, default=None)
    @pass_ctx
    def scheme_show(ctx: Context, name: str, version: int | None) -> None:
        """Show a scheme's codes: shortcut, key, kind, subject, name."""
        check(ctx.actor, "schemes.read", ctx.app)
        with ctx.app.db.session() as session:
            ensure_builtin_schemes(session)
            scheme = get_scheme(session, name, version)
            click.echo(f"{scheme.name} v{scheme.version}: {scheme.title}")
            for c in scheme.codes:
                scale = f" {c.scale_min}-{c.scale_max}" if c.kind == "rating" else ""
                click.echo(f"  [{c.shortcut}] {c.key:<26} {c.kind + scale:<10} "
                           f"{c.subject or '':<7} {c.colour} {c.name}")

    @scheme_group.command("import")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    @pass_ctx
    def scheme_import(ctx: Context, path: Path) -> None:
        """Add a scheme from a JSON file."""
        check(ctx.actor, "schemes.edit", ctx.app)
        with ctx.app.db.session() as session:
            ensure_builtin_schemes(session)
            scheme = import_scheme(session, path)
            click.echo(_("Imported scheme {name} v{v} ({n} codes)").format(
                name=scheme.name, v=scheme.version, n=len(scheme.codes)))

    @scheme_group.command("export")
    @click.argument("name")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--version", type=int, default=None)
    @pass_ctx
    def scheme_export(ctx: Context, name: str, path: Path, version: int | None) -> None:
        """Write a scheme to a JSON file."""
        check(ctx.actor, "schemes.read", ctx.app)
        with ctx.app.db.session() as session:
            ensure_builtin_schemes(session)
            export_scheme(get_scheme(session, name, version), path)
        click.echo(_("Wrote {path}").format(path=path))
