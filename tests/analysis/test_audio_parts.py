"""The listening analysis piece by piece, on sounds made here with known answers."""

from __future__ import annotations

import dataclasses
import json
import subprocess

import numpy as np
import pytest
from click.testing import CliRunner

from analysis.audio import analyse_audio, analyse_samples
from analysis.audio.features import RATE, compute_features
from analysis.audio.lanes import envelope_at
from analysis.audio.mouth import mouth_evidence, mouth_tracks
from analysis.audio.speakers import VoiceSegment
from analysis.audio.turns import find_turns
from analysis.audio.vad import detect_activity
from analysis.backend import FACE_POINTS, N_FACE
from vfeedback.cli import cli
from vfeedback.media.audio import read_audio
from vfeedback.media.probe import probe
from vfeedback.media.tools import ffmpeg_exe


def voice(f0, seconds: float, level: float = 0.2, vibrato: float = 0.03) -> np.ndarray:
    """A harmonic voice-like tone whose pitch wavers (a voice is never a steady beep)."""
    t = np.arange(int(seconds * RATE)) / RATE
    f = f0 * (1 + vibrato * np.sin(2 * np.pi * 4.0 * t))
    phase = 2 * np.pi * np.cumsum(f) / RATE
    wave = sum(np.sin(k * phase) / k for k in range(1, 8))
    ramp = np.minimum(1, np.minimum(t, seconds - t) / 0.03)
    return level * wave * ramp


