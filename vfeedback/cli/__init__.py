"""The ``vfeedback`` command: the composition root of the application.

Core commands live in :mod:`vfeedback.cli.core`; each upper layer adds its own commands from
a module of its own (``annotation/cli.py``, ``sessions/cli.py``, ``analysis/cli.py``,
``gui/cli.py``) with a ``register(group)`` function, so the core never imports those layers
at module level. Errors the user should see (:class:`~vfeedback.errors.VFeedbackError`)
become one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from ..app import App, open_app
from ..errors import VFeedbackError
from ..i18n import _

# Upper-layer command modules, loaded if present. Order is the order in --help.
COMMAND_MODULES = (
    "vfeedback.cli.server",
    "annotation.cli",
    "sessions.cli",
    "sessions.capture.cli",
    "analysis.cli",
    "gui.cli",
)


class Context:
    """Lazily opens the user's data the first time a command needs it."""

    def __init__(self, home: str | None) -> None:
        self.home = home
        self._app: App | None = None

    @property
    def app(self) -> App:
        if self._app is None:
            self._app = open_app(self.home)
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()


pass_ctx = click.make_pass_decorator(Context)


class Group(click.Group):
    """Turns user-facing errors into one clear line instead of a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except VFeedbackError as exc:
            click.echo(_("Error: {message}").format(message=exc), err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo(_("Interrupted"), err=True)
            sys.exit(130)


@click.group(cls=Group, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(file_okay=False), envvar="VFEEDBACK_HOME",
              help="Folder for the database and media store (default: the user data folder).")
@click.version_option(package_name="vfeedback")
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """vfeedback: video-feedback coaching for parent-child interaction.

    With no command, opens the desktop app (or explains what to do when there is no screen).
    """
    ctx.obj = Context(home)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        gui_command = cli.commands.get("gui")
        if gui_command is not None:
            ctx.invoke(gui_command)
        else:
            click.echo(_("The desktop app is not installed; see `vfeedback --help`."))


def _load_commands() -> None:
    from . import core  # noqa: F401  (registers the core commands)

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # that layer is not there (yet)
            raise
        module.register(cli)


_load_commands()


def main() -> None:
    # Started from a desktop shortcut there may be no terminal encoding; be safe.
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    cli(prog_name="vfeedback")
