"""The desktop app as a trainee and as an administrator: the case browser lists only what they
may see, and opening another family's recording by id (a recent-files entry, or
``vfeedback gui --recording N``) is refused with a readable message, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "privacy"))
from access_homes import Home  # noqa: E402

REFUSED = "You have no access to this case"


@pytest.fixture
def home(access_home: Home) -> Home:
    return access_home


def open_as(qtbot, home: Home, user: str, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    """The window as ``vfeedback gui`` makes it: the actor is the command's."""
    from gui.main_window import MainWindow
    from vfeedback.cli import Context

    monkeypatch.setenv("VFEEDBACK_USER", user)
    actor = Context(str(home.app.config.home)).actor
    window = MainWindow(home.app, actor=actor)
    qtbot.addWidget(window)
    window.show()
    return window


def errors(window) -> list[str]:  # noqa: ANN001
    return [w.text() for w in window.findChildren(QMessageBox)
            if w.objectName() == "operationError"]


def tree_codes(window) -> list[str]:  # noqa: ANN001
    tree = window.browser.tree
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def test_a_trainees_window_lists_only_her_case_and_refuses_the_other_by_id(
        qtbot, home: Home, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # noqa: ANN001
    from gui.case_browser import remember_recording

    window = open_as(qtbot, home, "tina", monkeypatch)
    assert window.state.actor == "tina"
    assert tree_codes(window) == ["FAM-A"]
    # A recent-files entry left by someone else on this laptop is not listed ...
    remember_recording(home.app, home.b_rec)
    remember_recording(home.app, home.a_rec)
    window.browser.refresh_recent()
    recent = window.browser.recent
    assert [recent.item(i).text().split()[0] for i in range(recent.count())] == \
        [f"#{home.a_rec}"]
    # ... and opening it by id (as `vfeedback gui --recording N` does) is refused
    window.open_recording(home.b_rec)
    assert window.state.recording is None
    assert errors(window) == [REFUSED]
    # an id that does not exist: the same words
    window.open_recording(99999)
    assert errors(window)[-1] == REFUSED
    # the other family's plan, were its visit chosen somehow: refused, and no reel is built
    plan = window.coding.plan
    window.state.set_visit(home.b_visit)
    assert plan.title.text() == REFUSED and plan.clip_list.count() == 0
    out = tmp_path / "export"
    with qtbot.waitSignal(plan.export_to(out).finished, timeout=20000) as done:
        pass
    assert done.args == [False] and errors(window)[-1] == REFUSED
    assert not out.exists() or not any(out.iterdir())
    assert plan.export_for_visit() is None and errors(window)[-1] == REFUSED
    # her own recording opens
    window.state.set_visit(home.a_visit)
    window.open_recording(home.a_rec)
    assert window.state.recording is not None and window.state.recording.id == home.a_rec
    window.close()


def test_an_administrators_window_lists_codes_and_opens_no_footage(
        qtbot, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    window = open_as(qtbot, home, "ada", monkeypatch)
    assert tree_codes(window) == ["FAM-A", "FAM-B"]
    assert window.browser.tree.topLevelItem(0).childCount() == 0  # no visits shown
    window.browser.tree.setCurrentItem(window.browser.tree.topLevelItem(0))
    assert window.browser.new_visit() is None  # refused in a dialog, not a traceback
    window.open_recording(home.a_rec)
    assert window.state.recording is None
    assert errors(window) and all("administrator" in text for text in errors(window))
    window.close()
