"""What a service changed: a typed change notice (Anki's ``OpChanges``).

Every service function that writes returns :class:`Outcome` (its value and a :class:`Changes`);
the shell refreshes its views from that notice and never writes one by hand. Subjects are a
fixed set (:class:`Subject`), so a view that listens for something nobody sends is a typo the
type checker and the tests catch, not a silent miss.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

T = TypeVar("T")


class Subject(Enum):
    CASES = "cases"
    VISITS = "visits"
    RECORDINGS = "recordings"
    DERIVATIVES = "derivatives"  # proxies, analysis results, kept originals
    ANNOTATIONS = "annotations"
    SUGGESTIONS = "suggestions"
    PLAN = "plan"
    ANALYSIS = "analysis"  # cue tracks and overlays (a new analysis result)
    REVIEW = "review"  # review states and comments (services/review.py)


@dataclass(frozen=True)
class Changes:
    """The subjects an operation changed and, when it concerned one recording, its id."""

    subjects: frozenset[Subject] = field(default_factory=frozenset)
    recording_id: int | None = None

    def __init__(self, subjects: Iterable[Subject] = (), recording_id: int | None = None) -> None:
        chosen = frozenset(subjects)
        wrong = [s for s in chosen if not isinstance(s, Subject)]
        if wrong:
            raise TypeError(f"change subjects must be services.changes.Subject, not {wrong!r}")
        object.__setattr__(self, "subjects", chosen)
        object.__setattr__(self, "recording_id", recording_id)

    def touches(self, *subjects: Subject) -> bool:
        return bool(self.subjects.intersection(subjects))

    def __or__(self, other: Changes) -> Changes:
        rid = self.recording_id if self.recording_id == other.recording_id or \
            other.recording_id is None else other.recording_id if self.recording_id is None \
            else None
        return Changes(self.subjects | other.subjects, rid)

    def __bool__(self) -> bool:
        return bool(self.subjects)


NOTHING = Changes()


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A service's result and what it changed."""

    value: T
    changes: Changes = NOTHING
