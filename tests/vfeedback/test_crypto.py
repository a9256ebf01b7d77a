"""Encryption at rest: chunked AES-256-GCM objects and the wrapped data key."""

from __future__ import annotations

import hashlib
import io
import os
import random

import pytest

from vfeedback.crypto import (
    CHUNK,
    CryptoError,
    EncryptedReader,
    KdfParams,
    Keyring,
    decrypt_to,
    encrypt_file,
    is_encrypted,
)

FAST = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


@pytest.fixture
def plain(tmp_path):
    data = os.urandom(3 * CHUNK + 1234) + b"ftyp and a caption: Mamma ler"
    path = tmp_path / "plain.bin"
    path.write_bytes(data)
    return path, data


def _seal(tmp_path, plain_path, key, object_id="obj1"):
    target = tmp_path / "sealed.enc"
    encrypt_file(plain_path, target, key, object_id)
    return target


def test_round_trip_and_no_plaintext_on_disk(tmp_path, plain):
    path, data = plain
    key = Keyring.new_data_key()
    sealed = _seal(tmp_path, path, key)
    raw = sealed.read_bytes()
    assert is_encrypted(sealed) and not is_encrypted(path)
    assert b"ftyp" not in raw and b"Mamma ler" not in raw
    out = io.BytesIO()
    for _ in decrypt_to(sealed, key, "obj1", out):
        pass
    assert out.getvalue() == data


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK])
def test_edge_sizes(tmp_path, size):
    data = os.urandom(size)
    src = tmp_path / "p"
    src.write_bytes(data)
    key = Keyring.new_data_key()
    sealed = _seal(tmp_path, src, key)
    with EncryptedReader(sealed, key, "obj1") as reader:
        assert reader.size == size
        assert reader.read() == data


def test_random_seeks_match_plaintext(tmp_path, plain):
    path, data = plain
    key = Keyring.new_data_key()
    sealed = _seal(tmp_path, path, key)
    rng = random.Random(7)
    with io.BufferedReader(EncryptedReader(sealed, key, "obj1")) as reader:
        for _ in range(200):
            start = rng.randrange(0, len(data) + 10)
            length = rng.randrange(0, 3 * CHUNK)
            reader.seek(start)
            assert reader.read(length) == data[start:start + length]
        reader.seek(-5, io.SEEK_END)
        assert reader.read() == data[-5:]


def test_flipped_bit_truncation_wrong_key_and_swapped_object_are_refused(tmp_path, plain):
    path, data = plain
    key = Keyring.new_data_key()
    sealed = _seal(tmp_path, path, key)
    good = sealed.read_bytes()

    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x01
    sealed.write_bytes(bytes(flipped))
    with pytest.raises(CryptoError), EncryptedReader(sealed, key, "obj1") as reader:
        reader.read()

    sealed.write_bytes(good[:-100])
    with pytest.raises(CryptoError, match="cut off"):
        EncryptedReader(sealed, key, "obj1")

    sealed.write_bytes(good)
    with pytest.raises(CryptoError), EncryptedReader(sealed, Keyring.new_data_key(), "obj1") as r:
        r.read(10)
    with pytest.raises(CryptoError), EncryptedReader(sealed, key, "another-object") as r:
        r.read(10)
    with EncryptedReader(sealed, key, "obj1") as reader:
        assert hashlib.sha256(reader.read()).digest() == hashlib.sha256(data).digest()


def test_dropping_whole_last_chunk_with_fixed_header_is_refused(tmp_path, plain):
    """Cutting at a chunk boundary and rewriting the size field still fails: the last flag."""
    path, _data = plain
    key = Keyring.new_data_key()
    sealed = _seal(tmp_path, path, key)
    raw = bytearray(sealed.read_bytes())
    header = 28
    # keep 2 full chunks, claim a 2-chunk plaintext
    raw = raw[: header + 2 * (CHUNK + 16)]
    raw[12:20] = (2 * CHUNK).to_bytes(8, "big")
    sealed.write_bytes(bytes(raw))
    with pytest.raises(CryptoError), EncryptedReader(sealed, key, "obj1") as reader:
        reader.read()


def test_keyring_users_recovery_and_password_change(tmp_path):
    ring = Keyring(tmp_path / "keys.json", kdf=FAST)
    data_key = Keyring.new_data_key()
    ring.add_user("anna", "rätt lösenord", data_key)
    recovery = ring.set_recovery(data_key)
    ring.save()
    assert (tmp_path / "keys.json").stat().st_mode & 0o777 == 0o600
    assert data_key.hex() not in (tmp_path / "keys.json").read_text()

    again = Keyring(tmp_path / "keys.json")
    assert again.unlock("anna", "rätt lösenord") == data_key
    assert again.unlock_with_recovery(recovery.lower()) == data_key
    with pytest.raises(CryptoError, match="Wrong password"):
        again.unlock("anna", "fel")
    with pytest.raises(CryptoError, match="No key"):
        again.unlock("bertil", "x")

    again.add_user("anna", "nytt", data_key)  # password change: re-wrap only
    again.save()
    assert Keyring(tmp_path / "keys.json").unlock("anna", "nytt") == data_key


def test_corrupted_wrapped_key_and_damaged_file_are_refused(tmp_path):
    ring = Keyring(tmp_path / "keys.json", kdf=FAST)
    data_key = Keyring.new_data_key()
    ring.add_user("anna", "pw", data_key)
    ring.save()
    text = (tmp_path / "keys.json").read_text()
    wrapped = ring.entries["anna"]["wrapped"]
    bad = ("A" if wrapped[0] != "A" else "B") + wrapped[1:]
    (tmp_path / "keys.json").write_text(text.replace(wrapped, bad))
    with pytest.raises(CryptoError, match="Wrong password, or the key file is damaged"):
        Keyring(tmp_path / "keys.json").unlock("anna", "pw")
    (tmp_path / "keys.json").write_text(text[: len(text) // 2])
    with pytest.raises(CryptoError, match="damaged"):
        Keyring(tmp_path / "keys.json")


def test_subkeys_differ_per_purpose_and_are_stable() -> None:
    from vfeedback.crypto import CryptoError, subkey

    data_key = bytes(range(32))
    store, database = subkey(data_key, "store"), subkey(data_key, "database")
    assert len(store) == len(database) == 32
    assert store != database != data_key
    assert subkey(data_key, "store") == store
    assert subkey(bytes(32), "store") != store
    with pytest.raises(CryptoError):
        subkey(b"short", "store")
