"""Capture commands: ``vfeedback sources``, ``record``, ``recover`` and ``import-phone``."""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path

import click

from vfeedback.i18n import _

from .journal import recover_all
from .phone import import_phone_files
from .recorder import GB, MB, Recorder, RecorderStatus
from .sources import DeviceSource, linux_audio_inputs, list_sources, parse_mode, source_from_spec


def _status_line(status: RecorderStatus) -> str:
    minutes, seconds = divmod(int(status.elapsed_s), 60)
    line = _("{state} {m:02d}:{s:02d}  {mb:.1f} MB  {free:.1f} GB free  {dropped} dropped  "
             "{markers} markers").format(state=status.state, m=minutes, s=seconds,
                                         mb=status.bytes_written / MB,
                                         free=status.free_bytes / GB,
                                         dropped=status.dropped_frames, markers=status.markers)
    return line + (f"  ! {status.warning}" if status.warning else "")


def register(cli: click.Group) -> None:
    from vfeedback.cli import Context, pass_ctx
    from vfeedback.cli.progress import progress_bar

    @cli.command("sources")
    @click.option("--modes", is_flag=True, help="Also list each camera's picture sizes.")
    def sources_command(modes: bool) -> None:
        """List the cameras and microphones vfeedback can record from."""
        for source in list_sources():
            click.echo(f"{source.spec}\t{source.kind}\t{source.name}")
            if isinstance(source, DeviceSource) and source.audio:
                click.echo("\t" + _("sound: {mic}").format(mic=source.audio))
            if modes:
                for mode in source.probe_modes():
                    click.echo(f"\t{mode}")
        if sys.platform.startswith("linux"):
            for mic in linux_audio_inputs():
                click.echo(f"{mic.split()[0]}\tmicrophone\t{mic}")
        click.echo(_("Also: a phone camera app's address (rtsp://, http://...), or 'test'."))

    @cli.command("record")
    @click.argument("source")
    @click.option("--out", type=click.Path(dir_okay=False), help="Save to this MP4 file.")
    @click.option("--visit", "visit_id", type=int, help="Store in this visit (its id).")
    @click.option("--duration", type=float, help="Stop after this many seconds.")
    @click.option("--size", "size", help="Picture size and rate, e.g. 1280x720@30.")
    @click.option("--loop", is_flag=True, help="A file source: play it in a loop.")
    @click.option("--no-preview", is_flag=True, help="Do not write the preview image.")
    @pass_ctx
    def record_command(ctx: Context, source: str, out: str | None, visit_id: int | None,
                       duration: float | None, size: str | None, loop: bool,
                       no_preview: bool) -> None:
        """Record from SOURCE (a camera, a camera address or 'test') until Ctrl-C or --duration.

        Crash-safe: if the program is killed, `vfeedback recover` (or the next start of the
        app) stores what was recorded, up to the last second or two.
        """
        if (out is None) == (visit_id is None):
            raise click.UsageError(_("Give either --out FILE or --visit ID"))
        from services.access import check

        if visit_id is not None:
            check(ctx.actor, "recordings.import", ctx.app, visit=visit_id)
        capture_source = source_from_spec(source, mode=parse_mode(size), loop=loop)
        tty = sys.stderr.isatty()
        last = {"at": 0.0}

        def show(status: RecorderStatus) -> None:
            now = time.monotonic()
            if now - last["at"] < (0.5 if tty else 5.0) and status.state == "recording":
                return
            last["at"] = now
            line = _status_line(status)
            click.echo(("\r" + line.ljust(100)) if tty else line, nl=not tty, err=True)

        recorder = Recorder(ctx.app, capture_source, visit_id=visit_id, out=out,
                            on_status=show, preview=not no_preview, duration_s=duration)
        stop_asked = threading.Event()

        def ask_stop(signum: int, frame: object) -> None:  # noqa: ARG001
            stop_asked.set()

        previous = signal.signal(signal.SIGTERM, ask_stop)
        recorder.start()
        try:
            while not stop_asked.is_set() and not recorder.wait(0.2):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        if tty:
            click.echo("", err=True)
        if recorder.status.message:
            click.echo(recorder.status.message, err=True)
        result = recorder.stop()
        if isinstance(result, Path):
            click.echo(_("Saved {path}").format(path=result))
        else:
            click.echo(_("Stored recording {id}").format(id=result))

    @cli.command("recover")
    @pass_ctx
    def recover_command(ctx: Context) -> None:
        """Store recordings that were interrupted (program killed, power lost)."""
        from services.access import check

        check(ctx.actor, "recordings.recover", ctx.app)
        with progress_bar(_("Recovering")) as progress:
            results = recover_all(ctx.app, progress)
        if not results:
            click.echo(_("No interrupted recordings"))
        for folder, result, message in results:
            if isinstance(result, int):
                click.echo(_("{folder}: recovered as recording {id}").format(
                    folder=folder.name, id=result))
            elif isinstance(result, Path):
                click.echo(_("{folder}: recovered to {path}").format(folder=folder.name,
                                                                     path=result))
            else:
                click.echo(f"{folder.name}: {message}")

    @cli.command("import-phone")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
    @click.option("--visit", "visit_id", type=int, required=True, help="The visit's id.")
    @click.option("--delete-originals", is_flag=True,
                  help="Delete each file once its stored copy is verified.")
    @pass_ctx
    def import_phone_command(ctx: Context, paths: tuple[str, ...], visit_id: int,
                             delete_originals: bool) -> None:
        """Import videos copied from a phone (files or a folder) into a visit."""
        from services.access import check

        check(ctx.actor, "recordings.import", ctx.app, visit=visit_id)
        with progress_bar(_("Importing")) as progress:
            ids = import_phone_files(ctx.app, [Path(p) for p in paths], visit_id,
                                     delete_originals=delete_originals, progress=progress)
        for rid in ids:
            click.echo(_("Stored recording {id}").format(id=rid))
