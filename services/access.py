"""Who is asking: the one place a service checks the acting user.

Every service function takes ``actor`` (a user name, or None / ``"local"`` for the person at
this computer) and calls :func:`check` before it reads or writes. Today everyone on the laptop
may do everything; role and case-assignment checks (the privacy work) go here, and the audit
rows take their actor from :func:`actor_name`.
"""

from __future__ import annotations

import os

Actor = str | None
LOCAL = "local"


def actor_name(actor: Actor) -> str:
    """The name written into audit rows."""
    if actor in (None, LOCAL):
        return os.environ.get("USER", "") or LOCAL
    return str(actor)


def check(actor: Actor, action: str, *, case_id: int | None = None) -> None:
    """Allow or refuse ``action`` (e.g. ``"annotations.edit"``) for ``actor``.

    Everything is allowed for now; a refusal will raise ``vfeedback.errors.InputError``.
    """
    del actor, action, case_id
