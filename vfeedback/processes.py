"""Child processes that die with their parent.

A ``kill -9`` of a vfeedback command must not leave an ffmpeg still writing a hidden file, or an
analysis worker holding almost a gigabyte of memory. On Linux the kernel does this for us:
``PR_SET_PDEATHSIG`` asks it to send the child SIGKILL when its parent goes away. On macOS and
Windows there is no such call; there the children are ended by the parent's own clean-up (cancel,
``finally`` blocks), and a Windows job object is the way to add it later.

Caveat: Linux sends the signal when the parent *thread* that started the child ends, not only the
parent process. Use this for children whose life is bounded by the call that starts them (an
ffmpeg job, a pool of workers used inside one call), never for a child started from a short-lived
thread that should outlive it (the capture recorder).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere nothing).

    Meant to run in the child: as ``preexec_fn`` of ``subprocess.Popen`` or as the initializer of
    a process pool. If the parent already died before the call, the child ends itself at once.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died between fork and prctl
        os.kill(os.getpid(), signal.SIGKILL)


def child_popen_kwargs() -> dict[str, object]:
    """Keyword arguments for ``subprocess.Popen`` so the child dies with this process."""
    if sys.platform.startswith("linux"):
        return {"preexec_fn": die_with_parent}
    return {}
