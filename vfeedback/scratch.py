"""Per-process scratch folders, and cleaning only what a dead process left behind.

Work files (a store object being copied, a reel's caption images) live in a folder of the
process that makes them: ``<parent>/p<pid>-<random>/``, made 0700 and holding ``.owner``, a file
the process keeps locked (``flock``) for as long as it lives. The kernel drops that lock when the
process ends in any way, kill -9 included, so "the lock can be taken" *proves* the owner is gone:
only then is the folder removed. A second vfeedback started during a long import never touches the
import's files. Entries without a lock (left by older versions, or folders made by other code in
the same parent) are removed only when untouched for a day. On systems without ``flock``
(Windows) only the one-day rule applies.

:func:`temporary_directory` is the one place the app gets a temporary folder for its own work
files: under the data folder (``<home>/tmp/``), never the system's shared ``/tmp``, because those
files hold family data (captions, card images). Abandoned folders are cleaned when the next
process makes its own folder there.

**Protected (encrypted) homes.** A home with ``keyring.json`` (or one being converted by
``vfeedback encrypt``) must not hold plaintext work files on disk: :func:`temporary_directory`
then hands out a folder in memory (:func:`memory_folder`: ``/dev/shm/vfeedback-<uid>-<tag>/``
on Linux, a tmpfs, named with a random tag kept in the home so no other account can make it
first; the same per-process locking and cleaning applies, and a killed process's files
go at the next start or at reboot). :func:`memory_file` is an anonymous ``memfd`` (Linux), gone
with its last descriptor. Where there is no tmpfs (macOS, Windows) both fall back to the home's
own ``tmp/``: the work files are then plaintext on disk while they exist (the user guide says
so, and recommends FileVault/BitLocker there). Memory pages may reach swap: an encrypted swap
(the default on macOS, Windows and most Linux installers with full-disk encryption) covers that.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # Windows: no flock; the one-day rule alone applies
    fcntl = None  # type: ignore[assignment]

OWNER = ".owner"
MAX_AGE_S = 24 * 3600
PREFIX = "p"

_guard = threading.Lock()
# parent folder -> (this process's folder, its locked .owner descriptor, pid that made it)
_held: dict[Path, tuple[Path, int, int]] = {}
_home: Path | None = None


def _try_lock(fd: int) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _older_than_a_day(path: Path, now: float) -> bool:
    try:
        return now - path.lstat().st_mtime > MAX_AGE_S
    except OSError:
        return False


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()


def is_abandoned(entry: Path, now: float | None = None) -> bool:
    """True when ``entry`` (a child of a scratch parent) provably belongs to no live process."""
    now = time.time() if now is None else now
    owner = entry / OWNER
    if entry.is_dir() and not entry.is_symlink() and owner.is_file() and fcntl is not None:
        try:
            fd = os.open(owner, os.O_RDONLY)
        except OSError:
            return False
        try:
            # The lock is held by the owner (and any child it forked) until they all end.
            return _try_lock(fd)
        finally:
            os.close(fd)  # closing drops our own probe lock at once
    return _older_than_a_day(entry, now)


def clean_abandoned(parent: str | os.PathLike[str]) -> list[Path]:
    """Remove what dead processes left under ``parent``; never a live process's files."""
    parent = Path(parent)
    mine = {folder for folder, _fd, pid in _held.values() if pid == os.getpid()}
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if entry in mine:
            continue
        if is_abandoned(entry, now):
            _remove(entry)
            removed.append(entry)
    return removed


def process_folder(parent: str | os.PathLike[str]) -> Path:
    """This process's own folder under ``parent``, made (0700, locked) on first use.

    Making it first cleans ``parent`` of folders whose owners are gone. The folder is removed
    when the process exits normally; after a crash, by the next process that calls this.
    """
    parent = Path(parent).absolute()
    pid = os.getpid()
    with _guard:
        held = _held.get(parent)
        if held is not None and held[2] == pid and held[0].is_dir():
            return held[0]
        parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        clean_abandoned(parent)
        folder = Path(tempfile.mkdtemp(dir=parent, prefix=f"{PREFIX}{pid}-"))  # mode 0700
        # Lock under a temporary name, then rename: a cleaner never sees an unlocked .owner.
        fd, lock_name = tempfile.mkstemp(dir=folder, prefix=".owner-")
        _try_lock(fd)
        os.replace(lock_name, folder / OWNER)
        _held[parent] = (folder, fd, pid)
        return folder


