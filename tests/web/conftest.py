"""Fixtures for the Flask app: app, client and CLI runner on the test database."""

import pytest

from web.app import create_app


@pytest.fixture
def app(database_url, engine):
    """The app in testing mode on the migrated test database."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": database_url})
    yield app
    app.extensions["layanan.engine"].dispose()


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the `layanan` CLI commands."""
    return app.test_cli_runner()
