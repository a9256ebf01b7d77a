"""The clinic server goes away while Anna codes in the GUI: her edits are kept in the home's
outbox ("2 edits waiting — not yet on the server"), never a traceback, and sent when the
server is back; one that meets Bea's change made meanwhile opens the conflict dialog.
A PostgreSQL cluster of the test's own is really stopped and started.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from gui.application import make_application  # noqa: E402
from services import annotations, catalogue  # noqa: E402
from vfeedback.app import open_app  # noqa: E402
from vfeedback.models import Annotation  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SERVER = REPO / "scripts" / "pg-test-server.sh"


@pytest.fixture
def cluster(monkeypatch):  # noqa: ANN001, ANN201
    """A PostgreSQL server of this test's own: (its URL, start(), stop())."""
    where = Path(tempfile.mkdtemp(prefix="vfeedback-pg-outbox-"))

    def start() -> str:
        return subprocess.run(["bash", str(SERVER), "start", str(where)], capture_output=True,
                              text=True, check=True).stdout.strip()

    def stop() -> None:
        subprocess.run(["bash", str(SERVER), "stop", str(where)], capture_output=True,
                       check=True)
    url = start()
    monkeypatch.setenv("VFEEDBACK_DATABASE_URL", url)
    try:
        yield url, start, stop
    finally:
        stop()
        shutil.rmtree(where, ignore_errors=True)


def rows(app, rid):  # noqa: ANN001, ANN201
    with app.db.session() as s:
        return sorted((a.start_ms, a.comment, a.changed_by)
                      for a in s.query(Annotation).filter_by(recording_id=rid))


def errors(win):  # noqa: ANN001, ANN201
    from PySide6.QtWidgets import QMessageBox

    return [b.text() for b in win.findChildren(QMessageBox) if b.objectName() == "operationError"]


@pytest.mark.postgres_only(reason="stops and starts a PostgreSQL server")
def test_edits_while_the_server_is_away_wait_and_are_sent_when_it_is_back(
        qtbot, tmp_path, indexed_video, cluster):  # noqa: ANN001
    make_application()
    from gui import case_browser
    from gui.conflict_dialog import ConflictDialog
    from gui.main_window import MainWindow

    url, start, stop = cluster
    app = open_app(tmp_path / "anna")
    app.db.actor = "Anna"
    bea = open_app(tmp_path / "bea")
    bea.db.actor = "Bea"
    assert app.db.url == bea.db.url == url
    catalogue.create_case(app, None, "FAM-AWAY")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    codes = {s.name: {c.key: c.id for c in s.codes} for s in annotations.schemes(app, None)}
    empathy = codes["vipp-sd"]["empathy"]
    first = annotations.add(app, None, rid, empathy, 100, 900).value
    win = MainWindow(app)
    qtbot.addWidget(win)
    win.live.timer.stop()  # sent by hand below, so that Bea's change certainly comes first
    win.show()
    win.open_recording(rid)
    try:
        stop()
        win.annotations.update(first, comment="written while away")  # the inspector's save
        win.annotations.add(empathy, 2000, 2900)  # a coding key
        label = win.live.label
        qtbot.waitUntil(lambda: label.isVisible() and label.text().startswith("2 edits"),
                        timeout=30000)
        assert label.text() == "2 edits waiting — not yet on the server"
        assert "Change event" in label.toolTip() and "Add event" in label.toolTip()
        # An undo cannot wait (it depends on the server's state): said plainly instead.
        win.undo()
        qtbot.waitUntil(lambda: bool(errors(win)), timeout=30000)
        assert "cannot be reached; the last change was not saved" in errors(win)[0]
        win.live.send_waiting()  # still away: nothing sent, nothing lost
        qtbot.wait(300)
        qtbot.waitUntil(lambda: not win.live._sending, timeout=30000)
        assert win.annotations.waiting() == 2

        start()
        annotations.update_annotation(bea, None, rid, first, comment="Bea's, meanwhile")
        win.live.send_waiting()
        box: list[ConflictDialog] = []
        qtbot.waitUntil(lambda: bool(box.extend(d for d in win.findChildren(ConflictDialog)
                                                if d.isVisible()) or box), timeout=30000)
        assert box[0].text().startswith("Changed by Bea at ")
        assert rows(app, rid)[0] == (100, "Bea's, meanwhile", "Bea")
        box[0].choose(keep_mine=True)
        qtbot.waitUntil(lambda: win.annotations.waiting() == 0, timeout=30000)
        qtbot.waitUntil(lambda: not label.isVisible(), timeout=30000)
        assert rows(app, rid) == [(100, "written while away", "Anna"), (2000, "", "Anna")]
        assert len(errors(win)) == 1  # only the undo's message
    finally:
        win.close()
        app.close()
        bea.close()
