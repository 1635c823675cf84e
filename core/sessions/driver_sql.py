"""The short path: a hop's statements run on the database driver's own connection.

Every hop reads its session's row and writes it back, and a first hop also
reads the citizen's language and any journey to resume. Through SQLAlchemy's
execution layer (compiled statement, result object, connection events) each
of these costs several times what it costs at the driver: about 0.1 ms
against 0.02 ms on SQLite here, and a hop is mostly such statements. Hops
are the one request of the product that arrives at the gateway's rate, so
they take the short way, and nothing else does: only core/sessions/statements.py
calls this module, and the setting USSD_DRIVER_SQL turns it off.

What keeps it honest: the SQL is SQLAlchemy's, compiled once from the
caller's Core statements; every value goes through its column's own type
processors, so a row is stored and read exactly as the ORM stores and reads
it; connections come from the engine's pool (on SQLite, the short way
keeps its own, see _SqliteConnections); and driver errors become
SQLAlchemy's exceptions (an IntegrityError is an IntegrityError).

    with reading_at_driver(engine) as read:
        row = read(statement, {"key": value})    # a dict, or None
    with writing_at_driver(engine, durable=False) as write:
        write(statement, {...})                  # committed when the block ends
"""

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import Executable

from core.db import make_engine

Read = Callable[[Executable, dict], dict | None]
Write = Callable[[Executable, dict], None]
# On PostgreSQL, a transaction whose loss in a crash costs little: until its
# commit reaches the disk it may be lost, never half-applied; the commit does
# not wait for the disk.
NOT_DURABLE = "SET LOCAL synchronous_commit TO OFF"


def has_short_way(engine: Engine) -> bool:
    """Whether statements on this engine's database can run at the driver."""
    return engine.dialect.driver in _WRITE_TURN


@contextmanager
def reading_at_driver(engine: Engine) -> Iterator[Read]:
    """Reads that hold nothing once the block ends: no lock, no open transaction.

    Each read stands alone (the hop's reads need no snapshot in common):
    SQLite's connections here run each statement on its own (core/db.py),
    and so does psycopg's for the block, one round trip a read instead of three.
    """
    dialect = engine.dialect
    autocommit = dialect.driver in _READS_IN_AUTOCOMMIT
    with _driver_connection(engine) as connection:
        if autocommit:
            connection.dbapi_connection.autocommit = True
        try:
            cursor = connection.cursor()
            yield lambda statement, params: _prepared(dialect, statement).first(cursor, params)
        finally:
            if autocommit:
                connection.dbapi_connection.autocommit = False


@contextmanager
def writing_at_driver(engine: Engine, *, durable: bool = True) -> Iterator[Write]:
    """Writes in one transaction, committed when the block ends, rolled back on an error.

    `durable=False` is for state whose loss in a crash costs little (NOT_DURABLE).
    """
    dialect = engine.dialect
    with _driver_connection(engine) as connection:
        cursor = connection.cursor()
        with _WRITE_TURN[dialect.driver](dialect, cursor, durable=durable):
            try:
                yield lambda statement, params: _prepared(dialect, statement).run(cursor, params)
                connection.commit()
            except BaseException:
                connection.rollback()
                raise


@contextmanager
def _driver_connection(engine: Engine) -> Iterator:
    """A connection at the driver (SQLAlchemy's thin proxy of it) for one block of statements."""
    kept = _sqlite_connections(engine)
    connection = engine.raw_connection() if kept is None else kept.take()
    try:
        yield connection
    except BaseException:
        if kept is not None:
            kept.discard()
        raise
    finally:
        if kept is None:
            connection.close()


class _SqliteConnections:
    """The short way's connections to one SQLite file: one per thread, kept, and no busy timeout.

    Workers write hops all the time and hold SQLite's write lock for tens of
    microseconds, but SQLite's busy handler, finding it taken, sleeps at least
    a millisecond: two workers spent a tenth of their time asleep that way.
    These connections have no busy timeout, and _run waits for a lock in
    steps of LOCK_STEP_SECONDS instead. Each thread keeps its connection from
    hop to hop: a pool's checkout and checkin cost as much as the hop's
    statements (bench/ussd_load.sh).
    """

    def __init__(self, url: str):
        # The app's settings for SQLite (core/db.py), on connections of this class's own.
        self.engine = make_engine(url, poolclass=NullPool)
        self.kept = threading.local()

    def take(self):
        """This thread's connection, opened on first use (and anew in a forked child)."""
        kept = self.kept
        if getattr(kept, "pid", None) != os.getpid() or kept.connection is None:
            connection = self.engine.raw_connection()
            connection.driver_connection.execute("PRAGMA busy_timeout=0")
            connection.detach()
            kept.connection, kept.pid = connection, os.getpid()
        return kept.connection

    def discard(self) -> None:
        """Close this thread's connection after an error: the next block starts afresh."""
        connection, self.kept.connection = self.kept.connection, None
        connection.close()


