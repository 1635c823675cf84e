"""Fixtures for the SMS channel: the app on the test database and a fake Africa's Talking."""

import pytest

from core.db import make_session_factory
from tests.sms.fake_gateway import FakeAfricasTalking
from web.app import create_app


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
    """The app with default settings (no callback token, console gateway)."""
    return make_app()


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def sessions(engine):
    """A session factory on the test database, as the worker gets one."""
    return make_session_factory(engine)


@pytest.fixture
def fake_at():
    """A fake Africa's Talking SMS API on a free local port."""
    fake = FakeAfricasTalking().start()
    yield fake
    fake.stop()
