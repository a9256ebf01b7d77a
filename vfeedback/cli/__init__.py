"""The ``vfeedback`` command: the composition root of the application.

Core commands live in :mod:`vfeedback.cli.core`; each upper layer adds its own commands from
a module of its own (``annotation/cli.py``, ``sessions/cli.py``, ``analysis/cli.py``,
``gui/cli.py``) with a ``register(group)`` function, so the core never imports those layers
at module level. Errors the user should see (:class:`~vfeedback.errors.VFeedbackError`)
become one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import csv
import importlib
import os
import sys

import click

from .. import scratch
from ..app import App, open_app
from ..errors import VFeedbackError
from ..i18n import _, localize_click, resolve_language, set_language
from ..security import Identity, is_protected

# Upper-layer command modules, loaded if present. Order is the order in --help.
COMMAND_MODULES = (
    "vfeedback.cli.accounts",
    "vfeedback.cli.server",
    "vfeedback.cli.assign",
    "vfeedback.cli.privacy",
    "vfeedback.cli.encrypt",
    "annotation.cli",
    "annotation.supervision.cli",
    "sessions.cli",
    "sessions.capture.cli",
    "analysis.cli",
    "analysis.audio.cli",
    "gui.cli",
)


class Context:
    """Lazily opens the user's data the first time a command needs it; in a protected home,
    after a login (``VFEEDBACK_USER``/``VFEEDBACK_PASSWORD``, else a hidden prompt)."""

    def __init__(self, home: str | None, allow_damaged: bool = False) -> None:
        self.home = home
        self.allow_damaged = allow_damaged
        self._app: App | None = None
        self._identity: Identity | None = None
        if home:
            scratch.use_home(home)  # temporary files go under it even before the app opens

    @property
    def identity(self) -> Identity | None:
        """Who logged in (None in an unprotected home); logs in on first use."""
        if self._identity is None and is_protected(self.home):
            from .accounts import authenticate

            self._identity = authenticate(self.home)
        return self._identity

    def set_identity(self, identity: Identity) -> None:
        self._identity = identity  # the GUI's login dialog, `user recover`

    @property
    def actor(self) -> str | None:
        """The acting user passed to services: the logged-in name in a protected home. In an
        unprotected home, ``VFEEDBACK_USER`` may name who acts (roles and assignments then
        apply, but nothing is protected: anyone with the files can read them), else None,
        the single person at this computer."""
        identity = self.identity
        if identity is not None:
            return identity.name
        return os.environ.get("VFEEDBACK_USER") or None

    @property
    def app(self) -> App:
        if self._app is None:
            self._app = open_app(self.home, identity=self.identity)
            self._app.store.allow_damaged = self.allow_damaged
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()


pass_ctx = click.make_pass_decorator(Context)


class Group(click.Group):
    """Turns user-facing errors into one clear line instead of a traceback."""

    def main(self, *args, **kwargs):  # type: ignore[override]  # noqa: ANN002, ANN003, ANN201
        set_language(None)  # VFEEDBACK_LANG, the saved setting, the system locale
        localize_click(self)  # help texts and Click's own words in that language
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except VFeedbackError as exc:
            click.echo(_("Error: {message}").format(message=exc), err=True)
            sys.exit(1)
        except (RecursionError, UnicodeError, csv.Error) as exc:
            # Malformed input that got past a reader's own checks (the readers refuse what
            # they know; this is the backstop): still one clear line, never a traceback.
            click.echo(_("Error: the input could not be read ({why})").format(
                why=f"{type(exc).__name__}: {exc}"), err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo(_("Interrupted"), err=True)
            sys.exit(130)


@click.group(cls=Group, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(file_okay=False), envvar="VFEEDBACK_HOME",
              help="Folder for the database and media store (default: the user data folder).")
@click.option("--allow-damaged", is_flag=True,
              help="Use recordings that `verify` found damaged (normally refused).")
@click.version_option(package_name="vfeedback")
@click.pass_context
def cli(ctx: click.Context, home: str | None, allow_damaged: bool) -> None:
    """vfeedback: video-feedback coaching for parent-child interaction.

    With no command, opens the desktop app (or explains what to do when there is no screen).
    """
    ctx.obj = Context(home, allow_damaged)
    if home:
        set_language(resolve_language(home))  # that home's saved language setting
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        gui_command = cli.commands.get("gui")
        if gui_command is not None:
            ctx.invoke(gui_command)
        else:
            click.echo(_("The desktop app is not installed; see `vfeedback --help`."))


def _load_commands() -> None:
    from . import core, language  # noqa: F401  (register the core commands)

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
