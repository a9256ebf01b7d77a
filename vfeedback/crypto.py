"""Encryption at rest: media objects in AES-256-GCM chunks, and the key hierarchy.

**Objects.** A stored object is cut into fixed-size chunks (64 KiB of plaintext each), each
sealed with AES-256-GCM under the home's data key. The nonce of chunk *i* is the object's random
8-byte salt followed by *i* (4 bytes), so no nonce repeats under one key; the associated data
binds each chunk to the object id, its index and whether it is the last one, so chunks cannot be
swapped between objects, reordered, or cut off at a chunk boundary without the reader noticing.
A seek decrypts only the chunk it lands in: :class:`EncryptedReader` is a seekable file object.

Layout: ``MAGIC (8) | chunk size (4, big-endian) | plaintext size (8) | salt (8)`` then the
chunks, each ``ciphertext | tag (16)``.

**Keys.** One random 256-bit data key per home. Each user holds a copy wrapped (AES-GCM) with a
key derived from their password by Argon2id; a recovery key, shown once at set-up, wraps one more
copy. Changing a password re-wraps the data key and never re-encrypts media. The
:class:`Keyring` is a small JSON file; losing it loses access, so it is written atomically.
"""

from __future__ import annotations

import base64
import io
import json
import os
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vfeedback.errors import VFeedbackError
from vfeedback.fileio import atomic_output, atomic_write_text
from vfeedback.i18n import _

MAGIC = b"VFENC1\x00\x00"
CHUNK = 64 * 1024
TAG = 16
_HEADER = struct.Struct(">8sIQ8s")
KEY_BYTES = 32


class CryptoError(VFeedbackError):
    """Encrypted data could not be opened: wrong key, damaged or cut-off data."""


def _aad(object_id: str, index: int, last: bool) -> bytes:
    return b"%s|%d|%d" % (object_id.encode("ascii"), index, 1 if last else 0)


