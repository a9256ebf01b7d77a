"""The ``vfeedback gui`` command (also what a bare ``vfeedback`` runs)."""

from __future__ import annotations

import os
import sys
import time

import click

from vfeedback.cli import pass_ctx
from vfeedback.config import load_config
from vfeedback.i18n import _

_STARTED = time.monotonic()  # measured from when the CLI loaded this module


def seconds_since_process_start() -> float:
    try:
        import psutil

        return time.time() - psutil.Process().create_time()
    except Exception:  # noqa: BLE001 - only a measurement; fall back to module load time
        return time.monotonic() - _STARTED


def have_display() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True  # offscreen, vnc, eglfs…: the user chose where to draw
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def register(cli: click.Group) -> None:
    @cli.command("gui")
    @click.option("--recording", type=int, default=None, help="Open this recording.")
    @click.option("--screenshot", type=click.Path(dir_okay=False), default=None, hidden=True,
                  help="Save a screenshot of the screen after start-up (for tests and docs).")
    @click.option("--quit-after", is_flag=True, hidden=True,
                  help="Quit after the screenshot.")
    @pass_ctx
    def gui_command(ctx, recording: int | None, screenshot: str | None,  # noqa: ANN001
                    quit_after: bool) -> None:
        """Open the desktop app."""
        if not have_display():
            click.echo(_("There is no display to open the desktop app on. Try `vfeedback demo` "
                         "to run the whole flow without a screen, or `vfeedback --help`."),
                       err=True)
            sys.exit(1)
        from services.access import check
        from vfeedback.security import is_protected

        from .application import make_application

        # A protected home logs in first (the dialog, unless the environment has a password);
        # only then is the actor known and checked.
        ask = is_protected(ctx.home) and not os.environ.get("VFEEDBACK_PASSWORD")
        if not ask:
            check(ctx.actor, "cases.list", ctx.app)  # an unknown user: one Error line, no window
        qt_app = make_application()
        if ask:
            from .login import ask_login

            identity = ask_login(load_config(ctx.home).home)
            if identity is None:
                sys.exit(0)  # the user chose Quit
            ctx.set_identity(identity)
            check(ctx.actor, "cases.list", ctx.app)
        from .main_window import MainWindow

        window = MainWindow(ctx.app, actor=ctx.actor)
        window.show()
        if os.environ.get("VFEEDBACK_STARTUP_TIMING"):
            qt_app.processEvents()  # let the window be mapped before we call it shown
            click.echo(_("window shown {s:.2f} s after the process started").format(
                s=seconds_since_process_start()), err=True)
        if recording is not None:
            window.open_recording(recording)
        if screenshot:
            window.screenshot_later(screenshot, quit_after=quit_after)
        sys.exit(qt_app.exec())
