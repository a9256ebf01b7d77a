"""Two clinicians on one database, one of them in the GUI: a save that lost to the colleague's
newer change opens "Changed by X at HH:MM" with Reload and Keep mine; nothing is overwritten
without the person choosing it, and nothing is a traceback.

Anna works in a real main window (``app``); Bea is a second :class:`vfeedback.app.App` on the
same database URL (SQLite file or the PostgreSQL test database). Live refresh is stopped in
Anna's window here so that the conflict window is certain (with it on, Anna would usually see
Bea's change before editing; ``test_live_refresh_gui.py`` covers that).
"""

from __future__ import annotations

import re

import pytest

pytest.importorskip("PySide6.QtWidgets")

from gui.application import make_application  # noqa: E402
from services import annotations, catalogue  # noqa: E402
from services import plan as plan_service  # noqa: E402
from vfeedback.app import open_app  # noqa: E402
from vfeedback.models import Annotation, Clip  # noqa: E402

HHMM = r"\d\d:\d\d"


@pytest.fixture
def two(qtbot, app, tmp_path, indexed_video, monkeypatch):  # noqa: ANN001, ANN201
    """Anna's window on a recording with one moment, and Bea's app on the same database."""
    make_application()
    from gui import case_browser
    from gui.main_window import MainWindow

    app.db.actor = "Anna"
    monkeypatch.setenv("VFEEDBACK_DATABASE_URL", app.db.url)
    bea = open_app(tmp_path / "bea-home")
    bea.db.actor = "Bea"
    assert bea.db.url == app.db.url
    catalogue.create_case(app, None, "FAM-CONFLICT")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    codes = {s.name: {c.key: c.id for c in s.codes} for s in annotations.schemes(app, None)}
    empathy = codes["vipp-sd"]["empathy"]
    ann = annotations.add(bea, None, rid, empathy, 1000, 2000, comment="first").value
    win = MainWindow(app)
    qtbot.addWidget(win)
    win.live.stop()
    win.show()
    win.open_recording(rid)
    assert [v.id for v in win.annotations.annotations()] == [ann]  # Anna has seen version 1
    yield win, bea, rid, ann
    win.close()
    bea.close()


def dialog(qtbot, win):  # noqa: ANN001, ANN201
    from gui.conflict_dialog import ConflictDialog

    found: list[ConflictDialog] = []

    def shown() -> bool:
        found[:] = [d for d in win.findChildren(ConflictDialog) if d.isVisible()]
        return bool(found)
    qtbot.waitUntil(shown, timeout=20000)
    return found[0]


def errors(win):  # noqa: ANN001, ANN201
    from PySide6.QtWidgets import QMessageBox

    return [b.text() for b in win.findChildren(QMessageBox) if b.objectName() == "operationError"]


def stored(app, ann_id):  # noqa: ANN001, ANN201
    with app.db.session() as s:
        row = s.get(Annotation, ann_id)
        return (row.comment, row.start_ms, row.changed_by) if row is not None else None


def test_inspector_edit_after_a_colleagues_change_asks_and_keep_mine_wins(qtbot, two):  # noqa: ANN001
    win, bea, rid, ann = two
    annotations.update_annotation(bea, None, rid, ann, comment="Bea's")
    win.annotations.update(ann, comment="Anna's")
    box = dialog(qtbot, win)
    assert re.fullmatch(f"Changed by Bea at {HHMM}", box.text())
    assert "reload or keep yours" in box.informativeText()
    assert stored(win.app, ann)[0] == "Bea's"  # nothing overwritten while the dialog is up
    box.choose(keep_mine=True)
    qtbot.waitUntil(lambda: stored(win.app, ann) == ("Anna's", 1000, "Anna"), timeout=20000)
    assert win.annotations.get(ann).comment == "Anna's"
    assert errors(win) == []
    assert stored(bea, ann)[0] == "Anna's"  # what Bea's app reads too


