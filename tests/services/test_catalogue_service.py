"""Catalogue services and the one way to add or replace a derivative of a recording."""

from __future__ import annotations

from pathlib import Path

import pytest

from services import catalogue
from services.changes import Changes, Subject
from vfeedback.derivatives import put_derivative
from vfeedback.errors import InputError
from vfeedback.media import proxy
from vfeedback.models import Derivative


@pytest.fixture
def recording(app, indexed_video):  # noqa: ANN001, ANN201
    created = catalogue.create_case(app, None, "FAM-CAT")
    assert created.changes.touches(Subject.CASES, Subject.VISITS)
    visit = catalogue.list_cases(app, None)[0].visits[0]
    done = catalogue.import_files(app, None, visit.id, [indexed_video], make_proxies=False)
    assert done.changes.subjects == {Subject.RECORDINGS, Subject.VISITS}
    return done.value[0]


def _object(app, payload: bytes) -> str:  # noqa: ANN001
    with app.store.writer(".bin") as writer:
        writer.path.write_bytes(payload)
    return writer.key


def _rows(app, rid: int) -> list[tuple[str, str, str]]:  # noqa: ANN001
    with app.db.session() as session:
        return sorted((d.kind, d.name, d.store_key) for d in session.query(Derivative)
                      .filter(Derivative.recording_id == rid))


def test_replacing_a_derivative_removes_the_old_object(app, recording) -> None:  # noqa: ANN001
    old, new = _object(app, b"first results"), _object(app, b"second results")
    with app.db.session() as session:
        put_derivative(session, app.store, recording, "analysis", "landmarks", old, {"v": 1})
    with app.db.session() as session:
        put_derivative(session, app.store, recording, "analysis", "landmarks", new, {"v": 2})
    assert _rows(app, recording) == [("analysis", "landmarks", new)]
    assert app.store.contains(new) and not app.store.contains(old)


def test_an_object_another_row_uses_stays(app, recording, indexed_video) -> None:  # noqa: ANN001
    shared, other = _object(app, b"shared"), _object(app, b"other")
    with app.db.session() as session:
        put_derivative(session, app.store, recording, "analysis", "landmarks", shared)
        put_derivative(session, app.store, recording, "original", "phone.mov", shared)
    with app.db.session() as session:
        put_derivative(session, app.store, recording, "analysis", "landmarks", other)
    assert app.store.contains(shared)  # still the kept original
    # Same object again: nothing to remove.
    with app.db.session() as session:
        put_derivative(session, app.store, recording, "original", "phone.mov", shared)
    assert app.store.contains(shared)


def test_a_rolled_back_replacement_keeps_the_old_object(app, recording) -> None:  # noqa: ANN001
    old, new = _object(app, b"kept"), _object(app, b"never registered")
    with app.db.session() as session:
        put_derivative(session, app.store, recording, "analysis", "landmarks", old)
    with pytest.raises(RuntimeError), app.db.session() as session:
        put_derivative(session, app.store, recording, "analysis", "landmarks", new)
        raise RuntimeError("the rest of the transaction failed")
    assert _rows(app, recording) == [("analysis", "landmarks", old)]
    assert app.store.contains(old)


def test_a_new_proxy_replaces_a_stale_one_and_its_file(app, recording, monkeypatch) -> None:  # noqa: ANN001
    stale = _object(app, b"a proxy made with old parameters")
    with app.db.session() as session:
        put_derivative(session, app.store, recording, "proxy", "360p", stale, {"height": 360})
    made = catalogue.ensure_proxy(app, None, recording)
    assert made.changes == Changes({Subject.DERIVATIVES}, recording)
    assert _rows(app, recording) == [("proxy", f"{proxy.HEIGHT}p", made.value)]
    assert not app.store.contains(stale)
    with catalogue.playable_file(app, None, recording) as (path, is_proxy):
        assert is_proxy and Path(path).is_file()
    assert catalogue.ensure_proxy(app, None, recording).value == made.value  # made once


def test_catalogue_reads_and_writes(app, recording) -> None:  # noqa: ANN001
    [case] = catalogue.list_cases(app, None)
    assert catalogue.rename_case(app, None, case.id, "FAM-NEW").changes.touches(Subject.CASES)
    visit_id = catalogue.add_visit(app, None, "FAM-NEW", "free").value
    assert [v.number for v in catalogue.list_visits(app, None)] == [1, 2]
    catalogue.set_visit_theme(app, None, visit_id, "vipp.booster")
    assert catalogue.list_cases(app, None)[0].visits[1].theme == "vipp.booster"
    info = catalogue.get_recording(app, None, recording)
    assert info.fps == 25 and info.frame_at(info.ms_of(30)) == 30
    assert catalogue.visit_stem(app, None, visit_id) == "FAM-NEW-visit2"
    with pytest.raises(InputError):
        catalogue.get_recording(app, None, 999)
    with pytest.raises(InputError):
        catalogue.rename_case(app, None, 999, "X")
