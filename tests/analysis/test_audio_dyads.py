"""The listening analysis on real parents and babies (shared/media/dyads), against the
hand coding in tests/analysis/audio_reference (see its README for how it was made)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analysis.audio import analyse_audio
from analysis.audio.speakers import VoiceSegment

REFERENCE = Path(__file__).parent / "audio_reference"


def _coding(path: Path) -> dict:
    """A reference file with its events moved onto the video's clock: they were coded on the
    sound's own (its first sample), which starts ``sound_offset_s`` after the first picture."""
    doc = json.loads(path.read_text())
    shift = doc.get("sound_offset_s", 0.0)
    doc["segments"] = [{**r, "start": r["start"] + shift, "end": r["end"] + shift}
                       for r in doc["segments"]]
    return doc


def _reference(clip: str) -> list[dict]:
    return _coding(REFERENCE / clip.replace(".mp4", ".json"))["segments"]


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
# is hers. The rules before December 2026 called the first and the last the child's from
# their pitch; they are hers because they talk (consonants) and sound like the recording's
# usual voice. This clip was in held-out-1, which the December rules were chosen on.
FACES_CLIP = "6c6MZQ.joke1.rep2.take1.ThatsNotAHat.mp4"


def _labels_over(segments, start: float, end: float) -> set[str]:
    return {s.who for s in segments if _overlap(s.start, s.end, start, end) >= 0.2}


def test_the_mothers_high_exclamations_are_hers_from_the_sound(shared_media: Path):
    sure = [r for r in _reference(FACES_CLIP) if r["sure"]]
    assert [r["who"] for r in sure] == ["adult"] * 4
    alone = analyse_audio(shared_media / "dyads" / FACES_CLIP)
    for r in sure:
        assert _labels_over(alone.segments, r["start"], r["end"]) == {"adult"}, (
            r, [s.to_json() for s in alone.segments])
    assert alone.summary["adult_utterances_per_min"] > 0


@pytest.fixture(scope="module")
def with_faces(shared_media: Path):  # noqa: ANN201
    """The whole analysis job on the clip (9 s of video: about 10 s here, which is the
    reason this module is slow): the face landmarks are the evidence under test."""
    from analysis import available
    from analysis.job import analyse_video

    if not available()[0]:
        pytest.skip("mediapipe is not installed")
    return analyse_video(shared_media / "dyads" / FACES_CLIP, workers=1)


@pytest.mark.analysis
def test_the_faces_do_not_give_the_mothers_voice_to_the_baby(with_faces):
    # Before December 2026 the faces weighed most, and the baby's jittering face took two of
    # these exclamations; now they only tip what the sound leaves undecided.
    audio = with_faces.audio
    assert audio is not None and audio.used_faces
    labels = [_labels_over(audio.segments, r["start"], r["end"])
              for r in _reference(FACES_CLIP) if r["sure"]]
    assert all(found <= {"adult", "unknown"} for found in labels), labels
    assert sum(found == {"adult"} for found in labels) >= 3, labels
    assert audio.summary["adult_utterances_per_min"] > 0


def _matches(found, ref) -> tuple[int, int]:
    """(found segments with the right speaker, reference events found with it): overlap by
    half the shorter or 0.3 s, as benchmarks/eval_audio.py counts."""
    def hit(f, r) -> bool:
        return (f.who == r["who"] and _overlap(f.start, f.end, r["start"], r["end"])
                >= min(0.3, 0.5 * min(f.end - f.start, r["end"] - r["start"])))
    return (sum(any(hit(f, r) for r in ref) for f in found),
            sum(any(hit(f, r) for f in found) for r in ref))


def test_who_vocalises_holds_on_clips_the_rules_were_not_first_made_on(shared_media: Path):
    """The 13 clips of held-out-1 and -2 (sound alone, every coded event; about 5 s here).
    Right-speaker precision / recall here: 0.24 / 0.36 with the rules before December 2026,
    0.46 / 0.53 with the December rules v4 (which were chosen on these clips, among others),
    0.57 / 0.65 with rules v5 (0.53 / 0.68 since the sound is timed on the picture's clock)."""
    right_found = n_found = right_ref = n_ref = 0
    for path in sorted(REFERENCE.glob("*.json")):
        doc = _coding(path)
        if doc["set"] not in ("held-out-1", "held-out-2"):
            continue
        result = analyse_audio(shared_media / "dyads" / doc["clip"])
        rf, rr = _matches(result.segments, doc["segments"])
        right_found, n_found = right_found + rf, n_found + len(result.segments)
        right_ref, n_ref = right_ref + rr, n_ref + len(doc["segments"])
    assert n_ref == 74
    assert right_found / n_found >= 0.42 and right_ref / n_ref >= 0.45, (
        right_found, n_found, right_ref, n_ref)


