"""Where the session store's statements run (core/sessions/statements.py), and the short
path at the driver (core/sessions/driver_sql.py): the same rows and errors as the ORM."""

import os
import re
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import bindparam, event, insert, literal, literal_column, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from core.db import READ_ONLY, make_engine, make_session_factory
from core.migrate import upgrade_database
from core.models import Citizen
from core.sessions import driver_sql
from core.sessions.driver_sql import has_short_way
from core.sessions.statements import reading, writing
from tests.needs import missing

CITIZENS = Citizen.__table__
ADD = insert(CITIZENS).values(phone=bindparam("phone"), language=bindparam("language"),
                              opted_out=False, created_at=bindparam("moment"))
BY_PHONE = select(CITIZENS.c.phone, CITIZENS.c.language, CITIZENS.c.opted_out,
                  CITIZENS.c.created_at).where(CITIZENS.c.phone == bindparam("phone"))
# A literal of the statement's own (the LIMIT) travels with it.
NEWEST = select(CITIZENS.c.phone).order_by(CITIZENS.c.id.desc()).limit(1)
MOMENT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=[True, False], ids=["driver", "sqlalchemy"])
def driver(request, session):
    """Both settings of USSD_DRIVER_SQL: at the driver, and through SQLAlchemy only."""
    assert has_short_way(session.get_bind())
    return request.param


