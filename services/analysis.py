"""The optional analysis: run it for a recording, read its stored results and cue tracks.

The analysis layer needs mediapipe; without it :func:`available` is False and the readers
return nothing, so the shell simply shows empty rows.
"""

from __future__ import annotations

from typing import Any

from vfeedback.progress import CancelToken, ProgressFn

from .access import Actor, check
from .changes import Changes, Outcome, Subject

App = Any  # vfeedback.app.App
ANALYSED = {Subject.DERIVATIVES, Subject.SUGGESTIONS, Subject.ANALYSIS}


def results(app: App, actor: Actor, recording_id: int) -> Any:
    """The recording's stored ``analysis.results.AnalysisResult``, or None."""
    check(actor, "recordings.read", app, recording=recording_id)
    try:
        from analysis.results import load_results
    except ImportError:
        return None
    return load_results(app, recording_id)


def cue_tracks(app: App, actor: Actor, recording_id: int) -> list[Any]:
    """The recording's cue tracks (``analysis.cues.CueTrack``), empty when not analysed."""
    result = results(app, actor, recording_id)
    if result is None or result.n_frames == 0:
        return []
    from analysis.cues import compute_cues

    return list(compute_cues(result))


def audio(app: App, actor: Actor, recording_id: int) -> Any:
    """The recording's stored listening result (``analysis.audio.listen.AudioResult``), or
    None when it has not been analysed (or was analysed before the analysis listened)."""
    check(actor, "recordings.read", app, recording=recording_id)
    try:
        from analysis.audio.store import load_audio
    except ImportError:
        return None
    return load_audio(app, recording_id)


def sound_lanes(app: App, actor: Actor, recording_id: int) -> tuple[Any, list[Any], list[str]]:
    """What the timeline's sound lanes show: (waveform envelope or None, voice-lane blocks
    (``analysis.audio.lanes.LaneBlock``), notes such as "no sound track")."""
    result = audio(app, actor, recording_id)
    if result is None:
        return None, [], []
    return result.envelope, result.voice_lane(), list(result.notes)


def analyse(app: App, actor: Actor, recording_id: int, progress: ProgressFn | None = None,
            cancel: CancelToken | None = None) -> Outcome[Any]:
    """Analyse the recording (landmarks, voices, cues, suggested moments) in the background."""
    from analysis.job import analyse_recording

    check(actor, "recordings.analyse", app, recording=recording_id)
    result = analyse_recording(app, recording_id, progress=progress, cancel=cancel)
    return Outcome(result, Changes(ANALYSED, recording_id))
