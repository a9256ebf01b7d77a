"""The ORM model on a real SQLite database: relations, constraints, cascades."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from vfeedback import library
from vfeedback.models import Annotation, Case, Code, CodingScheme, Recording


def _recording(session, visit) -> Recording:
    rec = Recording(visit=visit, store_key="a" * 64, size_bytes=10, duration_ms=5000, fps=25)
    session.add(rec)
    session.flush()
    return rec


def _code(session) -> Code:
    scheme = CodingScheme(name="t", version=1)
    code = Code(scheme=scheme, key="sens", name="Sensitive response", kind="interval")
    session.add(code)
    session.flush()
    return code


def test_case_visit_recording_annotation_roundtrip(app):
    with app.db.session() as s:
        case = library.create_case(s, "FAM-07")
        visit = library.get_or_create_visit(s, case, 1, theme="vipp.exploration_attachment")
        rec = _recording(s, visit)
        code = _code(s)
        s.add(Annotation(recording=rec, code=code, start_ms=1000, end_ms=2500, subject="parent",
                         valence="strength", caption="Mamma, titta på mig!"))
    with app.db.session() as s:
        case = s.scalar(select(Case).where(Case.code == "FAM-07"))
        ann = case.visits[0].recordings[0].annotations[0]
        assert (ann.start_ms, ann.end_ms, ann.caption) == (1000, 2500, "Mamma, titta på mig!")
        assert ann.uid and len(ann.uid) == 32
        assert not ann.is_point


def test_annotation_end_before_start_is_refused(app):
    with pytest.raises(IntegrityError), app.db.session() as s:
        case = library.create_case(s, "A")
        rec = _recording(s, library.get_or_create_visit(s, case, 1))
        s.add(Annotation(recording=rec, code=_code(s), start_ms=2000, end_ms=1000))
        s.flush()


def test_deleting_a_recording_removes_its_annotations(app):
    with app.db.session() as s:
        case = library.create_case(s, "B")
        rec = _recording(s, library.get_or_create_visit(s, case, 1))
        s.add(Annotation(recording=rec, code=_code(s), start_ms=0))
    with app.db.session() as s:
        s.delete(s.scalar(select(Recording)))
    with app.db.session() as s:
        assert s.scalars(select(Annotation)).all() == []


def test_foreign_keys_are_enforced(app):
    with pytest.raises(IntegrityError), app.db.session() as s:
        s.add(Annotation(recording_id=999, code_id=999, start_ms=0))
        s.flush()


@pytest.mark.parametrize("bad", ["", "has space", "x" * 65, "semi;colon"])
def test_case_codes_are_pseudonymous_tokens(app, bad):
    with pytest.raises(library.InputError), app.db.session() as s:
        library.create_case(s, bad)


def test_duplicate_case_code_is_a_clear_error(app):
    with app.db.session() as s:
        library.create_case(s, "C")
    with pytest.raises(library.InputError, match="already a case C"), app.db.session() as s:
        library.create_case(s, "C")
