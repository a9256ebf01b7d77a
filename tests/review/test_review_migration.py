"""Migration 0009: existing annotations get their coder from the undo journal, else "local";
new ones belong to whoever writes them; undo and redo keep an annotation's coder."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select, text

from annotation.editing import AnnotationEditor
from vfeedback.db import Database, alembic_config
from vfeedback.models import Annotation


def _coders(db: Database) -> dict[int, str]:
    with db.session() as s:
        return dict(s.execute(select(Annotation.id, Annotation.coder)).all())


def test_upgrade_fills_coders_from_the_journal(app, recording_id, vipp):
    tina = AnnotationEditor(app.db, recording_id, actor="tina")
    one = tina.add(vipp["empathy"], 0, 1000)
    ivan = AnnotationEditor(app.db, recording_id, actor="ivan")
    imported = ivan.add_many(lambda s: [dict(code_id=vipp["exploration"], start_ms=t,
                                             end_ms=t + 500) for t in (100, 2000)], "Import")
    orphan = tina.add(vipp["attachment"], 3000, 3500)
    with app.db.engine.begin() as conn:  # its journal entry is gone (trimmed long ago)
        conn.execute(text("DELETE FROM annotation_journal WHERE seq = (SELECT max(seq) FROM "
                          "annotation_journal)"))
    assert _coders(app.db) == {one: "tina", imported[0]: "ivan", imported[1]: "ivan",
                               orphan: "tina"}
    url = app.db.url
    app.db.dispose()
    old = Database(url)
    with old.engine.begin() as conn:  # back to before supervision: no coder column
        cfg = alembic_config(old.engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    with old.engine.connect() as conn:
        assert "coder" not in {c["name"] for c in inspect(conn).get_columns("annotation")}
    old.dispose()
    new = Database(url)
    new.upgrade()
    assert _coders(new) == {one: "tina", imported[0]: "ivan", imported[1]: "ivan",
                            orphan: "local"}
    new.dispose()


def test_undo_and_redo_keep_the_coder(app, recording_id, vipp):
    tina = AnnotationEditor(app.db, recording_id, actor="tina")
    ann = tina.add(vipp["empathy"], 0, 1000)
    first, second = tina.split(ann, 500)
    assert _coders(app.db) == {first: "tina", second: "tina"}
    tina.delete(second)
    tina.undo()  # the deleted half comes back as tina's
    assert _coders(app.db)[second] == "tina"
    sam = AnnotationEditor(app.db, recording_id, actor="sam")
    added = sam.add_many(lambda s: [dict(code_id=vipp["exploration"], start_ms=10,
                                         end_ms=20)], "Import")
    sam.undo()
    sam.redo()
    assert _coders(app.db)[added[0]] == "sam"
