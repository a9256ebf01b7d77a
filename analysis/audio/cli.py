"""The ``listen`` command: who vocalises when in a video, the turns, and the moments.

``vfeedback listen VIDEO [--json OUT]`` prints the voice segments, turns, suggested moments
and the visit-summary numbers; ``--json`` writes them (the ``audio`` object of the analysis
contract plus cue tracks and suggestions). A video without sound is not an error: it says so.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from vfeedback.fileio import atomic_output
from vfeedback.i18n import _

SHOW_SEGMENTS = 40


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def register(cli: click.Group) -> None:
    from vfeedback.cli.progress import progress_bar

    @cli.command("listen")
    @click.argument("video", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
                  default=None, help="Write voice segments, turns, cues and suggestions here.")
    def listen_command(video: Path, json_out: Path | None) -> None:
        """Listen to a video: adult speech, the child's sounds, turns and conversations."""
        from .listen import analyse_audio

        started = time.monotonic()
        with progress_bar(_("Listening")) as progress:
            result = analyse_audio(video, progress=progress)
        elapsed = max(time.monotonic() - started, 1e-6)
        for note in result.notes:
            click.echo(_("Note: {note}").format(note=note))
        if result.has_audio:
            click.echo(_("Voice segments: {n}").format(n=len(result.segments)))
            for seg in result.segments[:SHOW_SEGMENTS]:
                click.echo(f"  {_clock(seg.start)}-{_clock(seg.end)}  {seg.who:7s} "
                           f"{seg.kind:6s} {seg.confidence:4.2f}")
            if len(result.segments) > SHOW_SEGMENTS:
                click.echo(_("  ... and {n} more").format(n=len(result.segments) - SHOW_SEGMENTS))
            click.echo(_("Turns: {n}").format(n=len(result.taking.turns)))
            click.echo(_("Suggested moments: {n}").format(n=len(result.moments)))
            for m in result.moments:
                click.echo(f"  {_clock(m.start_s)}-{_clock(m.end_s)}  {m.score:4.2f}  {m.reason}")
            s = result.summary
            click.echo(_("Parent: {u} utterances and {p} pauses per minute, talking {share:.0%} "
                         "of the time").format(u=s["adult_utterances_per_min"],
                                               p=s["adult_pauses_per_min"],
                                               share=s["adult_speech_share"]))
            click.echo(_("Speed: {x:.0f} x real time ({s:.1f} s)").format(
                x=result.duration_s / elapsed, s=elapsed))
        if json_out is not None:
            with atomic_output(json_out) as tmp:
                tmp.write_text(json.dumps(result.report_json(), indent=1), encoding="utf-8")
            click.echo(_("Wrote {path}").format(path=json_out))
