"""The start of an analysis worker process: die with the job, pick up the progress queue.

Kept apart from :mod:`analysis.job` on purpose: a pool imports its initializer's module
before calling it, and this one imports nothing heavy, so a worker asks the kernel to end it
with its parent within a fraction of a second of starting, not after numpy and mediapipe.
"""

from __future__ import annotations

import os
import signal

from vfeedback.processes import die_with_parent

ticks = None  # the job's progress queue (one item per analysed frame)
stop_event = None  # set by the job to stop early


def init(parent_pid: int, progress_queue, stop) -> None:  # noqa: ANN001
    """Pool initializer. ``parent_pid`` catches a parent killed before this ran (the
    kernel's parent-death signal covers only deaths after it is set)."""
    global ticks, stop_event
    die_with_parent()
    if os.getppid() != parent_pid:
        os.kill(os.getpid(), signal.SIGKILL)
    ticks, stop_event = progress_queue, stop
