"""Identities across frames and adult/child labels, on constructed observations."""

from __future__ import annotations

import numpy as np

from analysis.backend import PersonObservation
from analysis.tracker import PeopleTracker, label_people, swap


def person(x: float, y: float = 100, w: float = 80, h: float = 200) -> PersonObservation:
    return PersonObservation(box=np.array([x, y, x + w, y + h], dtype=np.float32), score=1.0)


def test_two_people_keep_their_ids_while_moving_and_through_a_short_gap() -> None:
    tracker = PeopleTracker(max_gap_s=1.0)
    ids = []
    for f in range(30):
        t = f / 10
        people = [person(100 + 4 * f), person(500 - 3 * f, w=50, h=120)]
        if 10 <= f < 15:
            people = people[:1]  # the second person is hidden for 0.5 s
        ids.append(tracker.update(t, people[::-1] if f % 2 else people))
    first = {tuple(sorted(i)) for i in ids}
    assert first == {(1, 2), (1,)}
    # Order of observations does not change who is who.
    assert ids[0] == [1, 2] and ids[1] == [2, 1]
    assert ids[20] == [1, 2]


def test_a_long_absence_gives_a_new_id() -> None:
    tracker = PeopleTracker(max_gap_s=1.0)
    assert tracker.update(0.0, [person(100)]) == [1]
    assert tracker.update(3.0, [person(100)]) == [2]


def test_labels_by_majority_of_size_votes() -> None:
    sizes = {1: [(f, 100.0) for f in range(10)],
             2: [(f, 60.0) for f in range(10)] + [(20, 100.0)],
             3: [(30, 50.0)]}
    labels = label_people(sizes)
    assert labels == {1: "adult", 2: "child", 3: "adult"}
    assert swap(labels) == {1: "child", 2: "adult", 3: "child"}
    assert swap(labels, [2]) == {1: "adult", 2: "adult", 3: "adult"}
