"""``vfeedback review``: trainees submit, supervisors compare, comment, approve; packages.

- ``review sets --recording N``: the recording's coding sets and their review states
- ``review submit --recording N [--coder C]``
- ``review compare --recording N --coder A --reference B [--json OUT]`` (the statistics of
  ``vfeedback agreement``, plus the differences by kind)
- ``review comment --recording N --at SECONDS "text"`` (or ``--annotation ID``,
  ``--clip ID``, ``--reply COMMENT``); ``review comments --recording N [--unresolved]``;
  ``review resolve COMMENT``
- ``review reviewed --recording N``, ``review approve --recording N``
- ``review report --recording N --out F.pdf`` (and ``F.html`` beside it)
- ``review pack --recording N --out F [--whole]``, ``review unpack F [--recording N]``
  (passphrase from ``VFEEDBACK_PACK_PASSPHRASE`` or a prompt)
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from vfeedback.errors import InputError
from vfeedback.i18n import _


def _passphrase(confirm: bool) -> str:
    from sessions.review_pack import passphrase_from_env

    found = passphrase_from_env()
    if found:
        return found
    return click.prompt(_("Passphrase"), hide_input=True, confirmation_prompt=confirm)


def register(cli: click.Group) -> None:  # noqa: C901  (one nested function per command)
    from annotation.cli import _ms
    from services import review
    from vfeedback.cli import Context, pass_ctx
    from vfeedback.cli.core import printable

    def actor(ctx: Context) -> str | None:
        return getattr(ctx, "actor", None)  # the logged-in user in a protected home (h15a)

    @cli.group("review")
    def review_group() -> None:
        """Supervision: submit, compare, comment, approve, report, pack and unpack."""

    @review_group.command("sets")
    @click.option("--recording", "recording_id", type=int, required=True)
    @pass_ctx
    def sets_command(ctx: Context, recording_id: int) -> None:
        """List the recording's coding sets (coder, annotations, review state)."""
        for s in review.coding_sets(ctx.app, actor(ctx), recording_id):
            click.echo(f"{printable(s.coder)}\t{s.annotations}\t{s.state}")

    @review_group.command("submit")
    @click.option("--recording", "recording_id", type=int, required=True)
    @click.option("--coder", default=None, help="Whose set (default: your own).")
    @pass_ctx
    def submit_command(ctx: Context, recording_id: int, coder: str | None) -> None:
        """Hand your coding of a recording (and the visit's plan) in for review."""
        done = review.submit(ctx.app, actor(ctx), recording_id, coder).value
        click.echo(_("Submitted {coder}'s coding of recording {id} for review").format(
            coder=done, id=recording_id))

    @review_group.command("compare")
    @click.option("--recording", "recording_id", type=int, required=True)
    @click.option("--coder", required=True, help="The set under review (A).")
    @click.option("--reference", required=True, help="The reference set (B).")
    @click.option("--slice", "slice_s", type=click.FloatRange(min=0.001), default=1.0,
                  show_default=True, help="Time slice for kappa, in seconds.")
    @click.option("--tolerance", type=click.FloatRange(min=0), default=2.0, show_default=True,
                  help="Onset matching window, in seconds.")
    @click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
                  default=None, help="Also write the figures and differences as JSON.")
    @pass_ctx
    def compare_command(ctx: Context, recording_id: int, coder: str, reference: str,
                        slice_s: float, tolerance: float, json_out: Path | None) -> None:
        """Agreement of two coders' sets (kappa, onset F1) and their differences."""
        from annotation.agreement import format_report
        from annotation.review import KIND_TITLES, clock
        from vfeedback.fileio import atomic_write_text

        result = review.compare(ctx.app, actor(ctx), recording_id, coder, reference,
                                slice_ms=_ms(slice_s, "--slice"),
                                tolerance_ms=_ms(tolerance, "--tolerance"))
        click.echo(format_report(result.report))
        counts = result.counts()
        click.echo(_("Differences: {list}").format(list=", ".join(
            f"{_(KIND_TITLES[k])} {n}" for k, n in counts.items())))
        for d in result.differences:
            click.echo(f"  {clock(d.at_ms, 3)}\t{_(KIND_TITLES[d.kind])}\t{d.code_a or '-'}\t"
                       f"{d.code_b or '-'}")
        if json_out is not None:
            atomic_write_text(json_out, json.dumps(result.to_json(), indent=2,
                                                   ensure_ascii=False))
            click.echo(_("Wrote {path}").format(path=json_out))

    @review_group.command("comment")
    @click.option("--recording", "recording_id", type=int, required=True)
    @click.option("--at", "at_s", type=float, default=None, help="Seconds into the recording.")
    @click.option("--annotation", "annotation_id", type=int, default=None)
    @click.option("--clip", "clip_id", type=int, default=None, help="A plan clip's id.")
    @click.option("--reply", "parent_id", type=int, default=None,
                  help="Answer this comment.")
    @click.argument("text")
    @pass_ctx
    def comment_command(ctx: Context, recording_id: int, at_s: float | None,
                        annotation_id: int | None, clip_id: int | None,
                        parent_id: int | None, text: str) -> None:
        """Comment at a time, on an annotation or a plan clip, or answer a comment."""
        if sum(x is not None for x in (at_s, annotation_id, clip_id, parent_id)) != 1:
            raise InputError(_("Give one of --at, --annotation, --clip or --reply"))
        at_ms = None if at_s is None else _ms(at_s, "--at")
        new_id = review.add_comment(ctx.app, actor(ctx), recording_id, text, at_ms=at_ms,
                                    annotation_id=annotation_id, clip_id=clip_id,
                                    parent_id=parent_id).value
        click.echo(_("Added comment {id}").format(id=new_id))

    @review_group.command("comments")
    @click.option("--recording", "recording_id", type=int, required=True)
    @click.option("--unresolved", is_flag=True, help="Only threads still open.")
    @pass_ctx
    def comments_command(ctx: Context, recording_id: int, unresolved: bool) -> None:
        """List the recording's comments as threads."""
        from annotation.review import clock

        for c in review.comments(ctx.app, actor(ctx), recording_id,
                                 unresolved_only=unresolved):
            flags = [_("resolved")] if c.resolved else []
            if c.annotation_deleted:
                flags.append(_("annotation deleted"))
            click.echo("\t".join([str(c.id), "  " * c.depth + clock(c.at_ms, 3),
                                  printable(c.author), printable(c.text), ", ".join(flags)]))

    @review_group.command("resolve")
    @click.argument("comment_id", type=int)
    @click.option("--reopen", is_flag=True)
    @pass_ctx
    def resolve_command(ctx: Context, comment_id: int, reopen: bool) -> None:
        """Mark a comment thread resolved (or open again)."""
        review.resolve(ctx.app, actor(ctx), comment_id, not reopen)
        click.echo(_("Comment {id} reopened").format(id=comment_id) if reopen
                   else _("Comment {id} resolved").format(id=comment_id))

    @review_group.command("reviewed")
    @click.option("--recording", "recording_id", type=int, required=True)
    @click.option("--coder", default=None)
    @pass_ctx
    def reviewed_command(ctx: Context, recording_id: int, coder: str | None) -> None:
        """Mark the submitted set reviewed (commented; the trainee answers next)."""
        done = review.mark_reviewed(ctx.app, actor(ctx), recording_id, coder).value
        click.echo(_("Reviewed: {coders}").format(coders=", ".join(done)))

    @review_group.command("approve")
    @click.option("--recording", "recording_id", type=int, required=True)
    @click.option("--coder", default=None)
    @pass_ctx
    def approve_command(ctx: Context, recording_id: int, coder: str | None) -> None:
        """Approve the submitted coding of a recording and the visit's feedback plan."""
        done = review.approve(ctx.app, actor(ctx), recording_id, coder).value
        click.echo(_("Approved: {coders}").format(coders=", ".join(done)))

    @review_group.command("report")
    @click.option("--recording", "recording_id", type=int, required=True)
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
                  help="The PDF to write (an HTML file is written beside it).")
    @click.option("--coder", default=None, help="The set under review (default: the "
                  "submitted one).")
    @click.option("--reference", default=None, help="The reference set (default: the other).")
    @pass_ctx
    def report_command(ctx: Context, recording_id: int, out: Path, coder: str | None,
                       reference: str | None) -> None:
        """Write the supervision report (PDF and HTML)."""
        from sessions.review_report import write_report

        a, b = _pair(ctx, recording_id, coder, reference)
        comparison = review.compare(ctx.app, actor(ctx), recording_id, a, b)
        notes = review.comments(ctx.app, actor(ctx), recording_id)
        history = review.agreement_history(ctx.app, actor(ctx), a)
        html = out.with_suffix(".html")
        write_report(ctx.app, recording_id, comparison, notes, history, out, html)
        click.echo(_("Wrote {pdf} and {html}").format(pdf=out, html=html))

    def _pair(ctx: Context, recording_id: int, coder: str | None,
              reference: str | None) -> tuple[str, str]:
        sets = review.coding_sets(ctx.app, actor(ctx), recording_id)
        names = [s.coder for s in sets if s.annotations]
        if coder is None:
            submitted = [s.coder for s in sets if s.state != "draft" and s.annotations]
            coder = submitted[0] if submitted else None
        if coder is None or reference is None:
            others = [n for n in names if n != coder]
            if coder is None and len(names) == 2:
                coder = names[0]
                others = [names[1]]
            if reference is None and others:
                reference = others[0]
        if coder is None or reference is None:
            raise InputError(_("Say which sets to compare with --coder and --reference "
                               "(recording {id} has: {sets})").format(
                id=recording_id, sets=", ".join(names) or "-"))
        return coder, reference

    @review_group.command("pack")
    @click.option("--recording", "recording_id", type=int, required=True)
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
    @click.option("--whole", is_flag=True, help="The whole recording, not only the moments.")
    @pass_ctx
    def pack_command(ctx: Context, recording_id: int, out: Path, whole: bool) -> None:
        """Write one encrypted package for offline supervision."""
        from services.access import check
        from services.consent import require_for_recording
        from sessions.review_pack import pack
        from vfeedback.cli.progress import progress_bar

        check(actor(ctx), "review.read", ctx.app, recording=recording_id)
        warning = require_for_recording(ctx.app, recording_id, "supervision")  # the family's
        if warning:  # consent to share for supervision (refused in a protected home without)
            click.echo(warning, err=True)
        secret = _passphrase(confirm=True)
        with progress_bar(_("Package")) as progress:
            made = pack(ctx.app, recording_id, out, secret, whole=whole,
                        made_by=review.who(ctx.app, actor(ctx)), progress=progress)
        click.echo(_("Wrote {path}: {a} annotations, {c} comments, {m} clips").format(
            path=out, a=len(made["annotations"]), c=len(made["comments"]),
            m=len(made["media"]) if not made.get("whole") else _("the whole recording")))

    @review_group.command("unpack")
    @click.argument("package", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--recording", "recording_id", type=int, default=None,
                  help="Refuse the package unless it is for this recording.")
    @pass_ctx
    def unpack_command(ctx: Context, package: Path, recording_id: int | None) -> None:
        """Merge a review package (annotations, comments, approval) into this home."""
        from services.access import check
        from sessions.review_unpack import unpack

        who = actor(ctx)

        def authorise(session, recording) -> None:  # noqa: ANN001
            # Comments and codings go into a case this user may comment on; a package for a
            # recording this home does not have makes a new case.
            if recording is None:
                check(who, "cases.create", session)
            else:
                check(who, "review.comment", session, recording=recording.id)

        secret = _passphrase(confirm=False)
        result = unpack(ctx.app, package, secret, recording_id=recording_id,
                        actor=review.who(ctx.app, who), authorise=authorise)
        click.echo(_("Merged into recording {id}: {a} annotations, {c} comments, {p} plan "
                     "clips, {r} review states; {k} already here").format(
            id=result.recording_id, a=result.annotations, c=result.comments, p=result.clips,
            r=result.reviews, k=result.already_there))
        if result.updated or result.removed:
            click.echo(_("{author}'s changes since the last package: {u} moments changed, "
                         "{d} deleted").format(author=result.author or "?", u=result.updated,
                                               d=result.removed))
        if result.refused_decisions:
            click.echo(_("{n} review decisions in the package were not taken: they do not "
                         "name a supervisor of this home").format(n=result.refused_decisions),
                       err=True)

