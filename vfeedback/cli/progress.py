"""Drawing a job's progress reports in the terminal (a bar on a TTY, lines otherwise)."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator

import click

from ..progress import ProgressFn


@contextlib.contextmanager
def progress_bar(label: str, *, quiet: bool = False) -> Iterator[ProgressFn]:
    """A :data:`~vfeedback.progress.ProgressFn` that draws on stderr."""
    tty = sys.stderr.isatty()
    state = {"last": -1.0, "at": 0.0}

    def draw(fraction: float, what: str) -> None:
        if quiet:
            return
        now = time.monotonic()
        if tty:
            if now - state["at"] < 0.05 and fraction < 1.0:
                return
            filled = int(fraction * 30)
            line = f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {fraction * 100:5.1f}% {what}"
            click.echo(line[:120].ljust(120), nl=False, err=True)
        elif fraction - state["last"] >= 0.1 or (fraction >= 1.0 > state["last"]):
            click.echo(f"{label}: {fraction * 100:5.1f}% {what}", err=True)
            state["last"] = fraction
        state["at"] = now

    try:
        yield draw
    finally:
        if tty and not quiet:
            click.echo("", err=True)
