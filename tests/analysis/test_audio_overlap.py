"""Two voices at once (issue 19: "overlap is allowed and reported"), on sound made here."""

from __future__ import annotations

import numpy as np
import pytest
from test_audio_parts import speech, track, voice

from analysis.audio import analyse_samples
from analysis.audio.features import compute_features
from analysis.audio.overlap import second_pitch, two_voices
from analysis.audio.vad import detect_activity


def _overlaps(result):
    return [s for s in result.segments if s.overlap]


@pytest.mark.parametrize(("adult_hz", "child_hz", "level", "start", "seconds"), [
    (200.0, 330.0, 0.2, 1.5, 1.5),  # the child as loud as the parent
    (220.0, 380.0, 0.1, 2.0, 1.0),  # a quieter child
])
def test_a_child_heard_under_the_parents_speech_is_reported(adult_hz, child_hz, level, start,
                                                            seconds):
    samples = track([(0.5, speech(adult_hz, 3.5)),
                     (start, voice(child_hz, seconds, level=level))], 6.0)
    result = analyse_samples(samples)
    main = [s for s in result.segments if not s.overlap]
    assert [s.who for s in main] == ["adult"], [s.to_json() for s in result.segments]
    under = _overlaps(result)
    assert [s.who for s in under] == ["child"] * len(under) and under, \
        [s.to_json() for s in result.segments]
    end = start + seconds
    covered = sum(max(0.0, min(s.end, end) - max(s.start, start)) for s in under)
    assert covered >= 0.8 * seconds, [s.to_json() for s in under]
    assert all(s.start >= start - 0.3 and s.end <= end + 0.3 for s in under)
    # Reported in the JSON contract as segments that overlap in time, less surely named.
    doc = result.to_json()["segments"]
    assert any(a["who"] == "adult" and b["who"] == "child" and b["start"] < a["end"]
               and b["end"] > a["start"] for a in doc for b in doc)
    assert all(s.confidence < main[0].confidence for s in under)
    # A voice under another's is not an answer to it.
    assert result.taking.turns == []
    assert result.summary["overlap_s"] == pytest.approx(sum(s.duration for s in under),
                                                        abs=0.01)
    rows = {b.row for b in result.voice_lane() if b.start < start + 0.5 < b.end}
    assert rows == {"adult", "child"}


@pytest.mark.parametrize("parts", [
    [(0.5, speech(200.0, 3.5))],
    [(0.5, voice(330.0, 3.0))],
    [(0.5, speech(200.0, 1.5)), (2.4, voice(330.0, 1.0)), (3.9, speech(210.0, 1.5, seed=3))],
], ids=["adult alone", "child alone", "taking turns"])
def test_one_voice_at_a_time_is_never_reported_as_two(parts):
    result = analyse_samples(track(parts, 6.0))
    assert result.segments and not _overlaps(result), [s.to_json() for s in result.segments]
    assert result.summary["overlap_s"] == 0


def test_the_second_pitch_is_the_other_voices():
    samples = track([(0.5, speech(200.0, 3.5)), (1.5, voice(330.0, 1.5))], 6.0)
    feats = compute_features(samples)
    activity = detect_activity(samples, feats)
    f2 = second_pitch(samples, feats, activity)
    inside = (feats.times > 1.7) & (feats.times < 2.8)
    assert np.mean(~np.isnan(f2[inside])) > 0.3
    outside = (feats.times < 1.3) | (feats.times > 3.2)
    assert np.mean(~np.isnan(f2[outside])) < 0.05
    assert len(two_voices(feats, f2)) >= 1


def test_no_sound_and_silence_give_no_overlap():
    silent = np.zeros(16000 * 2, np.int16)
    result = analyse_samples(silent)
    assert result.segments == [] and result.summary["overlap_s"] == 0


def test_the_stored_result_keeps_which_voices_were_heard_under_anothers():
    import json

    from analysis.audio.store import _from_meta, _meta

    result = analyse_samples(track([(0.5, speech(200.0, 3.5)), (1.5, voice(330.0, 1.5))], 6.0))
    meta = json.loads(json.dumps(_meta(result)))
    back = _from_meta(meta, np.zeros(0, np.float32), np.zeros(0, np.float32))
    assert [s.overlap for s in back.segments] == [s.overlap for s in result.segments]
    assert any(s.overlap for s in back.segments)
    del meta["overlap"]  # a file written before overlap was heard
    older = _from_meta(meta, np.zeros(0, np.float32), np.zeros(0, np.float32))
    assert not any(s.overlap for s in older.segments)


def test_a_very_short_sound_is_listened_to_without_error():
    # Shorter than the overlap pass's window: nothing to look at, and no error.
    result = analyse_samples(track([(0.01, voice(300.0, 0.05, level=0.5))], 0.07))
    assert result.summary["overlap_s"] == 0
