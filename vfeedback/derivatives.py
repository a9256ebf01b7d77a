"""The one way to add or replace a derivative of a recording (proxy, analysis, kept original).

:func:`put_derivative` registers a store object as a ``Derivative`` of a recording in the
caller's transaction. The rows it replaces (same recording and kind, and the same name unless
``any_name``) are deleted, and their store objects are removed from the store once the
transaction has committed, unless another row (a derivative or a recording) still uses them.
Removing only after the commit means a rolled-back replacement never loses the old file.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from .models import Derivative, Recording
from .store import MediaStore


def _in_use(session: Session, key: str) -> bool:
    derivatives = session.scalar(select(func.count()).select_from(Derivative)
                                 .where(Derivative.store_key == key))
    recordings = session.scalar(select(func.count()).select_from(Recording)
                                .where(Recording.store_key == key))
    return bool(derivatives or recordings)


def put_derivative(session: Session, store: MediaStore, recording_id: int, kind: str,
                   name: str, store_key: str, params: dict[str, Any] | None = None, *,
                   any_name: bool = False) -> Derivative:
    """Register ``store_key`` as the recording's ``kind``/``name`` derivative, replacing the
    old one(s); see the module docstring. Returns the new row (flushed, with its id)."""
    query = select(Derivative).where(Derivative.recording_id == recording_id,
                                     Derivative.kind == kind)
    if not any_name:
        query = query.where(Derivative.name == name)
    replaced = list(session.scalars(query))
    old_keys = {row.store_key for row in replaced} - {store_key}
    for row in replaced:
        session.delete(row)
    session.flush()
    row = Derivative(recording_id=recording_id, kind=kind, name=name, store_key=store_key,
                     params=dict(params or {}))
    session.add(row)
    session.flush()
    unused = [key for key in sorted(old_keys) if not _in_use(session, key)]
    if unused:
        @event.listens_for(session, "after_commit", once=True)
        def _remove_replaced(_session: Session) -> None:
            for key in unused:
                store.remove(key)
    return row
