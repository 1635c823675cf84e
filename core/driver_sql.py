"""The USSD hop's few statements, run on the database driver's own connection.

Every hop reads its session's row and writes it back; a first hop also reads
the citizen's language and any journey to resume, and the survey menu looks
for a request to rate. Through SQLAlchemy's execution layer (session
transaction, compiled statement, result object) each of these costs several
times what it costs at the driver: about 0.1 ms against 0.02 ms on SQLite
here, and a hop is mostly such statements. Hops are the one request of the
product that arrives at the gateway's rate, so they take the short way, and
nothing else does.

What keeps it honest: the SQL is SQLAlchemy's, compiled once from the
caller's Core statements; every value goes through its column's own type
processors, so a row is stored and read exactly as the ORM stores and reads
it; connections come from the engine's pool; driver errors become
SQLAlchemy's exceptions (an IntegrityError is an IntegrityError); and where
there is no rule for the driver, or the session already has a transaction
whose work the statement must see, the same statements run through the
session instead.

    with reading(session) as read:
        row = read(statement, {"key": value})    # a dict, or None
    with writing(session) as write:
        write(statement, {...})                  # committed when the block ends
"""

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from core.db import BUSY_TIMEOUT_MS, begin_read_only

LOCK_WAIT_SECONDS = BUSY_TIMEOUT_MS / 1000
LOCK_STEP_SECONDS = 0.0001



def _begin_sqlite_write(cursor) -> None:
    """Take SQLite's write lock, waiting for it in steps of 0.1 ms.

    SQLite's own busy handler (busy_timeout) sleeps at least a millisecond
    when the lock is taken, and a hop holds it for some tens of microseconds:
    with two workers writing hops, a tenth of their time went to such sleeps.
    """
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    cursor.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                cursor.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                    raise
            time.sleep(LOCK_STEP_SECONDS)
    finally:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


# Drivers with a rule here (how a write begins); both take a dict of named
# values. SQLite begins no transaction by itself on our connections
# (core/db.py), and a write must take the lock up front; psycopg begins one
# with the first statement.
_BEGIN_WRITE = {"pysqlite": _begin_sqlite_write, "psycopg": None}

Read = Callable[[Executable, dict], dict | None]
Write = Callable[[Executable, dict], None]


@contextmanager
def reading(session: Session) -> Iterator[Read]:
    """Reads in a transaction of their own, ended (committed) when the block ends.

    When the session already has a transaction, the reads run in it, which
    the caller ends.
    """
    dialect = _short_way_dialect(session)
    if dialect is None:
        began = not session.in_transaction()
        connection = begin_read_only(session)
        yield lambda statement, params: _first(connection.execute(statement, params))
        if began:
            session.commit()
        return
    connection = session.get_bind().raw_connection()
    try:
        cursor = connection.cursor()
        yield lambda statement, params: _prepared(dialect, statement).first(cursor, params)
        connection.commit()
    finally:
        connection.close()


@contextmanager
def writing(session: Session) -> Iterator[Write]:
    """Writes in one transaction, committed when the block ends, rolled back on an error.

    The session must have committed its own work first (its transaction, on
    SQLite, would hold the write lock this one waits for); if it has not, the
    writes join it and the session commits it all.
    """
    dialect = _short_way_dialect(session)
    if dialect is None:
        connection = session.connection()

        def write(statement: Executable, params: dict) -> None:
            connection.execute(statement, params)

        yield write
        session.commit()
        return
    connection = session.get_bind().raw_connection()
    try:
        cursor = connection.cursor()
        try:
            begin = _BEGIN_WRITE[dialect.driver]
            if begin is not None:
                with _as_sqlalchemy_errors(dialect, "BEGIN", {}):
                    begin(cursor)
            yield lambda statement, params: _prepared(dialect, statement).run(cursor, params)
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
    finally:
        connection.close()


def has_short_way(session: Session) -> bool:
    """Whether statements on this session's database can run at the driver."""
    return session.get_bind().dialect.driver in _BEGIN_WRITE


def _short_way_dialect(session: Session) -> Dialect | None:
    if session.in_transaction() or not has_short_way(session):
        return None
    return session.get_bind().dialect


def _first(result) -> dict | None:
    row = result.mappings().first()
    return None if row is None else dict(row)


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
        with _as_sqlalchemy_errors(self.dialect, self.sql, values):
            cursor.execute(self.sql, values)


@contextmanager
def _as_sqlalchemy_errors(dialect: Dialect, sql: str, params: dict) -> Iterator[None]:
    """The driver's errors as SQLAlchemy raises them (IntegrityError, OperationalError...)."""
    try:
        yield
    except dialect.dbapi.Error as error:
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
