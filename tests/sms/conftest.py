"""Fixtures for the SMS channel: a session factory and a fake Africa's Talking (app and
client come from tests/conftest.py)."""

import pytest

from core.db import make_session_factory
from tests.sms.fake_gateway import FakeAfricasTalking


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
