"""Fixtures for the clinic-server tests: an opened app with a real recording to share."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def recording_id(app, indexed_video: Path) -> int:
    """A real 6 s recording imported into a fresh app, with the built-in schemes present."""
    from annotation.schemes import ensure_builtin_schemes
    from vfeedback import library

    with app.db.session() as session:
        ensure_builtin_schemes(session)
        case = library.create_case(session, "SRV-001")
        visit = library.get_or_create_visit(session, case, 1)
        return library.import_recording(session, app.store, indexed_video, visit).id


@pytest.fixture
def vipp(app, recording_id: int) -> dict[str, int]:
    from annotation.schemes import get_scheme

    with app.db.session() as session:
        return {c.key: c.id for c in get_scheme(session, "vipp-sd").codes}
