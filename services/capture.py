"""Capture: starting and storing a recording of a visit, and recovering cut-off ones.

The recorder itself (``sessions.capture.Recorder``) runs ffmpeg and reports its status; these
functions are the door the shell goes through to make one, to store what it recorded and to
store what a crash left behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vfeedback.progress import CancelToken, ProgressFn

from .access import Actor, check
from .catalogue import VisitRow, list_visits
from .changes import Changes, Outcome, Subject

App = Any  # vfeedback.app.App
STORED = {Subject.RECORDINGS, Subject.VISITS, Subject.ANNOTATIONS}  # markers are annotations


def visits(app: App, actor: Actor) -> list[VisitRow]:
    """The visits one can record into, by case code and number."""
    return list_visits(app, actor)


def start(app: App, actor: Actor, source: Any, visit_id: int | None,
          on_status: Callable[[Any], None] | None = None) -> Any:
    """Start recording ``source`` into the visit; the running ``Recorder``."""
    from sessions.capture import Recorder

    if visit_id is not None:
        check(actor, "recordings.import", app, visit=visit_id)
    else:  # a file outside the home: still only for people who record
        check(actor, "recordings.recover", app)
    recorder = Recorder(app, source, visit_id=visit_id, on_status=on_status)
    recorder.start()
    return recorder


def stop(actor: Actor, recorder: Any, progress: ProgressFn | None = None,
         cancel: CancelToken | None = None) -> Outcome[Any]:
    """End the recording and store it; the recording id (or the ``out`` path)."""
    visit_id = getattr(recorder, "visit_id", None)
    if visit_id is not None:
        check(actor, "recordings.import", recorder.app, visit=visit_id)
    result = recorder.stop(progress, cancel)
    rid = result if isinstance(result, int) else None
    return Outcome(result, Changes(STORED, rid) if rid is not None else Changes())


def unfinished(app: App, actor: Actor) -> bool:
    """Whether a crash left recordings to store (a quick look)."""
    from sessions.capture.journal import unfinished_folders

    check(actor, "recordings.recover", app)
    return bool(unfinished_folders(app))


def recover(app: App, actor: Actor, progress: ProgressFn | None = None,
            cancel: CancelToken | None = None) -> Outcome[list[int]]:
    """Store every recording a crash cut off, in its visit; their ids."""
    from sessions.capture import recover_unfinished

    check(actor, "recordings.recover", app)
    ids = recover_unfinished(app, progress, cancel)
    return Outcome(ids, Changes(STORED) if ids else Changes())
