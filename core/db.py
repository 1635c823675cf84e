"""Engine and session factories, and the declarative base of every model."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import MetaData, create_engine, delete, event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

# Execution option of a transaction that only reads (see begin_read_only).
READ_ONLY = "layanan_read_only"
# The largest id or count a column holds: PostgreSQL's INTEGER, the narrowest
# of the databases. A number from outside past it is refused before a query.
LARGEST_INTEGER = 2**31 - 1
# How long a SQLite writer waits for another to finish before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 10_000

# Named constraints let Alembic migrations drop and alter them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of all models."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def normalise_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs (as Heroku-style hosts give them) at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine; SQLite gets WAL and a busy timeout so workers can share it."""
    engine = create_engine(normalise_database_url(url), **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def _tune_sqlite(dbapi_connection, _record) -> None:
    # Several gunicorn workers and the outbox worker write to one file:
    # WAL lets readers go on during a write, and the timeout makes writers wait
    # for each other instead of failing with "database is locked".
    # Take transaction control away from the sqlite3 module, whose implicit
    # BEGIN breaks savepoints; SQLAlchemy's "begin" event issues it instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # The setting SQLite recommends with WAL: still consistent after a crash;
    # only a power cut can lose the last commits. Production runs PostgreSQL.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker:
    """Return a session factory whose objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def _begin_sqlite(connection) -> None:
    # IMMEDIATE takes the write lock up front: a deferred transaction that reads
    # and then writes fails at once with SQLITE_BUSY when another process wrote
    # in between, and busy_timeout cannot help it. A transaction declared
    # read-only needs no lock: in WAL mode it reads a snapshot, neither waiting
    # for a writer nor making one wait (and sleep in the busy handler).
    read_only = connection.get_execution_options().get(READ_ONLY)
    # Straight to the driver: every transaction begins here, and SQLAlchemy's
    # execution machinery would cost more than the statement itself.
    connection.connection.driver_connection.execute(
        "BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")


def begin_read_only(session: Session) -> Connection:
    """Start the session's transaction as one that only reads (no SQLite write lock)."""
    if session.in_transaction():
        return session.connection()
    return session.connection(execution_options={READ_ONLY: True})


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """One entry point's transaction: committed once when the block ends, rolled back if it raises.

    Services add and flush and never commit, so that two of them compose into
    one atomic change; the entry point (a request, a USSD hop, an SMS callback,
    a command, a worker batch) commits through this (docs/architecture.md).
    """
    try:
        yield session
        # A block that never began a transaction has nothing to commit: most
        # USSD hops keep their state outside this session (core/sessions/), and
        # an empty commit would still cost a transaction object and its events.
        if session.in_transaction():
            session.commit()
    except BaseException:
        session.rollback()
        raise


def delete_batch(session: Session, model, *where, limit: int) -> int:
    """Delete up to `limit` rows of `model` matching `where`, lowest ids first; how many.

    For sweeps of old rows (the retention duty): a bounded batch per call, so a
    long backlog is deleted in short transactions the caller commits one by one.
    """
    ids = list(session.scalars(select(model.id).where(*where).order_by(model.id).limit(limit)))
    if ids:
        session.execute(delete(model).where(model.id.in_(ids))
                        .execution_options(synchronize_session=False))
    return len(ids)
