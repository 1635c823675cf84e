"""service search: each service's stemmed words, under the database's own full-text index

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

The documents are written by core/catalogue/search/services.py (reindex_service). A
database upgraded with services already in it has an empty index until
`layanan catalogue reindex` runs: stemming needs the application's code,
which a migration must not import.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite: an FTS5 table with external content (the plain table). The words are
# stored once, in service_search; FTS5 keeps only its inverted index, and the
# triggers below keep it in step with every insert, update and delete,
# including the cascade from a deleted service and a test emptying tables, so
# no code path can forget it. (A contentless table would need every writer to
# pass the old text to delete it.) The words arrive already lower case, stemmed
# and split on anything but letters and digits, so the tokenizer only splits on
# spaces. A later migration that rebuilds service_search in batch mode must
# recreate these triggers.
SQLITE_UP = (
    "CREATE VIRTUAL TABLE service_search_fts USING fts5("
    "title, document, content='service_search', content_rowid='service_id', "
    "tokenize='unicode61')",
    "CREATE TRIGGER service_search_fts_insert AFTER INSERT ON service_search BEGIN "
    "INSERT INTO service_search_fts(rowid, title, document) "
    "VALUES (new.service_id, new.title, new.document); END",
    "CREATE TRIGGER service_search_fts_delete AFTER DELETE ON service_search BEGIN "
    "INSERT INTO service_search_fts(service_search_fts, rowid, title, document) "
    "VALUES ('delete', old.service_id, old.title, old.document); END",
    "CREATE TRIGGER service_search_fts_update AFTER UPDATE ON service_search BEGIN "
    "INSERT INTO service_search_fts(service_search_fts, rowid, title, document) "
    "VALUES ('delete', old.service_id, old.title, old.document); "
    "INSERT INTO service_search_fts(rowid, title, document) "
    "VALUES (new.service_id, new.title, new.document); END",
    # Its terms, read as a table: the vocabulary typos are corrected against.
    "CREATE VIRTUAL TABLE service_search_fts_vocab USING fts5vocab(service_search_fts, 'row')",
)
SQLITE_DOWN = (
    "DROP TABLE service_search_fts_vocab",
    "DROP TRIGGER service_search_fts_update",
    "DROP TRIGGER service_search_fts_delete",
    "DROP TRIGGER service_search_fts_insert",
    "DROP TABLE service_search_fts",
)
# PostgreSQL: a generated tsvector, the title weighing most (A) and the rest
# least (D), under a GIN index. 'simple' only lower-cases: the words are
# already stemmed, in Indonesian, which PostgreSQL has no dictionary for.
POSTGRESQL_UP = (
    "ALTER TABLE service_search ADD COLUMN terms tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title), 'A') || "
    "setweight(to_tsvector('simple', document), 'D')) STORED",
    "CREATE INDEX ix_service_search_terms ON service_search USING gin (terms)",
)
POSTGRESQL_DOWN = ("DROP INDEX ix_service_search_terms",
                   "ALTER TABLE service_search DROP COLUMN terms")


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "service_search",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("document", sa.Text(), server_default="", nullable=False),
        sa.Column("words", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"],
                                name=op.f("fk_service_search_service_id_services"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("service_id", name=op.f("pk_service_search")),
    )
    for statement in _statements(up=True):
        op.execute(statement)


def downgrade() -> None:
    """Revert this revision."""
    for statement in _statements(up=False):
        op.execute(statement)
    op.drop_table("service_search")


def _statements(*, up: bool) -> tuple[str, ...]:
    """The full-text index in this database's own words."""
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        return SQLITE_UP if up else SQLITE_DOWN
    if dialect == "postgresql":
        return POSTGRESQL_UP if up else POSTGRESQL_DOWN
    raise NotImplementedError(f"no full-text index for {dialect}")
