"""Where a hop's statements run: in the hop's unit of work, or on a connection of the store's own.

The session store's statements are Core statements built once
(core/sessions/store.py). They run:

- in the session's transaction when the caller has work in it (something the
  hop filed, or read through the ORM): reads see that work, and writes join
  it, for the entry point to commit with the rest (docs/architecture.md, the
  unit of work);
- otherwise on a connection of the store's own: reads hold nothing once
  their block ends, and writes are committed when theirs ends. That commit
  is the store's named exception to the unit of work: it commits only the
  hop's session state, never work of its caller's.

A connection of its own is the driver's (the short path, driver_sql.py) when
`driver_sql` is on (the setting USSD_DRIVER_SQL) and the driver has a rule
there, and else SQLAlchemy's, from the engine's pool.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from core.db import READ_ONLY
from core.sessions.driver_sql import (
    NOT_DURABLE,
    Read,
    Write,
    has_short_way,
    reading_at_driver,
    writing_at_driver,
)

__all__ = ["Read", "Write", "caller_has_work", "reading", "writing"]


def caller_has_work(session: Session) -> bool:
    """Whether the session holds a transaction, or changes not yet flushed, of its caller's."""
    return session.in_transaction() or bool(session.new or session.deleted or session.dirty)


@contextmanager
def reading(session: Session, *, driver_sql: bool) -> Iterator[Read]:
    """Reads of a row at a time (a dict, or None), holding nothing once the block ends.

    In the session's transaction when the caller has work in it (which the
    caller ends): the reads must see that work.
    """
    if caller_has_work(session):
        yield lambda statement, params: _first(session.execute(statement, params))
        return
    engine = session.get_bind()
    if driver_sql and has_short_way(engine):
        with reading_at_driver(engine) as read:
            yield read
        return
    # Read-only: on SQLite no write lock (core/db.py); closing the connection ends it.
    with engine.connect() as connection:
        connection.execution_options(**{READ_ONLY: True})
        yield lambda statement, params: _first(connection.execute(statement, params))


@contextmanager
def writing(session: Session, *, driver_sql: bool, durable: bool = True,
            may_conflict: bool = False) -> Iterator[Write]:
    """Writes of the store's, committed with the caller's work or in a transaction of their own.

    With work of the caller's in the session, they join its transaction and
    the caller commits them with its work; writes that `may_conflict` (an
    insert a retry may have made already) run in a savepoint, so that their
    failure undoes them and leaves that work standing. Otherwise they are
    committed when the block ends, on a connection of the store's own;
    `durable=False` then lets PostgreSQL commit without waiting for the disk
    (driver_sql.NOT_DURABLE), for state whose loss in a crash costs little.
    """
    if caller_has_work(session):
        if not may_conflict:
            yield lambda statement, params: _run(session, statement, params)
            return
        # A savepoint costs two statements: only a write that may fail pays for it.
        with session.begin_nested():
            yield lambda statement, params: _run(session, statement, params)
        return
    engine = session.get_bind()
    if driver_sql and has_short_way(engine):
        with writing_at_driver(engine, durable=durable) as write:
            yield write
        return
    with engine.begin() as connection:
        if not durable and connection.dialect.name == "postgresql":
            connection.exec_driver_sql(NOT_DURABLE)
        yield lambda statement, params: _run(connection, statement, params)


def read_first(session: Session, statement, params: dict, *, driver_sql: bool) -> dict | None:
    """The first row of one read-only statement (a dict, or None), run as reading() runs it."""
    with reading(session, driver_sql=driver_sql) as read:
        return read(statement, params)


def _first(result) -> dict | None:
    row = result.mappings().first()
    return None if row is None else dict(row)


def _run(executor, statement, params: dict) -> None:
    executor.execute(statement, params)