def test_timeline_move_after_a_colleagues_change_reload_takes_theirs(qtbot, two):  # noqa: ANN001
    win, bea, rid, ann = two
    annotations.move(bea, None, rid, ann, 3000, 4000)
    win.move_event(ann, 1500, 2500)  # Anna drags the block she saw at 1.0 s
    box = dialog(qtbot, win)
    assert box.text().startswith("Changed by Bea at ")
    box.choose(keep_mine=False)  # Reload
    qtbot.waitUntil(lambda: win.annotations.get(ann).start_ms == 3000, timeout=20000)
    assert stored(win.app, ann) == ("first", 3000, "Bea")
    # After the reload Anna edits on Bea's version: no dialog, her edit goes through.
    win.move_event(ann, 3500, 4500)
    qtbot.waitUntil(lambda: stored(win.app, ann)[1] == 3500, timeout=20000)
    assert errors(win) == []


def test_delete_of_a_moment_deleted_meanwhile_offers_only_reload(qtbot, two):  # noqa: ANN001
    win, bea, rid, ann = two
    annotations.update_annotation(bea, None, rid, ann, comment="changed")
    win.annotations.delete([ann])
    box = dialog(qtbot, win)
    assert box.text().startswith("Changed by Bea")
    box.choose(keep_mine=True)  # delete it anyway
    qtbot.waitUntil(lambda: stored(win.app, ann) is None, timeout=20000)
    # Anna changing a moment Bea deleted meanwhile: "Deleted by someone else", Reload only.
    other = annotations.add(bea, None, rid, _code(bea), 100, None).value
    win.annotations.annotations()
    annotations.delete(bea, None, rid, [other])
    win.annotations.update(other, comment="too late")
    box = dialog(qtbot, win)
    assert box.text() == "Deleted by someone else" and box.keep_button is None
    box.choose(keep_mine=False)
    qtbot.waitUntil(lambda: all(v.id != other for v in win.annotations.annotations()),
                    timeout=20000)
    assert errors(win) == []


def _code(app) -> int:  # noqa: ANN001
    """A point code (the child's signal) of the built-in scheme."""
    codes = {s.name: {c.key: c.id for c in s.codes} for s in annotations.schemes(app, None)}
    return codes["vipp-sd"]["child_signal"]


def test_plan_builder_caption_after_a_colleagues_change(qtbot, two):  # noqa: ANN001
    win, bea, rid, ann = two
    visit_id = win.state.visit_id
    assert visit_id is not None
    [clip_id] = plan_service.add_moments(bea, None, visit_id, [ann]).value
    builder = win.coding.plan
    builder.reload()
    assert [c.clip_id for c in builder.clips] == [clip_id]
    plan_service.update_clip(bea, None, clip_id, caption="Bea's caption")
    builder.set_caption(clip_id, "Anna's caption")
    box = dialog(qtbot, win)
    assert re.fullmatch(f"Changed by Bea at {HHMM}", box.text())
    with win.app.db.session() as s:
        assert s.get(Clip, clip_id).caption == "Bea's caption"
    box.choose(keep_mine=False)  # Reload: the builder shows Bea's caption
    qtbot.waitUntil(lambda: builder.clips and builder.clips[0].caption == "Bea's caption",
                    timeout=20000)
    # Anna's note now goes on Bea's version without a dialog; then a second conflict, kept.
    builder.set_caption(clip_id, "Anna's, after reading Bea's")
    qtbot.waitUntil(lambda: _caption(win.app, clip_id) == "Anna's, after reading Bea's",
                    timeout=20000)
    builder.reload()
    plan_service.update_clip(bea, None, clip_id, caption="Bea again")
    builder.set_caption(clip_id, "Anna keeps hers")
    dialog(qtbot, win).choose(keep_mine=True)
    qtbot.waitUntil(lambda: _caption(win.app, clip_id) == "Anna keeps hers", timeout=20000)
    assert errors(win) == []


def _caption(app, clip_id: int) -> str:  # noqa: ANN001
    with app.db.session() as s:
        return s.get(Clip, clip_id).caption
