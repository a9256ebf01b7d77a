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


def test_checkin_only_into_ones_own_case(app, recording_id, tmp_path) -> None:  # noqa: ANN001
    """The laptop's marker names the case; a user without that case is refused (with the
    same words as for a case that does not exist), and nothing is written."""
    from click.testing import CliRunner

    from services import assignments
    from vfeedback.cli import cli
    from vfeedback.models import Case
    from vfeedback.server.checkout import checkout

    for name, role in (("carl", "clinician"), ("tess", "trainee")):
        assignments.add_user_row(app, None, name, role)
    assignments.assign(app, None, "T-001", "carl")
    laptop = tmp_path / "laptop"
    checkout(app, "T-001", laptop)
    engine = create_engine(f"sqlite:///{(laptop / 'vfeedback.db').as_posix()}")
    with engine.begin() as conn:
        conn.execute(Case.__table__.update().values(notes="written on the laptop",
                                                    version=Case.__table__.c.version + 1))
    engine.dispose()

    def checkin_as(user: str, folder: Path):  # noqa: ANN202
        return CliRunner().invoke(cli, ["--home", str(app.config.home), "server", "checkin",
                                        str(folder)], env={"VFEEDBACK_USER": user})

    refused = checkin_as("tess", laptop)
    assert refused.exit_code == 1 and "no access to this case" in refused.output
    with app.db.session() as session:
        assert session.scalar(select(Case.notes).where(Case.code == "T-001")) != \
            "written on the laptop"
    made_up = tmp_path / "made-up"
    made_up.mkdir()
    (made_up / "checkout.json").write_text('{"case": "NOPE", "base": {}}')
    assert "no access to this case" in checkin_as("tess", made_up).output  # no code oracle
    done = checkin_as("carl", laptop)
    assert done.exit_code == 0, done.output
    with app.db.session() as session:
        assert session.scalar(select(Case.notes).where(Case.code == "T-001")) == \
            "written on the laptop"


def test_a_protected_home_checks_nothing_out(protected_home, tmp_path) -> None:  # noqa: ANN001
    import pytest

    from services import catalogue
    from vfeedback.app import open_app
    from vfeedback.errors import InputError
    from vfeedback.security import login
    from vfeedback.server.checkout import checkout

    app = open_app(protected_home, identity=login(protected_home, "ada", "admin-secret-1"))
    try:
        catalogue.create_case(app, None, "SECRET-1")
        with pytest.raises(InputError, match="would not be"):
            checkout(app, "SECRET-1", tmp_path / "laptop")
    finally:
        app.close()
    assert not (tmp_path / "laptop").exists()
