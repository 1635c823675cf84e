"""The rows a freshly migrated database holds (migration 0008's categories).

Tests empty every table after each test; these rows are kept once, right
after the migration, and given back, so each test starts from a database as
`layanan db upgrade` leaves it.
"""

from sqlalchemy import insert, select

from core.db import make_engine
from core.models import Category

_ROWS: list[dict] = []


def remember_seeded_rows(url: str) -> None:
    """Keep the migration's rows, right after the database at `url` is migrated."""
    engine = make_engine(url)
    with engine.connect() as connection:
        _ROWS[:] = [dict(row._mapping) for row in connection.execute(select(Category.__table__))]
    engine.dispose()


def restore_seeded_rows(engine) -> None:
    """Give the emptied tables the migration's rows back."""
    if _ROWS:
        with engine.begin() as connection:
            connection.execute(insert(Category.__table__), _ROWS)