def speech(f0, seconds: float, level: float = 0.2, consonant_s: float = 0.06,
           syllable_s: float = 0.25, seed: int = 0) -> np.ndarray:
    """An adult's speech as the listening hears it: a voice broken at every syllable by a
    consonant's hiss ("sa-sa-sa"), which a baby's vowel-like coo (:func:`voice`) lacks."""
    out = voice(f0, seconds, level)
    hiss = np.diff(np.random.default_rng(seed).normal(0, 1, len(out) + 1))  # tilted up
    step, width = int(syllable_s * RATE), int(consonant_s * RATE)
    for i in range(step // 2, len(out) - width, step):
        out[i:i + width] = 0.5 * level * hiss[i:i + width]
    return out


def track(parts, length_s: float, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = rng.normal(0, 0.001, int(length_s * RATE))
    for at, sound in parts:
        i = int(at * RATE)
        out[i:i + len(sound)] += sound
    return (np.clip(out, -1, 1) * 32767).astype(np.int16)


def laugh(f0: float = 450.0, bursts: int = 6, rate_hz: float = 5.0) -> np.ndarray:
    period = int(RATE / rate_hz)
    out = np.zeros(period * bursts)
    for b in range(bursts):
        out[b * period:b * period + period // 2] = voice(f0 * (1 - 0.03 * b), 0.5 / rate_hz,
                                                         level=0.3)
    return out


def test_pitch_is_found_from_a_low_adult_voice_to_a_squeal():
    for f0 in (90.0, 210.0, 450.0, 850.0):
        feats = compute_features((voice(f0, 0.5, vibrato=0) * 32767).astype(np.int16))
        assert abs(np.nanmedian(feats.f0) - f0) / f0 < 0.02, f0


def test_noise_and_a_steady_whine_are_not_voices():
    rng = np.random.default_rng(3)
    rustle = rng.normal(0, 0.2, RATE)  # paper tearing: loud, no pitch
    t = np.arange(6 * RATE) / RATE
    whine = 0.01 * np.sin(2 * np.pi * 1030 * t)  # a charger's whine under everything
    samples = track([(1.0, rustle), (0.0, whine), (3.0, 0.3 * np.sin(2 * np.pi * 1030 * t[:RATE]))],
                    6.0)
    feats = compute_features(samples)
    assert detect_activity(samples, feats).regions == []


def test_digital_silence_is_not_the_rooms_noise_floor():
    """Silence padded before a sound that starts late (or a gated microphone's zeros) is not
    the room: the floor, from which "loud" is measured, stays at the room's hiss."""
    room = track([(1.0, speech(200.0, 1.0))], 4.0, seed=5)  # hiss at about -60 dBFS
    room_floor = detect_activity(room, compute_features(room)).floor_db
    padded = np.concatenate([np.zeros(6 * RATE, np.int16), room])  # 60 % of it zeros
    activity = detect_activity(padded, compute_features(padded))
    assert abs(activity.floor_db - room_floor) < 1.0, (activity.floor_db, room_floor)
    assert -70 < room_floor < -55


def test_laugh_cry_and_coo_are_told_apart():
    # The parent talks before and after (in play the parent is the usual voice).
    cry = voice(480.0, 2.6, level=0.6, vibrato=0.05)
    samples = track([(0.5, speech(210.0, 3.5)), (4.5, laugh()), (7.0, cry),
                     (11.0, voice(400.0, 1.0, level=0.05)), (13.0, speech(220.0, 3.0))], 17.0)
    result = analyse_samples(samples)
    got = [(s.who, s.kind, round(s.start, 1)) for s in result.segments]
    assert [g[:2] for g in got] == [("adult", "speech"), ("child", "laugh"), ("child", "cry"),
                                    ("child", "vocal"), ("adult", "speech")], got
    assert any(m.kind == "child_laugh" for m in result.moments)
    assert result.summary["child_laughs"] == 1


def test_an_adult_and_a_child_laugh_alike_but_not_at_one_pitch():
    # A laugh at the parent's own speaking pitch is not called the child's (a laugh has no
    # consonants, so the sound cannot say it is the parent's either: without evidence for the
    # child it is the adult's, rules v5); one an octave above is the child's.
    result = analyse_samples(track([(0.5, speech(200.0, 2.0)), (3.0, laugh(f0=180.0))], 4.5))
    assert [(s.who, s.kind) for s in result.segments] == [("adult", "speech"),
                                                          ("adult", "laugh")]
    result = analyse_samples(track([(0.5, speech(200.0, 2.0)), (3.0, laugh(f0=450.0))], 4.5))
    assert [(s.who, s.kind) for s in result.segments] == [("adult", "speech"),
                                                          ("child", "laugh")]


def seg(who, start, end, kind="speech"):
    return VoiceSegment(who, kind, start, end, 0.9)


def test_turns_runs_and_pauses():
    segments = [seg("adult", 0, 1), seg("child", 1.5, 2, "vocal"), seg("adult", 2.2, 3),
                seg("child", 3.1, 3.5, "vocal"),
                # 6 s later: a new start, not a turn; then the parent pauses for the child.
                seg("adult", 9.5, 10), seg("child", 10.6, 11, "vocal"), seg("adult", 12, 13),
                seg("adult", 20, 21)]
    taking = find_turns(segments)
    assert [(t.source, t.target, t.at) for t in taking.turns] == [
        ("adult", "child", 1.5), ("child", "adult", 2.2), ("adult", "child", 3.1),
        ("adult", "child", 10.6), ("child", "adult", 12)]
    assert len(taking.conversations) == 1 and len(taking.conversations[0].turns) == 3
    assert [(p.start, p.end, p.child_vocalised) for p in taking.pauses] == [
        (1, 2.2, True), (10, 12, True)]
    # Pieces of one unbroken stretch of sound (touching) are one voice moving, not a turn.
    assert find_turns([seg("adult", 0, 1), seg("child", 1, 1.6, "vocal")]).turns == []
    # An unknown voice neither makes nor breaks a turn; the same speaker going on is no turn.
    assert len(find_turns([seg("adult", 0, 1), seg("unknown", 1, 2), seg("adult", 2.1, 3)])
               .turns) == 0


def test_turns_are_made_only_between_surely_named_voices():
    unsure = VoiceSegment("child", "vocal", 1.5, 2.0, 0.35)  # named, but barely
    assert find_turns([seg("adult", 0, 1), unsure, seg("adult", 2.2, 3)]).turns == []
    sure = VoiceSegment("child", "vocal", 1.5, 2.0, 0.6)
    assert len(find_turns([seg("adult", 0, 1), sure, seg("adult", 2.2, 3)]).turns) == 2


def _faces(times, opening_adult, opening_child):
    """Face landmarks with only the lips filled in: an adult (index 0) and a child."""
    face = np.full((len(times), 2, N_FACE, 3), np.nan, dtype=np.float32)
    idx = {p: FACE_POINTS.index(p) for p in (13, 14, 61, 291)}
    for person, opening in ((0, opening_adult), (1, opening_child)):
        face[:, person, idx[61], :2] = [100, 100]
        face[:, person, idx[291], :2] = [140, 100]
        face[:, person, idx[13], :2] = [120, 98]
        face[:, person, idx[14], 0] = 120
        face[:, person, idx[14], 1] = 98 + 40 * opening

    class Faces:  # the attributes of analysis.results.AnalysisResult that are used
        pass

    faces = Faces()
    faces.times, faces.face, faces.labels = times, face, ["adult", "child"]
    return faces


def test_whose_mouth_moves_tips_a_voice_the_sound_leaves_undecided():
    times = np.arange(0, 4, 0.1)
    still = np.zeros(len(times))
    talking = 0.3 * (np.sin(2 * np.pi * 4 * times) > 0)
    # A voice with few consonants: the sound's cues (adult prior, consonant energy, a clear
    # periodicity) cancel out, short of what names the child, so alone it is the adult's.
    samples = track([(1.0, speech(340.0, 1.5, consonant_s=0.012))], 4.0)
    alone = analyse_samples(samples)
    assert [s.who for s in alone.segments] == ["adult"]
    assert alone.segments[0].confidence < 0.5  # ... barely: it makes no turn
    child = analyse_samples(samples, face_tracks=_faces(times, still, talking))
    assert [s.who for s in child.segments] == ["child"] and child.used_faces
    adult = analyse_samples(samples, face_tracks=_faces(times, talking, still))
    assert [s.who for s in adult.segments] == ["adult"]
    # No faces seen: no evidence, the sound decides, and the result says so.
    nan = np.full(len(times), np.nan)
    unseen = analyse_samples(samples, face_tracks=_faces(times, nan, nan))
    assert [s.who for s in unseen.segments] == ["adult"] and unseen.notes
    assert mouth_evidence(mouth_tracks(object()), 0, 1) == 0.0


def test_a_video_without_sound_says_so(tmp_path):
    silent = tmp_path / "silent.mp4"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                    "color=size=64x48:rate=5:d=2", "-c:v", "mpeg4", str(silent)], check=True)
    assert read_audio(silent) is None
    result = analyse_audio(silent)
    assert not result.has_audio and result.notes
    assert result.to_json() == {"segments": [], "turns": []}
    out = tmp_path / "out.json"
    run = CliRunner().invoke(cli, ["listen", str(silent), "--json", str(out)])
    assert run.exit_code == 0, run.output
    assert "no sound track" in run.output
    doc = json.loads(out.read_text())
    assert doc["audio"]["has_audio"] is False and doc["audio"]["segments"] == []


