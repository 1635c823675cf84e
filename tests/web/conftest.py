"""Web fixtures; app, client, runner and make_app come from tests/conftest.py."""

import pytest


@pytest.fixture
def web(make_app):
    """A client of an app without CSRF checks, for tests that are not about CSRF."""
    return make_app(WTF_CSRF_ENABLED=False).test_client()
