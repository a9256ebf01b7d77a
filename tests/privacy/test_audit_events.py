"""What the audit log records through the services: import, view, annotation edits and their
undo, annotation export, reel, consent, deletion; each with ids and counts, never text."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from annotation.schemes import ensure_builtin_schemes, get_scheme
from services import annotations, catalogue, consent, plan, privacy
from sessions.reel import build_plan_reel
from vfeedback import audit
from vfeedback.models import AuditEvent, Recording, Visit

CAPTION = "Pelican caption nobody may read"


def _actions(app) -> list[tuple[str, str, dict]]:
    with app.db.session() as s:
        return [(r.action, r.object_id, r.detail) for r in
                s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]


def test_the_service_events_are_audited_without_text(app, indexed_video, tmp_path):
    from services import assignments

    assignments.add_user_row(app, None, "anna", "clinician")  # she makes the case: it is hers
    with app.db.session() as s:
        ensure_builtin_schemes(s)
        code_id = next(c.id for c in get_scheme(s, "vipp-sd").codes if c.kind == "interval")
    rec_id = catalogue.import_into(app, "anna", "EVT-1", 1, indexed_video,
                                   create_case=True).value
    with catalogue.playable_file(app, "anna", rec_id) as (path, _proxy):
        assert Path(path).exists()
    with app.db.session() as s:
        key = s.get(Recording, rec_id).store_key
    with catalogue.media_file(app, "anna", key) as path:  # the presentation's way in
        assert Path(path).exists()
    ann = annotations.add(app, "anna", rec_id, code_id, 500, 1500, caption=CAPTION).value
    annotations.update_annotation(app, "anna", rec_id, ann, comment=CAPTION + " too")
    assert annotations.undo(app, "anna", rec_id).value
    n = annotations.export_file(app, "anna", rec_id, tmp_path / "events.csv")
    with app.db.session() as s:
        visit_id = s.scalar(select(Visit.id))
    plan.add_clip(app, "anna", visit_id, rec_id, 400, 1600, CAPTION)
    consent.set_consent(app, "anna", "EVT-1", feedback="yes")
    build_plan_reel(app, visit_id, tmp_path / "reel.mp4", height=180)

    rows = _actions(app)
    names = [a for a, _o, _d in rows]
    for expected in ("case.create", "visit.create", "recording.import", "recording.view",
                     "annotation.edit", "annotation.undo", "annotations.export",
                     "consent.set", "reel.build"):
        assert expected in names, expected
    assert names.count("annotation.edit") == 2 and names.count("recording.view") == 2
    view = next(r for r in rows if r[0] == "recording.view")
    assert view[1] == str(rec_id) and view[2] == {"proxy": False}
    assert next(d for a, _o, d in rows if a == "annotations.export") == {
        "recording": rec_id, "events": n}
    assert next(o for a, o, _d in rows if a == "reel.build") == str(visit_id)
    assert CAPTION not in repr(rows) and "EVT-1" not in repr(rows)
    assert indexed_video.name not in repr(rows)
    assert privacy.audit_verify(app, None).ok

    from services import assignments

    assignments.add_user_row(app, None, "admin", "admin")
    privacy.delete_case(app, "admin", "EVT-1")
    last = _actions(app)[-1]
    assert last[0] == "case.delete" and "EVT-1" not in repr(last)
    with app.db.engine.connect() as conn:
        assert audit.verify(conn).ok


@pytest.mark.parametrize("purpose", ["feedback", "research"])
def test_refused_use_writes_nothing(app, purpose):
    catalogue.create_case(app, None, "EVT-2")
    consent.set_consent(app, None, "EVT-2", **{purpose: "no"})
    before = _actions(app)
    with app.db.session() as s:
        case_id = s.scalar(select(Visit.case_id))
    with pytest.raises(consent.ConsentRefused):
        consent.require(app, case_id, purpose)
    assert _actions(app) == before
