"""In the app: a trainee's plan is neither exported nor presented before a supervisor
approved it; after approval the same buttons work."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from sqlalchemy import select  # noqa: E402

from vfeedback.errors import InputError  # noqa: E402
from vfeedback.models import Recording  # noqa: E402


def test_plan_builder_export_and_presentation_wait_for_approval(qtbot, app, recording_id,
                                                               two_sets, roles, tmp_path):
    from gui.application import make_application
    from gui.main_window import MainWindow
    from gui.presentation import load_show
    from services import plan as plan_service
    from services import review

    make_application()
    with app.db.session() as s:
        rec = s.scalars(select(Recording).where(Recording.id == recording_id)).one()
        visit_id, case_id = rec.visit_id, rec.visit.case_id
    app.db.actor = "tina"
    plan_service.add_moments(app, "tina", visit_id, two_sets["tina"][:1])
    app.db.actor = "local"
    win = MainWindow(app)
    qtbot.addWidget(win)
    builder = win.coding.plan
    builder.open_results = False
    win.show()
    win.state.set_case(case_id)
    win.state.set_visit(visit_id)

    errors: list[BaseException] = []
    op = builder.export_to(tmp_path / "before")
    op.failure(errors.append)  # instead of the dialog
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert "needs a supervisor's approval" in str(errors[0])
    assert not (tmp_path / "before").exists() or not any((tmp_path / "before").iterdir())
    with pytest.raises(InputError, match="supervisor's approval"):
        load_show(app, visit_id)  # what F5 shows

    review.submit(app, "tina", recording_id)
    review.approve(app, "sam", recording_id)
    with qtbot.waitSignal(builder.exported, timeout=60_000) as done:
        builder.export_to(tmp_path / "after")
    assert any(p.suffix == ".mp4" for p in done.args[0])
    assert load_show(app, visit_id).clips
    win.close()
