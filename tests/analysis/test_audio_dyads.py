"""The listening analysis on real parents and babies (shared/media/dyads), against the
hand coding in tests/analysis/audio_reference (see its README for how it was made)."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.audio import analyse_audio

REFERENCE = Path(__file__).parent / "audio_reference"


def _reference(clip: str) -> list[dict]:
    return json.loads((REFERENCE / clip.replace(".mp4", ".json")).read_text())["segments"]


def _overlap(a_start, a_end, b_start, b_end) -> float:
    return min(a_end, b_end) - max(a_start, b_start)


def test_the_mothers_speech_is_found(shared_media: Path):
    clip = "6c6MZQ.joke1.rep1.take1.ThatsNotAHat.mp4"
    result = analyse_audio(shared_media / "dyads" / clip)
    speech = [r for r in _reference(clip) if r["sure"] and r["kind"] == "speech"]
    assert len(speech) == 3
    for r in speech:
        assert any(s.who == "adult" and s.kind == "speech"
                   and _overlap(s.start, s.end, r["start"], r["end"]) >= 0.2
                   for s in result.segments), (r, [s.to_json() for s in result.segments])
    # Every vocal event of the clip is heard, wherever it was coded.
    for r in _reference(clip):
        assert any(_overlap(s.start, s.end, r["start"], r["end"]) > 0 for s in result.segments), r
    assert result.summary["adult_utterances_per_min"] > 0


def test_tearing_paper_is_not_a_voice(shared_media: Path):
    clip = "6c6MZQ.joke5.rep1.take1.TearingPaper.mp4"
    assert _reference(clip) == []
    result = analyse_audio(shared_media / "dyads" / clip)
    assert result.has_audio and result.segments == [] and result.taking.turns == []