def test_the_sound_is_read_whole_whatever_duration_the_file_claims(tmp_path):
    """The samples go into one buffer sized from the probed duration: a file claiming too
    short a duration (the buffer grows) or far too long a one (the slack is dropped) gives
    the same samples, writable, and nothing is lost at the chunk edges."""
    wav = tmp_path / "long.wav"
    samples = track([(0.5, speech(200.0, 20.0)), (25.0, voice(480.0, 5.0))], 40.0)
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "s16le", "-ar", str(RATE), "-ac", "1",
                    "-i", "-", str(wav)], input=samples.astype("<i2").tobytes(), check=True)
    read = read_audio(wav)
    assert read is not None and np.array_equal(read, samples)
    info = probe(wav)
    for claimed in (0.5, 3.0, 400.0):
        again = read_audio(wav, info=dataclasses.replace(info, duration_s=claimed))
        assert np.array_equal(again, samples), claimed
        assert again.flags.writeable
        assert again.base is None or again.base.nbytes < 2 * again.nbytes, claimed


def _onset(samples: np.ndarray) -> float:
    loud = np.abs(samples.astype(float)) > 0.5 * np.abs(samples.astype(float)).max()
    return float(np.argmax(loud) / RATE)


def test_the_sound_is_timed_on_the_pictures_clock(tmp_path):
    """The video analysis' times start at the first picture; a webcam's sound often starts
    0.04-0.3 s later (0.16-0.28 s in one dyad family) and a stream's picture can start late.
    The sound is padded or cut to the first picture, so a voice is where it is seen."""
    wav = tmp_path / "talk.wav"
    samples = track([(1.0, speech(200.0, 1.0))], 2.5)
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "s16le", "-ar", str(RATE), "-ac", "1",
                    "-i", "-", str(wav)], input=samples.astype("<i2").tobytes(), check=True)
    picture = ["-f", "lavfi", "-i", "color=size=64x48:rate=10:d=4"]
    for name, late_picture, late_sound in (("sound_late.mkv", 0.0, 0.5),
                                           ("picture_late.mkv", 0.3, 0.0)):
        expected = _onset(samples) + late_sound - late_picture  # 1.5 and 0.7 s, about
        path = tmp_path / name
        subprocess.run([ffmpeg_exe(), "-v", "error", "-itsoffset", str(late_picture), *picture,
                        "-itsoffset", str(late_sound), "-i", str(wav), "-map", "0:v",
                        "-map", "1:a", "-c:v", "mpeg4", "-c:a", "pcm_s16le", str(path)],
                       check=True)
        assert probe(path).picture_start_s == pytest.approx(late_picture, abs=0.01)
        assert _onset(read_audio(path)) == pytest.approx(expected, abs=0.02), name
        first = analyse_audio(path).segments[0]
        assert first.start == pytest.approx(1.0 + late_sound - late_picture, abs=0.1), (
            name, first)


