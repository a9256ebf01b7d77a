"""`vfeedback backup` writes a plain SQLite file and plain objects: refused for a protected
home, so a backup never puts a family's data in the clear."""

from __future__ import annotations

import pytest

from vfeedback.crypto import KdfParams

CHEAP = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)
pytestmark = pytest.mark.sqlite_only(reason="a protected laptop home is a SQLCipher file")


def test_backup_of_a_protected_home_is_refused_and_writes_nothing(tmp_path, indexed_video) -> None:
    from services import catalogue
    from vfeedback import security
    from vfeedback.app import open_app
    from vfeedback.errors import InputError
    from vfeedback.server.backup import backup

    home = tmp_path / "home"
    security.create_home_keys(home, "ada", "admin-password", kdf=CHEAP)
    app = open_app(home, identity=security.login(home, "ada", "admin-password"))
    try:
        catalogue.import_into(app, None, "FAM-A", 1, indexed_video, create_case=True)
        out = tmp_path / "backup"
        with pytest.raises(InputError, match="would write its data unencrypted"):
            backup(app, out)
        assert not out.exists() and not out.with_name("backup.partial").exists()
    finally:
        app.close()
