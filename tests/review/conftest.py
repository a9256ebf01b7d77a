"""Fixtures for the supervision tests: a recording coded by a trainee and a supervisor."""

from __future__ import annotations

import pytest
from review_helpers import REFERENCE, TRAINEE, code


@pytest.fixture
def two_sets(app, recording_id: int, vipp: dict[str, int]) -> dict[str, list[int]]:  # noqa: ANN001
    return {"sam": code(app, recording_id, "sam", REFERENCE, vipp),
            "tina": code(app, recording_id, "tina", TRAINEE, vipp)}


@pytest.fixture
def roles(app) -> None:  # noqa: ANN001
    from vfeedback.models import User

    with app.db.session() as session:
        session.add_all([User(name="tina", role="trainee"), User(name="sam", role="supervisor"),
                         User(name="cleo", role="clinician")])
