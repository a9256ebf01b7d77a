"""The media store: every recording and derived media file, content-addressed by SHA-256.

All reads and writes of stored media go through this API; nothing else builds paths into the
store. That is what lets encryption at rest be added here later without touching callers:
:meth:`MediaStore.media_path` will then hand out a decrypted temporary file, and
:meth:`MediaStore.writer` will encrypt on commit.

Layout under the store directory::

    objects/ab/abcdef…   one file per SHA-256, mode 0400 once committed
    damaged/abcdef…      a mark left by :meth:`MediaStore.verify` on an object whose bytes no
                         longer match its name; marked objects are refused until verified good
                         again, unless the store is opened with ``allow_damaged``
    tmp/p<pid>-…/        files being written, one folder per process (see ``scratch``);
                         a folder is removed only once its process is provably gone
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import Cancelled, StoreError
from .i18n import _
from .progress import CancelToken, ProgressFn, report
from .scratch import clean_abandoned, process_folder

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredObject:
    key: str  # SHA-256 hex digest
    size: int


def sha256_of(path: str | os.PathLike[str], progress: ProgressFn | None = None,
              cancel: CancelToken | None = None) -> str:
    """The SHA-256 of a file, read in chunks (never the whole file in memory)."""
    digest = hashlib.sha256()
    total = max(1, os.path.getsize(path))
    done = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if cancel is not None:
                cancel.check()
            report(progress, done / total, _("Checking"))
    return digest.hexdigest()


def _disk_error(exc: OSError) -> StoreError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreError(_("The disk is full; free some space and try again"))
    if exc.errno == errno.EFBIG:
        return StoreError(_("The file is too large for this disk or account's file size "
                            "limit"))
    return StoreError(_("The media store cannot be written: {why}").format(
        why=exc.strerror or exc))


class Writer:
    """A file being written into the store; see :meth:`MediaStore.writer`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.key: str | None = None
        self.size: int = 0