def test_listen_command_writes_the_contract_and_refuses_bad_input(tmp_path):
    wav = tmp_path / "talk.wav"
    samples = track([(0.3, speech(200.0, 1.0)), (1.6, voice(480.0, 0.8))], 3.0)
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "s16le", "-ar", str(RATE), "-ac", "1",
                    "-i", "-", str(wav)], input=samples.tobytes(), check=True)
    out = tmp_path / "audio.json"
    run = CliRunner().invoke(cli, ["listen", str(wav), "--json", str(out)])
    assert run.exit_code == 0, run.output
    doc = json.loads(out.read_text())
    assert [(s["who"], s["kind"]) for s in doc["audio"]["segments"]] == [
        ("adult", "speech"), ("child", "vocal")]
    assert doc["audio"]["turns"] == [{"from": "adult", "to": "child", "at": doc["audio"][
        "segments"][1]["start"]}]
    assert {c["name"] for c in doc["cues"]} >= {"adult_voice", "child_voice"}
    bad = tmp_path / "bad.mp4"
    bad.write_text("not a video")
    run = CliRunner().invoke(cli, ["listen", str(bad)])
    assert run.exit_code == 1 and run.output.startswith("Error: ")
    assert "Traceback" not in run.output


def test_a_voice_at_the_pitch_of_a_background_whine_is_still_heard():
    t = np.arange(6 * RATE) / RATE
    whine = 0.01 * np.sin(2 * np.pi * 220 * t)
    samples = track([(0.0, whine), (2.0, voice(220.0, 1.5))], 6.0)
    feats = compute_features(samples)
    activity = detect_activity(samples, feats)
    assert activity.hums, "the whine is recognised as a background tone"
    assert len(activity.regions) == 1
    start, end = (feats.times[i] for i in (activity.regions[0][0], activity.regions[0][1] - 1))
    assert abs(start - 2.0) < 0.1 and abs(end - 3.5) < 0.1


def test_one_face_seen_is_half_the_evidence():
    times = np.arange(0, 4, 0.1)
    talking = 0.3 * (np.sin(2 * np.pi * 4 * times) > 0)
    nan = np.full(len(times), np.nan)
    tracks = mouth_tracks(_faces(times, nan, talking))  # the parent's face not found
    assert mouth_evidence(tracks, 1.0, 2.5) == 0.5
    tracks = mouth_tracks(_faces(times, np.zeros(len(times)), nan))  # a still parent's face
    assert mouth_evidence(tracks, 1.0, 2.5) == 0.5
    tracks = mouth_tracks(_faces(times, talking, nan))
    assert mouth_evidence(tracks, 1.0, 2.5) == -0.5


def test_a_parents_high_voice_is_hers_and_a_coo_above_her_voice_is_the_childs():
    # "That's not a hat!" at 570 Hz, a child's pitch: it talks (consonants) and it is the
    # recording's usual voice, so it is the parent's. (The rules before December 2026 called
    # it the child's from its pitch.)
    samples = track([(0.5, speech(570.0, 1.5)), (2.5, speech(560.0, 1.5))], 4.5)
    assert [s.who for s in analyse_samples(samples).segments] == ["adult", "adult"]
    # A vowel-like coo an octave above the parent's talk is the child's.
    samples = track([(0.5, speech(250.0, 2.5)), (3.5, voice(500.0, 0.8))], 5.0)
    assert [s.who for s in analyse_samples(samples).segments] == ["adult", "child"]


def test_the_timeline_lanes_hold_the_envelope_and_the_voices():
    samples = track([(0.5, speech(200.0, 1.0, level=0.5)), (2.0, voice(480.0, 0.8))], 3.0)
    result = analyse_samples(samples)
    env = result.envelope
    assert env is not None and abs(env.duration - 3.0) < 0.05
    low, high = envelope_at(env, 0.0, 3.0, 30)
    assert high[10] > 0.4 and high[1] < 0.01 and low[10] < -0.4  # 1.0 s loud, 0.1 s quiet
    zoomed_low, zoomed_high = envelope_at(env, 1.0, 1.01, 5)  # narrower than a bucket
    assert len(zoomed_high) == 5 and zoomed_high.min() > 0.3
    lane = result.voice_lane()
    assert [(b.row, b.kind) for b in lane] == [("adult", "speech"), ("child", "vocal")]
    assert all(0.35 <= b.opacity <= 1 for b in lane)


def test_progress_reaches_the_end_and_cancel_stops(tmp_path):
    from vfeedback.errors import Cancelled
    from vfeedback.progress import CancelToken

    wav = tmp_path / "talk.wav"
    samples = track([(0.3, voice(200.0, 1.0))], 2.0)
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "s16le", "-ar", str(RATE), "-ac", "1",
                    "-i", "-", str(wav)], input=samples.tobytes(), check=True)
    seen: list[float] = []
    analyse_audio(wav, progress=lambda f, what: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    token = CancelToken()
    token.cancel()
    try:
        analyse_audio(wav, cancel=token)
    except Cancelled:
        pass
    else:
        raise AssertionError("a cancelled listening went on")
