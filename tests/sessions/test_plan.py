"""Feedback plans on a real database: proposing from coded moments, editing, checking, reel."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions import plan as plans
from sessions.reel import build_plan_reel
from sessions.themes import THEMES, theme_for_code, theme_title
from vfeedback import library
from vfeedback.errors import InputError
from vfeedback.media.probe import probe
from vfeedback.models import Annotation, Code, CodingScheme


@pytest.fixture
def visit(app, indexed_video: Path):
    """A visit with one 6 s recording and a few coded moments (strengths and work-on)."""
    with app.db.session() as session:
        case = library.create_case(session, "P-001")
        visit = library.get_or_create_visit(session, case, 1,
                                            theme="vipp.exploration_attachment")
        recording = library.import_recording(session, app.store, indexed_video, visit)
        scheme = CodingScheme(name="vipp-test", title="VIPP-SD")
        codes = {key: Code(key=key, name=key, group=group, kind="interval") for key, group in [
            ("exploration", "Exploration vs attachment"), ("sharing_emotions", "Sharing emotions"),
            ("episode_free_play", "Episodes")]}
        scheme.codes = list(codes.values())
        session.add(scheme)
        session.flush()
        rows = [("sharing_emotions", 500, 1500, "strength", "Vi skrattar ihop! åäö"),
                ("exploration", 3000, 4000, "strength", "Jag tittar och du är där"),
                ("exploration", 1000, 2000, "work_on", ""),
                ("exploration", 4200, None, "work_on", ""),
                ("exploration", 2000, 2500, "work_on", ""),
                ("episode_free_play", 0, 6000, None, "")]
        for key, start, end, valence, caption in rows:
            session.add(Annotation(recording=recording, code=codes[key], start_ms=start,
                                   end_ms=end, valence=valence, caption=caption,
                                   comment=f"note {start}"))
        return visit.id, recording.id


def test_themes() -> None:
    assert theme_title("vipp.exploration_attachment") == "Exploration and attachment"
    assert theme_title("my own") == "my own"
    assert {"vipp.speaking_for_child", "vipp.sensitivity_chain", "vipp.sharing_emotions"} <= set(THEMES)
    assert theme_for_code("child_signal") == "vipp.sensitivity_chain"
    assert theme_for_code("x", "Sharing emotions") == "vipp.sharing_emotions"


def test_propose_plan_strengths_first_grouped_by_theme(app, visit) -> None:
    visit_id, _recording_id = visit
    with app.db.session() as session:
        plan = plans.propose_plan(session, visit_id, max_work_on=1, lead_in_ms=200,
                                  lead_out_ms=200)
        clips = [(c.theme, c.start_ms, c.end_ms, c.caption, c.note) for c in plan.clips]
    # The visit's theme first: its strength, then one work-on moment; the episode is skipped.
    assert clips == [
        ("vipp.exploration_attachment", 3000, 4000, "Jag tittar och du är där", "note 3000"),
        ("vipp.exploration_attachment", 1000, 2000, "", "note 1000"),
        ("vipp.sharing_emotions", 500, 1500, "Vi skrattar ihop! åäö", "note 500"),
    ]
    with app.db.session() as session:
        # A budget of 3 s (1.4 s per moment with padding) leaves room for two.
        plan = plans.propose_plan(session, visit_id, max_minutes=3 / 60, lead_in_ms=200,
                                  lead_out_ms=200)
        assert len(plan.clips) == 2
        assert all(c.annotation.valence == "strength" for c in plan.clips)


def test_edit_plan_and_refuse_bad_times(app, visit) -> None:
    visit_id, recording_id = visit
    with app.db.session() as session:
        plan = plans.get_or_create_plan(session, visit_id)
        a = plans.add_clip(session, plan, recording_id, 0, 1000, "ett")
        b = plans.add_clip(session, plan, recording_id, 2000, 3000, "två")
        c = plans.add_clip(session, plan, recording_id, 4000, 5000, "tre", position=0)
        assert [x.caption for x in plan.clips] == ["tre", "ett", "två"]
        plans.move_clip(session, plan, c.id, 2)
        assert [x.caption for x in plan.clips] == ["ett", "två", "tre"]
        plans.update_clip(session, b.id, caption="två!", speed=0.5)
        plans.remove_clip(session, a.id)
        assert [(x.caption, x.position) for x in plan.clips] == [("två!", 0), ("tre", 1)]
        with pytest.raises(InputError, match="outside"):
            plans.add_clip(session, plan, recording_id, 5000, 9000)
        with pytest.raises(InputError, match="end after"):
            plans.update_clip(session, b.id, end_ms=1000)
        with pytest.raises(InputError, match="no field"):
            plans.update_clip(session, b.id, colour="red")
        assert plans.validate_plan(session, plan, app.store) == []
    with app.db.session() as session:
        plan = plans.get_or_create_plan(session, visit_id)
        assert [x.caption for x in plan.clips] == ["två!", "tre"]


def test_validate_plan_finds_missing_source(app, visit) -> None:
    visit_id, recording_id = visit
    with app.db.session() as session:
        plan = plans.get_or_create_plan(session, visit_id)
        plans.add_clip(session, plan, recording_id, 0, 1000)
        key = plan.clips[0].recording.store_key
        app.store.remove(key)
        problems = plans.validate_plan(session, plan, app.store)
    assert len(problems) == 1 and "missing" in problems[0]


def test_plan_reel_from_store(app, visit, tmp_path: Path) -> None:
    visit_id, _ = visit
    with app.db.session() as session:
        plans.propose_plan(session, visit_id, max_work_on=0, lead_in_ms=0, lead_out_ms=0)
    result = build_plan_reel(app, visit_id, tmp_path / "reel.mp4", height=None, card_s=0.5)
    # Opening card + two theme cards, two 1 s clips.
    assert result.duration_s == pytest.approx(3 * 0.5 + 2.0, abs=0.05)
    assert probe(result.path).has_audio
    assert len(result.chapters) == 2


def test_plan_and_reel_import_one_way() -> None:
    """The reel reads the plan (``plan_clips``); the plan never imports the reel."""
    import ast
    from pathlib import Path

    import sessions

    folder = Path(sessions.__file__).parent

    def imported(name: str) -> set[str]:
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        return {node.module or "" for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom)}

    assert "plan" in imported("reel.py")
    assert not {"reel", "sessions.reel"} & imported("plan.py")
