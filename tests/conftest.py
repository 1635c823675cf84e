"""Fixtures shared by every test: a real database migrated by Alembic, emptied after each test.

Set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run
the suite against PostgreSQL; by default it uses a SQLite file.
"""

import os
import uuid

import pytest
import redis
from hypothesis import settings
from sqlalchemy import text

import core.models  # noqa: F401  (every table on the metadata)
from core.db import Base, make_engine, make_session_factory
from core.migrate import upgrade_database
from layanan.factory import create_app
from tests.needs import missing
from tests.seeded import remember_seeded_rows, restore_seeded_rows
from tests.sms.fake_gateway import FakeAfricasTalking

# In CI the property tests draw the same examples on every run: a red run
# then means a change broke something, never that chance found an old flaw.
# Developers' runs stay random and keep searching.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A freshly migrated database for this test run.

    On PostgreSQL each run gets its own schema, so that runs sharing one
    server database (developers in parallel, CI) never see each other's rows.
    """
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        upgrade_database(url)
        remember_seeded_rows(url)
        yield url
        return
    schema = f"test_run_{os.getpid()}"
    admin = make_engine(server_url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in server_url else "?"
    url = f"{server_url}{separator}options=-csearch_path%3D{schema}"
    upgrade_database(url)
    remember_seeded_rows(url)
    yield url
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def engine(database_url):
    """One engine for the run."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables(request):
    """Leave no rows behind for the next test, whatever the test did."""
    yield
    if "engine" not in request.fixturenames:
        return
    engine = request.getfixturevalue("engine")
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    restore_seeded_rows(engine)


@pytest.fixture
def session(engine):
    """A session on the test database, closed after the test."""
    factory = make_session_factory(engine)
    with factory() as session:
        yield session


@pytest.fixture
def sessions(engine):
    """A session factory on the test database, as a worker or the scheduler gets one."""
    return make_session_factory(engine)


@pytest.fixture
def fake_at():
    """A fake Africa's Talking SMS API on a free local port (tests/sms/fake_gateway.py)."""
    fake = FakeAfricasTalking().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    """Compile the translation catalogues if the setup step has not (or they are stale)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from core.i18n import TRANSLATIONS_DIR, translations_for

    for po_path in TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=True)
    translations_for.cache_clear()


@pytest.fixture(scope="session")
def redis_url():
    """The Redis server of this machine (TEST_REDIS_URL), for the stores that can use one."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        missing(f"no Redis server at {url} ({error})")
    return url


@pytest.fixture
def redis_prefix(redis_url):
    """A key prefix of this test's own; its keys are deleted after it."""
    prefix = f"layanan-test:{os.getpid()}:{uuid.uuid4().hex[:8]}:"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def make_app(database_url, engine):
    """Build the app in testing mode with extra settings; every app is disposed after."""
    apps = []

    def make(**settings):
        app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": database_url}
                         | settings)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["layanan.engine"].dispose()


@pytest.fixture
def app(make_app):
    """The app in testing mode on the migrated test database."""
    return make_app()


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the `layanan` CLI commands."""
    return app.test_cli_runner()
