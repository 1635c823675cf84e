"""Core stays channel-free: no module under core/ imports Flask or a channel package."""

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "core"
FORBIDDEN = ("flask", "web", "ussd", "sms")


def forbidden_imports(source: str) -> list[str]:
    """Top-level packages imported by the source that core must not use."""
    imported = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.append(node.module)
    tops = [name.split(".")[0] for name in imported]
    return [top for top in tops if top in FORBIDDEN or top.startswith("flask_")]


@pytest.mark.parametrize(("source", "found"), [
    ("import flask", ["flask"]),
    ("from flask import Flask", ["flask"]),
    ("from flask_babel import gettext", ["flask_babel"]),
    ("import web.views", ["web"]),
    ("from sms.gateways import send", ["sms"]),
    ("def f():\n    from ussd import engine", ["ussd"]),
    ("import core.models\nfrom sqlalchemy import select\nfrom . import web", []),
    ("import website, smsc", []),
])
def test_checker_finds_forbidden_imports(source, found):
    """The scanner recognises every import form, nested ones included."""
    assert forbidden_imports(source) == found


def test_core_imports_no_channel_or_flask():
    """No module of core imports flask, web, ussd or sms."""
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) > 20
    offenders = {
        str(path.relative_to(CORE)): found
        for path in modules
        if (found := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
