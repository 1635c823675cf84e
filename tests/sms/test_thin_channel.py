"""The SMS channel stays thin: it parses, calls core services and renders; it never queries."""

import ast
from pathlib import Path

import pytest

SMS = Path(__file__).resolve().parents[2] / "sms"
# Session methods that read or write the database, and SQL builders.
DATABASE_CALLS = {"add", "add_all", "commit", "delete", "execute", "flush", "merge", "query",
                  "rollback", "scalar", "scalars", "select"}


def database_calls(source: str) -> list[str]:
    """Names of database calls made by the source, as `x.name(...)` or `name(...)`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(
                function, "id", "")
            if name in DATABASE_CALLS:
                found.append(name)
    return found


@pytest.mark.parametrize(("source", "found"), [
    ("session.add(x)", ["add"]),
    ("db_session().commit()", ["commit"]),
    ("s.scalars(select(Ticket))", ["scalars", "select"]),
    ("session.execute(text('x'))", ["execute"]),
    ("create_complaint(session, phone=p)\nrequest.form.get('id')", []),
])
def test_checker_finds_database_calls(source, found):
    """The scanner sees method calls and bare calls alike."""
    assert sorted(database_calls(source)) == sorted(found)


def test_sms_package_makes_no_database_calls():
    """Every module under sms/ leaves queries and commits to core services."""
    modules = sorted(SMS.rglob("*.py"))
    assert len(modules) >= 5
    offenders = {
        str(path.relative_to(SMS)): found
        for path in modules
        if (found := database_calls(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
