"""A protected home's backup stays sealed: `vfeedback backup` copies the SQLCipher database,
the keyring and the encrypted media as they are, and `vfeedback restore` makes a new home that
the same password opens, with the same cases and media. No family data is readable in the
backup; a damaged file is found before anything is restored."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

pytestmark = pytest.mark.sqlite_only(reason="a protected laptop home is a SQLCipher file")


def _filled(home: Path, video: Path):  # noqa: ANN202
    from services import annotations, catalogue
    from vfeedback import security
    from vfeedback.app import open_app

    app = open_app(home, identity=security.login(home, "ada", "admin-secret-1"))
    rec = catalogue.import_into(app, None, "FAM-SECRET", 1, video, create_case=True).value
    code_id = annotations.schemes(app, None)[0].codes[0].id
    annotations.add(app, None, rec, code_id, 1000, 3000, caption="Secret caption words")
    return app, rec


def _cli(home: Path, *args: str, password: str = "admin-secret-1") -> subprocess.CompletedProcess:
    env = dict(os.environ, VFEEDBACK_USER="ada", VFEEDBACK_PASSWORD=password)
    return subprocess.run([sys.executable, "-m", "vfeedback", "--home", str(home), *args],
                          capture_output=True, text=True, env=env, timeout=300)


def test_sealed_backup_and_restore_of_a_protected_home(protected_home: Path, tmp_path: Path,
                                                        indexed_video: Path) -> None:
    from services import annotations, catalogue
    from vfeedback import security
    from vfeedback.app import open_app
    from vfeedback.models import AuditEvent

    app, rec = _filled(protected_home, indexed_video)
    try:
        out = tmp_path / "backup"
        done = _cli(protected_home, "backup", "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert "1 media files" in done.stdout
        with app.db.session() as session:  # the app stayed open meanwhile
            event = session.scalar(select(AuditEvent).where(AuditEvent.action == "home.backup"))
            assert event is not None and event.actor == "ada" and event.detail["objects"] == 1
    finally:
        app.close()

    # Nothing readable: no SQLite header, no MP4 box, no case code in any file of the backup.
    files = [p for p in out.rglob("*") if p.is_file()]
    names = sorted(p.name for p in files if p.parent == out)
    assert names == ["database.sqlcipher", "keyring.json", "manifest.json"]
    for path in files:
        data = path.read_bytes()
        assert b"FAM-SECRET" not in data and b"Secret caption" not in data and b"SQLite format 3" not in data[:16], path
        assert b"ftyp" not in data[:64], path
    assert "store_dir" not in (out / "manifest.json").read_text()

    # Restored into a new home: the same password opens the same case and the same media.
    new_home = tmp_path / "restored"
    restored = _cli(new_home, "restore", str(out))
    assert restored.returncode == 0, restored.stderr
    assert "1 cases" in restored.stdout and "log in" in restored.stdout
    assert security.is_protected(new_home)
    again = open_app(new_home, identity=security.login(new_home, "ada", "admin-secret-1"))
    try:
        cases = catalogue.list_cases(again, None)
        assert [c.code for c in cases] == ["FAM-SECRET"]
        recording = catalogue.get_recording(again, None, rec)
        assert [a.caption for a in annotations.annotations(again, None, rec)] == [
            "Secret caption words"]
        with again.db.session() as session:  # made after the snapshot: not in the backup
            assert session.scalar(select(AuditEvent).where(
                AuditEvent.action == "home.backup")) is None
        with again.store.open(recording.store_key) as fh:
            content = hashlib.sha256(fh.read()).hexdigest()
        assert content == recording.store_key == hashlib.sha256(
            indexed_video.read_bytes()).hexdigest()
    finally:
        again.close()

    # A restore never writes into a home that has something in it.
    refused = _cli(new_home, "restore", str(out))
    assert refused.returncode == 1 and "not empty" in refused.stderr


def test_a_damaged_sealed_backup_restores_nothing(protected_home: Path, tmp_path: Path,
                                                  indexed_video: Path) -> None:
    from vfeedback.errors import InputError
    from vfeedback.server.backup import backup, read_manifest, restore
    from vfeedback.server.backup_sealed import restore_sealed

    app, _rec = _filled(protected_home, indexed_video)
    try:
        out = tmp_path / "backup"
        summary = backup(app, out)
        assert summary.objects == 1
        with pytest.raises(InputError, match="sealed backup"):
            restore(app, out)  # the plain restore says what to do instead
    finally:
        app.close()
    manifest = read_manifest(out)
    objects = [p for p in (out / "objects").rglob("*") if p.is_file()]
    assert len(objects) == 1
    data = bytearray(objects[0].read_bytes())
    data[len(data) // 2] ^= 0x01
    objects[0].write_bytes(bytes(data))
    target = tmp_path / "restored"
    with pytest.raises(InputError, match="damaged"):
        restore_sealed(target, out, manifest)
    assert not target.exists() and not target.with_name("restored.partial").exists()
