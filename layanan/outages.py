"""Telling an outage (the database or Redis cannot be reached) from a bug.

The channels answer the two differently: an outage passes, so a gateway
callback that could not be stored asks to be sent again (HTTP 503) and a
USSD hop ends politely; a bug is logged with its trace. The channels may
not import SQLAlchemy (tests/test_layering.py), so the test lives here.
"""

import sqlite3

import psycopg
import redis
from sqlalchemy import exc

# Errors that say the server is away, whatever the statement was: a refused
# or dropped connection, a pool with no connection free in time, a SQLite
# file locked for longer than its busy timeout or not there at all. The
# drivers' own classes too: the USSD session store's short path opens its
# connections at the driver (docs/architecture.md §9).
_OUTAGES = (
    exc.OperationalError, exc.InterfaceError, exc.TimeoutError,
    sqlite3.OperationalError, psycopg.OperationalError, psycopg.InterfaceError,
    redis.ConnectionError, redis.TimeoutError,
)


# Every error is_outage may say yes to.
OUTAGE_TYPES = (*_OUTAGES, exc.DBAPIError)


def is_outage(error: BaseException) -> bool:
    """Whether the error means the database or Redis could not be reached."""
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, _OUTAGES)


def answer_outages(app, answer) -> None:
    """Let `answer(error)` reply to any request an outage broke; any other error raises on.

    Each app says an outage its own way (a page to a visitor, a 503 that makes
    a gateway post again); the views then need no handling of their own.
    """
    def outage(error: Exception):
        if not is_outage(error):
            raise error
        return answer(error)

    for error_type in OUTAGE_TYPES:
        app.register_error_handler(error_type, outage)
