"""Comments threaded on a time, an annotation or a plan clip; answers; open threads; a comment
whose annotation was deleted keeps its time and says so."""

from __future__ import annotations

import pytest
from review_helpers import run_cli

from annotation.editing import AnnotationEditor
from services import plan as plan_service
from services import review
from vfeedback.errors import InputError
from vfeedback.models import Recording


def test_threads_answers_and_open_comments(app, recording_id, two_sets):
    tina_ann = two_sets["tina"][1]  # the shifted child signal at 1.8 s
    at_time = review.add_comment(app, "sam", recording_id, "Look at her face here",
                                 at_ms=2500).value
    on_ann = review.add_comment(app, "sam", recording_id, "Onset is 0.8 s late",
                                annotation_id=tina_ann).value
    answer = review.add_comment(app, "tina", recording_id, "I waited for the sound",
                                parent_id=on_ann).value
    listed = review.comments(app, None, recording_id)
    assert [(c.id, c.depth, c.at_ms, c.author) for c in listed] == [
        (on_ann, 0, 1800, "sam"), (answer, 1, 1800, "tina"), (at_time, 0, 2500, "sam")]
    review.resolve(app, "sam", on_ann)
    assert [c.id for c in review.comments(app, None, recording_id, unresolved_only=True)] \
        == [at_time]

    # The annotation goes; its comment stays at its time and says so.
    AnnotationEditor(app.db, recording_id, actor="tina").delete(tina_ann)
    kept = {c.id: c for c in review.comments(app, None, recording_id)}
    assert kept[on_ann].annotation_deleted and kept[on_ann].at_ms == 1800
    assert kept[on_ann].annotation_id is None and not kept[at_time].annotation_deleted
    out = run_cli(app, "review", "comments", "--recording", str(recording_id))
    assert "annotation deleted" in out.output and "0:01.800" in out.output


def test_comment_on_a_plan_clip(app, recording_id, two_sets):
    with app.db.session() as s:
        visit_id = s.get(Recording, recording_id).visit_id
    clip_id = plan_service.add_moments(app, None, visit_id, two_sets["sam"][:1]).value[0]
    cid = review.add_comment(app, "sam", recording_id, "Good choice", clip_id=clip_id).value
    row = review.comments(app, None, recording_id)[0]
    assert (row.id, row.clip_id, row.at_ms) == (cid, clip_id, 0)


def test_cli_comment_and_bad_input(app, recording_id, two_sets):
    ok = run_cli(app, "review", "comment", "--recording", str(recording_id), "--at", "3.5",
                 "Missed child signal")
    assert ok.exit_code == 0, ok.output
    assert review.comments(app, None, recording_id)[0].at_ms == 3500
    for args, message in [(["--at", "-1"], "--at must be"), (["--at", "nan"], "--at must be"),
                          ([], "Give one of")]:
        bad = run_cli(app, "review", "comment", "--recording", str(recording_id), *args, "x")
        assert bad.exit_code == 1 and message in bad.output, bad.output
    nowhere = run_cli(app, "review", "comment", "--recording", "999", "--at", "1", "x")
    assert nowhere.exit_code == 1 and "There is no recording 999" in nowhere.output
    with pytest.raises(InputError, match="needs some text"):
        review.add_comment(app, None, recording_id, "   ", at_ms=0)
    assert len(review.comments(app, None, recording_id)) == 1  # nothing else was kept