@pytest.fixture
def through_sqlalchemy(engine):
    """The statements SQLAlchemy's execution layer runs on the test engine, as they run."""
    statements = []

    def note(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    yield statements
    event.remove(engine, "before_cursor_execute", note)


def test_rows_written_and_read_back_with_their_types(driver, session, through_sqlalchemy):
    """Booleans, zone-aware times and literals come back as the ORM gives them."""
    with writing(session, driver_sql=driver, durable=False) as write:
        write(ADD, {"phone": "+6281234500001", "language": "en", "moment": MOMENT})
        write(ADD, {"phone": "+6281234500002", "language": "id", "moment": MOMENT})
    with reading(session, driver_sql=driver) as read:
        row = read(BY_PHONE, {"phone": "+6281234500001"})
        assert read(BY_PHONE, {"phone": "+6281234500009"}) is None
        assert read(NEWEST, {}) == {"phone": "+6281234500002"}
    assert row == {"phone": "+6281234500001", "language": "en", "opted_out": False,
                   "created_at": MOMENT}
    # The setting decides the way: the driver's statements bypass SQLAlchemy's layer.
    assert (len(through_sqlalchemy) == 0) is driver
    assert not session.in_transaction()
    orm = session.scalars(select(Citizen).where(Citizen.phone == "+6281234500001")).one()
    assert (orm.language, orm.created_at) == ("en", MOMENT)


def test_a_failed_write_is_sqlalchemys_error_and_undone(driver, session):
    """A duplicate raises IntegrityError, and nothing of its transaction stays."""
    with writing(session, driver_sql=driver) as write:
        write(ADD, {"phone": "+6281234500001", "language": "id", "moment": MOMENT})
    with pytest.raises(IntegrityError), writing(session, driver_sql=driver) as write:
        write(ADD, {"phone": "+6281234500002", "language": "id", "moment": MOMENT})
        write(ADD, {"phone": "+6281234500001", "language": "id", "moment": MOMENT})
    assert not session.in_transaction()
    assert session.scalars(select(Citizen.phone)).all() == ["+6281234500001"]
    session.rollback()
    # The connection that saw the error was replaced: the next statements run as usual.
    with reading(session, driver_sql=driver) as read:
        assert read(NEWEST, {}) == {"phone": "+6281234500001"}


def test_reads_inside_an_open_transaction_see_its_writes(driver, session):
    """A session with work of its own pending reads through itself, not beside it."""
    session.add(Citizen(phone="+6281234500003", language="en"))
    with reading(session, driver_sql=driver) as read:
        assert read(BY_PHONE, {"phone": "+6281234500003"})["language"] == "en"
    assert session.in_transaction()
    session.rollback()


def _committed_phones(engine) -> list[str]:
    """What another connection sees: only what was committed (it reads beside a writer)."""
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
        return connection.execute(select(CITIZENS.c.phone).order_by(CITIZENS.c.id)).scalars().all()


def test_writes_beside_the_callers_work_are_left_for_the_caller_to_commit(
        driver, session, engine):
    """With work of the caller's in the session, writes join it and nothing is committed."""
    session.add(Citizen(phone="+6281234500004", language="id"))
    session.flush()
    with writing(session, driver_sql=driver, durable=False) as write:
        write(ADD, {"phone": "+6281234500005", "language": "en", "moment": MOMENT})
    assert _committed_phones(engine) == []
    session.rollback()
    assert session.scalars(select(Citizen.phone)).all() == []


def test_a_failed_write_beside_the_callers_work_undoes_only_itself(driver, session, engine):
    """Writes that may conflict run in a savepoint: the caller's work stands, for it to commit."""
    session.add(Citizen(phone="+6281234500006", language="id"))
    session.flush()
    with (pytest.raises(IntegrityError),
          writing(session, driver_sql=driver, may_conflict=True) as write):
        write(ADD, {"phone": "+6281234500007", "language": "id", "moment": MOMENT})
        write(ADD, {"phone": "+6281234500006", "language": "id", "moment": MOMENT})
    session.commit()
    assert _committed_phones(engine) == ["+6281234500006"]


def test_only_known_drivers_have_a_short_way():
    """PyMySQL, for one, has no rule: the statements run through SQLAlchemy."""
    from sqlalchemy import create_mock_engine

    assert not has_short_way(create_mock_engine("mysql+pymysql://", executor=None))


# Where a module names the short path: importing it, or citing its file.
_NAMES_THE_SHORT_PATH = re.compile(
    r"core\.sessions\.driver_sql|core/sessions/driver_sql|from core\.sessions import .*driver_sql")


def test_nothing_outside_the_session_store_knows_the_short_path():
    """The short path is the session store's own business (docs/architecture.md)."""
    knowing = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in (".venv", "tests") or relative.parts[:2] == ("core", "sessions"):
            continue
        if _NAMES_THE_SHORT_PATH.search(path.read_text(encoding="utf-8")):
            knowing.append(str(relative))
    assert knowing == []


@pytest.fixture
def sqlite_file(tmp_path):
    """A migrated SQLite file of its own: the lock tests need SQLite, whatever the suite runs on."""
    url = f"sqlite:///{tmp_path / 'locks.db'}"
    upgrade_database(url)
    engine = make_engine(url)
    yield engine, tmp_path / "locks.db"
    engine.dispose()


def _hold_write_lock(path, seconds: float) -> threading.Thread:
    """A writer outside the queue (the back office, say) holding SQLite's write lock a while."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")

    def release():
        time.sleep(seconds)
        holder.execute("COMMIT")
        holder.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


def _add_in_thread(engine, phone: str) -> threading.Thread:
    def add():
        with (make_session_factory(engine)() as session,
              writing(session, driver_sql=True) as write):
            write(ADD, {"phone": phone, "language": "id", "moment": MOMENT})

    thread = threading.Thread(target=add)
    thread.start()
    return thread


def _phones(engine) -> list[str]:
    with engine.connect() as connection:
        return connection.execute(select(CITIZENS.c.phone)).scalars().all()


def test_a_write_waits_for_another_writer(sqlite_file):
    """The lock is taken once the other writer commits."""
    engine, path = sqlite_file
    holder = _hold_write_lock(path, 0.2)
    started = time.monotonic()
    _add_in_thread(engine, "+6281234500004").join()
    holder.join()
    assert 0.15 < time.monotonic() - started < 5
    assert _phones(engine) == ["+6281234500004"]


def test_a_write_gives_up_when_the_lock_never_comes(sqlite_file, monkeypatch):
    """After the wait, SQLAlchemy's OperationalError ("database is locked"), nothing written."""
    engine, path = sqlite_file
    monkeypatch.setattr(driver_sql, "LOCK_WAIT_SECONDS", 0.05)
    holder = _hold_write_lock(path, 0.5)
    session = make_session_factory(engine)()
    with (pytest.raises(OperationalError, match="locked"),
          writing(session, driver_sql=True) as write):
        write(ADD, {"phone": "+6281234500005", "language": "id", "moment": MOMENT})
    session.close()
    holder.join()
    assert _phones(engine) == []


def test_the_short_way_waits_for_locks_itself(sqlite_file):
    """Its SQLite connections never sleep in the busy handler; the ORM's keep their timeout."""
    engine, _ = sqlite_file
    session = make_session_factory(engine)()
    with reading(session, driver_sql=True) as read:
        timeout = select(literal_column("timeout")).select_from(text("pragma_busy_timeout()"))
        assert read(timeout, {}) == {"timeout": 0}
    assert session.scalar(text("PRAGMA busy_timeout")) == 10_000
    session.close()


@pytest.fixture
def postgresql_engine():
    """This machine's PostgreSQL server (TEST_DATABASE_URL when it names one)."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        url = "postgresql://postgres@127.0.0.1:5432/test"
    # One connection, so that a test sees the very connection reads used.
    engine = make_engine(url, pool_size=1, max_overflow=0, connect_args={"connect_timeout": 2})
    try:
        engine.connect().close()
    except DBAPIError as error:
        missing(f"no PostgreSQL server at {url} ({error.orig})")
    yield engine
    engine.dispose()


@pytest.mark.parametrize("durable, setting", [(True, "on"), (False, "off")])
def test_a_write_that_may_be_lost_does_not_wait_for_the_disk(postgresql_engine, durable, setting):
    """On PostgreSQL, durable=False turns synchronous_commit off for that transaction only."""
    connection = postgresql_engine.raw_connection()
    try:
        cursor = connection.cursor()
        with driver_sql._WRITE_TURN["psycopg"](postgresql_engine, cursor, durable=durable):
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == setting
        connection.commit()
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    finally:
        connection.close()


def test_reads_give_the_connection_back_as_the_orm_expects(postgresql_engine):
    """Reads run one by one (autocommit) and leave the pooled connection as they found it."""
    with Session(postgresql_engine) as session, reading(session, driver_sql=True) as read:
        assert read(select(literal(7).label("seven")), {}) == {"seven": 7}
    connection = postgresql_engine.raw_connection()
    try:
        assert connection.driver_connection.autocommit is False
        assert connection.driver_connection.info.transaction_status == TransactionStatus.IDLE
    finally:
        connection.close()
