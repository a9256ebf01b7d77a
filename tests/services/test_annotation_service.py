"""Annotation services on a real database: one editor per recording, the queue keeps order,
and Undo after a move or a suggestion decision restores everything, the suggestion's status
included."""

from __future__ import annotations

import pytest

from services import annotations, catalogue, suggestions
from services.changes import Subject
from vfeedback.errors import InputError
from vfeedback.models import Suggestion


@pytest.fixture
def recording(app, indexed_video):  # noqa: ANN001, ANN201
    case_id = catalogue.create_case(app, None, "FAM-SVC").value
    visit = catalogue.list_cases(app, None)[0].visits[0]
    assert catalogue.list_cases(app, None)[0].id == case_id
    [rid] = catalogue.import_files(app, None, visit.id, [indexed_video],
                                   make_proxies=False).value
    return rid


def _interval_code(app) -> int:  # noqa: ANN001
    return next(c.id for s in annotations.schemes(app, None) for c in s.codes
                if c.kind == "interval")


def _suggestion(app, rid: int) -> int:  # noqa: ANN001
    with app.db.session() as session:
        row = Suggestion(recording_id=rid, kind="mutual_gaze", start_ms=1000, end_ms=2500,
                         score=0.8, reason="mutual gaze")
        session.add(row)
        session.flush()
        return row.id


def test_one_editor_per_recording(app, recording) -> None:  # noqa: ANN001
    assert annotations.editor(app, recording) is annotations.editor(app, recording)
    with pytest.raises(InputError):
        annotations.editor(app, 9999)


def test_undo_after_a_move_restores_the_times(app, recording) -> None:  # noqa: ANN001
    code = _interval_code(app)
    added = annotations.add(app, None, recording, code, 1000, 2000)
    assert added.changes.touches(Subject.ANNOTATIONS) and added.changes.recording_id == recording
    moved = annotations.move(app, None, recording, added.value, 3000, 4200)
    assert moved.changes.subjects == {Subject.ANNOTATIONS}
    assert (annotations.get(app, None, recording, added.value).start_ms, ) == (3000,)
    assert annotations.undo(app, None, recording).value is True
    view = annotations.get(app, None, recording, added.value)
    assert (view.start_ms, view.end_ms) == (1000, 2000)
    annotations.redo(app, None, recording)
    view = annotations.get(app, None, recording, added.value)
    assert (view.start_ms, view.end_ms) == (3000, 4200)


def _status(app, sid: int) -> tuple[str, int | None]:  # noqa: ANN001
    [row] = [s for s in suggestions.list_suggestions(app, None, _rid_of(app, sid))
             if s.id == sid]
    return row.status, row.annotation_id


def _rid_of(app, sid: int) -> int:  # noqa: ANN001
    with app.db.session() as session:
        return session.get(Suggestion, sid).recording_id


def test_undo_accept_reopens_the_suggestion_and_redo_accepts_again(app, recording) -> None:  # noqa: ANN001
    sid = _suggestion(app, recording)
    code = _interval_code(app)
    done = suggestions.decide(app, None, sid, "accepted", code)
    assert done.changes.subjects == {Subject.ANNOTATIONS, Subject.SUGGESTIONS}
    assert _status(app, sid) == ("accepted", done.value)
    view = annotations.get(app, None, recording, done.value)
    assert (view.start_ms, view.end_ms, view.comment) == (1000, 2500, "mutual gaze")
    assert annotations.undo_texts(app, None, recording)[0] == "Accept suggestion"

    undone = annotations.undo(app, None, recording)
    assert undone.changes.touches(Subject.SUGGESTIONS)
    assert _status(app, sid) == ("open", None)
    assert annotations.annotations(app, None, recording) == []

    annotations.redo(app, None, recording)
    assert _status(app, sid) == ("accepted", done.value)
    assert [a.id for a in annotations.annotations(app, None, recording)] == [done.value]


def test_undo_dismiss_reopens_and_a_decided_elsewhere_suggestion_refuses(app, recording) -> None:  # noqa: ANN001
    sid = _suggestion(app, recording)
    suggestions.decide(app, None, sid, "dismissed")
    assert _status(app, sid) == ("dismissed", None)
    annotations.undo(app, None, recording)
    assert _status(app, sid) == ("open", None)
    annotations.redo(app, None, recording)
    assert _status(app, sid) == ("dismissed", None)
    annotations.undo(app, None, recording)
    with app.db.session() as session:  # someone decides it outside the journal
        session.get(Suggestion, sid).status = "accepted"
    with pytest.raises(InputError, match="decided elsewhere"):
        annotations.redo(app, None, recording)
    assert _status(app, sid) == ("accepted", None)


def test_the_queue_runs_edits_in_order(app, recording) -> None:  # noqa: ANN001
    code = _interval_code(app)
    first = annotations.add(app, None, recording, code, 100, 200).value
    futures = [annotations.QUEUE.submit(
        lambda s=start: annotations.move(app, None, recording, first, s, s + 100))
        for start in range(1000, 1500, 50)]
    for future in futures:
        future.result(timeout=30)
    assert annotations.get(app, None, recording, first).start_ms == 1450
    for _ in futures:
        annotations.undo(app, None, recording)
    assert annotations.get(app, None, recording, first).start_ms == 100
