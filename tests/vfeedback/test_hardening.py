"""Hardening of the core: verify's blind spots, damaged media refused, private file modes,
identifying tags stripped from what is written for others, clear errors on a bad store or a full
disk. Real files, real ffmpeg, real SQLite; the CLI through click's runner."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vfeedback import library
from vfeedback.app import open_app
from vfeedback.cli import cli
from vfeedback.errors import DatabaseError, StoreError
from vfeedback.models import Derivative


def vf(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
    return result.exit_code, result.output


def _import(home: Path, video: Path) -> int:
    app = open_app(home)
    try:
        with app.db.session() as session:
            case = library.create_case(session, "F")
            visit = library.get_or_create_visit(session, case, 1)
            return library.import_recording(session, app.store, video, visit).id
    finally:
        app.close()


def _damage(path: Path) -> None:
    os.chmod(path, 0o600)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _object(home: Path, key: str) -> Path:
    return home / "store" / "objects" / key[:2] / key


def test_verify_reports_orphans_and_damaged_derivatives_and_damage_is_refused(
        tmp_path, indexed_video):
    home = tmp_path / "home"
    rec_id = _import(home, indexed_video)
    app = open_app(home)
    with app.db.session() as session:
        key = library.recording_by_id(session, rec_id).store_key
        with app.store.writer(".npz") as w:
            w.path.write_bytes(os.urandom(50_000))
        session.add(Derivative(recording_id=rec_id, kind="analysis", name="x",
                               store_key=w.key))
    orphan_src = tmp_path / "orphan.bin"
    orphan_src.write_bytes(os.urandom(20_000))
    orphan = app.store.add_file(orphan_src).key  # as a kill before the commit leaves it
    app.close()
    code, out = vf(home, "verify")
    assert code == 1 and f"Orphan file {orphan[:12]}" in out
    assert "Derived file" not in out and "Recording 1" not in out
    _damage(_object(home, w.key))
    _damage(_object(home, key))
    code, out = vf(home, "verify")
    assert code == 1
    assert "Derived file analysis x of recording 1: checksum mismatch" in out
    assert "Recording 1 (indexed.mp4): checksum mismatch" in out
    # Later commands know: export and reel refuse it, unless explicitly allowed.
    code, out = vf(home, "recording", "export", "1", str(tmp_path / "out.mp4"))
    assert code == 1 and "Error: " in out and "damaged" in out
    assert not (tmp_path / "out.mp4").exists()
    from sessions.reel import ReelClip, build_reel

    app = open_app(home)
    try:
        with pytest.raises(StoreError, match="damaged"):
            build_reel([ReelClip(key, 1.0, 2.0)], tmp_path / "reel.mp4", store=app.store,
                       titles=False)
    finally:
        app.close()
    code, out = vf(home, "--allow-damaged", "recording", "export", "1", "--exact",
                   str(tmp_path / "out.mp4"))
    assert code == 0 and (tmp_path / "out.mp4").exists()


@pytest.mark.sqlite_only(reason="the laptop's database file (a server's database is no file)")
@pytest.mark.parametrize("how", ["zero-byte", "missing"])
def test_lost_database_with_a_full_store_is_refused_not_recreated(tmp_path, indexed_video, how):
    home = tmp_path / "home"
    _import(home, indexed_video)
    db = home / "vfeedback.db"
    for extra in (home / "vfeedback.db-wal", home / "vfeedback.db-shm"):
        with contextlib.suppress(FileNotFoundError):
            extra.unlink()
    if how == "zero-byte":
        db.write_bytes(b"")
    else:
        db.unlink()
    with pytest.raises(DatabaseError, match="Restore the database from a backup"):
        open_app(home)
    assert (db.stat().st_size == 0) if how == "zero-byte" else not db.exists()
    code, out = vf(home, "verify")
    assert code == 1 and out.startswith("Error: ") and "Traceback" not in out


def test_home_database_store_and_exports_are_private(tmp_path, indexed_video):
    home = tmp_path / "home"
    rec_id = _import(home, indexed_video)

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(home) == 0o700
    if not os.environ.get("VFEEDBACK_DATABASE_URL"):  # a laptop's SQLite file, not a server
        assert mode(home / "vfeedback.db") == 0o600
    assert mode(home / "store") == 0o700
    objects = [p for p in (home / "store" / "objects").rglob("*") if p.is_file()]
    assert objects and {mode(p) for p in objects} == {0o400}
    # Export (written by ffmpeg, a child process) and a capture folder are private too.
    out = tmp_path / "exported.mp4"
    assert vf(home, "recording", "export", str(rec_id), str(out))[0] == 0
    assert mode(out) == 0o600
    from sessions.capture.journal import new_working_folder

    app = open_app(home)
    try:
        folder = new_working_folder(app)
        (folder / "stream.mkv").write_bytes(b"x")
        assert mode(folder) == 0o700 and mode(folder / "stream.mkv") == 0o600
    finally:
        app.close()


TAGS = {"location": "+59.3293+018.0686/",
        "com.apple.quicktime.location.ISO6709": "+59.3293+018.0686+012.000/",
        "title": "Familjen Svensson", "comment": "hemma hos", "com.apple.quicktime.make": "Apple",
        "com.apple.quicktime.model": "iPhone 13"}


def _tags(path: Path) -> str:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags:stream_tags",
                          "-of", "json", str(path)], capture_output=True, text=True, check=True)
    return json.dumps(json.loads(out.stdout))


def _assert_clean(path: Path) -> None:
    tags = _tags(path)
    # "Lavc libx264" (the reel's own encoder, no version) may stay; nothing of the source may.
    for needle in ("59.3293", "Svensson", "hemma", "iPhone", "Apple", "Core Media", "Lavf5",
                   "Lavc5"):
        assert needle not in tags, (needle, tags)
    raw = path.read_bytes()
    for needle in (b"59.3293", b"Svensson", b"iPhone", b"Core Media"):
        assert needle not in raw, needle


def test_identifying_tags_are_stripped_from_exports_and_reels(tmp_path):
    tagged = tmp_path / "phone.mov"
    meta = [arg for k, v in TAGS.items() for arg in ("-metadata", f"{k}={v}")]
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine", "-t", "4",
                    "-c:v", "libx264", "-g", "25", "-c:a", "aac", "-shortest", *meta,
                    "-metadata:s:v", "handler_name=Core Media Video",
                    "-metadata:s:a", "handler_name=Core Media Audio",
                    "-movflags", "use_metadata_tags", str(tagged)], check=True)
    assert "59.3293" in _tags(tagged) and "Core Media" in _tags(tagged)
    home = tmp_path / "home"
    rec_id = _import(home, tagged)
    exported = tmp_path / "export.mp4"
    assert vf(home, "recording", "export", str(rec_id), str(exported))[0] == 0
    _assert_clean(exported)
    exact = tmp_path / "exact.mov"
    assert vf(home, "recording", "export", "--exact", str(rec_id), str(exact))[0] == 0
    assert exact.read_bytes() == tagged.read_bytes()  # the stored original keeps everything
    clips = tmp_path / "clips.csv"
    clips.write_text("start,end,caption\n1,2,Bra\n", encoding="utf-8")
    for extra, kind in ((["--no-burn"], "stream copy"), ([], "encoded")):
        reel = tmp_path / f"reel-{kind[:4]}.mp4"
        code, out = vf(home, "reel", "build", "--video", str(tagged), "--clips", str(clips),
                       "--out", str(reel), "--no-titles", "--height", "0", *extra)
        assert code == 0 and kind in out, out
        _assert_clean(reel)


def test_store_path_that_is_a_file_is_one_clear_error(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "store").write_text("not a folder")
    result = subprocess.run([sys.executable, "-m", "vfeedback", "--home", str(home), "case",
                             "list"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "is a file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 1 MiB tmpfs (needs root and mount); skipped where it cannot be made."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (not root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_export_to_a_full_disk_is_a_clear_error_and_leaves_nothing(tmp_path, small_disk):
    video = tmp_path / "big.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=1280x720:rate=25", "-t", "3", "-c:v", "libx264", "-qp", "0",
                    "-preset", "ultrafast", str(video)], check=True)
    assert video.stat().st_size > 2 * 2**20
    home = tmp_path / "home"
    rec_id = _import(home, video)
    for extra in ([], ["--exact"]):
        result = subprocess.run(
            [sys.executable, "-m", "vfeedback", "--home", str(home), "recording", "export",
             *extra, str(rec_id), str(small_disk / "out.mp4")],
            capture_output=True, text=True, timeout=120)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith("Error: ") and "disk is full" in result.stderr
        assert list(small_disk.iterdir()) == []
