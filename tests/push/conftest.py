"""Push fixtures; app, make_app and the fake SMS API come from tests/conftest.py."""

import pytest


@pytest.fixture
def web(make_app):
    """A client of an app without VAPID keys (push off) and without CSRF checks."""
    return make_app(WTF_CSRF_ENABLED=False).test_client()
