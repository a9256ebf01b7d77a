"""Fixtures shared by the whole suite: real footage, generated exact footage, an opened app.

The database backend: SQLite in each test's home by default. With
``VFEEDBACK_TEST_DATABASE`` set to a PostgreSQL admin URL (``scripts/pg-test-server.sh``
prints one; ``.ci/run`` does it), every test gets a fresh PostgreSQL database, already at the
newest schema, through ``VFEEDBACK_DATABASE_URL`` (so the CLI subprocesses a test starts use it
too), dropped after the test. Tests that are about SQLite itself carry
``@pytest.mark.sqlite_only(reason=...)`` and are skipped there.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Qt tests run headless unless a test starts its own X server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED_MEDIA = (REPO / ".." / "shared" / "media").resolve()


@pytest.fixture(scope="session")
def shared_media() -> Path:
    """Real footage and annotation files made by others (beside the checkout, as on CI)."""
    if not SHARED_MEDIA.is_dir():
        pytest.skip(f"shared media not found at {SHARED_MEDIA}")
    return SHARED_MEDIA


@pytest.fixture(scope="session")
def street_video(shared_media: Path) -> Path:
    """Real street footage: H.264 1280x720, 50 fps, 4.1 s, 205 frames, AAC stereo."""
    return shared_media / "street_people_720p50.avi"


@pytest.fixture(scope="session")
def indexed_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """6 s of 320x180 25 fps H.264/AAC whose frames spell their own index (see media.synth)."""
    from vfeedback.media.synth import make_video

    path = tmp_path_factory.mktemp("media") / "indexed.mp4"
    make_video(path, duration_s=6, fps=25, width=320, height=180, keyint=25)
    return path


@pytest.fixture(scope="session")
def second_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second short video (other bytes than ``indexed_video``: the store dedupes)."""
    from vfeedback.media.synth import make_video

    path = tmp_path_factory.mktemp("media") / "second.mp4"
    make_video(path, duration_s=3, fps=25, width=160, height=90, keyint=25, tone_hz=660)
    return path


@pytest.fixture
def access_home(app, indexed_video: Path, second_video: Path):  # noqa: ANN001, ANN201
    """Two families and four people with roles (``tests/privacy/access_homes.py``)."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "privacy"))
    from access_homes import build_home

    return build_home(app, indexed_video, second_video)


@pytest.fixture
def protected_home(tmp_path: Path) -> Path:
    """A protected home whose administrator is ``ada`` (password ``admin-secret-1``), its
    key wrapped with Argon2id at a test's cost (the same code path, ~50x cheaper)."""
    from vfeedback.crypto import KdfParams
    from vfeedback.security import create_home_keys

    home = tmp_path / "home"
    create_home_keys(home, "ada", "admin-secret-1",
                     kdf=KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1))
    return home


PG_ADMIN_URL = os.environ.get("VFEEDBACK_TEST_DATABASE", "")
ON_POSTGRES = PG_ADMIN_URL.startswith("postgresql")
TEMPLATE = "vf_template_" + uuid.uuid4().hex[:8]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): about SQLite itself; skipped on PostgreSQL")
    config.addinivalue_line("markers", "postgres_only(reason): needs a PostgreSQL server")


