"""Coding operations with undo/redo, including after reopening the database."""

from __future__ import annotations

import pytest

from annotation.editing import AnnotationEditor, ChangeNotice
from vfeedback.app import open_app
from vfeedback.errors import InputError


def _state(editor: AnnotationEditor) -> list[tuple]:
    return [(a.id, a.uid, a.code_key, a.start_ms, a.end_ms, a.subject, a.valence, a.comment,
             a.caption, a.modifiers, a.value) for a in editor.annotations()]


def test_every_operation_undoes_and_redoes_across_a_reload(app, recording_id, vipp):
    editor = AnnotationEditor(app.db, recording_id)
    notices: list[ChangeNotice] = []
    editor.subscribe(notices.append)
    states = [_state(editor)]
    a = editor.add(vipp["speaking_for_child"], 1000, 3000, valence="strength",
                   caption="Titta, mamma! Jag är så glad", comment="fin stund")
    states.append(_state(editor))
    p = editor.add(vipp["child_signal"], 1500, valence="work_on")
    states.append(_state(editor))
    editor.update(a, start_ms=800, comment="åäö ändrad", modifiers=["eye contact"])
    states.append(_state(editor))
    first, second = editor.split(a, 2000)
    assert first == a
    states.append(_state(editor))
    merged = editor.merge(second, first)
    assert merged == a
    states.append(_state(editor))
    editor.delete(p)
    states.append(_state(editor))
    assert notices[-1].removed == {p} and notices[0].added == {a}
    assert editor.undo_text == "Delete annotation"

    # Reopen the database: the same state and the same undo stack.
    app.db.dispose()
    reopened = open_app(app.config.home)
    try:
        fresh = AnnotationEditor(reopened.db, recording_id)
        assert _state(fresh) == states[-1]
        for expected in reversed(states[:-1]):
            assert fresh.undo()
            assert _state(fresh) == expected  # same ids and uids come back
        assert not fresh.can_undo and not fresh.undo()
        for expected in states[1:]:
            assert fresh.redo()
            assert _state(fresh) == expected
        assert not fresh.can_redo
        # A new edit after an undo drops the redo tail.
        fresh.undo()
        fresh.add(vipp["empathy"], 100, 200)
        assert not fresh.can_redo
    finally:
        reopened.close()


def test_bad_edits_are_refused_and_leave_nothing(app, recording_id, vipp):
    editor = AnnotationEditor(app.db, recording_id)
    with pytest.raises(InputError, match="point code"):
        editor.add(vipp["child_signal"], 100, 200)
    with pytest.raises(InputError, match="interval"):
        editor.add(vipp["empathy"], 500, 400)
    with pytest.raises(InputError, match="beyond the end"):
        editor.add(vipp["empathy"], 500, 60_000)
    with pytest.raises(InputError, match="Valence"):
        editor.add(vipp["empathy"], 100, 200, valence="great")
    a = editor.add(vipp["empathy"], 100, 200)
    with pytest.raises(InputError, match="split"):
        editor.split(a, 300)
    with pytest.raises(InputError, match="start time"):
        editor.update(a, start_ms=-5)
    assert len(editor.annotations()) == 1 and editor.undo_text == "Add Empathy for the child"


def test_rating_needs_a_value_in_its_scale(app, recording_id):
    from annotation.schemes import get_scheme

    with app.db.session() as session:
        rating = next(c.id for c in get_scheme(session, "sensitivity").codes
                      if c.kind == "rating")
    editor = AnnotationEditor(app.db, recording_id)
    with pytest.raises(InputError, match="1 to 9"):
        editor.add(rating, 0, 4000, value=12)
    ann = editor.add(rating, 0, 4000, value=7)
    assert editor.get(ann).value == 7


def test_undo_refuses_when_another_editor_changed_the_row(app, recording_id, vipp):
    mine = AnnotationEditor(app.db, recording_id)
    theirs = AnnotationEditor(app.db, recording_id)
    a = mine.add(vipp["empathy"], 100, 900)
    mine.update(a, comment="mitt")
    with app.db.session() as session:  # a change that bypassed the journal
        from vfeedback.models import Annotation

        session.get(Annotation, a).comment = "någon annans"
    from vfeedback.db import ConflictError

    with pytest.raises(ConflictError, match="changed by"):
        theirs.undo()
    assert mine.get(a).comment == "någon annans" and mine.can_undo
