"""Analysis commands: ``analyse``, ``suggest`` and ``people``.

- ``analyse VIDEO_OR_RECORDING_ID [--people N] [--stride N] [--json OUT]``: find and follow
  the N people (default 2: a parent and a child), compute the cues and suggested moments; a
  recording's results are kept in the store. The JSON holds ``people`` (id, label,
  label_confidence, frames_seen, seen_in_part, boxes as ``[t, x0, y0, x1, y1]`` fractions of
  the picture),
  ``cues``, ``suggestions``, ``seen`` (what could and could not be told) and ``notes``; the
  sound is analysed too: ``audio`` (``segments`` [{who, kind, start, end, confidence}] and
  ``turns`` [{from, to, at}], seconds), the voice cue tracks and moments among ``cues`` and
  ``suggestions``, and ``visit_summary`` (the parent's talk and pauses per minute). A video
  without sound says so in ``notes`` and has an empty ``audio``.
- ``suggest RECORDING_ID [--all]``: list a recording's suggested moments
- ``people RECORDING_ID [--swap]``: who was found, adult or child; ``--swap`` swaps the labels
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from vfeedback.errors import MediaError
from vfeedback.fileio import atomic_output
from vfeedback.i18n import _

SHOW_PEOPLE = 10  # a busy scene can hold dozens of passers-by; the summary lists the main ones


def _ms(ms: int) -> str:
    s = ms / 1000
    return f"{int(s // 60)}:{s % 60:04.1f}"


def _check_available() -> None:
    from . import available

    ok, why = available()
    if not ok:
        raise MediaError(why)


def register(cli: click.Group) -> None:
    from vfeedback.cli import Context, pass_ctx
    from vfeedback.cli.progress import progress_bar

    @cli.command("analyse")
    @click.argument("target")
    @click.option("--stride", type=click.IntRange(min=1), default=None,
                  help="Analyse every Nth frame (default: about 10 frames per second).")
    @click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
                  default=None, help="Write people, cue tracks and suggestions to this file.")
    @click.option("--workers", type=click.IntRange(min=1), default=None,
                  help="Worker processes (default: up to 2, for long videos).")
    @click.option("--people", type=click.IntRange(min=1, max=8), default=2,
                  show_default=True,
                  help="How many people the recording holds (a parent and a child: 2).")
    @pass_ctx
    def analyse_command(ctx: Context, target: str, stride: int | None, json_out: Path | None,
                        workers: int | None, people: int) -> None:
        """Find parent and child in a video file or a stored recording (by id)."""
        from .cues import compute_cues, seen_summary
        from .job import analyse_recording, analyse_video
        from .suggest import find_moments, list_suggestions

        recording_id = int(target) if target.isdigit() and not Path(target).exists() else None
        if recording_id is not None:  # refused before anything else is said or done
            from services.access import check

            check(ctx.actor, "recordings.analyse", ctx.app, recording=recording_id)
        _check_available()
        started = time.monotonic()
        with progress_bar(_("Analysing")) as progress:
            if recording_id is not None:
                result = analyse_recording(ctx.app, recording_id, stride=stride,
                                           progress=progress, workers=workers,
                                           people=people)
            else:
                result = analyse_video(target, stride=stride, progress=progress,
                                       workers=workers, people=people)
        elapsed = max(time.monotonic() - started, 1e-6)
        cues = compute_cues(result, directions=True)
        if recording_id is not None:
            with ctx.app.db.session() as session:
                moments = [{"id": s.id, "kind": s.kind, "start_ms": s.start_ms,
                            "end_ms": s.end_ms, "score": s.score, "reason": s.reason}
                           for s in list_suggestions(session, recording_id)]
        else:
            moments = [{"kind": m.kind, "start_ms": int(m.start_s * 1000),
                        "onset_ms": int(m.onset_s * 1000), "end_ms": int(m.end_s * 1000),
                        "score": round(m.score, 4), "reason": m.reason}
                       for m in find_moments(cues)]
            if result.audio is not None:
                moments += [m.to_json() for m in result.audio.moments]
                moments.sort(key=lambda m: (-m["score"], m["start_ms"]))
        audio = result.audio
        notes = list(result.notes) + (list(audio.notes) if audio is not None else [])
        click.echo(_("Frames analysed: {n}").format(n=result.n_frames))
        click.echo(_("People found: {n}").format(n=result.n_people))
        found = sorted(result.people_summary(), key=lambda p: -p["frames_seen"])
        for person in found[:SHOW_PEOPLE]:
            click.echo(_("  person {id}: {label} ({label_confidence:.0%} sure), seen in "
                         "{frames_seen} frames").format(**person))
        if len(found) > SHOW_PEOPLE:
            click.echo(_("  ... and {n} more seen briefly").format(n=len(found) - SHOW_PEOPLE))
        seen = seen_summary(result)
        for line in seen["lines"]:
            click.echo(_("Seen: {line}").format(line=line))
        click.echo(_("Speed: {fps:.1f} frames/s ({s:.1f} s)").format(
            fps=result.n_frames / elapsed, s=elapsed))
        if audio is not None and audio.has_audio:
            s = audio.summary
            click.echo(_("Voices: {n} segments, {t} turns; the parent talks {share:.0%} of the "
                         "time, {p} pauses per minute").format(
                n=len(audio.segments), t=len(audio.taking.turns),
                share=s["adult_speech_share"], p=s["adult_pauses_per_min"]))
        click.echo(_("Suggested moments: {n}").format(n=len(moments)))
        for note in notes:
            click.echo(_("Note: {note}").format(note=note))
        if json_out is not None:
            doc = {"people": result.people_summary(boxes=True), "frames": result.n_frames,
                   "stride": result.stride, "width": result.width, "height": result.height,
                   "notes": notes, "seen": seen["facts"],
                   "cues": [c.to_json() for c in cues] + (
                       [c.to_json() for c in audio.cues] if audio is not None else []),
                   "suggestions": moments,
                   "audio": audio.to_json() if audio is not None
                   else {"segments": [], "turns": []},
                   "visit_summary": audio.summary if audio is not None else {}}
            with atomic_output(json_out) as tmp:
                tmp.write_text(json.dumps(doc, indent=1), encoding="utf-8")
            click.echo(_("Wrote {path}").format(path=json_out))

    @cli.command("suggest")
    @click.argument("recording_id", type=int)
    @click.option("--all", "show_all", is_flag=True, help="Also accepted and dismissed ones.")
    @pass_ctx
    def suggest_command(ctx: Context, recording_id: int, show_all: bool) -> None:
        """List the moments the analysis suggests for a recording."""
        from services.access import check
        from vfeedback import library

        from .suggest import list_suggestions

        with ctx.app.db.session() as session:
            check(ctx.actor, "suggestions.read", session, recording=recording_id)
            library.recording_by_id(session, recording_id)
            rows = list_suggestions(session, recording_id, None if show_all else "open")
            if not rows:
                click.echo(_("No suggestions (analyse the recording first: "
                             "vfeedback analyse {id})").format(id=recording_id))
            for s in rows:
                click.echo(f"#{s.id}  {_ms(s.start_ms)}-{_ms(s.end_ms)}  {s.score:5.2f}  "
                           f"[{s.status}]  {s.reason}")

    @cli.command("people")
    @click.argument("recording_id", type=int)
    @click.option("--swap", is_flag=True, help="Swap who is called adult and who child.")
    @pass_ctx
    def people_command(ctx: Context, recording_id: int, swap: bool) -> None:
        """Who the analysis found in a recording (adult or child)."""
        from services.access import check

        from .results import load_results, swap_labels

        check(ctx.actor, "recordings.analyse" if swap else "recordings.read", ctx.app,
              recording=recording_id)
        if swap:
            swap_labels(ctx.app, recording_id)
        result = load_results(ctx.app, recording_id)
        if result is None:
            raise MediaError(_("Recording {id} has not been analysed").format(id=recording_id))
        for person in result.people_summary():
            click.echo(_("person {id}: {label} ({label_confidence:.0%} sure), seen in "
                         "{frames_seen} frames").format(**person))
        if not result.n_people:
            click.echo(_("no people found"))
