"""The media store: every recording and derived media file, content-addressed by SHA-256.

All reads and writes of stored media go through this API; nothing else builds paths into the
store.

**Encryption at rest.** A store opened with a ``key`` (the home's ``subkey(data_key, "store")``)
writes every object as a chunked AES-256-GCM object (``vfeedback.crypto``) whose object id is its
plaintext SHA-256, so the content address, deduplication and ``verify`` work as before (verify
checks every chunk's tag and the hash). Readers never get a plaintext file on disk:

- :meth:`MediaStore.media_source` -- a string for ffmpeg, OpenCV and Qt: the object's path, or,
  encrypted, a loopback URL served by ``vfeedback.media.plainserve`` (seeks decrypt one chunk);
- :meth:`MediaStore.open` -- a seekable file object (an ``EncryptedReader``) for Python readers;
- :meth:`MediaStore.media_path` -- a real path (``stat``, ``exists``, any tool): encrypted, a
  memory-backed copy (``memfd`` on Linux; elsewhere a file in ``scratch.memory_folder``): meant
  for small objects, as the whole plaintext is held in memory while the block runs.

:meth:`MediaStore.writer` hands out a path in memory (``scratch.memory_folder``) when the store
is encrypted and encrypts on commit; :meth:`MediaStore.add_file` encrypts while it copies.

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
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import scratch
from .crypto import MAGIC, CryptoError, EncryptedReader, encrypt_stream
from .errors import Cancelled, StoreError
from .i18n import _
from .progress import CancelToken, ProgressFn, report, scaled
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


class _Hashing(io.RawIOBase):
    """Reads through to ``source`` and hashes what passes (to encrypt and hash in one read)."""

    def __init__(self, source: BinaryIO, cancel: CancelToken | None = None,
                 progress: ProgressFn | None = None, total: int = 1) -> None:
        super().__init__()
        self.source, self.digest = source, hashlib.sha256()
        self.cancel, self.progress, self.total, self.done = cancel, progress, max(1, total), 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        data = self.source.read(size)
        self.digest.update(data)
        self.done += len(data)
        if self.cancel is not None:
            self.cancel.check()
        report(self.progress, self.done / self.total, _("Encrypting into the store"))
        return data


class MediaStore:
    def __init__(self, root: str | os.PathLike[str], *, allow_damaged: bool = False,
                 key: bytes | None = None) -> None:
        self.root = Path(root)
        self._objects = self.root / "objects"
        self._tmp = self.root / "tmp"
        self._damaged = self.root / "damaged"
        # Set by an explicit user choice (``vfeedback --allow-damaged``): hand out objects that
        # verify found damaged instead of refusing them.
        self.allow_damaged = allow_damaged
        # With a key every object is written and read encrypted (see the module docstring).
        self.key = key
        self._lasting: dict[str, str] = {}  # object key -> URL kept for the process's life
        for folder in (self.root, self._objects, self._tmp):
            if folder.exists() and not folder.is_dir():
                raise StoreError(_("The media store folder {path} is a file, not a folder; "
                                   "move it aside").format(path=folder))
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(_("The media store {path} cannot be made: {why}").format(
                    path=folder, why=exc.strerror or exc)) from exc

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    # -- internal -------------------------------------------------------------------------
    def _object_path(self, key: str) -> Path:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise StoreError(_("Not a media store key: {key}").format(key=key))
        return self._objects / key[:2] / key

    def _install(self, tmp: Path, key: str) -> None:
        """Make a finished file (plain or sealed, as the store is) the object ``key``."""
        final = self._object_path(key)
        final.parent.mkdir(exist_ok=True)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o400)  # the owner may read it; nobody may change it in place
        os.replace(tmp, final)

    def _commit(self, tmp: Path, key: str) -> StoredObject:
        """Commit the plaintext file ``tmp`` as ``key`` (encrypting it first when needed)."""
        size = tmp.stat().st_size
        if self._object_path(key).exists():
            tmp.unlink()  # same content is already stored
            return StoredObject(key, size)
        if self.key is None:
            self._install(tmp, key)
            return StoredObject(key, size)
        try:
            with open(tmp, "rb") as src:
                sealed = self._seal_stream(src, key, size)
        finally:
            tmp.unlink()  # the plaintext (in memory for an encrypted store) goes at once
        self._install(sealed, key)
        return StoredObject(key, size)

    def _seal_stream(self, source: BinaryIO, key: str, size: int) -> Path:
        """Encrypt ``size`` bytes of ``source`` as object ``key`` into a new file in tmp/."""
        assert self.key is not None
        fd, name = tempfile.mkstemp(dir=self.scratch_dir(), prefix="seal-")
        try:
            with os.fdopen(fd, "wb") as out:
                encrypt_stream(source, out, self.key, key, size)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(name)
            raise
        return Path(name)

    def seal_in_place(self, key: str) -> bool:
        """Encrypt a plaintext object where it lies (``vfeedback encrypt``); False if it was
        sealed already. A damaged object is sealed as it is and marked damaged.

        The sealed copy is written beside it, read back (every tag and the hash checked) and
        then renamed over the plaintext in one step: killed at any moment, the object is
        either the old plaintext or the new sealed file, never half of either.
        """
        path = self._path_checked(key)
        if self._is_sealed(path):
            return False
        assert self.key is not None
        size = path.stat().st_size
        with open(path, "rb") as src:
            hashing = _Hashing(src)
            sealed = self._seal_stream(hashing, key, size)  # type: ignore[arg-type]
        read = hashing.digest.hexdigest()
        try:
            if self._sealed_digest(sealed, key) != read:  # the sealed copy reads back
                raise StoreError(_("The encrypted copy of media file {key} does not read back; "
                                   "the disk may be failing").format(key=key[:12]))
            self._install(sealed, key)
        except BaseException:
            with contextlib.suppress(OSError):
                sealed.unlink()
            raise
        # An object that was already damaged is sealed as it is (no plaintext stays) and
        # marked, as verify would.
        self._mark(key, read != key)
        return True

    def _sealed_digest(self, path: Path, key: str, progress: ProgressFn | None = None,
                       cancel: CancelToken | None = None) -> str | None:
        """The SHA-256 of a sealed file's plaintext; None when a tag fails (or wrong key)."""
        assert self.key is not None
        digest = hashlib.sha256()
        try:
            with EncryptedReader(path, self.key, key) as reader:
                total, done = max(1, reader.size), 0
                while data := reader.read(CHUNK):
                    digest.update(data)
                    done += len(data)
                    if cancel is not None:
                        cancel.check()
                    report(progress, done / total, _("Checking"))
        except CryptoError:
            return None
        return digest.hexdigest()

    @staticmethod
    def _is_sealed(path: Path) -> bool:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC

    def cleanup_temporary(self) -> list[Path]:
        """Remove what killed processes left in ``tmp/``; returns what was removed.

        Only provably abandoned work is removed (its process is gone, or an unowned leftover
        is a day old): another process's import in progress is never touched.
        """
        return clean_abandoned(self._tmp)

    def scratch_dir(self) -> Path:
        """This process's folder for work files on the store's own disk (so a finished file
        can be renamed into ``objects/``). An encrypted store puts only ciphertext here."""
        return process_folder(self._tmp)

    def plain_scratch_dir(self) -> Path:
        """Where a plaintext work file (a conversion before import, ffmpeg's output) may lie:
        in memory when the store is encrypted, else beside the objects."""
        return scratch.memory_folder() if self.encrypted else self.scratch_dir()

    # -- API ----------------------------------------------------------------------------
    def contains(self, key: str) -> bool:
        return self._object_path(key).exists()

    def size(self, key: str) -> int:
        """The object's (plaintext) size in bytes."""
        path = self._path_checked(key)
        if self.key is not None and self._is_sealed(path):
            with EncryptedReader(path, self.key, key) as reader:
                return reader.size
        return path.stat().st_size

    def add_file(self, source: str | os.PathLike[str], progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> StoredObject:
        """Copy ``source`` into the store, hashing as it copies; the copy is verified.

        On a full disk or cancellation nothing is left behind. Encrypted, the file is read
        twice (its hash names the object and is bound into every chunk) and the sealed copy
        is read back once; no plaintext copy is written.
        """
        source = Path(source)
        if self.key is not None:
            return self._add_sealed(source, progress, cancel)
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

    def _add_sealed(self, source: Path, progress: ProgressFn | None,
                    cancel: CancelToken | None) -> StoredObject:
        try:
            key = sha256_of(source, scaled(progress, 0.0, 0.3), cancel)
            size = source.stat().st_size
            if self.contains(key):
                return StoredObject(key, size)
            with open(source, "rb") as src:
                stored = self.add_stream(src, key, size, scaled(progress, 0.3, 0.8), cancel,
                                         read_back=scaled(progress, 0.8, 1.0))
            report(progress, 1.0, _("Stored"))
            return stored
        except OSError as exc:
            raise _disk_error(exc) from exc

    def add_stream(self, source: BinaryIO, key: str, size: int,
                   progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                   read_back: ProgressFn | None = None) -> StoredObject:
        """Store ``size`` bytes read from ``source`` as the object ``key`` (its SHA-256),
        refusing them when they do not hash to ``key``. Used to copy between stores
        (``other.open(key)``) without a plaintext file in between."""
        if self.contains(key):
            return StoredObject(key, size)
        hashing = _Hashing(source, cancel, progress, size)
        if self.key is None:
            fd, name = tempfile.mkstemp(dir=self.scratch_dir(), prefix="import-")
            tmp = Path(name)
            try:
                with os.fdopen(fd, "wb") as out:
                    shutil.copyfileobj(hashing, out, CHUNK)  # type: ignore[misc]
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
        else:
            tmp = self._seal_stream(hashing, key, size)  # type: ignore[arg-type]
        try:
            good = hashing.digest.hexdigest() == key and hashing.done == size
            if good:  # read the copy back: a bad disk shows up here, not later
                good = (sha256_of(tmp) if self.key is None
                        else self._sealed_digest(tmp, key, read_back, cancel)) == key
            if not good:
                raise StoreError(_("The copy of media file {key} does not match its checksum; "
                                   "nothing was stored").format(key=key[:12]))
            self._install(tmp, key)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return StoredObject(key, size)

    def copy_from(self, other: MediaStore, key: str) -> StoredObject:
        """Copy object ``key`` from another store (either may be encrypted), verified."""
        with other.open(key) as src:
            return self.add_stream(src, key, other.size(key))

    @contextlib.contextmanager
    def writer(self, suffix: str = "") -> Iterator[Writer]:
        """Give a temporary path to write a new object to (e.g. ffmpeg output).

        When the block ends without an exception the file is hashed and committed and
        ``writer.key`` is set; on an exception the partial file is removed. For an encrypted
        store the path is in memory and the file is encrypted on commit.
        """
        fd, tmp_name = tempfile.mkstemp(dir=self.plain_scratch_dir(), prefix="new-",
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

    def object_file(self, key: str) -> Path:
        """The object's own file as it lies in the store (sealed when the store is encrypted),
        checked as for reading: for copying it whole, e.g. into a sealed backup."""
        return self._usable(key)

    def _usable(self, key: str) -> Path:
        """The object's path, refused when ``verify`` found it damaged (unless allowed), or
        when it is not in the form the store expects (encrypted or not)."""
        path = self._path_checked(key)
        if not self.allow_damaged and self.is_damaged(key):
            raise StoreError(_(
                "The media file {key} is damaged (its checksum no longer matches, found by "
                "`vfeedback verify`); restore it from a backup, or use it anyway with "
                "`vfeedback --allow-damaged ...`").format(key=key[:12]))
        sealed = self._is_sealed(path)
        if sealed and self.key is None:
            raise StoreError(_("The media file {key} is encrypted and this home was opened "
                               "without its key; log in (or finish `vfeedback encrypt`)").format(
                                   key=key[:12]))
        if not sealed and self.key is not None:
            raise StoreError(_("The media file {key} is not encrypted although this home is; "
                               "run `vfeedback encrypt` to finish encrypting it").format(
                                   key=key[:12]))
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

    # -- reading --------------------------------------------------------------------------
    @contextlib.contextmanager
    def media_path(self, key: str) -> Iterator[Path]:
        """A filesystem path to read the object from, valid inside the ``with`` block.

        Encrypted, the path is a memory-backed copy of the whole plaintext: use it for small
        objects; video goes through :meth:`media_source` (ffmpeg, OpenCV, Qt) or
        :meth:`open` (Python).
        """
        path = self._usable(key)
        if self.key is None:
            yield path
            return
        with self.open(key) as src, scratch.memory_file(suffix=".bin") as (copy, out):
            shutil.copyfileobj(src, out, CHUNK)
            out.flush()
            yield copy

    @contextlib.contextmanager
    def media_source(self, key: str, *, lasting: bool = False) -> Iterator[str]:
        """What ffmpeg, OpenCV and Qt read: the object's path, or, encrypted, a loopback URL
        (``http://127.0.0.1:PORT/<random>``) that serves the plaintext with range requests.

        The URL stops working when the block ends, unless ``lasting`` (a player that keeps
        the source after the caller returns): then it lives as long as the process.
        """
        path = self._usable(key)
        if self.key is None:
            yield str(path)
            return
        from .media.plainserve import PlainServer

        server = PlainServer.shared()
        if lasting:
            if key not in self._lasting:
                self._lasting[key] = server.register(path, self.key, key)
            yield self._lasting[key]
            return
        with server.url(path, self.key, key) as url:
            yield url

    def open(self, key: str) -> BinaryIO:
        """A seekable binary file object over the object's (plaintext) bytes."""
        path = self._usable(key)
        if self.key is None:
            return open(path, "rb")
        return io.BufferedReader(EncryptedReader(path, self.key, key), CHUNK)  # type: ignore[return-value]

    def export_to(self, key: str, target: str | os.PathLike[str]) -> None:
        """Copy an object out of the store to a user-chosen file, crash-safely."""
        from .fileio import atomic_output

        with self.open(key) as src, atomic_output(target) as tmp, open(tmp, "wb") as out:
            shutil.copyfileobj(src, out, CHUNK)

    def verify(self, key: str, progress: ProgressFn | None = None,
               cancel: CancelToken | None = None) -> bool:
        """Re-hash the stored object; ``False`` means it was damaged or tampered with.

        Encrypted, every chunk's tag is checked as well as the plaintext's hash. The answer
        is remembered (a mark under ``damaged/``), so that later commands refuse a damaged
        object without re-reading it; a good answer clears the mark (e.g. after the file was
        restored from a backup).
        """
        path = self._path_checked(key)
        if self.key is None:
            good = sha256_of(path, progress, cancel) == key
        else:
            good = self._sealed_digest(path, key, progress, cancel) == key
        self._mark(key, not good)
        return good

    def remove(self, key: str) -> None:
        path = self._object_path(key)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # a read-only file in a writable folder can be unlinked
        self._mark(key, False)
        self._lasting.pop(key, None)

    def keys(self) -> Iterator[str]:
        for sub in sorted(self._objects.iterdir()):
            if sub.is_dir():
                for obj in sorted(sub.iterdir()):
                    yield obj.name

    def has_objects(self) -> bool:
        return next(self.keys(), None) is not None
