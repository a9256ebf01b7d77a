"""The media store with a key: objects sealed at rest, every reader gets plaintext, and damage,
truncation or a wrong key is refused with nothing decrypted."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from vfeedback.crypto import Keyring, subkey
from vfeedback.errors import StoreError
from vfeedback.media.probe import probe
from vfeedback.media.synth import make_video
from vfeedback.store import MediaStore


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("clip") / "clip.mp4"
    make_video(path, duration_s=2, fps=25, width=320, height=240, keyint=25)
    return path


@pytest.fixture
def key() -> bytes:
    return subkey(Keyring.new_data_key(), "store")


def _object_file(store: MediaStore, key: str) -> Path:
    return store.root / "objects" / key[:2] / key


def test_add_file_seals_the_object_and_keeps_the_plaintext_hash_as_its_name(tmp_path, clip, key):
    store = MediaStore(tmp_path / "store", key=key)
    stored = store.add_file(clip)
    plain = clip.read_bytes()
    assert stored.key == hashlib.sha256(plain).hexdigest()
    assert stored.size == len(plain) == store.size(stored.key)
    sealed = _object_file(store, stored.key).read_bytes()
    assert b"ftyp" not in sealed and plain[:4096] not in sealed
    assert store.verify(stored.key)
    # Dedup: the same content again is the same object.
    assert store.add_file(clip).key == stored.key
    # Every reader gets the plaintext.
    with store.open(stored.key) as fh:
        assert fh.read() == plain
    with store.media_path(stored.key) as path:
        assert Path(path).stat().st_size == len(plain)
        assert Path(path).read_bytes() == plain
        assert probe(path).width == 320  # a tool reading a path
        assert not str(path).startswith(str(tmp_path))  # memory, not the disk
    with store.media_source(stored.key) as url:
        assert url.startswith("http://127.0.0.1:")
        assert probe(url).width == 320
    # No plaintext was left anywhere under the store.
    for file in (tmp_path / "store").rglob("*"):
        if file.is_file():
            assert b"ftyp" not in file.read_bytes(), file


def test_writer_output_is_in_memory_then_sealed(tmp_path, key):
    store = MediaStore(tmp_path / "store", key=key)
    with store.writer(suffix=".npz") as w:
        assert not str(w.path).startswith(str(tmp_path))
        np.savez(w.path, cue=np.arange(10))
        written = w.path
    assert not written.exists()
    assert store.verify(w.key)
    assert b"cue" not in _object_file(store, w.key).read_bytes()
    with store.open(w.key) as fh, np.load(fh) as data:
        assert list(data["cue"]) == list(range(10))


def test_copy_between_plain_and_encrypted_stores(tmp_path, clip, key):
    plain_store = MediaStore(tmp_path / "plain")
    enc = MediaStore(tmp_path / "enc", key=key)
    k = plain_store.add_file(clip).key
    assert enc.copy_from(plain_store, k).key == k
    back = MediaStore(tmp_path / "back")
    back.copy_from(enc, k)
    assert _object_file(back, k).read_bytes() == clip.read_bytes()


def test_seal_in_place_converts_a_plain_object(tmp_path, clip, key):
    MediaStore(tmp_path / "s").add_file(clip)
    store = MediaStore(tmp_path / "s", key=key)
    k = next(store.keys())
    with pytest.raises(StoreError, match="not encrypted"):
        store.open(k)
    assert store.seal_in_place(k) is True
    assert store.seal_in_place(k) is False
    assert store.verify(k)
    with pytest.raises(StoreError, match="without its key"):
        MediaStore(tmp_path / "s").open(k)


def test_tampered_truncated_and_wrong_key_are_refused_with_nothing_decrypted(tmp_path, clip, key):
    store = MediaStore(tmp_path / "store", key=key)
    k = store.add_file(clip).key
    obj = _object_file(store, k)
    good = obj.read_bytes()
    os.chmod(obj, 0o600)

    # A wrong key: every reader refuses, verify says damaged.
    wrong = MediaStore(tmp_path / "store", key=subkey(Keyring.new_data_key(), "store"))
    from vfeedback.crypto import CryptoError

    with pytest.raises(CryptoError):
        wrong.open(k).read(10)
    with pytest.raises(CryptoError), wrong.media_source(k):
        pass
    assert not wrong.verify(k)
    store.verify(k)  # clears the mark again

    # One flipped bit in the middle: the chunk is refused, verify marks it damaged.
    tampered = bytearray(good)
    tampered[len(good) // 2] ^= 1
    obj.write_bytes(bytes(tampered))
    with pytest.raises(CryptoError), store.open(k) as fh:
        fh.read()
    assert not store.verify(k)
    with pytest.raises(StoreError, match="damaged"), store.media_path(k):
        pass

    # Cut off: refused before any byte is handed out, even when damaged files are allowed.
    store.allow_damaged = True
    obj.write_bytes(good[: len(good) - 100])
    with pytest.raises(CryptoError, match="cut off"):
        store.open(k)
    assert not store.verify(k)

    obj.write_bytes(good)
    store.allow_damaged = False
    assert store.verify(k)
    with store.open(k) as fh:
        assert fh.read() == clip.read_bytes()


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="a tmpfs is Linux's")
def test_work_files_of_a_protected_home_are_in_memory(tmp_path, monkeypatch):
    from vfeedback import scratch
    from vfeedback.fileio import atomic_output

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(scratch, "_home", home)
    with scratch.temporary_directory() as plain_dir:
        assert plain_dir.startswith(str(home))  # an unprotected home: as before
    (home / "keyring.json").write_text("{}")
    with scratch.temporary_directory(prefix="reel-") as folder:
        assert folder.startswith("/dev/shm/") and os.stat(folder).st_mode & 0o077 == 0
    with atomic_output(home / "reel.mp4") as tmp:
        assert str(tmp).startswith("/dev/shm/")
        tmp.write_bytes(b"reel")
    assert (home / "reel.mp4").read_bytes() == b"reel"
    with scratch.memory_file() as (path, out):
        out.write(b"x" * 10)
        out.flush()
        assert Path(path).stat().st_size == 10 and str(path).startswith("/proc/")


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="a tmpfs is Linux's")
def test_the_memory_folder_has_a_name_other_accounts_cannot_take_first(tmp_path):
    """Another account could make ``/dev/shm/vfeedback-<uid>`` first and so push work files
    to disk; the folder's name carries a random tag kept privately in the home, the same for
    every process of that home."""
    import subprocess
    import sys

    def parent_of(home: Path) -> str:
        code = (f"from vfeedback import scratch; scratch.use_home({str(home)!r}); "
                "print(scratch._memory_parent())")
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout.strip()

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    first, second, other = parent_of(a), parent_of(a), parent_of(b)
    tag = (a / ".memory-tag").read_text()
    assert first == second == f"/dev/shm/vfeedback-{os.getuid()}-{tag}"
    assert other != first and len(tag) == 32
    assert os.stat(a / ".memory-tag").st_mode & 0o077 == 0


def test_seal_in_place_keeps_a_damaged_object_encrypted_and_marked(tmp_path, clip, key):
    plain = MediaStore(tmp_path / "s")
    k = plain.add_file(clip).key
    obj = _object_file(plain, k)
    os.chmod(obj, 0o600)
    data = bytearray(obj.read_bytes())
    data[100] ^= 0xFF
    obj.write_bytes(bytes(data))
    store = MediaStore(tmp_path / "s", key=key)
    assert store.seal_in_place(k)
    assert b"ftyp" not in obj.read_bytes() and store.is_damaged(k)
    assert not store.verify(k)
    store.allow_damaged = True
    with store.open(k) as fh:
        assert fh.read() == bytes(data)  # nothing lost: the bytes as they were