def _right_speaker(found, doc) -> tuple[int, int, int, int]:
    rf, rr = _matches(found, doc["segments"])
    return rf, len(found), rr, len(doc["segments"])


def test_naming_the_child_beats_calling_every_voice_the_adults(shared_media: Path):
    """The 5 clips of held-out-3 (coded before rules v4 ran on them; sound alone, every coded
    event; about 3 s here). Calling every found voice the adult's, on the same segments, is
    right for 0.61 of them and finds 0.75 of the events with the right speaker; rules v4
    (an ``unknown`` band, never right) did worse, 0.57 / 0.64; rules v5 (the child above a
    threshold of evidence, else the adult) 0.70 / 0.81 (0.68 / 0.81 on the picture's clock,
    against 0.59 / 0.75)."""
    ours = adult = [0, 0, 0, 0]
    for path in sorted(REFERENCE.glob("*.json")):
        doc = _coding(path)
        if doc["set"] != "held-out-3":
            continue
        # Voices heard under another's (overlap segments) are left out: this is about how
        # each stretch of sound is named.
        found = [s for s in analyse_audio(shared_media / "dyads" / doc["clip"]).segments
                 if not s.overlap]
        everyone_adult = [VoiceSegment("adult", "speech", f.start, f.end, 1.0) for f in found]
        ours = [a + b for a, b in zip(ours, _right_speaker(found, doc), strict=True)]
        adult = [a + b for a, b in zip(adult, _right_speaker(everyone_adult, doc), strict=True)]
    assert adult[3] == 36 and ours[1] == adult[1] > 0
    precision, recall = ours[0] / ours[1], ours[2] / ours[3]
    assert precision >= adult[0] / adult[1] + 0.05, (ours, adult)
    assert recall >= adult[2] / adult[3], (ours, adult)


def test_laughing_children_are_not_said_to_cry(shared_media: Path):
    """The dyads are joke games: the coder found 45 laughs and no cry in the 28 coded clips.
    Before the cry rule asked for a surely named child and long wails, 4 stretches were
    called cries and suggested as "The child cries: how does the parent respond?": two of them
    the toddler laughing at the joke, one the mother's high exclamation, one both (about 14 s
    for the 30 clips here)."""
    clips = sorted((shared_media / "dyads").glob("*.mp4"))
    assert len(clips) >= 30
    for clip in clips:
        if clip.stem.endswith("_h265"):
            continue  # the same sound as its H.264 twin
        result = analyse_audio(clip)
        cries = [s.to_json() for s in result.segments if s.kind == "cry"]
        assert not cries, (clip.name, cries)
        assert not [m for m in result.moments if m.kind == "child_cry"], clip.name


def test_what_listening_tools_heard_the_parent_say_is_found_as_the_adults(shared_media: Path):
    """On four clips, OpenAI Whisper and pyannote (run by InfantLab) heard the parent talk:
    audio_reference/listeners/videoannotator.json. The time inside a Whisper segment that
    pyannote also heard as voice (8.8 s) is found as the adult's voice for 0.87 of it (sound
    alone; benchmarks/eval_listeners.py has the rest). The face-read reference coding gives it
    to the adult for only 0.68 (0.19 to the child)."""
    doc = json.loads((REFERENCE / "listeners" / "videoannotator.json").read_text())
    talk_frames = adult_frames = 0
    for clip, heard in doc["clips"].items():
        result = analyse_audio(shared_media / "dyads" / clip)
        # On the video's clock, as the coding of the same clip (see _coding).
        shift = _coding(REFERENCE / clip.replace(".mp4", ".json"))["sound_offset_s"]
        t = np.arange(0.0, result.duration_s, 0.01)

        def within(spans, shift=0.0, t=t):
            return np.any([(t >= a + shift) & (t < b + shift) for a, b, *_ in spans], axis=0)

        talk = within(heard["whisper"], shift) & within(heard["pyannote"], shift)
        adult = within([(s.start, s.end) for s in result.segments if s.who == "adult"])
        talk_frames += int(talk.sum())
        adult_frames += int((talk & adult).sum())
    assert 8.0 <= talk_frames * 0.01 <= 9.5
    assert adult_frames / talk_frames >= 0.8, (adult_frames, talk_frames)
