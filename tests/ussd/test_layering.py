"""The USSD channel stays thin: no database work of its own, and CON/END written in one place."""

import ast
from pathlib import Path

import pytest

USSD = Path(__file__).resolve().parents[2] / "ussd"
SESSION_METHODS = {"add", "add_all", "begin", "begin_nested", "commit", "delete", "execute",
                   "flush", "merge", "query", "refresh", "rollback", "scalar", "scalars"}
STATEMENTS = {"select", "insert", "update", "delete", "text"}


def database_work(source: str) -> list[str]:
    """Session calls, SQL statements and SQLAlchemy imports (but the Session type) in source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in SESSION_METHODS:
                found.append(f".{func.attr}(")
            elif isinstance(func, ast.Name) and func.id in STATEMENTS:
                found.append(f"{func.id}(")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            if node.module != "sqlalchemy.orm" or [a.name for a in node.names] != ["Session"]:
                found.append(f"from {node.module}")
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("sqlalchemy")]
    return found


def protocol_words(source: str) -> list[str]:
    """String literals that start like a gateway reply."""
    return [node.value for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and node.value.startswith(("CON ", "END "))]


@pytest.mark.parametrize(("source", "found"), [
    ("db.commit()", [".commit("]),
    ("session.scalars(select(Ticket))", [".scalars(", "select("]),
    ("from sqlalchemy import select", ["from sqlalchemy"]),
    ("from sqlalchemy.orm import Session", []),
    ("values.get('x'); items.append(1)", []),
])
def test_checker_finds_database_work(source, found):
    """The scanner sees session calls, statements and imports."""
    assert sorted(database_work(source)) == sorted(found)


def test_ussd_does_no_database_work_of_its_own():
    """Every read and write goes through a core service."""
    offenders = {path.name: found for path in sorted(USSD.glob("*.py"))
                 if (found := database_work(path.read_text(encoding="utf-8")))}
    assert offenders == {}


def test_only_the_renderer_writes_con_and_end():
    """No screen text (nor anything else but render.py) carries the protocol prefix."""
    offenders = {path.name: found for path in sorted(USSD.glob("*.py"))
                 if path.name != "render.py"
                 and (found := protocol_words(path.read_text(encoding="utf-8")))}
    assert offenders == {}
    assert protocol_words((USSD / "render.py").read_text(encoding="utf-8")) == ["END ", "CON "]
