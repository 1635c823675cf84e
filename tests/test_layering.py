"""The channels stay thin and side by side: web/, ussd/ and sms/ parse, call core and render.

Every query and commit lives in a core service; a channel module that
touches the database itself fails here. The channels are siblings: none
imports another, and each takes what they share (the request's database
session, the callback check) from layanan/, the app's own infrastructure,
which alone may import them all. core/ imports neither channels nor layanan/.
"""

import ast
from pathlib import Path

import pytest

from tests.imports import imported_names, is_within, package_of, source_files

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


@pytest.mark.parametrize(("source", "package", "names"), [
    ("import ussd", "web", ["ussd"]),
    ("import web.pwa.tickets as t", "sms", ["web.pwa.tickets"]),
    ("from sms.gateways import make_gateway", "layanan", ["sms.gateways.make_gateway"]),
    ("from core import db, errors", "core", ["core.db", "core.errors"]),
    ("def hop():\n    from web import database", "ussd", ["web.database"]),
    ("class A:\n    def f(self):\n        import sms.worker", "web", ["sms.worker"]),
    ("from . import views", "ussd", ["ussd.views"]),
    ("from .gateways import console", "sms", ["sms.gateways.console"]),
    ("from ..calendar import workdays", "core.tickets", ["core.calendar.workdays"]),
    ("from .. import errors", "core.tickets", ["core.errors"]),
    ("x = 'import web'\n# from sms import bp", "ussd", []),
])
def test_scanner_finds_every_import(source, package, names):
    """Top-level, nested and relative imports, resolved to absolute dotted names."""
    assert imported_names(source, package) == names


@pytest.mark.parametrize(("name", "module", "within"), [
    ("web", "web", True),
    ("web.database", "web", True),
    ("website.x", "web", False),
    ("core.sessions.driver_sql.reading", "core.sessions.driver_sql", True),
    ("core.sessions.driver_sqlite", "core.sessions.driver_sql", False),
])
def test_is_within_respects_dots(name, module, within):
    """A module's name is not a prefix of its neighbours' names."""
    assert is_within(name, module) is within


# Who may import whom, by top-level package: channels take the shared pieces
# from layanan/; layanan/ (the factory, the CLI) wires the channels in.
MAY_NOT_IMPORT = {
    "web": ("ussd", "sms"),
    "ussd": ("web", "sms"),
    "sms": ("web", "ussd"),
    "core": ("web", "ussd", "sms", "layanan"),
    "layanan": (),
}
LAYERED_MODULES = source_files(*MAY_NOT_IMPORT)


def forbidden_imports(path) -> list[str]:
    """The names a source file imports from packages its top-level package may not use."""
    package = package_of(path)
    banned = MAY_NOT_IMPORT[package.split(".")[0]]
    return [name for name in imported_names(path.read_text(encoding="utf-8"), package)
            if any(is_within(name, other) for other in banned)]


def test_forbidden_imports_are_found(tmp_path, monkeypatch):
    """The check sees a channel importing a sibling, and lets layanan/ import channels."""
    monkeypatch.setattr("tests.imports.ROOT", tmp_path)
    for folder, source in [("ussd", "from web.x import y\nimport sms\nimport layanan.db\n"),
                           ("layanan", "import web\nimport ussd\n")]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.py").write_text(source, encoding="utf-8")
    assert forbidden_imports(tmp_path / "ussd" / "m.py") == ["web.x.y", "sms"]
    assert forbidden_imports(tmp_path / "layanan" / "m.py") == []


@pytest.mark.parametrize("path", LAYERED_MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_channel_imports_another_and_core_imports_none(path):
    """Channels are siblings, core stands alone; function-level imports count too."""
    assert forbidden_imports(path) == []
