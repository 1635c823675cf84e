"""Fixtures for operations: the app's log lines as written, and a database nobody can reach."""

import io
import logging

import pytest
from sqlalchemy.engine import make_url


@pytest.fixture
def log_lines(app):
    """What the app's own log handler writes during the test, as a list of lines (read later)."""
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "layanan", False))
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: buffer.getvalue().splitlines()
    handler.setStream(previous)


@pytest.fixture
def unreachable_url(database_url, tmp_path):
    """A database URL of the test's kind that cannot open: a closed port, a missing directory."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'missing' / 'directory' / 'layanan.db'}"
    return url.set(host="127.0.0.1", port=1).render_as_string(hide_password=False)
