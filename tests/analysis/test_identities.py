"""Identities over a whole recording and adult/child evidence, on constructed observations
whose answer is known by construction (the real-footage checks are in test_dyads.py)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.backend import PersonObservation
from analysis.identities import assign_identities
from analysis.mediapipe_backend import N_APPEARANCE
from analysis.roles import RoleEvidence, decide, evidence, swap


def colour(bin_: int) -> np.ndarray:
    hist = np.full(N_APPEARANCE, 0.02 / (N_APPEARANCE - 1), dtype=np.float32)
    hist[bin_] = 0.98
    return hist


def head(x: float, y: float = 150, size: float = 60, hist: np.ndarray | None = None
         ) -> PersonObservation:
    face = np.array([x - size / 2, y - size / 2, x + size / 2, y + size / 2], dtype=np.float32)
    box = np.array([x - 1.5 * size, y - size, x + 1.5 * size, y + 4 * size], dtype=np.float32)
    return PersonObservation(box=box, score=0.9, face_box=face, appearance=hist)


RED, BLACK = colour(3), colour(60)


def run(frames: list[list[PersonObservation]], people: int = 2, dt: float = 0.1
        ) -> list[list[int]]:
    return assign_identities([(i * dt, obs) for i, obs in enumerate(frames)], people, 640.0)


def test_two_people_through_occlusion_and_a_turned_head_keep_two_ids() -> None:
    frames = []
    for f in range(120):
        parent = head(180 + 20 * np.sin(f / 10), hist=BLACK)
        child = head(460 - f, size=50, hist=RED)
        people = [child, parent] if f % 3 else [parent, child]
        if 40 <= f < 65:  # the child is hidden for 2.5 s behind the parent's arm
            people = [parent]
        if 80 <= f < 90:  # the parent turns away: no face, only a body from Pose
            parent.face_box = None
        frames.append(people)
    ids = run(frames)
    flat = [i for row in ids for i in row]
    assert set(flat) == {0, 1}
    parent_ids = {row[[p.appearance is BLACK for p in obs].index(True)]
                  for row, obs in zip(ids, frames, strict=True)}
    assert len(parent_ids) == 1, "the parent kept one id over the whole recording"


def test_a_spurious_detection_is_dropped_not_made_a_person() -> None:
    frames = [[head(180, hist=BLACK), head(460, size=50, hist=RED)] for _f in range(60)]
    # A face on a poster, seen in three frames, small and far from both people.
    for f in (10, 11, 30):
        frames[f].append(head(600, y=40, size=14, hist=colour(30)))
    ids = run(frames)
    for f in (10, 11, 30):
        assert ids[f][2] == -1
    assert all(row[:2] in ([0, 1], [1, 0]) for row in ids)


def test_people_crossing_are_told_apart_by_their_clothes() -> None:
    frames = []
    for f in range(60):
        a = head(150 + 5 * f, hist=BLACK)  # walks right
        b = head(450 - 5 * f, hist=RED)  # walks left, they cross at f = 30
        frames.append([a, b] if f != 30 else [a])  # one hides the other at the crossing
    ids = run(frames)
    black = {row[0] for row in ids}
    red = {row[1] for row in ids if len(row) > 1}
    assert len(black) == 1 and len(red) == 1 and black != red


def test_three_people_when_asked_for_three() -> None:
    frames = [[head(100, hist=BLACK), head(320, hist=colour(40)), head(540, size=45, hist=RED)]
              for _f in range(30)]
    assert {i for row in run(frames, people=3) for i in row} == {0, 1, 2}
    two = run(frames, people=2)
    assert all(sorted(row) == [-1, 0, 1] for row in two)  # the third is left out


def test_roles_from_proportions_not_size() -> None:
    adult = {"nose_length": 0.66, "lower_face": 0.82, "face_shape": 0.84}
    child = {"nose_length": 0.59, "lower_face": 0.70, "face_shape": 0.95}
    people = [evidence([child] * 40), evidence([adult] * 40)]
    assert people[0].score > 0 > people[1].score
    [(l0, c0), (l1, c1)] = decide(people)
    assert (l0, l1) == ("child", "adult") and c0 == c1 and c0 > 0.95
    # Only a few frames: the same answer, less sure.
    few = decide([evidence([child] * 2), evidence([adult] * 2)])
    assert few[0][0] == "child" and 0.5 < few[0][1] < c0
    # No usable frame for one person: the other's label decides, at low confidence.
    blind = decide([evidence([child] * 30), RoleEvidence({}, 0, 0.0)])
    assert [lab for lab, _c in blind] == ["child", "adult"] and blind[1][1] < blind[0][1]
    # Two people who look alike: one is called the child, but the confidence says "check".
    alike = decide([evidence([adult] * 40)] * 2)
    assert sorted(lab for lab, _c in alike) == ["adult", "child"] and alike[0][1] == 0.5
    # Three people: a second adult goes with the adult.
    three = decide([evidence([adult] * 40), evidence([child] * 40), evidence([adult] * 30)])
    assert [lab for lab, _c in three] == ["adult", "child", "adult"]
    # One person alone is judged on their own.
    assert decide([evidence([child] * 40)])[0][0] == "child"


@pytest.mark.parametrize("ids,expected", [(None, {1: "child", 2: "adult"}),
                                          ([2], {1: "adult", 2: "adult"})])
def test_swap(ids: list[int] | None, expected: dict[int, str]) -> None:
    assert swap({1: "adult", 2: "child"}, ids) == expected
