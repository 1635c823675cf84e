"""Column helpers shared by the models."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Return the current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no zone and hands back naive values; without this, comparing
    them with aware ones raises, and local dates would depend on the server.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Store aware values in UTC; naive ones are taken to be UTC already."""
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        """Read every value as an aware UTC timestamp."""
        if value is not None:
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value


def created_at_column():
    """A non-null creation timestamp filled in by Python, so every backend agrees."""
    return mapped_column(UTCDateTime, default=utcnow, nullable=False)


def timestamp_column(**kwargs):
    """A nullable timestamp column, or one with the given options."""
    kwargs.setdefault("nullable", True)
    return mapped_column(UTCDateTime, **kwargs)
