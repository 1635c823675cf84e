"""Fixtures of the duties: the settings they read (sessions come from tests/conftest.py)."""

import pytest

from layanan.config import SETTINGS


@pytest.fixture
def config():
    """The default settings (retention, DIGEST_HOUR) as a deployment has them."""
    return dict(SETTINGS)
