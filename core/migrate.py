"""Schema changes through Alembic only; these helpers drive it without an ini file."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from core.db import normalise_database_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


# The full-text index of migration 0009, in each database's own words, which
# models cannot declare portably: PostgreSQL's generated column and its GIN index
# (SQLite's FTS5 table `service_search_fts*` and its shadow tables: by prefix).
SEARCH_INDEX_OBJECTS = {("service_search", "terms"), ("service_search", "ix_service_search_terms")}


def include_object(object_, name, type_, _reflected, _compare_to) -> bool:
    """Whether Alembic compares a database object with the models (autogenerate, tests)."""
    if type_ == "table":
        return not name.startswith("service_search_fts")
    table = getattr(object_, "table", None)
    return (getattr(table, "name", None), name) not in SEARCH_INDEX_OBJECTS


def alembic_config(url: str) -> Config:
    """An Alembic configuration for this database URL."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser would read '%' in a password as interpolation.
    config.set_main_option("sqlalchemy.url", normalise_database_url(url).replace("%", "%%"))
    return config


def upgrade_database(url: str, revision: str = "head") -> None:
    """Bring the database schema up to a revision (the newest by default)."""
    command.upgrade(alembic_config(url), revision)


def downgrade_database(url: str, revision: str) -> None:
    """Take the database schema back to a revision ('base' empties it)."""
    command.downgrade(alembic_config(url), revision)


def make_revision(url: str, message: str) -> None:
    """Write a new migration by comparing the models with the database."""
    command.revision(alembic_config(url), message=message, autogenerate=True)
