"""The two statements of every USSD hop, run on the database driver's own connection.

A hop reads its session's row and writes it back. Through SQLAlchemy's
execution layer (session transaction, compiled statement, result object)
those two statements cost about four times what they cost at the driver:
0.5 ms against 0.13 ms a hop on SQLite here, a third of everything a hop
does. Hops are the one request of the product that arrives at the gateway's
rate, so they take the short way, and nothing else does.

What keeps it honest: the SQL is SQLAlchemy's, compiled once from the
caller's statements; every value goes through its column's own type
processors, so a row is stored and read exactly as the ORM stores and reads
it; connections come from the engine's pool; and a driver without a rule
below gets None, and the caller the ordinary path.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Select, Update
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.types import TypeEngine

# Drivers with a rule here; both take a dict of named values. SQLite begins no
# transaction by itself on our connections (core/db.py), and a write must take
# the lock up front; psycopg begins one with the first statement.
_BEGIN_WRITE = {"pysqlite": "BEGIN IMMEDIATE", "psycopg": None}


@dataclass(frozen=True)
class HopStatements:
    """The read and the write of a hop for one dialect, with the columns' type processors."""

    load_sql: str
    update_sql: str
    begin_write: str | None
    read_columns: tuple[str, ...]
    readers: dict[str, Callable]
    writers: dict[str, Callable]

    def load(self, engine: Engine, session_id: str) -> dict | None:
        """The saved columns of the session, or None when it has no row."""
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(self.load_sql, {"key": session_id})
            row = cursor.fetchone()
            connection.commit()
        finally:
            connection.close()
        if row is None:
            return None
        values = dict(zip(self.read_columns, row, strict=True))
        for name, read in self.readers.items():
            values[name] = read(values[name])
        return values

    def update(self, engine: Engine, params: dict) -> None:
        """Run the update with these parameters, in a write transaction of its own."""
        params = dict(params)
        for name, write in self.writers.items():
            params[name] = write(params[name])
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                if self.begin_write:
                    cursor.execute(self.begin_write)
                cursor.execute(self.update_sql, params)
                connection.commit()
            except BaseException:
                connection.rollback()
                raise
        finally:
            connection.close()


def hop_statements(engine: Engine, load: Select, update: Update, *,
                   types: tuple[tuple[str, TypeEngine], ...]) -> HopStatements | None:
    """The statements for this engine's driver, or None when it has no rule here.

    `load` and `update` are ordinary SQLAlchemy statements with named bind
    parameters; `types` pairs each parameter with the column type behind it.
    """
    return _statements(engine.dialect, load, update, types)


@lru_cache(maxsize=8)
def _statements(dialect: Dialect, load: Select, update: Update,
                types: tuple[tuple[str, TypeEngine], ...]) -> HopStatements | None:
    if dialect.driver not in _BEGIN_WRITE:
        return None
    # SQLAlchemy writes the SQL, with named placeholders (sqlite3 takes
    # ":name" as well as the "?" its dialect uses by default).
    named = type(dialect)(paramstyle="named") if dialect.positional else dialect
    read_columns = tuple(column.key for column in load.selected_columns)
    return HopStatements(
        load_sql=str(load.compile(dialect=named)),
        update_sql=str(update.compile(dialect=named)),
        begin_write=_BEGIN_WRITE[dialect.driver],
        read_columns=read_columns,
        readers=_processors(dialect, {c.key: c.type for c in load.selected_columns},
                            reading=True),
        writers=_processors(dialect, dict(types), reading=False),
    )


def _processors(dialect: Dialect, types: dict[str, TypeEngine], *,
                reading: bool) -> dict[str, Callable]:
    """The columns' conversions between Python values and the driver's, where there are any."""
    found = {}
    for name, column_type in types.items():
        column_type = column_type.dialect_impl(dialect)
        process = (column_type.result_processor(dialect, None) if reading
                   else column_type.bind_processor(dialect))
        if process is not None:
            found[name] = process
    return found
