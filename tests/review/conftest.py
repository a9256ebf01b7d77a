"""Fixtures for the supervision tests: a recording coded by a trainee and a supervisor."""

from __future__ import annotations

import pytest
from review_helpers import REFERENCE, TRAINEE, code


@pytest.fixture
def two_sets(app, recording_id: int, vipp: dict[str, int]) -> dict[str, list[int]]:  # noqa: ANN001
    return {"sam": code(app, recording_id, "sam", REFERENCE, vipp),
            "tina": code(app, recording_id, "tina", TRAINEE, vipp)}


@pytest.fixture
def roles(app, recording_id: int) -> None:  # noqa: ANN001
    """Accounts: the trainee Tina (the recording's case is hers), her supervisor Sam, and the
    clinician Cleo (the case is hers too)."""
    from services import assignments
    from vfeedback.models import Recording

    for name, role in (("tina", "trainee"), ("sam", "supervisor"), ("cleo", "clinician")):
        assignments.add_user_row(app, None, name, role)
    with app.db.session() as session:
        case_id = session.get(Recording, recording_id).visit.case_id
    assignments.assign(app, None, case_id, "tina")
    assignments.assign(app, None, case_id, "cleo")
    assignments.supervise(app, None, "tina", "sam")
