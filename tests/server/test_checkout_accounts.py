"""A case checked out to a laptop takes no accounts along: no password hashes, roles or other
cases' assignments leave the server."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, func, select


def test_checkout_leaves_accounts_and_assignments_on_the_server(app, recording_id, tmp_path) -> None:  # noqa: ANN001
    from services import assignments
    from vfeedback.models import CaseAssignment, Supervision, User
    from vfeedback.security import hash_password
    from vfeedback.server.checkout import checkout

    assignments.add_user_row(app, None, "tina", "trainee")
    assignments.add_user_row(app, None, "sam", "supervisor")
    with app.db.session() as session:
        session.scalar(select(User).where(User.name == "tina")).password_hash = \
            hash_password("tina-password")
    assignments.assign(app, None, "T-001", "tina")
    assignments.supervise(app, None, "tina", "sam")

    laptop = tmp_path / "laptop"
    checkout(app, "T-001", laptop)
    engine = create_engine(f"sqlite:///{(laptop / 'vfeedback.db').as_posix()}")
    with engine.connect() as conn:
        for table in (User, CaseAssignment, Supervision):
            assert conn.scalar(select(func.count()).select_from(table)) == 0, table
    engine.dispose()
    assert b"argon2" not in Path(laptop / "vfeedback.db").read_bytes()
