"""The player's sources in an encrypted home: a lasting loopback URL that the frame cache and
Qt read after the service call has returned, frame-exact."""

from __future__ import annotations

from services import catalogue
from vfeedback.crypto import Keyring, subkey
from vfeedback.media.plainserve import is_url
from vfeedback.media.synth import read_index_code
from vfeedback.store import MediaStore


def test_playable_source_outlives_the_service_call_and_seeks_exactly(app, recording_id):
    from gui.frame_cache import FrameCache
    from gui.player import media_url

    plain_store = app.store
    app.store = MediaStore(app.config.home / "sealed",
                           key=subkey(Keyring.new_data_key(), "store"))
    with app.db.session() as session:
        from vfeedback.models import Recording

        key = session.get(Recording, recording_id).store_key
    app.store.copy_from(plain_store, key)
    assert b"ftyp" not in (app.store.root / "objects" / key[:2] / key).read_bytes()

    with catalogue.playable_file(app, None, recording_id) as (source, is_proxy):
        assert not is_proxy and is_url(source)
    # The block is over; the player keeps reading the same source.
    with FrameCache(source) as cache:
        for index in (0, 37, 99, 36):
            assert read_index_code(cache.get(index)) == index
    url = media_url(source)
    assert url.scheme() == "http" and url.host() == "127.0.0.1"
    with catalogue.playable_file(app, None, recording_id) as (again, _p):
        assert again == source  # one URL per object, not one per opening
