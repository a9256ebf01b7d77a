"""The media store: content addresses, verified copies, damage detection, no leftovers."""

from __future__ import annotations

import hashlib
import os
import time

import pytest

from vfeedback.errors import Cancelled, StoreError
from vfeedback.progress import CancelToken
from vfeedback.store import MediaStore


def test_add_file_is_content_addressed_and_deduplicated(tmp_path):
    src = tmp_path / "clip.bin"
    src.write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    store = MediaStore(tmp_path / "store")
    seen = []
    obj = store.add_file(src, progress=lambda f, w: seen.append(f))
    assert obj.key == hashlib.sha256(src.read_bytes()).hexdigest()
    assert obj.size == src.stat().st_size
    assert seen[-1] == 1.0 and seen == sorted(seen)
    again = store.add_file(src)
    assert again.key == obj.key and list(store.keys()) == [obj.key]
    with store.open(obj.key) as fh:
        assert fh.read() == src.read_bytes()
    assert store.verify(obj.key)


def test_verify_detects_a_damaged_object(tmp_path):
    src = tmp_path / "clip.bin"
    src.write_bytes(b"x" * 100_000)
    store = MediaStore(tmp_path / "store")
    key = store.add_file(src).key
    with store.media_path(key) as path:
        os.chmod(path, 0o644)
        data = bytearray(path.read_bytes())
        data[5000] ^= 0xFF
        path.write_bytes(bytes(data))
    assert not store.verify(key)


def test_cancelled_import_leaves_nothing(tmp_path):
    src = tmp_path / "big.bin"
    src.write_bytes(os.urandom(4 * 1024 * 1024))
    store = MediaStore(tmp_path / "store")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        store.add_file(src, cancel=token)
    assert list(store.keys()) == []
    leftovers = [p for p in (tmp_path / "store" / "tmp").rglob("*") if p.is_file()
                 and p.name != ".owner"]
    assert leftovers == []


def test_writer_commits_on_success_and_discards_on_error(tmp_path):
    store = MediaStore(tmp_path / "store")
    with store.writer(".npz") as w:
        w.path.write_bytes(b"result")
    assert w.key == hashlib.sha256(b"result").hexdigest() and store.contains(w.key)
    with pytest.raises(RuntimeError), store.writer() as w2:
        w2.path.write_bytes(b"half")
        raise RuntimeError("killed")
    assert not w2.path.exists()
    assert list(store.keys()) == [w.key]


def test_missing_object_and_bad_key_are_clear_errors(tmp_path):
    store = MediaStore(tmp_path / "store")
    with pytest.raises(StoreError, match="missing"), store.media_path("0" * 64):
        pass
    with pytest.raises(StoreError, match="Not a media store key"):
        store.contains("../../etc/passwd")


def test_leftovers_of_a_killed_import_are_cleaned(tmp_path):
    store = MediaStore(tmp_path / "store")
    # An unowned leftover (older versions wrote straight into tmp/) goes once a day old.
    old = tmp_path / "store" / "tmp" / "import-abc"
    old.write_bytes(b"partial")
    fresh = tmp_path / "store" / "tmp" / "import-new"
    fresh.write_bytes(b"maybe someone's")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    removed = store.cleanup_temporary()
    assert [p.name for p in removed] == ["import-abc"]
    assert fresh.exists()
