"""One progress/cancel protocol for every long job (import, analysis, reel, capture).

A job takes ``progress: ProgressFn | None`` and ``cancel: CancelToken | None``. It calls
``report(progress, fraction, what)`` as it goes and ``cancel.check()`` between steps. The CLI
draws the reports as a bar, the GUI as a progress dialog; both come from this one source.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import Cancelled

ProgressFn = Callable[[float, str], None]
"""Called with (fraction done in 0..1, what is being done now in the user's words)."""


class CancelToken:
    """Thread-safe flag a UI sets and a worker polls."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if cancellation was asked for."""
        if self._event.is_set():
            raise Cancelled("cancelled")


def report(progress: ProgressFn | None, fraction: float, what: str) -> None:
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)), what)


def scaled(progress: ProgressFn | None, start: float, end: float) -> ProgressFn | None:
    """A progress function mapping a sub-job's 0..1 onto ``start..end`` of the parent's."""
    if progress is None:
        return None

    def inner(fraction: float, what: str) -> None:
        progress(start + (end - start) * min(1.0, max(0.0, fraction)), what)

    return inner
