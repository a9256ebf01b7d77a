"""Backup, restore, `server init|check`, and importing a laptop's home onto a server.

Every test runs on the suite's backend (SQLite, or PostgreSQL with VFEEDBACK_TEST_DATABASE);
the home-to-server tests use a SQLite home as the source whatever the backend.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotation.editing import AnnotationEditor
from vfeedback.app import open_app

ON_POSTGRES = os.environ.get("VFEEDBACK_TEST_DATABASE", "").startswith("postgresql")


def cli(home: Path, *args: str, url: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run vfeedback on HOME; ``url``: its database (None: the suite's, or the home's SQLite)."""
    env = {**os.environ, "VFEEDBACK_HOME": str(home)}
    env.pop("DISPLAY", None)
    if url is not None:
        env["VFEEDBACK_DATABASE_URL"] = url
    return subprocess.run([sys.executable, "-m", "vfeedback", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def fill(app, video: Path, case_code: str = "FAM-7") -> dict[str, object]:  # noqa: ANN001
    """A case with a visit, a recording, annotations of two coders and a feedback plan."""
    from annotation.schemes import ensure_builtin_schemes, get_scheme
    from sessions.plan import add_clip_from_annotation, get_or_create_plan
    from vfeedback import library

    with app.db.session() as s:
        ensure_builtin_schemes(s)
        case = library.create_case(s, case_code, "pseudonymous")
        visit = library.get_or_create_visit(s, case, 1, theme="exploration")
        rec_id = library.import_recording(s, app.store, video, visit).id
        visit_id = visit.id
        codes = {c.key: c.id for c in get_scheme(s, "vipp-sd").codes}
    anna = AnnotationEditor(app.db, rec_id, actor="Anna")
    a = anna.add(codes["empathy"], 500, 1500, valence="strength", caption="Mamma, titta!")
    anna.add(codes["child_signal"], 2500, comment="å ä ö")
    anna.update(a, comment="fin stund")
    AnnotationEditor(app.db, rec_id, actor="Bea").add(codes["empathy"], 3000, 4000)
    with app.db.session() as s:
        plan = get_or_create_plan(s, visit_id)
        add_clip_from_annotation(s, plan, a)
    return {"recording": rec_id, "visit": visit_id}


def listing(home: Path, rec_id: int, url: str | None = None) -> tuple[str, str, str, int]:
    rec = cli(home, "recording", "list", url=url)
    ann = cli(home, "annotations", "list", "--recording", str(rec_id), url=url)
    ver = cli(home, "verify", url=url)
    assert rec.returncode == ann.returncode == 0, rec.stderr + ann.stderr
    return rec.stdout, ann.stdout, ver.stdout + ver.stderr, ver.returncode


def rows(app) -> dict[str, list[tuple]]:  # noqa: ANN001
    """Everything a clinician made, by natural keys (not ids)."""
    from vfeedback.models import Annotation, Case, Clip, Recording

    with app.db.session() as s:
        return {
            "cases": sorted((c.code, c.notes) for c in s.query(Case)),
            "recordings": sorted((r.store_key, r.visit.case.code, r.visit.number,
                                  r.duration_ms) for r in s.query(Recording)),
            "annotations": sorted((a.uid, a.recording.store_key, a.code.key, a.start_ms,
                                   a.end_ms, a.comment, a.caption, a.valence, a.changed_by,
                                   a.version) for a in s.query(Annotation)),
            "clips": sorted((c.plan.visit.case.code, c.position, c.start_ms, c.end_ms,
                             c.caption, c.annotation.uid if c.annotation else None)
                            for c in s.query(Clip)),
        }


def test_backup_restored_into_an_empty_server_reads_the_same(app, indexed_video, tmp_path,
                                                             new_database_url):
    rec_id = fill(app, indexed_video)["recording"]
    home = app.config.home
    before = listing(home, rec_id)
    assert "FAM-7" in before[0] and before[1].count("\n") == 3 and before[3] == 0
    made = cli(home, "backup", "--out", str(tmp_path / "bk"))
    assert made.returncode == 0, made.stderr
    assert "2 media files" not in made.stdout and "1 media files" in made.stdout
    assert not (tmp_path / "bk.partial").exists()

    # An empty server: a new database (SQLite: the new home's own) and a new store.
    empty = tmp_path / "restored-home"
    url = new_database_url() if ON_POSTGRES else None
    restored = cli(empty, "restore", str(tmp_path / "bk"), url=url)
    assert restored.returncode == 0, restored.stderr
    assert "Restored 1 cases, 1 recordings, 3 annotations" in restored.stdout
    assert listing(empty, rec_id, url=url) == before
    # Restoring again onto the now full server is refused with one line; nothing changes.
    again = cli(empty, "restore", str(tmp_path / "bk"), url=url)
    assert again.returncode == 1 and again.stderr.startswith("Error: ")
    assert "already holds 1 cases" in again.stderr and "Traceback" not in again.stderr
    assert listing(empty, rec_id, url=url) == before


def test_restore_refuses_a_damaged_backup_and_writes_nothing(app, indexed_video, tmp_path,
                                                             new_database_url):
    fill(app, indexed_video)
    assert cli(app.config.home, "backup", "--out", str(tmp_path / "bk")).returncode == 0
    obj = next((tmp_path / "bk" / "objects").rglob("*/*"))
    os.chmod(obj, 0o644)
    data = bytearray(obj.read_bytes())
    data[len(data) // 2] ^= 0xFF
    obj.write_bytes(bytes(data))
    url = new_database_url(migrated=True) if ON_POSTGRES else None
    target = tmp_path / "target"
    result = cli(target, "restore", str(tmp_path / "bk"), url=url)
    assert result.returncode == 1 and "damaged; nothing was restored" in result.stderr
    assert cli(target, "recording", "list", url=url).stdout == ""
    assert not any((target / "store" / "objects").rglob("*/*"))


def test_backup_into_a_non_empty_folder_is_refused(app, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("mine", encoding="utf-8")
    result = cli(app.config.home, "backup", "--out", str(tmp_path / "full"))
    assert result.returncode == 1 and "is not an empty folder" in result.stderr
    assert (tmp_path / "full" / "x.txt").read_text(encoding="utf-8") == "mine"


def test_a_laptop_home_imported_onto_the_server_keeps_everything(app, indexed_video, tmp_path):
    from vfeedback.media.synth import make_video

    other_video = tmp_path / "other.mp4"
    make_video(other_video, duration_s=5, fps=25, width=160, height=90, keyint=25)
    # The laptop: a SQLite home, whatever the suite's backend.
    laptop_home = tmp_path / "laptop"
    saved = os.environ.pop("VFEEDBACK_DATABASE_URL", None)
    try:
        laptop = open_app(laptop_home)
        fill(laptop, indexed_video, "HOME-1")
        expected = rows(laptop)
        laptop.close()
    finally:
        if saved is not None:
            os.environ["VFEEDBACK_DATABASE_URL"] = saved
    # The server already holds another clinician's case (ids overlap with the laptop's).
    fill(app, other_video, "CLINIC-1")
    server_before = rows(app)
    result = cli(app.config.home, "server", "import-home", str(laptop_home))
    assert result.returncode == 0, result.stderr
    assert "Imported 1 cases, 1 recordings, 3 annotations, 1 plans" in result.stdout
    after = rows(app)
    for kind in expected:
        assert sorted(set(after[kind]) - set(server_before[kind])) == expected[kind], kind
        assert len(after[kind]) == len(server_before[kind]) + len(expected[kind])
    verified = cli(app.config.home, "verify")
    assert verified.returncode == 0 and "All 2 recordings are intact" in verified.stdout
    # The same home again: refused, one line, nothing duplicated.
    again = cli(app.config.home, "server", "import-home", str(laptop_home))
    assert again.returncode == 1 and "already has the case(s) HOME-1" in again.stderr
    assert rows(app) == after


def test_server_init_and_check(tmp_path, new_database_url):
    url = new_database_url()  # empty: no schema yet
    home = tmp_path / "admin-home"
    first = cli(home, "server", "init", "--url", url, "--admin", "boss", "--store",
                str(tmp_path / "share" / "store"), url="")
    assert first.returncode == 0, first.stderr
    assert "Created administrator boss" in first.stdout
    again = cli(home, "server", "init", "--url", url, "--admin", "boss", url="")
    assert again.returncode == 0 and "was there already" in again.stdout
    check = cli(home, "server", "check", url="")
    assert check.returncode == 0, check.stdout + check.stderr
    out = check.stdout
    assert "ok  schema" in out and "ok  administrators: 1 of 1 users" in out
    assert "ok  media store: " + str(tmp_path / "share" / "store") in out
    if ON_POSTGRES:
        assert "ok  database: PostgreSQL" in out and "ok  connections:" in out
    else:
        assert "ok  database: SQLite" in out


@pytest.mark.postgres_only(reason="a server that stops answering")
def test_server_gone_is_one_clear_line(tmp_path):
    result = cli(tmp_path / "h", "server", "check",
                 url="postgresql+psycopg://nurse:pw@127.0.0.1:1/vf")
    assert result.returncode == 1 and result.stderr.startswith("Error: ")
    assert "cannot be reached" in result.stderr and "pw@" not in result.stderr