class MediaStore:
    def __init__(self, root: str | os.PathLike[str], *, allow_damaged: bool = False) -> None:
        self.root = Path(root)
        self._objects = self.root / "objects"
        self._tmp = self.root / "tmp"
        self._damaged = self.root / "damaged"
        # Set by an explicit user choice (``vfeedback --allow-damaged``): hand out objects that
        # verify found damaged instead of refusing them.
        self.allow_damaged = allow_damaged
        for folder in (self.root, self._objects, self._tmp):
            if folder.exists() and not folder.is_dir():
                raise StoreError(_("The media store folder {path} is a file, not a folder; "
                                   "move it aside").format(path=folder))
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(_("The media store {path} cannot be made: {why}").format(
                    path=folder, why=exc.strerror or exc)) from exc

    # -- internal -------------------------------------------------------------------------
    def _object_path(self, key: str) -> Path:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise StoreError(_("Not a media store key: {key}").format(key=key))
        return self._objects / key[:2] / key

    def _commit(self, tmp: Path, key: str) -> StoredObject:
        final = self._object_path(key)
        size = tmp.stat().st_size
        if final.exists():
            tmp.unlink()  # same content is already stored
            return StoredObject(key, size)
        final.parent.mkdir(exist_ok=True)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o400)  # the owner may read it; nobody may change it in place
        os.replace(tmp, final)
        return StoredObject(key, size)

    def cleanup_temporary(self) -> list[Path]:
        """Remove what killed processes left in ``tmp/``; returns what was removed.

        Only provably abandoned work is removed (its process is gone, or an unowned leftover
        is a day old): another process's import in progress is never touched.
        """
        return clean_abandoned(self._tmp)

    def scratch_dir(self) -> Path:
        """This process's folder for work files on the store's own disk (so a finished file
        can be renamed into ``objects/``)."""
        return process_folder(self._tmp)

    # -- API ----------------------------------------------------------------------------
    def contains(self, key: str) -> bool:
        return self._object_path(key).exists()

    def size(self, key: str) -> int:
        return self._path_checked(key).stat().st_size

    def add_file(self, source: str | os.PathLike[str], progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> StoredObject:
        """Copy ``source`` into the store, hashing as it copies; the copy is verified.

        On a full disk or cancellation nothing is left behind.
        """
        source = Path(source)
        total = max(1, source.stat().st_size)
        fd, tmp_name = tempfile.mkstemp(dir=self.scratch_dir(), prefix="import-")
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        done = 0
        try:
            with open(source, "rb") as src, os.fdopen(fd, "wb") as dst:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
                    done += len(chunk)
                    if cancel is not None:
                        cancel.check()
                    report(progress, 0.9 * done / total, _("Copying into the store"))
            key = digest.hexdigest()
            # Read the copy back: a bad disk or a concurrent writer shows up here, not later.
            if sha256_of(tmp) != key:
                raise StoreError(_("The copy of {name} does not match the original; the disk "
                                   "may be failing").format(name=source.name))
            report(progress, 1.0, _("Stored"))
            return self._commit(tmp, key)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise _disk_error(exc) from exc
        except (Cancelled, StoreError):
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise

    @contextlib.contextmanager
    def writer(self, suffix: str = "") -> Iterator[Writer]:
        """Give a temporary path to write a new object to (e.g. ffmpeg output).

        When the block ends without an exception the file is hashed and committed and
        ``writer.key`` is set; on an exception the partial file is removed.
        """
        fd, tmp_name = tempfile.mkstemp(dir=self.scratch_dir(), prefix="new-",
                                         suffix=suffix)
        os.close(fd)
        w = Writer(Path(tmp_name))
        try:
            yield w
            if not w.path.exists() or w.path.stat().st_size == 0:
                raise StoreError(_("Nothing was written"))
            key = sha256_of(w.path)
            obj = self._commit(w.path, key)
            w.key, w.size = obj.key, obj.size
        except OSError as exc:
            with contextlib.suppress(OSError):
                w.path.unlink()
            raise _disk_error(exc) from exc
        except BaseException:
            with contextlib.suppress(OSError):
                w.path.unlink()
            raise

    def _path_checked(self, key: str) -> Path:
        path = self._object_path(key)
        if not path.exists():
            raise StoreError(_("The media file {key} is missing from the store").format(
                key=key[:12]))
        return path

    def _usable(self, key: str) -> Path:
        """The object's path, refused when ``verify`` found it damaged (unless allowed)."""
        path = self._path_checked(key)
        if not self.allow_damaged and self.is_damaged(key):
            raise StoreError(_(
                "The media file {key} is damaged (its checksum no longer matches, found by "
                "`vfeedback verify`); restore it from a backup, or use it anyway with "
                "`vfeedback --allow-damaged ...`").format(key=key[:12]))
        return path

    # -- damage marks ---------------------------------------------------------------------
    def is_damaged(self, key: str) -> bool:
        return (self._damaged / self._object_path(key).name).exists()

    def damaged_keys(self) -> list[str]:
        if not self._damaged.is_dir():
            return []
        return sorted(p.name for p in self._damaged.iterdir() if len(p.name) == 64)

    def _mark(self, key: str, damaged: bool) -> None:
        mark = self._damaged / self._object_path(key).name
        if damaged:
            self._damaged.mkdir(mode=0o700, exist_ok=True)
            mark.touch()
        else:
            with contextlib.suppress(FileNotFoundError):
                mark.unlink()

    @contextlib.contextmanager
    def media_path(self, key: str) -> Iterator[Path]:
        """A filesystem path to read the object from, valid inside the ``with`` block.

        Tools that need a path (ffmpeg, OpenCV, the Qt player) read through this.
        """
        yield self._usable(key)

    def open(self, key: str) -> BinaryIO:
        return open(self._usable(key), "rb")

    def export_to(self, key: str, target: str | os.PathLike[str]) -> None:
        """Copy an object out of the store to a user-chosen file, crash-safely."""
        from .fileio import atomic_output

        with self.media_path(key) as src, atomic_output(target) as tmp:
            shutil.copyfile(src, tmp)

    def verify(self, key: str, progress: ProgressFn | None = None,
               cancel: CancelToken | None = None) -> bool:
        """Re-hash the stored object; ``False`` means it was damaged or tampered with.

        The answer is remembered (a mark under ``damaged/``), so that later commands refuse a
        damaged object without re-reading it; a good answer clears the mark (e.g. after the
        file was restored from a backup).
        """
        good = sha256_of(self._path_checked(key), progress, cancel) == key
        self._mark(key, not good)
        return good

    def remove(self, key: str) -> None:
        path = self._object_path(key)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # a read-only file in a writable folder can be unlinked
        self._mark(key, False)

    def keys(self) -> Iterator[str]:
        for sub in sorted(self._objects.iterdir()):
            if sub.is_dir():
                for obj in sorted(sub.iterdir()):
                    yield obj.name

    def has_objects(self) -> bool:
        return next(self.keys(), None) is not None
