"""The seek proxy: same frames as the original (checked by their index code), registered as a
derivative once, remade when its parameters change, nothing left behind on failure."""

from __future__ import annotations

import pytest

from vfeedback import library
from vfeedback.errors import MediaError
from vfeedback.media import proxy
from vfeedback.media.reader import FrameReader
from vfeedback.media.synth import make_video, read_index_code
from vfeedback.models import Derivative


@pytest.fixture
def recording_id(app, tmp_path) -> int:  # noqa: ANN001
    video = tmp_path / "tall.mp4"
    # 640x720 with a 2 s keyframe interval: the proxy must bring it to 540 lines, every frame.
    make_video(video, duration_s=3, fps=25, width=640, height=720, keyint=50)
    with app.db.session() as session:
        case = library.create_case(session, "PX-1")
        visit = library.get_or_create_visit(session, case, 1)
        return library.import_recording(session, app.store, video, visit).id


def test_proxy_has_every_frame_and_short_keyframe_interval(app, recording_id) -> None:  # noqa: ANN001
    seen = []
    key = proxy.ensure_proxy(app, recording_id, progress=lambda f, what: seen.append(f))
    assert seen and seen[-1] == 1.0
    with app.store.media_path(key) as path, FrameReader(path) as reader:
        assert (reader.width, reader.height) == (480, 540)
        assert reader.frame_count == 75
        for index in (74, 3, 40, 39, 0):
            assert read_index_code(reader.frame_at(index).image) == index
    from vfeedback.media.cut import keyframe_times

    with app.store.media_path(key) as path:
        times = keyframe_times(path)
    assert len(times) >= 75 // proxy.KEYINT


def test_proxy_is_made_once_and_remade_for_new_parameters(app, recording_id, monkeypatch) -> None:  # noqa: ANN001
    first = proxy.ensure_proxy(app, recording_id)
    assert proxy.ensure_proxy(app, recording_id) == first  # reused, not remade
    monkeypatch.setattr(proxy, "PARAMS", {**proxy.PARAMS, "crf": 30, "version": 2})
    second = proxy.ensure_proxy(app, recording_id)
    assert second != first
    with app.db.session() as session:
        rows = session.query(Derivative).filter_by(recording_id=recording_id, kind="proxy").all()
        assert [r.store_key for r in rows] == [second]


def test_failed_proxy_leaves_nothing_behind(app, recording_id, monkeypatch) -> None:  # noqa: ANN001
    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        return ["-f", "lavfi", "-i", "nullsrc=d=0.1", "-c:v", "no_such_encoder", str(args[1])]
    monkeypatch.setattr(proxy, "proxy_args", broken)
    keys_before = set(app.store.keys())
    with pytest.raises(MediaError, match="seek proxy"):
        proxy.ensure_proxy(app, recording_id)
    assert set(app.store.keys()) == keys_before
    # This process's work folder stays while it lives (vfeedback/scratch.py); nothing in it.
    left = [p for p in (app.store.root / "tmp").rglob("*") if p.is_file() and p.name != ".owner"]
    assert left == []
    with app.db.session() as session:
        assert proxy.find_proxy(session, recording_id) is None
