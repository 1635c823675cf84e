"""The channels stay thin: web/, ussd/ and sms/ parse, call core services and render.

Every query and commit lives in a core service; a channel module that
touches the database itself fails here.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHANNELS = ("web", "ussd", "sms")
SESSION_METHODS = {"add", "add_all", "begin", "begin_nested", "commit", "delete", "execute",
                   "flush", "merge", "query", "refresh", "rollback", "scalar", "scalars"}
STATEMENTS = {"select", "insert", "update", "delete", "text"}
# Names a channel may import from sqlalchemy.orm, for type hints only.
TYPE_NAMES = {"Session", "sessionmaker"}


def database_work(source: str) -> list[str]:
    """Session calls, SQL statements and SQLAlchemy imports (but type names) in source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in SESSION_METHODS:
                found.append(f".{func.attr}(")
            elif isinstance(func, ast.Name) and func.id in STATEMENTS:
                found.append(f"{func.id}(")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            if node.module != "sqlalchemy.orm" or {a.name for a in node.names} - TYPE_NAMES:
                found.append(f"from {node.module}")
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("sqlalchemy")]
    return found


@pytest.mark.parametrize(("source", "found"), [
    ("db.commit()", [".commit("]),
    ("session.add(x)", [".add("]),
    ("db_session().commit()", [".commit("]),
    ("session.scalars(select(Ticket))", [".scalars(", "select("]),
    ("session.execute(text('x'))", [".execute(", "text("]),
    ("from sqlalchemy import select", ["from sqlalchemy"]),
    ("from sqlalchemy.orm import Session", []),
    ("from sqlalchemy.orm import sessionmaker", []),
    ("from sqlalchemy.orm import Session, selectinload", ["from sqlalchemy.orm"]),
    ("values.get('x'); items.append(1)", []),
    ("create_complaint(session, phone=p)\nrequest.form.get('id')", []),
])
def test_checker_finds_database_work(source, found):
    """The scanner sees session calls, statements and imports, and nothing else."""
    assert sorted(database_work(source)) == sorted(found)


CHANNEL_MODULES = sorted(path for channel in CHANNELS for path in (ROOT / channel).rglob("*.py"))


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_channel_has_modules_to_check(channel):
    """The scan below is not vacuous."""
    modules = [path for path in CHANNEL_MODULES if path.relative_to(ROOT).parts[0] == channel]
    assert len(modules) >= 5


@pytest.mark.parametrize("path", CHANNEL_MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_channel_modules_do_no_database_work(path):
    """Every read and write goes through a core service."""
    assert database_work(path.read_text(encoding="utf-8")) == []
