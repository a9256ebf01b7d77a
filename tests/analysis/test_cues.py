"""Cue tracks on constructed inputs whose answers are known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import cues
from analysis.backend import FACE_POINTS, head_direction, head_from_face
from analysis.cues import CueTrack
from analysis.suggest import find_moments, onsets, runs

T = np.arange(20) / 10.0  # 2 s at 10 frames/s


def const(v, n=20):
    return np.tile(np.asarray(v, dtype=float), (n, 1))


def test_head_direction_axes() -> None:
    d = head_direction(np.array([[0.0, 0, 0], [90, 0, 0], [-90, 0, 0], [0, 90, 0]]))
    np.testing.assert_allclose(d, [[0, 0, -1], [1, 0, 0], [-1, 0, 0], [0, -1, 0]], atol=1e-9)


@pytest.mark.parametrize("yaw", [-60.0, -20.0, 0.0, 35.0, 70.0])
def test_head_from_face_recovers_a_known_yaw(yaw: float) -> None:
    # A flat-ish face model: eye corners, forehead, chin; rotate it by yaw about the y axis.
    model = {33: (-1, 0, 0), 263: (1, 0, 0), 10: (0, -1.5, 0), 152: (0, 1.5, 0)}
    r = np.radians(yaw)
    rot = np.array([[np.cos(r), 0, np.sin(r)], [0, 1, 0], [-np.sin(r), 0, np.cos(r)]])
    face = np.zeros((len(FACE_POINTS), 3))
    for i, point in enumerate(FACE_POINTS):
        if point in model:
            face[i] = rot @ np.array(model[point], dtype=float)
    # A face turned by +yaw has its forward vector rot @ (0, 0, -1).
    angles = head_from_face(face)
    assert angles[0] == pytest.approx(-yaw, abs=1e-3)
    assert angles[1] == pytest.approx(0.0, abs=1e-3)


def test_gaze_at_hits_only_the_face_it_points_at() -> None:
    a, b = const([100, 100]), const([300, 100])
    right = const([90, 0, 0])  # turned to the image's right: towards b
    left = const([-90, 0, 0])
    conf = np.ones(20)
    radius = np.full(20, 20.0)
    assert np.all(cues.gaze_at(T, right, conf, a, b, radius, "g").values == 1)
    assert np.all(cues.gaze_at(T, left, conf, a, b, radius, "g").values == 0)
    # 30 degrees off the line to a face 200 px away with radius 20 (5.7 deg + 12 tolerance).
    off = const([90, 30, 0])
    assert np.all(cues.gaze_at(T, off, conf, a, b, radius, "g").values == 0)
    # Facing the camera: no direction in the picture, so never "at" someone.
    frontal = const([0, 0, 0])
    assert np.all(cues.gaze_at(T, frontal, conf, a, b, radius, "g").values == 0)


def test_mutual_gaze_needs_both_and_missing_data_has_no_confidence() -> None:
    a, b = const([100, 100]), const([300, 100])
    conf, radius = np.ones(20), np.full(20, 20.0)
    head_a = const([90, 0, 0])
    head_b = const([-90, 0, 0])
    head_b[10:] = [90, 0, 0]  # b looks away after 1 s
    head_b[15:] = np.nan  # b not seen
    ga = cues.gaze_at(T, head_a, conf, a, b, radius, "a")
    gb = cues.gaze_at(T, head_b, conf, b, a, radius, "b")
    mutual = cues.both(ga, gb, "mutual_gaze")
    assert list(mutual.values[:10]) == [1.0] * 10
    assert list(mutual.values[10:15]) == [0.0] * 5
    assert np.isnan(mutual.values[15:]).all()
    assert (mutual.confidence[15:] == 0).all()


def test_distance_is_in_body_sizes() -> None:
    d = cues.distance(T, const([0, 0]), np.full(20, 50.0), const([300, 400]), np.full(20, 150.0))
    np.testing.assert_allclose(d.values, 500 / 100)


def _pose(points: dict[int, tuple[float, float]], n: int = 20) -> np.ndarray:
    pose = np.zeros((n, 33, 4))
    pose[..., 3] = 0.0
    for i, (x, y) in points.items():
        pose[:, i] = [x, y, 0, 1.0]
    return pose


def test_body_sizes_use_the_torso() -> None:
    pose = _pose({11: (0, 0), 12: (20, 0), 23: (0, 60), 24: (20, 60)})
    boxes = const([0, 0, 10, 300])
    np.testing.assert_allclose(cues.body_sizes(pose, boxes), 60)
    pose[:, 23, 3] = 0  # hip hidden: a third of the box height instead
    np.testing.assert_allclose(cues.body_sizes(pose, boxes), 100)


def test_hand_near_touch_and_far() -> None:
    adult = _pose({15: (100, 100)})
    child = _pose({11: (100, 105)})
    near = cues.hand_near(T, adult, child, np.full(20, 50.0), "h")
    np.testing.assert_allclose(near.values, 1 - (5 / 50) / 0.5)
    far = cues.hand_near(T, adult, _pose({11: (400, 100)}), np.full(20, 50.0), "h")
    np.testing.assert_allclose(far.values, 0)
    hidden = cues.hand_near(T, _pose({}), child, np.full(20, 50.0), "h")
    assert np.isnan(hidden.values).all() and (hidden.confidence == 0).all()


def test_on_level_and_leaning_in() -> None:
    level = cues.on_level(T, const([100, 300]), np.full(20, 100.0), const([200, 250]))
    np.testing.assert_allclose(level.values, 0.5)
    # Hips at x=100, child to the right at x=300, adult's face 40 px ahead of the hips.
    pose = _pose({23: (90, 300), 24: (110, 300)})
    lean = cues.leaning_in(T, pose, const([140, 300]), const([300, 300]), np.full(20, 80.0))
    np.testing.assert_allclose(lean.values, 0.5)


def test_movement_energy_of_a_constant_drift() -> None:
    pose = _pose({i: (0, 0) for i in range(33)})
    pose[:, :, 0] += (np.arange(20) * 5.0)[:, None]  # 5 px per 0.1 s = 50 px/s
    energy = cues.movement_energy(T, pose, np.full(20, 100.0), "e")
    assert np.isnan(energy.values[0])
    np.testing.assert_allclose(energy.values[1:], 0.5)


def test_shared_attention_when_both_look_at_one_spot() -> None:
    a, b = const([100, 100]), const([300, 100])
    size = np.full(20, 100.0)
    conf = np.ones(20)
    # a looks right and down, b left and down: the rays meet between and below them.
    head_a = np.column_stack([np.full(20, 45.0), np.full(20, -40.0), np.zeros(20)])
    head_b = np.column_stack([np.full(20, -45.0), np.full(20, -40.0), np.zeros(20)])
    zero = np.zeros(20)
    shared = cues.shared_attention(T, head_a, conf, a, head_b, conf, b, zero, zero, size)
    assert (shared.values == 1).all()
    # Both looking to the right: parallel rays never meet.
    shared = cues.shared_attention(T, head_a, conf, a, head_a, conf, b, zero, zero, size)
    assert (shared.values == 0).all()


def test_runs_and_onsets() -> None:
    values = np.zeros(30)
    values[8:21] = 1  # 1.3 s on, after 0.8 s seen off
    track = CueTrack("x", np.arange(30) / 10.0, values, np.ones(30))
    [(start, end, conf)] = runs(track, min_s=1.0)
    assert start == pytest.approx(0.75) and end == pytest.approx(2.05) and conf == 1.0
    [(on_start, _e, _c)] = onsets(track, before_s=0.0)
    assert on_start == pytest.approx(0.75)
    values[:8] = np.nan  # not seen before: no onset can be claimed
    unseen = CueTrack("x", track.times, values, np.where(np.isnan(values), 0.0, 1.0))
    assert onsets(unseen) == []
    low = CueTrack("x", track.times, values, np.full(30, 0.1))
    assert runs(low) == []


def test_find_moments_ranks_mutual_gaze_with_a_reason() -> None:
    t = np.arange(50) / 10.0
    mutual = np.zeros(50)
    mutual[10:30] = 1
    child = np.zeros(50)
    child[40:48] = 1
    moments = find_moments([CueTrack("mutual_gaze", t, mutual, np.ones(50)),
                            CueTrack("child_gaze_at_adult", t, child, np.ones(50))])
    assert [m.kind for m in moments] == ["mutual_gaze", "child_turns_to_parent"]
    # The clip starts half a second before the onset, for context; the onset is kept.
    assert moments[0].onset_s == pytest.approx(0.95)
    assert moments[0].start_s == pytest.approx(0.45)
    assert moments[1].onset_s == pytest.approx(3.95)
    assert "2.0 s" in moments[0].reason


def test_bridge_fills_only_short_gaps_between_seen_frames() -> None:
    values = np.array([np.nan, 0.0, np.nan, 2.0, np.nan, np.nan, np.nan, 6.0, np.nan])
    out, filled = cues.bridge(values[:, None], max_gap=2)
    np.testing.assert_allclose(out[:4, 0], [np.nan, 0.0, 1.0, 2.0])
    assert np.isnan(out[4:7, 0]).all(), "a gap of three frames stays a gap"
    assert np.isnan(out[8, 0]) and np.isnan(out[0, 0]), "nothing is made up at the ends"
    assert filled.tolist() == [False, False, True] + [False] * 6


def test_a_look_lost_from_sight_is_not_a_new_turn() -> None:
    # Off (seen) for 0.8 s, on 0.8-1.5 s, not seen 1.5-2.0 s (a face lost to blur), on again.
    t = np.arange(40) / 10.0
    values = np.zeros(40)
    values[8:15] = 1
    values[20:30] = 1
    conf = np.ones(40)
    conf[15:20] = 0.0
    values[15:20] = np.nan
    track = CueTrack("child_gaze_at_adult", t, values, conf)
    # The older rule counted the unseen frames as "off": a second turn at 2 s.
    assert len(onsets(track, before_s=0.0, min_off_s=0.3)) == 2
    # Seen "off" is required now: one turn, at 0.75 s.
    [(start, _e, _c)] = onsets(track, before_s=0.0, min_off_s=0.3, off_within_s=1.0)
    assert start == pytest.approx(0.75)
    # A look seen off in between is a new turn, also with the stricter rule.
    seen_off = CueTrack("x", t, np.nan_to_num(values), np.ones(40))
    assert len(onsets(seen_off, before_s=0.0, min_off_s=0.3, off_within_s=1.0)) == 2
    # Unknown frames join two stretches of one look; a frame seen "off" does not.
    assert len(runs(track, unknown_gap_s=1.0)) == 1
    assert len(runs(seen_off, unknown_gap_s=1.0)) == 2


def test_a_turn_needs_the_off_seen_shortly_before_it() -> None:
    t = np.arange(40) / 10.0
    values = np.full(40, np.nan)
    conf = np.zeros(40)
    values[:5], conf[:5] = 0.0, 1.0  # seen looking away at the start
    values[30:], conf[30:] = 1.0, 1.0  # then unseen for 2.5 s, then looking
    track = CueTrack("x", t, values, conf)
    # When in those 2.5 s the turn happened cannot be told: no onset is claimed.
    assert onsets(track, before_s=0.0, min_off_s=0.3, off_within_s=1.0) == []


def test_profile_head_without_pitch_looks_at_whoever_is_beside_it() -> None:
    # A parent in profile (yaw 90, no face mesh: the pitch is unknown, stored as 0) with the
    # child lower and to the right: a level ray misses the child's face by 25 degrees.
    head = const([90.0, 0.0, 0.0])
    conf = np.full(20, 0.4)
    me = const([100.0, 100.0])
    beside_below = const([300.0, 195.0])
    far_below = const([150.0, 400.0])  # almost straight below: beside it? cannot say
    radius = np.full(20, 20.0)
    known = np.ones(20, dtype=bool)
    unknown = ~known
    level = cues.gaze_at(T, head, conf, me, beside_below, radius, "g", known)
    assert (level.values == 0).all()
    side = cues.gaze_at(T, head, conf, me, beside_below, radius, "g", unknown)
    assert (side.values == 1).all() and (side.confidence == 0.4).all()
    assert (cues.gaze_at(T, head, conf, me, far_below, radius, "g", unknown).values == 0).all()
    # Turned the other way: not looking at the child, pitch or not.
    away = cues.gaze_at(T, const([-90.0, 0.0, 0.0]), conf, me, beside_below, radius, "g",
                        unknown)
    assert (away.values == 0).all()
    # Switched off, the ray is taken as level (the rule before).
    off = cues.gaze_at(T, head, conf, me, beside_below, radius, "g", unknown,
                       cues.GazeParams(side_turn=None))
    assert (off.values == 0).all()
