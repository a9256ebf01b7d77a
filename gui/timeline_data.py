"""What the timeline shows, read from the layers below (no widgets; callable from workers).

Annotations come from the annotation engine's ``AnnotationEditor`` (the one on
``GuiState.editor`` when it belongs to the recording, so edits share its undo stack);
suggestions from the ``Suggestion`` rows; cue tracks from the analysis results when the
analysis layer provides them. Each source is optional: a missing layer means an empty row.
"""

from __future__ import annotations

import math
import sys

from sqlalchemy import select

from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.models import Code, Suggestion

from .timeline_model import CueTrack, SuggestionBand


def editor_for(app, state, recording_id: int):  # noqa: ANN001, ANN201
    editor = getattr(state, "editor", None)
    if editor is not None and editor.recording_id == recording_id:
        return editor
    try:
        from annotation.editing import AnnotationEditor
    except ImportError:
        return None
    return AnnotationEditor(app.db, recording_id)


def annotations(app, state, recording_id: int) -> list:  # noqa: ANN001
    editor = editor_for(app, state, recording_id)
    return editor.annotations() if editor is not None else []


def suggestions(app, recording_id: int) -> list[SuggestionBand]:  # noqa: ANN001
    with app.db.session() as session:
        rows = session.scalars(select(Suggestion).where(Suggestion.recording_id == recording_id)
                               .order_by(Suggestion.start_ms))
        return [SuggestionBand(s.id, s.start_ms, s.end_ms, s.kind, s.status) for s in rows]


def codes(app) -> list[tuple[int, str]]:  # noqa: ANN001
    """(id, "scheme: code") of every code, for choosing what an accepted suggestion becomes."""
    with app.db.session() as session:
        rows = session.scalars(select(Code).order_by(Code.scheme_id, Code.position))
        return [(c.id, f"{c.scheme.title or c.scheme.name}: {c.name}") for c in rows]


def decide_suggestion(app, editor, suggestion_id: int, status: str,  # noqa: ANN001
                      code_id: int | None = None) -> int | None:
    """Accept (into an annotation with ``code_id``, made by the recording's ``editor`` so that
    Ctrl+Z takes it back) or dismiss a suggestion; returns the new annotation's id."""
    from analysis import suggest

    if status != "accepted":
        with app.db.session() as session:
            suggest.dismiss_suggestion(session, suggestion_id)
        return None
    if code_id is None:
        raise InputError(_("Choose a code for the accepted moment"))
    return suggest.accept_suggestion(editor, suggestion_id, code_id)


def _scaled(values) -> list[float]:  # noqa: ANN001
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not finite:
        return [math.nan] * len(values)
    lo, hi = min(finite), max(finite)
    span = (hi - lo) or 1.0
    return [(float(v) - lo) / span if v is not None and math.isfinite(float(v)) else math.nan
            for v in values]


def cue_tracks(app, recording_id: int) -> list[CueTrack]:  # noqa: ANN001
    """Cue plots (distance, gaze, mutual gaze…) if the analysis layer has results for it."""
    try:
        from analysis.cues import compute_cues
        from analysis.results import load_results
    except ImportError:
        return []
    try:
        result = load_results(app, recording_id)
        if result is None or result.n_frames == 0:
            return []
        return [CueTrack(track.name.replace("_", " "), [float(t) * 1000 for t in track.times],
                         _scaled(list(track.values))) for track in compute_cues(result)]
    except Exception as exc:  # noqa: BLE001 - a cue problem must not stop the timeline
        print(f"cue tracks unavailable: {exc}", file=sys.stderr)
        return []
