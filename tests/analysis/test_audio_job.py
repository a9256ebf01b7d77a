"""The analysis job listens too: the ``audio`` section of ``analyse --json``, the voice moments
among the suggestions, the stored listening result, progress, cancel, and a silent file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from analysis import available
from vfeedback import library
from vfeedback.cli import cli
from vfeedback.errors import Cancelled
from vfeedback.media.probe import probe
from vfeedback.media.tools import run_ffmpeg
from vfeedback.models import Derivative, Suggestion
from vfeedback.progress import CancelToken

pytestmark = [pytest.mark.analysis,
              pytest.mark.skipif(not available()[0], reason="mediapipe is not installed")]

# A parent talking to a baby (the dyad clips' README): about 8 s.
CLIP = "3dC3SQ.joke1.rep1.take1.TearingPaper.mp4"
AUDIO_KINDS = {"conversation", "parent_answers_child", "child_answers_parent",
               "parent_leaves_room", "child_laugh", "child_cry"}


@pytest.fixture(scope="module")
def dyad(dyads: Path) -> Path:
    return dyads / CLIP


@pytest.fixture(scope="module")
def silent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three seconds of a test picture with no sound track at all."""
    out = tmp_path_factory.mktemp("silent") / "silent.mp4"
    run_ffmpeg(["-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=3",
                "-c:v", "libx264", "-preset", "ultrafast", "-an", str(out)])
    return out


def _analyse_json(app, target: str, out: Path):  # noqa: ANN001, ANN202
    runner = CliRunner()
    result = runner.invoke(cli, ["--home", str(app.config.home), "analyse", target,
                                 "--workers", "1", "--json", str(out)])
    assert result.exit_code == 0, result.output
    return result.output, json.loads(out.read_text())


def test_json_has_the_audio_contract_on_a_dyad_clip(app, dyad: Path, tmp_path: Path) -> None:  # noqa: ANN001
    output, doc = _analyse_json(app, str(dyad), tmp_path / "out.json")
    audio = doc["audio"]
    duration = probe(dyad).duration_s
    assert set(audio) == {"segments", "turns"}
    assert audio["segments"], "the parent talks in this clip"
    for seg in audio["segments"]:
        assert set(seg) == {"who", "kind", "start", "end", "confidence"}
        assert seg["who"] in ("adult", "child", "unknown")
        assert seg["kind"] in ("speech", "vocal", "laugh", "cry")
        assert 0 <= seg["start"] < seg["end"] <= duration + 0.05 and 0 <= seg["confidence"] <= 1
    assert any(s["who"] == "adult" for s in audio["segments"])
    for turn in audio["turns"]:
        assert set(turn) == {"from", "to", "at"} and turn["from"] != turn["to"]
    assert "adult_pauses_per_min" in doc["visit_summary"]
    assert {"adult_voice", "child_voice", "conversation"} <= {c["name"] for c in doc["cues"]}
    assert "Voices:" in output
    # The voice moments are listed with the visual ones, best first, with plain reasons.
    scores = [m["score"] for m in doc["suggestions"]]
    assert scores == sorted(scores, reverse=True)
    assert all(m["reason"] for m in doc["suggestions"])


def test_a_file_without_sound_says_so_and_completes(app, silent: Path, tmp_path: Path) -> None:  # noqa: ANN001
    output, doc = _analyse_json(app, str(silent), tmp_path / "silent.json")
    assert doc["audio"] == {"segments": [], "turns": []}
    assert any("no sound track" in n for n in doc["notes"])
    assert "no sound track" in output
    assert doc["frames"] > 0


def test_recording_keeps_its_listening_result_and_voice_suggestions(app, dyad: Path) -> None:  # noqa: ANN001
    from analysis.audio.store import load_audio
    from analysis.job import analyse_recording
    from services import analysis as analysis_service

    with app.db.session() as session:
        case = library.create_case(session, "A-1")
        visit = library.get_or_create_visit(session, case, 1)
        rid = library.import_recording(session, app.store, dyad, visit).id
    seen: list[tuple[float, str]] = []
    result = analyse_recording(app, rid, workers=1,
                               progress=lambda f, what: seen.append((f, what)))
    fractions = [f for f, _w in seen]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert any(w == "Listening" and f > 0.98 for f, w in seen)
    with app.db.session() as session:
        names = {r.name for r in session.scalars(select(Derivative).where(
            Derivative.recording_id == rid, Derivative.kind == "analysis"))}
        kinds = {s.kind for s in session.scalars(select(Suggestion).where(
            Suggestion.recording_id == rid))}
    assert names == {"landmarks", "audio"}
    assert kinds & AUDIO_KINDS == {m.kind for m in result.audio.moments}
    stored = load_audio(app, rid)
    assert stored is not None and stored.has_audio
    assert [s.to_json() for s in stored.segments] == [s.to_json() for s in
                                                       result.audio.segments]
    assert stored.summary == result.audio.summary
    assert len(stored.envelope.low) == len(result.audio.envelope.low) > 0
    envelope, blocks, _notes = analysis_service.sound_lanes(app, None, rid)
    assert envelope is not None and len(blocks) == len(stored.segments)
    assert {b.row for b in blocks} <= {"adult", "child", "unknown"}


def test_cancel_while_listening_stops_the_job(app, dyad: Path) -> None:  # noqa: ANN001
    from analysis.job import analyse_video

    token = CancelToken()

    def progress(_fraction: float, what: str) -> None:
        if what == "Listening":
            token.cancel()

    with pytest.raises(Cancelled):
        analyse_video(dyad, workers=1, progress=progress, cancel=token)


def test_the_sound_is_read_while_the_pictures_are_analysed(dyad: Path, monkeypatch) -> None:  # noqa: ANN001
    """The sound track is decoded in a thread during the pictures (ready when they are
    done), and a job cancelled half-way leaves neither that thread nor its ffmpeg running."""
    import threading
    import time

    import psutil

    from analysis.audio import listen
    from analysis.job import analyse_video

    events: list[str] = []
    real = listen.read_audio

    def read_audio(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        samples = real(*args, **kwargs)
        events.append("sound read")
        return samples

    monkeypatch.setattr(listen, "read_audio", read_audio)

    def progress(_fraction: float, what: str) -> None:
        if what == "Following people over time" and "pictures done" not in events:
            events.append("pictures done")

    result = analyse_video(dyad, workers=1, progress=progress)
    assert events == ["sound read", "pictures done"]
    assert result.audio is not None and result.audio.has_audio
    assert result.audio.seconds["decode"] > 0

    token = CancelToken()

    def half_way(fraction: float, _what: str) -> None:
        if fraction >= 0.3:
            token.cancel()

    with pytest.raises(Cancelled):
        analyse_video(dyad, workers=1, progress=half_way, cancel=token)
    time.sleep(0.2)
    assert not [t for t in threading.enumerate() if t.name.startswith("read-sound")]
    assert not [p for p in psutil.Process().children(recursive=True)
                if "ffmpeg" in p.name() and p.status() != psutil.STATUS_ZOMBIE]
