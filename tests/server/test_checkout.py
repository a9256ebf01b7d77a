"""A case taken along for a home visit and brought back: edits merged, conflicts kept and shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_backup_restore import fill  # the same case, recording, annotations and plan

from annotation.editing import AnnotationEditor
from vfeedback.app import open_app
from vfeedback.models import Annotation, Recording, Visit


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VFEEDBACK_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "vfeedback", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def by_uid(app) -> dict[str, Annotation]:  # noqa: ANN001
    with app.db.session() as s:
        return {a.uid: a for a in s.query(Annotation)}


def test_checkout_work_offline_checkin(app, indexed_video, tmp_path):
    from vfeedback.media.synth import make_video

    rec_id = fill(app, indexed_video)["recording"]
    laptop_home = tmp_path / "laptop"
    out = cli(app.config.home, "server", "checkout", "FAM-7", "--to", str(laptop_home))
    assert out.returncode == 0, out.stderr
    assert "1 recordings, 3 annotations" in out.stdout
    server = {a.start_ms: a for a in by_uid(app).values()}
    changed_here, changed_both, deleted_here = server[500], server[3000], server[2500]

    # On the laptop, offline: a SQLite home of its own.
    saved = os.environ.pop("VFEEDBACK_DATABASE_URL", None)
    try:
        laptop = open_app(laptop_home)
        with laptop.db.session() as s:
            lrec = s.query(Recording).one()
            code = lrec.annotations[0].code_id
            lrec_id = lrec.id
        editor = AnnotationEditor(laptop.db, lrec_id, actor="Anna")
        ids = {v.uid: v.id for v in editor.annotations()}
        new = editor.add(code, 5000, 5500, comment="new at home")
        editor.update(ids[changed_here.uid], comment="laptop edit")
        editor.update(ids[changed_both.uid], comment="laptop's view")
        editor.delete(ids[deleted_here.uid])
        new_uid = editor.get(new).uid
        from vfeedback import library

        second = tmp_path / "visit2.mp4"
        make_video(second, duration_s=2, fps=25, width=160, height=90, keyint=25)
        with laptop.db.session() as s:
            case = library.get_case(s, "FAM-7")
            library.import_recording(s, laptop.store, second,
                                     library.get_or_create_visit(s, case, 2))
        laptop.close()
    finally:
        if saved is not None:
            os.environ["VFEEDBACK_DATABASE_URL"] = saved

    # Meanwhile at the clinic, Bea changes one of the same annotations.
    bea = AnnotationEditor(app.db, rec_id, actor="Bea")
    bea.update(changed_both.id, comment="Bea's view")

    back = cli(app.config.home, "server", "checkin", str(laptop_home))
    assert back.returncode == 0, back.stderr
    assert ("Checked in: 1 new recordings, 2 annotations added, 1 changed, 1 deleted, "
            "1 conflicts") in back.stdout
    assert "changed on the laptop and on the server (by Bea at" in back.stdout
    after = by_uid(app)
    assert after[new_uid].comment == "new at home"
    assert after[changed_here.uid].comment == "laptop edit"
    assert after[changed_both.uid].comment == "Bea's view"  # the server's is kept...
    assert [a.comment for a in after.values() if a.comment.startswith("[check-in conflict]")] \
        == ["[check-in conflict] laptop's view"]  # ...and the laptop's beside it
    assert deleted_here.uid not in after
    with app.db.session() as s:
        assert sorted(v.number for v in s.query(Visit)) == [1, 2]
        assert s.query(Recording).count() == 2
    assert "All 2 recordings are intact" in cli(app.config.home, "verify").stdout
    again = cli(app.config.home, "server", "checkin", str(laptop_home))
    assert again.returncode == 1 and "is not a checked-out case" in again.stderr
