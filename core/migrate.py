"""Schema changes through Alembic only; these helpers drive it without an ini file."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from core.db import normalise_database_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


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
