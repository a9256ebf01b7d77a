"""``vfeedback reel``: feedback plans, reels and scripts from the command line.

- ``reel plan --visit ID [--auto]``: show the visit's plan, or propose one from its coded moments
- ``reel build --visit ID --out reel.mp4 [--script script.pdf] [--no-burn] [--height 720]``
- ``reel build --video VIDEO --clips clips.csv --out reel.mp4 [--no-titles]``: no database needed
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vfeedback.errors import InputError
from vfeedback.i18n import _

if TYPE_CHECKING:
    from .reel import ReelClip

MAX_CAPTION_CHARS = 2000
BLUR_CHOICE = click.Choice(["others", "all"])


def privacy_options(fn):  # noqa: ANN001, ANN201 - a click decorator
    """--blur-faces, --blur-all-if-unanalysed and --pseudonym: for everything made for others."""
    fn = click.option("--pseudonym", default=None, is_flag=False, flag_value="family",
                      metavar="[LABEL]",
                      help="Replace the case code by a neutral label (default: family) in "
                           "file names and titles.")(fn)
    fn = click.option("--blur-all-if-unanalysed", "blur_fallback", is_flag=True,
                      help="With --blur-faces others: blur every face in recordings that "
                           "have not been analysed, instead of refusing.")(fn)
    return click.option("--blur-faces", type=BLUR_CHOICE, default=None,
                        help="Blur faces for teaching: 'others' keeps the parent's and the "
                             "child's (needs `vfeedback analyse`), 'all' blurs every face.")(fn)  # on screen a caption is a sentence or two; more is a damaged file


def _read_clip_list(clips_csv: Path, video: Path) -> list[ReelClip]:
    """The ``--clips`` CSV, with every clip's times and caption checked before any work."""
    from .reel import read_clips_csv

    try:
        clips = read_clips_csv(clips_csv, video)
    except csv.Error as exc:  # e.g. a field over the csv module's 128 KB limit
        raise InputError(_("The clip list {name} cannot be read: {why}").format(
            name=clips_csv.name, why=exc)) from exc
    for number, clip in enumerate(clips, start=1):
        if not (math.isfinite(clip.start_s) and math.isfinite(clip.end_s)):
            raise InputError(_("Clip {n} of {name}: start and end must be numbers of seconds, "
                               "not {a} and {b}").format(n=number, name=clips_csv.name,
                                                         a=clip.start_s, b=clip.end_s))
        if len(clip.caption) > MAX_CAPTION_CHARS:
            raise InputError(_("Clip {n} of {name}: the caption has {c} characters; at most "
                               "{m} fit on screen").format(n=number, name=clips_csv.name,
                                                           c=len(clip.caption),
                                                           m=MAX_CAPTION_CHARS))
    return clips