LOCK_STEP_SECONDS = 0.0001
LOCK_WAIT_SECONDS = 10.0
_SQLITE_CONNECTIONS: "WeakKeyDictionary[Engine, _SqliteConnections]" = WeakKeyDictionary()


def _sqlite_connections(engine: Engine) -> _SqliteConnections | None:
    """The short way's own connections to the engine's SQLite file (None for other databases)."""
    if engine.dialect.driver != "pysqlite" or engine.url.database in (None, "", ":memory:"):
        return None
    if engine not in _SQLITE_CONNECTIONS:
        _SQLITE_CONNECTIONS[engine] = _SqliteConnections(
            engine.url.render_as_string(hide_password=False))
    return _SQLITE_CONNECTIONS[engine]


@contextmanager
def _sqlite_write_turn(dialect: Dialect, cursor, *, durable: bool) -> Iterator[None]:
    """SQLite's write lock, taken up front (core/db.py).

    Every commit here is as durable as any other (core/db.py: WAL with
    synchronous=NORMAL; a commit may be lost in a power cut, never corrupted).
    """
    _run(dialect, cursor, "BEGIN IMMEDIATE")
    yield


@contextmanager
def _postgresql_write_turn(dialect: Dialect, cursor, *, durable: bool) -> Iterator[None]:
    """psycopg begins the transaction itself; only a write that may be lost needs a word."""
    if not durable:
        _run(dialect, cursor, NOT_DURABLE)
    yield

# Drivers with a rule here (how a write transaction begins and ends); both
# take a dict of named values. SQLite begins no transaction by itself on our
# connections (core/db.py), and a write must take the lock up front; psycopg
# begins one with the first statement.
_WRITE_TURN = {"pysqlite": _sqlite_write_turn, "psycopg": _postgresql_write_turn}
# Drivers whose connections run reads one by one only when told (autocommit).
_READS_IN_AUTOCOMMIT = frozenset({"psycopg"})
# A lock another connection holds (the write lock; the WAL index while another
# connection recovers it): the statement did nothing and can run again.
_SQLITE_LOCKED = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_BUSY_RECOVERY)


@dataclass(frozen=True)
class _Prepared:
    """One statement compiled for a dialect, with its columns' type processors."""

    sql: str
    dialect: Dialect
    # Values of the statement's own literals (a LIMIT, say), already converted.
    constants: dict
    writers: dict[str, Callable]
    columns: tuple[str, ...]
    readers: dict[str, Callable]

    def first(self, cursor, params: dict) -> dict | None:
        """The first row as a dict of converted values, or None."""
        self._execute(cursor, params)
        row = cursor.fetchone()
        if row is None:
            return None
        values = dict(zip(self.columns, row, strict=True))
        for name, read in self.readers.items():
            values[name] = read(values[name])
        return values

    def run(self, cursor, params: dict) -> None:
        """Run a write."""
        self._execute(cursor, params)

    def _execute(self, cursor, params: dict) -> None:
        values = {**self.constants, **params}
        for name, write in self.writers.items():
            if name in values:
                values[name] = write(values[name])
        _run(self.dialect, cursor, self.sql, values)


def _run(dialect: Dialect, cursor, sql: str, params: dict | None = None) -> None:
    """Execute at the driver, waiting out a SQLite lock; errors raised as SQLAlchemy's."""
    deadline = None
    while True:
        try:
            if params is None:
                cursor.execute(sql)
            else:
                cursor.execute(sql, params)
            return
        except dialect.dbapi.Error as error:
            if getattr(error, "sqlite_errorcode", None) in _SQLITE_LOCKED:
                deadline = deadline or time.monotonic() + LOCK_WAIT_SECONDS
                if time.monotonic() < deadline:
                    time.sleep(LOCK_STEP_SECONDS)
                    continue
            raise DBAPIError.instance(sql, params, error, dialect.dbapi.Error,
                                      dialect=dialect) from error


@lru_cache(maxsize=32)
def _prepared(dialect: Dialect, statement: Executable) -> _Prepared:
    # SQLAlchemy writes the SQL, with named placeholders (sqlite3 takes
    # ":name" as well as the "?" its dialect uses by default).
    named = type(dialect)(paramstyle="named") if dialect.positional else dialect
    compiled = statement.compile(dialect=named)
    sql = str(compiled)
    if "POSTCOMPILE" in sql:
        # A parameter rendered only at execution (an IN list...): not supported here.
        raise ValueError(f"Not a statement for the driver: {sql}")
    writers, constants = {}, {}
    for name, bind in compiled.binds.items():
        write = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if write is not None:
            writers[name] = write
        if not bind.required:
            constants[name] = bind.effective_value
    columns = statement.selected_columns if hasattr(statement, "selected_columns") else ()
    readers = {}
    for column in columns:
        read = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if read is not None:
            readers[column.key] = read
    return _Prepared(sql=sql, dialect=dialect, constants=constants, writers=writers,
                     columns=tuple(column.key for column in columns), readers=readers)