def _forget_all() -> None:
    """At a normal exit, remove this process's folders (a killed process leaves them to the
    next start)."""
    for folder, fd, pid in list(_held.values()):
        if pid != os.getpid():
            continue  # made by the parent before a fork: not ours to remove
        _remove(folder)
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


atexit.register(_forget_all)


# -- the home's temporary folder ------------------------------------------------------------
def use_home(home: str | os.PathLike[str]) -> None:
    """Say which data folder this process works on (``open_app`` and the CLI call this)."""
    global _home
    _home = Path(home).expanduser().absolute()


def home_tmp() -> Path:
    """``<home>/tmp``: the parent of every process's temporary folder."""
    if _home is not None:
        return _home / "tmp"
    from .config import default_home

    return default_home().absolute() / "tmp"


def home_is_protected() -> bool:
    """Whether the current home is encrypted (or being encrypted): its work files go to
    memory."""
    home = _home if _home is not None else home_tmp().parent
    return (home / "keyring.json").exists() or (home / "keyring.pending.json").exists()


_tags: dict[Path | None, str] = {}


def _private_tag() -> str:
    """A part of the memory folder's name that other accounts cannot guess, so they cannot
    make the folder first (which would send work files to disk): random, kept in the home
    (private to this user) so that every process of the home finds the same folder; one per
    process before a home is known."""
    with _guard:
        if _home in _tags:
            return _tags[_home]
        tag = secrets.token_hex(16)
        if _home is not None:
            path = _home / ".memory-tag"
            try:
                kept = path.read_text(encoding="ascii").strip()
            except (OSError, UnicodeError):
                kept = ""
            if len(kept) == 32 and all(c in "0123456789abcdef" for c in kept):
                tag = kept
            else:
                with contextlib.suppress(OSError):
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with os.fdopen(fd, "w", encoding="ascii") as fh:
                        fh.write(tag)
                with contextlib.suppress(OSError, UnicodeError):
                    tag = path.read_text(encoding="ascii").strip() or tag  # a race: theirs
        _tags[_home] = tag
        return tag


def _memory_parent() -> Path | None:
    """``/dev/shm/vfeedback-<uid>-<private tag>`` where there is a tmpfs we own, else None."""
    shm = Path("/dev/shm")
    if not sys.platform.startswith("linux") or not shm.is_dir() or not os.access(shm, os.W_OK):
        return None
    parent = shm / f"vfeedback-{os.getuid()}-{_private_tag()}"
    try:
        parent.mkdir(mode=0o700, exist_ok=True)
        st = parent.lstat()
    except OSError:
        return None
    # Another account could have made the folder first to read our files: never use it then.
    if parent.is_symlink() or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    return parent


def shared_memory_folder(home: str | os.PathLike[str], name: str) -> Path:
    """A folder in memory for one home's work that outlives a process (a capture in progress
    is recovered after a crash, not after a reboot); ``<home>/<name>`` where there is none."""
    parent = _memory_parent()
    if parent is None:
        return Path(home) / name
    tag = hashlib.sha256(str(Path(home).absolute()).encode("utf-8")).hexdigest()[:16]
    folder = parent / f"{name}-{tag}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def memory_folder() -> Path:
    """This process's folder in memory (tmpfs), or under the home's tmp/ where there is none."""
    parent = _memory_parent()
    return process_folder(parent if parent is not None else home_tmp())


@contextlib.contextmanager
def memory_file(suffix: str = "") -> Iterator[tuple[Path, BinaryIO]]:
    """A memory-backed file: its path (readable by other tools and child processes while the
    block runs) and a file object to write it. A ``memfd`` on Linux, else a file in
    :func:`memory_folder`."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("vfeedback", os.MFD_CLOEXEC)
        try:
            with os.fdopen(os.dup(fd), "wb") as out:
                # /proc/<pid>/... (not /proc/self): the path also works in an ffmpeg child.
                yield Path(f"/proc/{os.getpid()}/fd/{fd}"), out  # type: ignore[misc]
        finally:
            os.close(fd)
        return
    fd, name = tempfile.mkstemp(dir=memory_folder(), suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            yield Path(name), out  # type: ignore[misc]
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


@contextlib.contextmanager
def temporary_directory(prefix: str = "") -> Iterator[str]:
    """A fresh temporary folder under the home (not ``/tmp``), removed when the block ends;
    in memory when the home is protected (see the module docstring)."""
    parent = memory_folder() if home_is_protected() else process_folder(home_tmp())
    with tempfile.TemporaryDirectory(dir=parent, prefix=prefix) as name:
        yield name
