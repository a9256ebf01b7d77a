"""The listening analysis on real parents and babies (shared/media/dyads), against the
hand coding in tests/analysis/audio_reference (see its README for how it was made)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


# The mother exclaims at 580-700 Hz (a baby's pitch) in profile while the baby watches, mouth
# still: the reference (audio_reference/6c6MZQ.joke1.rep2..., sure events) is that every sound
# is hers. Whose mouth moves, and moves with the voice, must outweigh the pitch. This clip was
# coded as held out and the rules were adjusted once after seeing it (see the README there).
FACES_CLIP = "6c6MZQ.joke1.rep2.take1.ThatsNotAHat.mp4"


@pytest.fixture(scope="module")
def with_faces(shared_media: Path):  # noqa: ANN201
    """The whole analysis job on the clip (9 s of video: about 10 s here, which is the
    reason this module is slow): the face landmarks are the evidence under test."""
    from analysis import available
    from analysis.job import analyse_video

    if not available()[0]:
        pytest.skip("mediapipe is not installed")
    return analyse_video(shared_media / "dyads" / FACES_CLIP, workers=1)


def _labels_over(segments, start: float, end: float) -> set[str]:
    return {s.who for s in segments if _overlap(s.start, s.end, start, end) >= 0.2}


@pytest.mark.analysis
def test_the_mothers_high_voice_is_hers_when_her_mouth_is_seen(with_faces, shared_media: Path):
    audio = with_faces.audio
    assert audio is not None and audio.used_faces
    sure = [r for r in _reference(FACES_CLIP) if r["sure"]]
    assert [r["who"] for r in sure] == ["adult"] * 4
    # Sound alone calls these two exclamations the child's (their pitch is a baby's)...
    alone = analyse_audio(shared_media / "dyads" / FACES_CLIP)
    for start, end in ((0.05, 0.95), (6.1, 6.9)):
        assert _labels_over(alone.segments, start, end) == {"child"}
        # ...with the faces they are the mother's.
        assert _labels_over(audio.segments, start, end) == {"adult"}, (
            start, [s.to_json() for s in audio.segments])
    # Her speech counts in the visit summary.
    assert audio.summary["adult_utterances_per_min"] > 0


@pytest.mark.analysis
@pytest.mark.xfail(strict=True, reason="known failure: the two loudest exclamations (1.05-2.05 "
                   "and 3.0-4.6, 700-800 Hz) are still called the child's; the face mesh barely "
                   "sees the mother's lips in profile while the baby's face jitters")
def test_every_exclamation_of_the_mother_is_hers(with_faces):
    for r in _reference(FACES_CLIP):
        assert _labels_over(with_faces.audio.segments, r["start"], r["end"]) == {"adult"}, r
