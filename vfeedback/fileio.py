"""Crash-safe file writing: write to a temporary name beside the target, fsync, rename.

Every file vfeedback writes for the user (exports, settings, reels) goes through here or
through :func:`atomic_output`, so a killed process or a full disk never leaves a half-written
file under the final name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError
from .i18n import _


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it is fsynced and renamed onto it.

    On any exception the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(_("The folder {folder} does not exist").format(folder=directory))
    if not os.access(directory, os.W_OK):
        raise InputError(_("Cannot write to the folder {folder}").format(folder=directory))
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=directory
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(directory)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(target: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))
