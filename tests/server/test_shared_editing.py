"""Two clinicians on one recording: optimistic locking, per-person undo, live refresh.

Runs on SQLite and on PostgreSQL (``VFEEDBACK_TEST_DATABASE``); the two-process tests use
real processes on the same database.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from annotation.editing import AnnotationEditor
from vfeedback.app import open_app
from vfeedback.db import ConflictError, Database
from vfeedback.models import Annotation, Case

HHMM = r"\d\d:\d\d"


def two_editors(app, recording_id):  # noqa: ANN001, ANN201
    anna = AnnotationEditor(app.db, recording_id, actor="Anna")
    bea = AnnotationEditor(Database(app.db.url, actor="Bea"), recording_id, actor="Bea")
    return anna, bea


def test_stale_update_names_who_changed_it_and_keeps_their_work(app, recording_id, vipp):
    anna, bea = two_editors(app, recording_id)
    a = anna.add(vipp["empathy"], 100, 900, comment="first")
    assert [v.id for v in bea.annotations()] == [a]  # Bea sees it at version 1
    anna.update(a, comment="Anna's")
    with pytest.raises(ConflictError, match=f"changed by Anna at {HHMM} — reload or keep yours"):
        bea.update(a, comment="Bea's")
    with app.db.session() as s:
        assert s.get(Annotation, a).comment == "Anna's"  # nothing overwritten
    # "Keep yours": Bea repeats her edit on purpose.
    bea.update(a, comment="Bea's", force=True)
    view = AnnotationEditor(app.db, recording_id, actor="Cleo").get(a)
    assert (view.comment, view.changed_by, view.version) == ("Bea's", "Bea", 3)
    # "Reload": after looking again, Anna's next edit goes through.
    with pytest.raises(ConflictError, match="changed by Bea"):
        anna.update(a, comment="again")
    anna.annotations()
    anna.update(a, comment="again")
    assert bea.get(a).comment == "again"


def test_delete_of_a_changed_or_deleted_row_is_refused(app, recording_id, vipp):
    anna, bea = two_editors(app, recording_id)
    a = anna.add(vipp["empathy"], 100, 900)
    b = anna.add(vipp["empathy"], 1000, 1900)
    bea.annotations()
    anna.update(a, caption="changed")
    with pytest.raises(ConflictError, match="changed by Anna"):
        bea.delete(a)
    anna.delete(b)
    with pytest.raises(ConflictError, match="deleted by someone else"):
        bea.update(b, comment="too late")
    assert {v.id for v in anna.annotations()} == {a}


def test_an_edit_after_a_refresh_hid_the_deleted_row_still_says_deleted(app, recording_id,
                                                                       vipp):
    """Anna's window showed a moment; Bea deletes it; a refresh (live, or any view reloading)
    drops it from Anna's list before her edit, queued or typed a moment earlier, is saved.
    That edit is still "deleted by someone else" (Reload), not "no such annotation"."""
    from vfeedback.errors import InputError

    anna, bea = two_editors(app, recording_id)
    a = bea.add(vipp["empathy"], 100, 900)
    assert [v.id for v in anna.annotations()] == [a]
    bea.delete(a)
    assert anna.poll() is not None and anna.annotations() == []  # the refresh: gone
    with pytest.raises(ConflictError, match="deleted by someone else"):
        anna.update(a, comment="too late")
    # An id never shown is bad input, and one Anna deleted herself is not someone else's.
    with pytest.raises(InputError):
        anna.update(a + 1000, comment="?")
    b = anna.add(vipp["empathy"], 1000, 1900)
    anna.delete(b)
    with pytest.raises(InputError):
        anna.update(b, comment="mine, gone")


def test_each_person_undoes_their_own_edits(app, recording_id, vipp):
    anna, bea = two_editors(app, recording_id)
    a = anna.add(vipp["empathy"], 100, 900)
    b = bea.add(vipp["child_signal"], 2000)
    assert anna.undo_text.startswith("Add") and anna.undo()
    ids = {v.id for v in bea.annotations()}
    assert ids == {b}  # Anna's undo took back Anna's add, not Bea's newer one
    assert anna.redo() and {v.id for v in bea.annotations()} == {a, b}


def test_undo_refuses_when_someone_else_changed_the_row_even_back(app, recording_id, vipp):
    anna, bea = two_editors(app, recording_id)
    a = anna.add(vipp["empathy"], 100, 900, comment="mine")
    anna.update(a, comment="mine, better")
    bea.annotations()
    bea.update(a, comment="hers")
    bea.update(a, comment="mine, better")  # the same content again: still not Anna's row
    with pytest.raises(ConflictError, match=f'Cannot undo "Change annotation": .*changed by '
                                            f"Bea at {HHMM}"):
        anna.undo()
    assert anna.get(a).comment == "mine, better" and anna.can_undo
    # Bea can undo her own two edits; then the row is Anna's as she left it... by Bea's hand,
    # so Anna's undo is still refused: it never overwrites another person's write.
    assert bea.undo() and bea.undo()
    assert anna.get(a).comment == "mine, better"


def test_orm_race_on_a_case_becomes_a_conflict_naming_the_winner(app):
    with app.db.session(actor="Anna") as s:
        s.add(Case(code="RACE-1"))
    other = Database(app.db.url, actor="Bea")
    try:
        with pytest.raises(ConflictError, match=f"case was changed by Bea at {HHMM}"), \
                app.db.session(actor="Anna") as mine:
            case = mine.query(Case).filter_by(code="RACE-1").one()
            mine.flush()
            with other.session() as theirs:  # Bea saves first
                theirs.query(Case).filter_by(code="RACE-1").one().notes = "Bea's note"
            case.notes = "Anna's note"  # Anna's save of the version she read loses
        with app.db.session() as s:
            case = s.query(Case).filter_by(code="RACE-1").one()
            assert (case.notes, case.version, case.changed_by) == ("Bea's note", 2, "Bea")
    finally:
        other.dispose()


def test_poll_reports_other_peoples_edits_only(app, recording_id, vipp):
    anna, bea = two_editors(app, recording_id)
    keep = anna.add(vipp["empathy"], 100, 900)
    gone = anna.add(vipp["empathy"], 1000, 1500)
    bea.annotations()
    notices = []
    bea.subscribe(notices.append)
    assert bea.poll() is None
    new = anna.add(vipp["child_signal"], 3000)
    anna.update(keep, comment="x")
    anna.delete(gone)
    notice = bea.poll()
    assert notice is not None and notice.action == "refresh"
    assert (notice.added, notice.changed, notice.removed) == ({new}, {keep}, {gone})
    assert notices == [notice] and bea.poll() is None
    bea.add(vipp["empathy"], 4000, 4500)  # her own edit is no news to her
    assert bea.poll() is None
    bea.update(keep, comment="y")  # the refresh made Anna's version "seen": no conflict


WATCHER = r"""
import sys, time
from vfeedback.app import open_app
from annotation.live import annotations_changed_since, wait_for_change
app = open_app(sys.argv[1])
rid = int(sys.argv[2])
marker = annotations_changed_since(app.db, rid, None)
print("ready", marker, flush=True)
rev = wait_for_change(app.db, rid, marker, timeout_s=20)
print("changed", rev, time.time(), flush=True)
"""


def test_a_second_process_sees_an_edit_live(app, recording_id, vipp, tmp_path):
    watcher = subprocess.Popen([sys.executable, "-c", WATCHER, str(app.config.home),
                                str(recording_id)], stdout=subprocess.PIPE, text=True,
                               env={**os.environ})
    try:
        ready = watcher.stdout.readline().split()
        assert ready[0] == "ready"
        time.sleep(0.3)
        editor = AnnotationEditor(app.db, recording_id, actor="Anna")
        editor.add(vipp["empathy"], 100, 900)
        saved_at = time.time()
        line = watcher.stdout.readline().split()
        assert line[0] == "changed" and int(line[1]) == editor.last_rev > int(ready[1])
        # PostgreSQL wakes on NOTIFY (without it: not before LISTEN_CHECK_S = 10 s); SQLite
        # polls every 0.5 s. Generous bounds: the test machine may be busy.
        assert float(line[2]) - saved_at < (3.0 if app.db.dialect == "postgresql" else 4.0)
    finally:
        watcher.kill()
        watcher.wait()


def test_cli_undo_conflict_is_one_error_line(app, recording_id, vipp):
    env = {**os.environ, "VFEEDBACK_HOME": str(app.config.home)}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "vfeedback", *args], capture_output=True,
                              text=True, env=env, timeout=120)

    added = cli("annotations", "add", "--recording", str(recording_id), "--code", "empathy",
                "--start", "1", "--end", "2")
    assert added.returncode == 0, added.stderr
    ann_id = int(re.findall(r"\d+", added.stdout)[-1])
    bea = AnnotationEditor(Database(app.db.url, actor="Bea"), recording_id, actor="Bea")
    bea.update(ann_id, comment="Bea was here")
    result = cli("annotations", "undo", "--recording", str(recording_id))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.fullmatch(f'Error: Cannot undo "Add [^"]+": This annotation was changed by Bea '
                        f"at {HHMM} — reload or keep yours\n", result.stderr)
    with app.db.session() as s:
        assert s.get(Annotation, ann_id).comment == "Bea was here"


def test_reopened_home_keeps_versions(app, recording_id, vipp):
    editor = AnnotationEditor(app.db, recording_id, actor="Anna")
    a = editor.add(vipp["empathy"], 100, 900)
    editor.update(a, comment="1")
    app.db.dispose()
    again = open_app(app.config.home)
    try:
        view = AnnotationEditor(again.db, recording_id).get(a)
        assert (view.version, view.changed_by) == (2, "Anna")
    finally:
        again.close()
