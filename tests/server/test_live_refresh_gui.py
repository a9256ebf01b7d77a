"""Live refresh in the GUI: a colleague in another process adds, changes and deletes moments
of the recording Anna has open; Anna's timeline shows each without reopening, and Anna's
Undo still takes back only her own edit. Runs on SQLite (polling) and PostgreSQL
(LISTEN/NOTIFY).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from gui.application import make_application  # noqa: E402
from services import annotations, catalogue  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SHOW_WITHIN_MS = 5000  # the aim is ~1 s (see docs/clinic-server.md); slack for a loaded CI

# Bea: a separate process on the same database, doing what she is told on stdin.
COLLEAGUE = """
import json, sys
from services import annotations
from vfeedback.app import open_app

app = open_app(sys.argv[1])
app.db.actor = "Bea"
print(json.dumps("ready"), flush=True)
for line in sys.stdin:
    c = json.loads(line)
    if c["op"] == "add":
        out = annotations.add(app, None, c["rid"], c["code"], c["start"], c["end"]).value
    elif c["op"] == "update":
        out = annotations.update_annotation(app, None, c["rid"], c["id"], **c["fields"]).value
    else:
        out = annotations.delete(app, None, c["rid"], [c["id"]]).value
    print(json.dumps(out), flush=True)
"""


def shown(win) -> dict[int, object]:  # noqa: ANN001
    """The events Anna's timeline draws now, by annotation id."""
    return {e.id: e for events in win.timeline.index.events.values() for e in events}


def test_a_colleagues_edits_appear_on_the_open_timeline(qtbot, app, tmp_path,  # noqa: ANN001
                                                        indexed_video, capsys):
    make_application()
    from gui import case_browser
    from gui.main_window import MainWindow

    app.db.actor = "Anna"
    catalogue.create_case(app, None, "FAM-LIVE")
    visit_id = case_browser.load_cases(app)[0].visits[0].id
    [rid] = catalogue.import_files(app, None, visit_id, [indexed_video]).value
    codes = {s.name: {c.key: c.id for c in s.codes} for s in annotations.schemes(app, None)}
    empathy = codes["vipp-sd"]["empathy"]
    win = MainWindow(app)
    qtbot.addWidget(win)
    win.show()
    win.open_recording(rid)
    assert shown(win) == {}

    env = {**os.environ, "VFEEDBACK_DATABASE_URL": app.db.url}
    bea = subprocess.Popen([sys.executable, "-c", COLLEAGUE, str(tmp_path / "bea-home")],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                           cwd=REPO)
    latencies: list[float] = []
    try:
        def tell(**command: object) -> object:
            bea.stdin.write(json.dumps(command) + "\n")
            bea.stdin.flush()
            return json.loads(bea.stdout.readline())

        assert json.loads(bea.stdout.readline()) == "ready"

        def within(check) -> None:  # noqa: ANN001
            began = time.monotonic()
            qtbot.waitUntil(check, timeout=SHOW_WITHIN_MS)
            latencies.append(time.monotonic() - began)

        theirs = tell(op="add", rid=rid, code=empathy, start=1000, end=2000)
        within(lambda: theirs in shown(win))
        # Anna codes a moment of her own meanwhile (through her window's edit queue).
        mine: list[int] = []
        win.annotations.add(empathy, 3000, 4000, on_success=mine.append)
        qtbot.waitUntil(lambda: bool(mine) and mine[0] in shown(win), timeout=20000)

        tell(op="update", rid=rid, id=theirs, fields={"start_ms": 1500, "end_ms": 2500})
        within(lambda: shown(win)[theirs].start_ms == 1500)
        # Anna's Undo takes back her own add, not Bea's newer change.
        win.undo()
        qtbot.waitUntil(lambda: mine[0] not in shown(win), timeout=20000)
        assert shown(win)[theirs].start_ms == 1500

        tell(op="delete", rid=rid, id=theirs)
        within(lambda: theirs not in shown(win))
        win.redo()
        qtbot.waitUntil(lambda: mine[0] in shown(win), timeout=20000)
        assert set(shown(win)) == {mine[0]}
    finally:
        bea.stdin.close()
        bea.wait(timeout=60)
        win.close()
    with capsys.disabled():
        print(f"\nlive refresh ({app.db.dialect}): add/change/delete shown after "
              + ", ".join(f"{s * 1000:.0f} ms" for s in latencies))
