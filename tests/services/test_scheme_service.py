"""services.schemes: a clinician's own coding scheme, made new or copied from a built-in one,
with codes added, renamed, reordered, keyed and coloured; coded moments keep their code."""

from __future__ import annotations

import pytest

from services import annotations, schemes
from vfeedback.errors import InputError

TRANSPORT = frozenset({"SPACE", "K", "J", "L", "W", "F", ","})


def scheme(app, scheme_id: int) -> schemes.EditableScheme:  # noqa: ANN001
    return next(s for s in schemes.list_schemes(app, None) if s.id == scheme_id)


def test_a_new_scheme_gets_codes_with_unique_free_keys(app) -> None:  # noqa: ANN001
    sid = schemes.new_scheme(app, None, "Our home visits").value
    first = schemes.add_code(app, None, sid, "Shared smile", shortcut="S", kind="point",
                             colour="#AA3300", reserved=TRANSPORT).value
    second = schemes.add_code(app, None, sid, "Turn taking", shortcut="t", kind="interval",
                              reserved=TRANSPORT).value
    made = scheme(app, sid)
    assert not made.builtin and made.title == "Our home visits"
    assert [(c.name, c.shortcut, c.kind, c.colour) for c in made.codes] == [
        ("Shared smile", "s", "point", "#aa3300"), ("Turn taking", "t", "interval", "#4c72b0")]
    with pytest.raises(InputError, match="already the key of Shared smile"):
        schemes.update_code(app, None, second, shortcut="s", reserved=TRANSPORT)
    with pytest.raises(InputError, match="belongs to the player"):
        schemes.add_code(app, None, sid, "Kiss", shortcut="k", reserved=TRANSPORT)
    with pytest.raises(InputError, match="one letter or digit"):
        schemes.update_code(app, None, first, shortcut="Ctrl+S")
    with pytest.raises(InputError, match="#rrggbb"):
        schemes.update_code(app, None, first, colour="red")
    # Nothing of the refused edits was saved.
    assert [(c.name, c.shortcut) for c in scheme(app, sid).codes] == [
        ("Shared smile", "s"), ("Turn taking", "t")]

    schemes.move_code(app, None, second, 0)
    assert [c.name for c in scheme(app, sid).codes] == ["Turn taking", "Shared smile"]
    # The coding panel's list shows the same order (one source: the database).
    [row] = [s for s in annotations.schemes(app, None) if s.id == sid]
    assert [c.name for c in row.codes] == ["Turn taking", "Shared smile"]


def test_built_in_schemes_are_copied_not_changed(app) -> None:  # noqa: ANN001
    vipp = next(s for s in schemes.list_schemes(app, None) if s.name == "vipp-sd")
    assert vipp.builtin
    with pytest.raises(InputError, match="copy it first"):
        schemes.update_code(app, None, vipp.codes[0].id, name="Mine now")
    copy_id = schemes.copy_scheme(app, None, vipp.id, "VIPP for our team").value
    copy = scheme(app, copy_id)
    assert [(c.key, c.name, c.shortcut, c.kind) for c in copy.codes] == [
        (c.key, c.name, c.shortcut, c.kind) for c in vipp.codes]
    assert not {c.id for c in copy.codes} & {c.id for c in vipp.codes}
    assert scheme(app, vipp.id).codes == vipp.codes


def test_renaming_a_used_code_keeps_its_moments(app, recording_id: int) -> None:  # noqa: ANN001
    sid = schemes.new_scheme(app, None, "Mine").value
    code = schemes.add_code(app, None, sid, "Smile", shortcut="s").value
    annotations.add(app, None, recording_id, code, 1000)
    schemes.update_code(app, None, code, name="Shared smile", colour="#00aa00", shortcut="m")
    [moment] = annotations.annotations(app, None, recording_id)
    assert (moment.code_id, moment.code_name) == (code, "Shared smile")
    with pytest.raises(InputError, match="kind cannot change"):
        schemes.update_code(app, None, code, kind="interval")
    with pytest.raises(InputError, match="used by 1 moments"):
        schemes.remove_code(app, None, code)
    assert scheme(app, sid).codes[0].uses == 1


def test_named_users_edit_schemes_by_role_and_undo_survives_a_removed_code(
        app, recording_id: int) -> None:  # noqa: ANN001
    """The editor works for a named (logged-in) user; a trainee may not change the shared
    schemes; an undo that would bring back a moment of a removed code says so, and changes
    nothing."""
    from services import assignments
    from services.access import AccessDenied
    from vfeedback.models import Recording

    for name, role in (("cleo", "clinician"), ("tina", "trainee")):
        assignments.add_user_row(app, None, name, role)
    with app.db.session() as session:
        case_id = session.get(Recording, recording_id).visit.case_id
    assignments.assign(app, None, case_id, "cleo")
    sid = schemes.new_scheme(app, "cleo", "Cleo's scheme").value
    assert [s.title for s in schemes.list_schemes(app, "tina") if s.id == sid] == [
        "Cleo's scheme"]
    with pytest.raises(AccessDenied, match="trainee"):
        schemes.add_code(app, "tina", sid, "Mine", kind="point")
    code_id = schemes.add_code(app, "cleo", sid, "Glance", kind="point").value
    moment = annotations.add(app, "cleo", recording_id, code_id, 1000).value
    annotations.delete(app, "cleo", recording_id, [moment])
    schemes.remove_code(app, "cleo", code_id)  # no moment uses it now
    with pytest.raises(InputError, match="undo would bring back a moment whose code was removed"):
        annotations.undo(app, "cleo", recording_id)
    assert annotations.annotations(app, "cleo", recording_id) == []
