"""One database session per request or CLI command, closed when the context ends."""

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from core import db


def init_app(app: Flask) -> None:
    """Create the engine and session factory for the app's database URL."""
    engine = db.make_engine(app.config["DATABASE_URL"])
    app.extensions["layanan.engine"] = engine
    app.extensions["layanan.sessions"] = db.make_session_factory(engine)
    app.teardown_appcontext(close_session)


def share(source: Flask, app: Flask) -> None:
    """Give app the engine and session factory of source (one pool for both)."""
    app.extensions["layanan.engine"] = source.extensions["layanan.engine"]
    app.extensions["layanan.sessions"] = source.extensions["layanan.sessions"]
    app.teardown_appcontext(close_session)


def db_session() -> Session:
    """The session of the current request, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["layanan.sessions"]()
    return g.db_session


def unit_of_work():
    """The request's session as its one unit of work: `with unit_of_work() as session:`."""
    return db.unit_of_work(db_session())


def close_session(_error: BaseException | None = None) -> None:
    """Close the request's session; anything not committed is rolled back.

    A session that holds no transaction and no object has nothing to release
    or roll back, and is left to the garbage collector: most USSD hops never
    use theirs (the session store reads and writes on connections of its
    own), and closing one cost 3% of a hop.
    """
    session = g.pop("db_session", None)
    if session is not None and (session.in_transaction() or session.identity_map):
        session.close()
