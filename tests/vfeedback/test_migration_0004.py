"""Migration 0004 (shared editing) on a home with data and an undo history from before it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import MetaData

from annotation.editing import AnnotationEditor
from vfeedback.db import Database

T0 = datetime(2026, 1, 1, 10, 0, 0)


def test_undo_history_from_before_0004_still_undoes_and_rows_get_versions(new_database_url):
    url = new_database_url()
    old = Database(url)
    old.upgrade("0003")
    meta = MetaData()
    with old.engine.begin() as conn:
        meta.reflect(conn)  # the tables as 0003 made them
        t = meta.tables
        conn.execute(t["case"].insert().values(id=1, code="OLD", notes="", archived=False,
                                               created_at=T0))
        conn.execute(t["visit"].insert().values(id=1, case_id=1, number=1, theme="",
                                                notes="", created_at=T0))
        conn.execute(t["recording"].insert().values(
            id=1, visit_id=1, store_key="a" * 64, size_bytes=1, original_name="v.mp4",
            container="mp4", duration_ms=10_000, fps=25.0, width=320, height=240, rotation=0,
            video_codec="h264", audio_codec="aac", imported_at=T0, source="import"))
        conn.execute(t["coding_scheme"].insert().values(
            id=1, name="s", version=1, title="", description="", builtin=False, created_at=T0))
        conn.execute(t["code"].insert().values(
            id=1, scheme_id=1, key="k", name="K", group="", shortcut="", colour="#000000",
            kind="interval", modifiers=[], description="", position=0))
        row = {"id": 1, "uid": "u" * 32, "recording_id": 1, "code_id": 1, "start_ms": 100,
               "end_ms": 900, "subject": None, "valence": None, "modifiers": [],
               "value": None, "comment": "before 0004", "caption": "", "annotator_id": None,
               "source": "manual"}
        conn.execute(t["annotation"].insert().values(**row, created_at=T0, updated_at=T0))
        conn.execute(t["annotation_journal"].insert().values(
            recording_id=1, seq=1, label="Add K", undone=False, created_at=T0,
            changes=[{"id": 1, "before": None,
                      "after": dict(row, created_at=T0.isoformat())}]))
    old.dispose()

    db = Database(url, actor="anna")
    db.upgrade()
    editor = AnnotationEditor(db, 1, actor="anna")
    (view,) = editor.annotations()
    assert (view.version, view.changed_by) == (1, "")  # old rows: version 1, nobody named
    assert editor.undo_text == "Add K" and editor.undo()  # the old entry is anyone's
    assert editor.annotations() == [] and editor.redo()
    (again,) = editor.annotations()
    assert again.comment == "before 0004" and again.changed_by == "anna"
    db.dispose()
