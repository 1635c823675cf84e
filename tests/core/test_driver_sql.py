"""Statements at the driver (core/driver_sql.py): the same rows and errors as through SQLAlchemy."""

import sqlite3
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from core import driver_sql
from core.db import BUSY_TIMEOUT_MS, make_engine, make_session_factory
from core.driver_sql import has_short_way, reading, writing
from core.migrate import upgrade_database
from core.models import Citizen

CITIZENS = Citizen.__table__
ADD = insert(CITIZENS).values(phone=bindparam("phone"), language=bindparam("language"),
                              opted_out=False, created_at=bindparam("moment"))
BY_PHONE = select(CITIZENS.c.phone, CITIZENS.c.language, CITIZENS.c.opted_out,
                  CITIZENS.c.created_at).where(CITIZENS.c.phone == bindparam("phone"))
# A literal of the statement's own (the LIMIT) travels with it.
NEWEST = select(CITIZENS.c.phone).order_by(CITIZENS.c.id.desc()).limit(1)
MOMENT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(params=["driver", "session"])
def way(request, monkeypatch, session):
    """Both ways a statement runs: at the driver, and through the session (no rule)."""
    if request.param == "session":
        monkeypatch.setattr(driver_sql, "_BEGIN_WRITE", {})
    assert has_short_way(session) is (request.param == "driver")
    return request.param


def test_rows_written_and_read_back_with_their_types(way, session):
    """Booleans, zone-aware times and literals come back as the ORM gives them."""
    with writing(session) as write:
        write(ADD, {"phone": "+6281234500001", "language": "en", "moment": MOMENT})
        write(ADD, {"phone": "+6281234500002", "language": "id", "moment": MOMENT})
    with reading(session) as read:
        row = read(BY_PHONE, {"phone": "+6281234500001"})
        assert read(BY_PHONE, {"phone": "+6281234500009"}) is None
        assert read(NEWEST, {}) == {"phone": "+6281234500002"}
    assert row == {"phone": "+6281234500001", "language": "en", "opted_out": False,
                   "created_at": MOMENT}
    assert not session.in_transaction()
    orm = session.scalars(select(Citizen).where(Citizen.phone == "+6281234500001")).one()
    assert (orm.language, orm.created_at) == ("en", MOMENT)


def test_a_failed_write_is_sqlalchemys_error_and_undone(way, session):
    """A duplicate raises IntegrityError, and nothing of its transaction stays."""
    with writing(session) as write:
        write(ADD, {"phone": "+6281234500001", "language": "id", "moment": MOMENT})
    with pytest.raises(IntegrityError), writing(session) as write:
        write(ADD, {"phone": "+6281234500002", "language": "id", "moment": MOMENT})
        write(ADD, {"phone": "+6281234500001", "language": "id", "moment": MOMENT})
    session.rollback()
    assert session.scalars(select(Citizen.phone)).all() == ["+6281234500001"]


def test_reads_inside_an_open_transaction_see_its_writes(session):
    """A session with work of its own pending reads through itself, not beside it."""
    session.add(Citizen(phone="+6281234500003", language="en"))
    session.flush()
    with reading(session) as read:
        assert read(BY_PHONE, {"phone": "+6281234500003"})["language"] == "en"
    assert session.in_transaction()
    session.rollback()


@pytest.fixture
def sqlite_file(tmp_path):
    """A migrated SQLite file of its own: the lock tests need SQLite, whatever the suite runs on."""
    url = f"sqlite:///{tmp_path / 'locks.db'}"
    upgrade_database(url)
    engine = make_engine(url)
    yield engine, tmp_path / "locks.db"
    engine.dispose()


def _hold_write_lock(path, seconds: float) -> threading.Thread:
    """Another writer holding SQLite's write lock for a while."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")

    def release():
        time.sleep(seconds)
        holder.execute("COMMIT")
        holder.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_a_write_waits_for_another_writer_in_short_steps(sqlite_file):
    """The lock is taken soon after it is released, and the busy timeout is put back."""
    engine, path = sqlite_file
    session = make_session_factory(engine)()
    holder = _hold_write_lock(path, 0.2)
    started = time.monotonic()
    with writing(session) as write:
        write(ADD, {"phone": "+6281234500004", "language": "id", "moment": MOMENT})
    waited = time.monotonic() - started
    holder.join()
    assert 0.15 < waited < 1.0
    with engine.connect() as connection:
        timeout = connection.execute(text("PRAGMA busy_timeout")).scalar()
        assert timeout == BUSY_TIMEOUT_MS
        assert connection.execute(select(CITIZENS.c.phone)).scalars().all() == ["+6281234500004"]


def test_a_write_gives_up_when_the_lock_never_comes(sqlite_file, monkeypatch):
    """After the wait, SQLAlchemy's OperationalError ("database is locked"), nothing written."""
    engine, path = sqlite_file
    monkeypatch.setattr(driver_sql, "LOCK_WAIT_SECONDS", 0.05)
    holder = _hold_write_lock(path, 0.5)
    session = Session(engine)
    with pytest.raises(OperationalError, match="locked"), writing(session) as write:
        write(ADD, {"phone": "+6281234500005", "language": "id", "moment": MOMENT})
    session.close()
    holder.join()
    with engine.connect() as connection:
        assert connection.execute(select(CITIZENS.c.phone)).scalars().all() == []