# Test modules that open no vfeedback database (analysis of footage, media, encryption,
# interchange formats, catalogues): on PostgreSQL they would only repeat the SQLite run at
# the cost of minutes of CI, so they run once, on SQLite.
NO_DATABASE = {
    "test_dyads.py", "test_job.py", "test_span_pipeline.py", "test_partial_person.py",
    "test_cues.py", "test_identities.py", "test_audio_conversation.py", "test_audio_dyads.py",
    "test_audio_parts.py", "test_audio_voices.py", "test_audio_overlap.py", "test_reel.py",
    "test_compose.py", "test_media.py", "test_crypto.py", "test_store.py",
    "test_plainserve.py", "test_interchange.py", "test_csv_injection.py",
    "test_i18n_catalogues.py",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not ON_POSTGRES:
        return
    once = pytest.mark.skip(reason="opens no database: runs once, on SQLite")
    for item in items:
        if item.path.name in NO_DATABASE:
            item.add_marker(once)


def pytest_report_header(config: pytest.Config) -> str:
    return "database: " + ("PostgreSQL (VFEEDBACK_TEST_DATABASE)" if ON_POSTGRES else "SQLite")


@pytest.fixture(scope="session")
def _pg_admin() -> Iterator[object]:
    """One autocommit connection to the PostgreSQL server for creating and dropping databases."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(PG_ADMIN_URL)
    conn = psycopg.connect(host=url.host, port=url.port, user=url.username,
                           password=url.password, dbname=url.database, autocommit=True)
    conn.execute(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0')
    from vfeedback.db import Database

    template = Database(url.set(database=TEMPLATE).render_as_string(hide_password=False))
    template.upgrade()
    template.dispose()
    yield conn
    conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    conn.close()


@pytest.fixture
def new_database_url(request: pytest.FixtureRequest,
                     tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Makes fresh databases for one test: ``new_database_url(migrated=False)`` -> URL.

    SQLite: a new file in the test's folder; PostgreSQL: a new database on the test server,
    empty (``migrated=False``) or at the newest schema, dropped after the test.
    """
    made: list[str] = []

    def make(migrated: bool = False) -> str:
        if not ON_POSTGRES:
            path = tmp_path / f"db-{uuid.uuid4().hex[:8]}.db"
            return f"sqlite:///{path.as_posix()}"
        from sqlalchemy.engine import make_url

        admin = request.getfixturevalue("_pg_admin")
        name = "t_" + uuid.uuid4().hex[:16]
        template = TEMPLATE if migrated else "template0"
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')  # type: ignore[attr-defined]
        made.append(name)
        return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    yield make
    if made:
        admin = request.getfixturevalue("_pg_admin")
        for name in made:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _database_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL, point every home of this test at a fresh database of its own."""
    if request.node.get_closest_marker("postgres_only") and not ON_POSTGRES:
        marker = request.node.get_closest_marker("postgres_only")
        pytest.skip(marker.kwargs.get("reason", "needs PostgreSQL"))
    if not ON_POSTGRES:
        return
    marker = request.node.get_closest_marker("sqlite_only")
    if marker is not None:
        pytest.skip(marker.kwargs.get("reason", "about SQLite itself"))
    url = request.getfixturevalue("new_database_url")(migrated=True)
    monkeypatch.setenv("VFEEDBACK_DATABASE_URL", url)


@pytest.fixture
def app(tmp_path: Path):
    """A freshly opened vfeedback home (database + store) in a temporary folder."""
    from vfeedback.app import open_app

    opened = open_app(tmp_path / "home")
    yield opened
    _let_background_work_end()
    opened.close()


def _let_background_work_end() -> None:
    """A GUI test's work in the background (a window's read, an export) ends before its home
    is closed and deleted under it, and before the next test starts."""
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None and qtcore.QCoreApplication.instance() is not None:
        qtcore.QThreadPool.globalInstance().waitForDone(30_000)


@pytest.fixture
def recording_id(app, indexed_video: Path) -> int:
    """A real 6 s recording imported into a fresh app, with the built-in schemes present."""
    from annotation.schemes import ensure_builtin_schemes
    from vfeedback import library

    with app.db.session() as session:
        ensure_builtin_schemes(session)
        case = library.create_case(session, "T-001")
        visit = library.get_or_create_visit(session, case, 1)
        return library.import_recording(session, app.store, indexed_video, visit).id


@pytest.fixture
def vipp(app, recording_id: int) -> dict[str, int]:
    """Code ids of the VIPP-SD scheme by key."""
    from annotation.schemes import get_scheme

    with app.db.session() as session:
        return {c.key: c.id for c in get_scheme(session, "vipp-sd").codes}


# Fuzz tests explore new inputs on developers' machines; CI replays a fixed set so that a red
# run always means a change broke something, not that the dice found an old bug that day.
try:
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", derandomize=True)
    if os.environ.get("CI"):
        _hypothesis_settings.load_profile("ci")
except ImportError:  # hypothesis is a dev extra
    pass
