"""The clinic server goes away mid-session: a clear message, nothing half-written, and work
goes on when it is back. Uses a PostgreSQL server of its own that the test stops and starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotation.editing import AnnotationEditor
from vfeedback.errors import DatabaseError

REPO = Path(__file__).resolve().parents[2]
SERVER = REPO / "scripts" / "pg-test-server.sh"


@pytest.mark.postgres_only(reason="stops and restarts a PostgreSQL server")
def test_edits_while_the_server_is_down_fail_clearly_and_resume(tmp_path, indexed_video):
    import tempfile

    from annotation.schemes import ensure_builtin_schemes, get_scheme
    from vfeedback import library
    from vfeedback.app import open_app

    cluster = Path(tempfile.mkdtemp(prefix="vfeedback-pg-loss-"))
    admin = subprocess.run(["bash", str(SERVER), "start", str(cluster)], capture_output=True,
                           text=True, check=True).stdout.strip()
    url = admin.rsplit("/", 1)[0] + "/postgres"
    old = os.environ.get("VFEEDBACK_DATABASE_URL")
    os.environ["VFEEDBACK_DATABASE_URL"] = url
    try:
        app = open_app(tmp_path / "home")
        with app.db.session() as s:
            ensure_builtin_schemes(s)
            visit = library.get_or_create_visit(s, library.create_case(s, "LOSS-1"), 1)
            rec_id = library.import_recording(s, app.store, indexed_video, visit).id
            interval = next(c.id for c in get_scheme(s, "vipp-sd").codes if c.kind == "interval")
        editor = AnnotationEditor(app.db, rec_id, actor="Anna")
        first = editor.add(interval, 100, 900)

        subprocess.run(["bash", str(SERVER), "stop", str(cluster)], check=True)
        with pytest.raises(DatabaseError, match="cannot be reached; the last change was not "
                                                "saved"):
            editor.add(interval, 1000, 1900)
        with pytest.raises(DatabaseError, match="cannot be reached"):
            editor.update(first, comment="while away")
        env = {**os.environ, "VFEEDBACK_HOME": str(tmp_path / "home")}
        cli = subprocess.run([sys.executable, "-m", "vfeedback", "annotations", "add",
                              "--recording", str(rec_id), "--code", "empathy", "--start", "2",
                              "--end", "3"], capture_output=True, text=True, env=env,
                             timeout=120)
        assert cli.returncode == 1 and cli.stderr.startswith("Error: The database server")
        assert "Traceback" not in cli.stderr

        subprocess.run(["bash", str(SERVER), "start", str(cluster)], capture_output=True,
                       check=True)
        # The server is back: the same editor goes on (the pool reconnects), and the database
        # holds exactly the edits that were reported saved.
        second = editor.add(interval, 2000, 2900)
        assert [v.id for v in editor.annotations()] == [first, second]
        assert editor.undo() and [v.id for v in editor.annotations()] == [first]
        app.close()
    finally:
        if old is None:
            os.environ.pop("VFEEDBACK_DATABASE_URL", None)
        else:
            os.environ["VFEEDBACK_DATABASE_URL"] = old
        subprocess.run(["bash", str(SERVER), "stop", str(cluster)], capture_output=True)
        shutil.rmtree(cluster, ignore_errors=True)