def _nonce(salt: bytes, index: int) -> bytes:
    return salt + struct.pack(">I", index)


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    """Whether the file starts with the encrypted-object header."""
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def encrypt_stream(source: BinaryIO, target: BinaryIO, key: bytes, object_id: str,
                   size: int, chunk: int = CHUNK) -> None:
    """Encrypt ``size`` bytes read from ``source`` into ``target`` as one object."""
    if len(key) != KEY_BYTES:
        raise ValueError("AES-256 needs a 32-byte key")
    salt = secrets.token_bytes(8)
    aead = AESGCM(key)
    target.write(_HEADER.pack(MAGIC, chunk, size, salt))
    count = max(1, -(-size // chunk))
    for index in range(count):
        plain = source.read(min(chunk, size - index * chunk))
        if len(plain) != min(chunk, size - index * chunk):
            raise CryptoError(_("The file changed while it was being encrypted."))
        last = index == count - 1
        target.write(aead.encrypt(_nonce(salt, index), plain, _aad(object_id, index, last)))


def encrypt_file(source: str | os.PathLike[str], target: str | os.PathLike[str], key: bytes,
                 object_id: str) -> None:
    """Encrypt a plaintext file into ``target`` (written atomically)."""
    size = os.path.getsize(source)
    with open(source, "rb") as src, atomic_output(target) as tmp, open(tmp, "wb") as out:
        encrypt_stream(src, out, key, object_id, size)


class EncryptedReader(io.RawIOBase):
    """A seekable, read-only file object over an encrypted object.

    Only the chunk a read lands in is decrypted (one chunk is cached), so a seek costs one
    chunk's decryption. Any damage (a flipped bit, a cut-off file, a chunk from another object,
    the wrong key) raises :class:`CryptoError`; nothing unauthenticated is ever returned.
    """

    def __init__(self, path: str | os.PathLike[str], key: bytes, object_id: str) -> None:
        super().__init__()
        self._fh = open(path, "rb")  # noqa: SIM115 - closed in close()
        header = self._fh.read(_HEADER.size)
        if len(header) != _HEADER.size:
            self._fh.close()
            raise CryptoError(_("The encrypted file is cut off."))
        magic, self._chunk, self._size, self._salt = _HEADER.unpack(header)
        if magic != MAGIC or not 0 < self._chunk <= 16 * 1024 * 1024:
            self._fh.close()
            raise CryptoError(_("This is not an encrypted vfeedback object."))
        self._count = max(1, -(-self._size // self._chunk))
        expected = _HEADER.size + self._size + self._count * TAG
        actual = os.fstat(self._fh.fileno()).st_size
        if actual != expected:
            self._fh.close()
            raise CryptoError(_("The encrypted file is damaged or cut off "
                                "({actual} bytes, expected {expected}).").format(
                                    actual=actual, expected=expected))
        self._aead = AESGCM(key)
        self._object_id = object_id
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None

    @property
    def size(self) -> int:
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def _plain_chunk(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        self._fh.seek(_HEADER.size + index * (self._chunk + TAG))
        plain_len = min(self._chunk, self._size - index * self._chunk)
        sealed = self._fh.read(plain_len + TAG)
        last = index == self._count - 1
        try:
            plain = self._aead.decrypt(_nonce(self._salt, index), sealed,
                                       _aad(self._object_id, index, last))
        except InvalidTag as exc:
            raise CryptoError(_("The encrypted file is damaged, or the key is wrong "
                                "(chunk {index}).").format(index=index)) from exc
        self._cached = (index, plain)
        return plain

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self._size:
            index, offset = divmod(self._pos, self._chunk)
            plain = self._plain_chunk(index)
            take = min(len(view) - done, len(plain) - offset)
            view[done:done + take] = plain[offset:offset + take]
            done += take
            self._pos += take
        return done

    def close(self) -> None:
        if not self.closed:
            self._fh.close()
            self._cached = None
        super().close()


def decrypt_to(path: str | os.PathLike[str], key: bytes, object_id: str,
               target: BinaryIO, block: int = 1024 * 1024) -> Iterator[int]:
    """Stream the plaintext of an object into ``target``; yields bytes written so far."""
    with EncryptedReader(path, key, object_id) as reader:
        written = 0
        while data := reader.read(block):
            target.write(data)
            written += len(data)
            yield written


# --- keys ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: RFC 9106's second recommended option (64 MiB, 3 passes)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        return hash_secret_raw(secret, salt, time_cost=self.time_cost,
                               memory_cost=self.memory_kib, parallelism=self.parallelism,
                               hash_len=KEY_BYTES, type=Type.ID)


def subkey(data_key: bytes, purpose: str) -> bytes:
    """A key for one use (``"database"``, ``"store"``, ``"audit"``, ...) derived from the
    home's data key with HKDF-SHA256, so no two uses ever share a key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    if len(data_key) != KEY_BYTES:
        raise CryptoError(_("The data key has the wrong length."))
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                info=b"vfeedback/" + purpose.encode("utf-8")).derive(data_key)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def format_recovery_key(key: bytes) -> str:
    """A recovery key as groups of base32 letters, for a person to write down."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        key = base64.b32decode(letters + "=" * (-len(letters) % 8))
    except ValueError as exc:
        raise CryptoError(_("That is not a recovery key.")) from exc
    if len(key) != KEY_BYTES:
        raise CryptoError(_("That is not a recovery key."))
    return key


class Keyring:
    """The home's data key, wrapped once per user and once by the recovery key.

    ``path`` is a JSON file: ``{"version": 1, "kdf": {...}, "entries": {name: {"salt", "nonce",
    "wrapped"}}}``; the recovery entry is named ``"*recovery*"``. The data key itself is never
    written anywhere.
    """

    RECOVERY = "*recovery*"

    def __init__(self, path: str | os.PathLike[str], kdf: KdfParams | None = None) -> None:
        self.path = Path(path)
        self.kdf = kdf or KdfParams()
        self.entries: dict[str, dict[str, str]] = {}
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        try:
            doc = json.loads(self.path.read_text("utf-8"))
            self.kdf = KdfParams(**doc["kdf"])
            self.entries = {str(k): dict(v) for k, v in doc["entries"].items()}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CryptoError(_("The key file {path} is damaged.").format(path=self.path)) from exc

    def save(self) -> None:
        doc = {"version": 1, "kdf": self.kdf.__dict__, "entries": self.entries}
        atomic_write_text(self.path, json.dumps(doc, indent=1))
        os.chmod(self.path, 0o600)

    @staticmethod
    def new_data_key() -> bytes:
        return secrets.token_bytes(KEY_BYTES)

    def _wrap(self, name: str, secret: bytes, data_key: bytes) -> None:
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        kek = self.kdf.derive(secret, salt)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, name.encode("utf-8"))
        self.entries[name] = {"salt": _b64(salt), "nonce": _b64(nonce), "wrapped": _b64(wrapped)}

    def add_user(self, name: str, password: str, data_key: bytes) -> None:
        """Give ``name`` a copy of the data key under ``password`` (also: change a password)."""
        if name == self.RECOVERY:
            raise ValueError("reserved name")
        self._wrap(name, password.encode("utf-8"), data_key)

    def set_recovery(self, data_key: bytes) -> str:
        """Make a new recovery key for ``data_key``; returns it for showing once."""
        recovery = secrets.token_bytes(KEY_BYTES)
        self._wrap(self.RECOVERY, recovery, data_key)
        return format_recovery_key(recovery)

    def remove_user(self, name: str) -> None:
        self.entries.pop(name, None)

    def _unwrap(self, name: str, secret: bytes) -> bytes:
        entry = self.entries.get(name)
        if entry is None:
            raise CryptoError(_("No key is kept for {name}.").format(name=name))
        try:
            kek = self.kdf.derive(secret, _unb64(entry["salt"]))
            key = AESGCM(kek).decrypt(_unb64(entry["nonce"]), _unb64(entry["wrapped"]),
                                      name.encode("utf-8"))
        except (InvalidTag, ValueError, KeyError) as exc:
            raise CryptoError(_("Wrong password, or the key file is damaged.")) from exc
        if len(key) != KEY_BYTES:
            raise CryptoError(_("Wrong password, or the key file is damaged."))
        return key

    def unlock(self, name: str, password: str) -> bytes:
        """The data key, for ``name`` with ``password``; :class:`CryptoError` if that fails."""
        return self._unwrap(name, password.encode("utf-8"))

    def unlock_with_recovery(self, recovery_text: str) -> bytes:
        return self._unwrap(self.RECOVERY, parse_recovery_key(recovery_text))