def register(cli: click.Group) -> None:
    from vfeedback.cli import Context, pass_ctx
    from vfeedback.cli.progress import progress_bar

    @cli.group("reel")
    def reel_group() -> None:
        """Feedback reels: plan the clips, build the captioned MP4 and the script."""

    @reel_group.command("plan")
    @click.option("--visit", "visit_id", type=int, required=True, help="The visit's id.")
    @click.option("--auto", is_flag=True,
                  help="Replace the plan with one proposed from the visit's coded moments.")
    @click.option("--max-minutes", type=float, default=3.0, show_default=True,
                  help="Longest reel to propose.")
    @click.option("--max-work-on", type=int, default=2, show_default=True,
                  help="Most 'to work on' moments to propose.")
    @pass_ctx
    def plan_command(ctx: Context, visit_id: int, auto: bool, max_minutes: float,
                     max_work_on: int) -> None:
        """Show (or with --auto, propose) the feedback plan of a visit."""
        from services.access import check

        from . import plan as plans

        check(ctx.actor, "plan.edit" if auto else "plan.read", ctx.app, visit=visit_id)
        if auto:  # the CLI writes through the services, as the GUI does
            from services import plan as plan_service

            plan_service.propose(ctx.app, ctx.actor, visit_id, max_minutes=max_minutes,
                                 max_work_on=max_work_on)
        with ctx.app.db.session() as session:
            plan = plans.get_or_create_plan(session, visit_id)
            click.echo(plan.title or _("Feedback plan for visit {id}").format(id=visit_id))
            lines = plans.describe_plan(plan)
            for line in lines:
                click.echo(line)
            if not lines:
                click.echo(_("No clips yet. Propose some with --auto."))
            for problem in plans.validate_plan(session, plan, ctx.app.store) if lines else []:
                click.echo(_("Problem: {p}").format(p=problem), err=True)

    @reel_group.command("build")
    @click.option("--visit", "visit_id", type=int, default=None, help="Build the visit's plan.")
    @click.option("--video", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Build from this file instead (with --clips).")
    @click.option("--clips", "clips_csv", type=click.Path(dir_okay=False, path_type=Path),
                  default=None, help="CSV with columns start,end,caption (seconds).")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
                  help="The reel MP4 to write.")
    @click.option("--script", "script_pdf", type=click.Path(dir_okay=False, path_type=Path),
                  default=None, help="Also write the feedback script as PDF (and HTML beside).")
    @click.option("--no-burn", is_flag=True, help="Captions only as a subtitle track.")
    @click.option("--no-titles", is_flag=True, help="No title cards.")
    @click.option("--height", type=int, default=720, show_default=True,
                  help="Output height in pixels (0: the source's own).")
    @privacy_options
    @pass_ctx
    def build_command(ctx: Context, visit_id: int | None, video: Path | None,
                      clips_csv: Path | None, out: Path, script_pdf: Path | None,
                      no_burn: bool, no_titles: bool, height: int, blur_faces: str | None,
                      blur_fallback: bool, pseudonym: str | None) -> None:
        """Build a feedback reel from a visit's plan or from a video and a clip list."""
        from services.review import require_plan_approved

        from .reel import build_plan_reel, build_reel

        opts = {"titles": not no_titles, "burn_captions": not no_burn,
                "height": height or None}
        if (visit_id is None) == (video is None):
            raise InputError(_("Give either --visit or --video with --clips"))
        with progress_bar(_("Reel")) as progress:
            if video is not None:
                if clips_csv is None:
                    raise InputError(_("--video needs --clips (a CSV of start,end,caption)"))
                if script_pdf is not None:
                    raise InputError(_("--script needs --visit (the notes live in the plan)"))
                if not video.is_file():
                    raise InputError(_("{path} does not exist").format(path=video))
                clips = _read_clip_list(clips_csv, video)
                result = build_reel(clips, out, progress=progress,
                                    blur=_file_blur(blur_faces, blur_fallback), **opts)
            else:
                from services.access import check

                assert visit_id is not None
                check(ctx.actor, "plan.export", ctx.app, visit=visit_id)
                require_plan_approved(ctx.app, visit_id)  # a trainee's plan: once approved
                result = build_plan_reel(ctx.app, visit_id, out, progress=progress,
                                         blur_faces=blur_faces, blur_fallback=blur_fallback,
                                         pseudonym=pseudonym, **opts)
        how = _("stream copy") if result.stream_copied else _("encoded")
        click.echo(_("Wrote {path} ({s:.1f} s, {n} clips, {how})").format(
            path=result.path, s=result.duration_s, n=len(result.chapters), how=how))
        _say_faces(result.faces, result.note)
        if script_pdf is not None and visit_id is not None:
            from .script import write_script

            html = script_pdf.with_suffix(".html")
            with progress_bar(_("Script")) as progress:
                write_script(ctx.app, visit_id, script_pdf, html, progress=progress,
                             pseudonym=pseudonym, blur=result.blur)
            click.echo(_("Wrote {pdf} and {html}").format(pdf=script_pdf, html=html))


def _file_blur(mode: str | None, fallback: bool):  # noqa: ANN202 - FaceBlur | None
    """``reel build --video``: a file outside the store has no analysis to know the dyad by."""
    from .face_blur import FaceBlur

    if mode is None:
        return None
    if mode == "others" and not fallback:
        raise InputError(_("--blur-faces others needs the recording's analysis: import the "
                           "video, run `vfeedback analyse`, and build with --visit; or use "
                           "--blur-faces all"))
    return FaceBlur("all", note=_("every face was blurred") if mode == "others" else "")


def _say_faces(faces: dict[str, int], note: str) -> None:
    if note:
        click.echo(note)
    if faces:
        click.echo(_("Faces: {found} found in {n} checked frames, {kept} kept (parent and "
                     "child), {frames} of {total} frames blurred").format(
            found=faces["faces"], n=faces["detections"], kept=faces["kept"],
            frames=faces["blurred_frames"], total=faces["frames"]))
