"""The media store on a shared folder: several machines (here processes) write at once.

Each writer copies into the store's ``tmp/`` under a unique name, fsyncs and renames into the
object's path (atomic on a local disk and on NFS/SMB shares), so a reader never sees half an
object and two writers of the same content both succeed with one object.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

WRITER = r"""
import sys, time
from vfeedback.store import MediaStore
store = MediaStore(sys.argv[1])
while time.time() < float(sys.argv[2]):
    time.sleep(0.005)
keys = [store.add_file(path).key for path in sys.argv[3:]]
print(" ".join(keys))
"""


def test_many_writers_at_once_store_each_object_once_and_whole(tmp_path):
    import time

    share = tmp_path / "share" / "store"
    same = tmp_path / "same.bin"
    same.write_bytes(os.urandom(3 * 1024 * 1024))  # every writer stores this one
    own = []
    for i in range(8):
        path = tmp_path / f"own-{i}.bin"
        path.write_bytes(os.urandom(512 * 1024) + bytes([i]))
        own.append(path)
    start = time.time() + 3.0
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(share), str(start), str(same),
                               str(own[i])], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for i in range(8)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [err for _, err in results]
    expected_same = hashlib.sha256(same.read_bytes()).hexdigest()
    for (out, _), path in zip(results, own, strict=True):
        key_same, key_own = out.split()
        assert key_same == expected_same
        assert key_own == hashlib.sha256(path.read_bytes()).hexdigest()
    from vfeedback.store import MediaStore

    store = MediaStore(share)
    keys = sorted(store.keys())
    assert len(keys) == 9 and all(store.verify(k) for k in keys)
    assert list((share / "tmp").iterdir()) == []  # no half-written leftovers
    for obj in (share / "objects").rglob("*/*"):
        assert obj.stat().st_mode & 0o222 == 0  # committed objects are read-only
