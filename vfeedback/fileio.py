"""Crash-safe file writing: write to a temporary file under the home, fsync, rename.

Every file vfeedback writes for the user (exports, settings, reels) goes through here or
through :func:`atomic_output`, so a killed process or a full disk never leaves a half-written
file under the final name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError, VFeedbackError
from .i18n import _


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_error(exc: OSError, target: Path) -> VFeedbackError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return InputError(_("The disk is full; {path} was not written (free some space and try "
                            "again)").format(path=target))
    return InputError(_("{path} was not written: the file is larger than this disk or "
                        "account allows").format(path=target))  # EFBIG


def _place(tmp: Path, target: Path, directory: Path) -> None:
    """Move the finished ``tmp`` onto ``target``: a rename on the same disk, else a copy to a
    hidden name beside the target, fsynced, then a rename."""
    try:
        os.replace(tmp, target)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    fd, part_name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=directory)
    part = Path(part_name)
    try:
        with os.fdopen(fd, "wb") as dst, open(tmp, "rb") as src:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write; on success it is fsynced and renamed onto ``target``.

    The temporary file is made (0600) in this process's folder under the home, not beside the
    target: a process killed mid-write (kill -9, a power cut) leaves its half-written file where
    the next start cleans it (see :mod:`vfeedback.scratch`), never in the user's folder. Only
    when the target is on another disk is the finished file copied beside it under a hidden
    ``.part`` name first. On any exception the temporary file is removed and ``target`` is left
    as it was; a full disk is a clear :class:`InputError`.
    """
    from .scratch import home_is_protected, home_tmp, memory_folder, process_folder

    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(_("The folder {folder} does not exist").format(folder=directory))
    if not os.access(directory, os.W_OK):
        raise InputError(_("Cannot write to the folder {folder}").format(folder=directory))
    if target.is_dir():
        raise InputError(_("{path} is a folder").format(path=target))
    try:
        # An encrypted home keeps no plaintext under it, not even a reel being written.
        work = memory_folder() if home_is_protected() else process_folder(home_tmp())
    except OSError:
        work = directory  # no usable home: fall back to beside the target
    fd, tmp_name = tempfile.mkstemp(prefix=f"{target.stem}.", suffix=target.suffix, dir=work)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        _place(tmp, target, directory)
        _fsync_dir(directory)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise _write_error(exc, target) from exc
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(target: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))
