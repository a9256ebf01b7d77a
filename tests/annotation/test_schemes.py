"""Built-in coding schemes and the scheme file format."""

from __future__ import annotations

import json

import pytest

from annotation.schemes import (
    ensure_builtin_schemes,
    export_scheme,
    get_scheme,
    import_scheme,
    list_schemes,
    scheme_to_dict,
)
from vfeedback.errors import InputError


def test_builtins_are_complete_and_idempotent(app):
    with app.db.session() as session:
        first = ensure_builtin_schemes(session)
    with app.db.session() as session:
        again = ensure_builtin_schemes(session)
        assert [s.id for s in again] == [s.id for s in first]
        assert len(list_schemes(session)) == 3
        for scheme in again:
            shortcuts = [c.shortcut for c in scheme.codes]
            assert all(len(s) == 1 for s in shortcuts)
            assert len(set(shortcuts)) == len(shortcuts), scheme.name
            assert all(c.colour.startswith("#") and c.kind and c.subject for c in scheme.codes)
        vipp = {c.key for c in get_scheme(session, "vipp-sd").codes}
        assert {"speaking_for_child", "child_signal", "parent_response", "child_reaction",
                "sharing_emotions", "inductive_discipline", "positive_reinforcement",
                "sensitive_time_out", "empathy", "episode_dont_touch", "episode_tidy_up",
                "exploration", "attachment", "episode_free_play",
                "episode_book_reading"} <= vipp
        bhv = get_scheme(session, "bhv")
        assert sum(c.group == "Concern signs" for c in bhv.codes) >= 4
        rating = [c for c in get_scheme(session, "sensitivity").codes if c.kind == "rating"]
        assert (rating[0].scale_min, rating[0].scale_max) == (1, 9)


def test_export_import_round_trip(app, tmp_path):
    path = tmp_path / "bhv.json"
    with app.db.session() as session:
        ensure_builtin_schemes(session)
        original = scheme_to_dict(get_scheme(session, "bhv"))
        export_scheme(get_scheme(session, "bhv"), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = 2
    path.write_text(json.dumps(data), encoding="utf-8")
    with app.db.session() as session:
        imported = import_scheme(session, path)
        assert imported.version == 2
        again = scheme_to_dict(imported)
    assert again["codes"] == original["codes"]
    with app.db.session() as session, pytest.raises(InputError, match="already a scheme"):
        import_scheme(session, path)


@pytest.mark.parametrize("text, message", [
    ("{", "line 1"),
    ('{"name": "x", "codes": []}', "no codes"),
    ('{"name": "x", "codes": [{"key": "a", "shortcut": "a"}, {"key": "b", "shortcut": "a"}]}',
     r"codes\[1\].*shortcut"),
    ('{"name": "x", "codes": [{"key": "a", "kind": "rating"}]}', "scale_min"),
    ('{"name": "x", "codes": [{"key": "a", "colour": "red"}]}', "colour"),
])
def test_bad_scheme_files_name_the_place(app, tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with app.db.session() as session, pytest.raises(InputError, match=message) as info:
        import_scheme(session, path)
    assert "bad.json" in str(info.value)
