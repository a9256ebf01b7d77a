"""`case delete` and the retention run: the files are gone and no row (nor the raw database
file) holds the case code, a caption or a comment; other cases and shared objects are kept."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import MetaData, select, text

from annotation.editing import AnnotationEditor
from annotation.schemes import ensure_builtin_schemes, get_scheme
from services import consent, plan, privacy
from vfeedback import audit, library
from vfeedback.cli import cli
from vfeedback.derivatives import put_derivative
from vfeedback.media.synth import make_video
from vfeedback.models import AuditEvent, Suggestion

CODE = "SECRETCASE77"
CAPTION = "Zebrafinch says I love our tower"
COMMENT = "Mothwing comment about the family"
CLIP_CAPTION = "Quokkaline reel caption"


def _fill(app, video: Path, code: str, *, caption: str, comment: str,
          clip_caption: str = CLIP_CAPTION) -> dict[str, object]:
    """A case with a recording, annotations and an undo history, a plan with a captioned
    clip, a suggestion, a derived file, consent and an export folder."""
    with app.db.session() as s:
        ensure_builtin_schemes(s)
        case = library.create_case(s, code)
        visit = library.get_or_create_visit(s, case, 1)
        rec = library.import_recording(s, app.store, video, visit)
        code_id = next(c.id for c in get_scheme(s, "vipp-sd").codes if c.kind == "interval")
        ids = {"case": case.id, "visit": visit.id, "recording": rec.id, "key": rec.store_key}
    from services import assignments

    if "anna" not in [u.name for u in assignments.users(app, None)]:
        assignments.add_user_row(app, None, "anna", "clinician")
    assignments.assign(app, None, code, "anna")
    editor = AnnotationEditor(app.db, ids["recording"], actor="anna")
    ann = editor.add(code_id, 500, 1500, caption=caption, comment=comment)
    editor.update(ann, caption=caption + " (edited)")
    gone = editor.add(code_id, 2000, 2500, comment=comment + " deleted")
    editor.delete(gone)  # the journal keeps its text for undo
    plan.add_clip(app, "anna", ids["visit"], ids["recording"], 400, 1600, clip_caption,
                  note=comment)
    with app.db.session() as s:
        s.add(Suggestion(recording_id=ids["recording"], kind="cue", start_ms=0, end_ms=500,
                         reason=f"reason mentioning {code}"))
        with app.store.writer(suffix=".bin") as writer:
            Path(writer.path).write_bytes(b"derived " + str(ids["recording"]).encode())
        put_derivative(s, app.store, ids["recording"], "analysis", "test", writer.key)
        ids["derived"] = writer.key
    consent.set_consent(app, "anna", code, feedback="yes",
                        keep_until=date.today() - timedelta(days=1))
    folder = Path(app.config.home) / "exports" / f"{code}-visit1"
    folder.mkdir(parents=True)
    (folder / f"{code}-visit1-reel.mp4").write_bytes(b"reel")
    ids["folder"] = folder
    return ids


def _every_row(app) -> str:
    meta = MetaData()
    with app.db.engine.connect() as conn:
        meta.reflect(conn)  # every table in the database, not only those the model knows
        return "\n".join(repr(conn.execute(select(t)).all()) for t in meta.sorted_tables)


def _raw_bytes(app) -> bytes:
    """Every file of the home (the SQLite database, its WAL, the store, exports)."""
    home = Path(app.config.home)
    return b"".join(p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file())


def test_case_delete_leaves_nothing_of_the_case(app, indexed_video, tmp_path):
    ids = _fill(app, indexed_video, CODE, caption=CAPTION, comment=COMMENT)
    other_video = tmp_path / "other.mp4"
    make_video(other_video, duration_s=3, fps=10, width=160, height=90)
    keep = _fill(app, other_video, "KEEPCASE", caption="kept caption", comment="kept comment",
                 clip_caption="kept clip")
    with app.db.session() as s:  # the other case's row uses the same derived object
        put_derivative(s, app.store, keep["recording"], "analysis", "shared", ids["derived"])
    dumped = _every_row(app)
    assert CODE in dumped and CAPTION in dumped and COMMENT in dumped and CLIP_CAPTION in dumped

    home = Path(app.config.home)
    result = CliRunner().invoke(cli, ["--home", str(home), "case", "delete", CODE, "--yes"])
    assert result.exit_code == 0, result.output
    assert "Deleted case" in result.output

    assert not app.store.contains(ids["key"])  # the recording's file is gone
    assert app.store.contains(ids["derived"])  # still used by the other case
    assert app.store.contains(keep["key"]) and keep["folder"].is_dir()
    assert not ids["folder"].exists()
    dumped = _every_row(app)
    for secret in (CODE, CAPTION, COMMENT, CLIP_CAPTION):
        assert secret not in dumped
    assert "KEEPCASE" in dumped and "kept caption" in dumped
    if app.db.dialect == "sqlite":
        with app.db.engine.connect() as conn:
            conn.execute(text("VACUUM"))
        raw = _raw_bytes(app)
        for secret in (CODE, CAPTION, COMMENT, CLIP_CAPTION):
            assert secret.encode() not in raw
        assert b"KEEPCASE" in raw
    with app.db.session() as s:
        row = s.scalar(select(AuditEvent).where(AuditEvent.action == "case.delete"))
        assert row.detail["case"] == ids["case"] and row.detail["objects"] == 1
        assert row.detail["n_annotation"] == 1 and row.detail["n_annotation_journal"] == 4
    with app.db.engine.connect() as conn:
        assert audit.verify(conn).ok
    again = CliRunner().invoke(cli, ["--home", str(home), "case", "delete", CODE, "--yes"])
    assert again.exit_code == 1 and f"There is no case {CODE}" in again.output


def test_case_delete_asks_first(app):
    with app.db.session() as s:
        library.create_case(s, "ASKED")
    home = str(Path(app.config.home))
    result = CliRunner().invoke(cli, ["--home", home, "case", "delete", "ASKED"], input="n\n")
    assert result.exit_code == 1 and "Nothing was deleted" in result.output
    assert "ASKED" in _every_row(app)
    result = CliRunner().invoke(cli, ["--home", home, "case", "delete", "ASKED"], input="y\n")
    assert result.exit_code == 0 and "ASKED" not in _every_row(app).replace("ASKED", "", 0)


def test_retention_run_deletes_only_cases_past_their_date(app):
    with app.db.session() as s:
        for code in ("OLD-1", "NEW-1", "NONE-1"):
            library.create_case(s, code)
    yesterday, tomorrow = date.today() - timedelta(days=1), date.today() + timedelta(days=1)
    consent.set_consent(app, None, "OLD-1", keep_until=yesterday)
    consent.set_consent(app, None, "NEW-1", keep_until=tomorrow)
    home = str(Path(app.config.home))
    dry = CliRunner().invoke(cli, ["--home", home, "retention", "run", "--dry-run"])
    assert dry.exit_code == 0 and "OLD-1" in dry.output and "NEW-1" not in dry.output
    assert "1 cases would be deleted" in dry.output
    assert "OLD-1" in _every_row(app)
    run = CliRunner().invoke(cli, ["--home", home, "retention", "run"])
    assert run.exit_code == 0 and "Deleted 1 cases" in run.output
    with app.db.session() as s:
        codes = [c.code for c in library.list_cases(s)]
    assert codes == ["NEW-1", "NONE-1"]
    assert [d.code for d in privacy.retention_due(app, None, tomorrow + timedelta(days=1))] \
        == ["NEW-1"]
    with app.db.engine.connect() as conn:
        actions = [r["action"] for r in audit.rows(conn)]
    assert actions[:2] == ["retention.run", "case.delete"]


@pytest.mark.parametrize("code", ["NOPE"])
def test_deleting_an_unknown_case_is_a_clear_error(app, code):
    result = CliRunner().invoke(cli, ["--home", str(Path(app.config.home)), "case", "delete",
                                      code, "--yes"])
    assert result.exit_code == 1 and "Error: There is no case NOPE" in result.output


def test_a_deletion_cut_off_after_its_commit_is_finished_later(app, indexed_video, monkeypatch):
    """Killed between the commit (rows gone) and the removal of the files: the footage is
    not forgotten on disk; the next deletion or retention run removes it."""
    from vfeedback import retention

    ids = _fill(app, indexed_video, "CUT-1", caption="cut caption", comment="cut comment")
    real_remove = app.store.remove

    def killed(_key: str) -> None:
        raise KeyboardInterrupt  # stands for kill -9 at that point

    monkeypatch.setattr(app.store, "remove", killed)
    with pytest.raises(KeyboardInterrupt):
        retention.delete_case(app, "CUT-1", actor="admin")
    monkeypatch.setattr(app.store, "remove", real_remove)
    assert app.store.contains(ids["key"]) and ids["folder"].is_dir()  # left on disk...
    assert (Path(app.config.home) / retention.PENDING).is_file()  # ...but written down
    privacy.retention_run(app, None)  # nothing due; it finishes the cut-off deletion
    assert not app.store.contains(ids["key"]) and not app.store.contains(ids["derived"])
    assert not ids["folder"].exists()
    assert not (Path(app.config.home) / retention.PENDING).exists()
