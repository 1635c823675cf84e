"""No function of the product runs past 40 lines: a longer one is asking to be split.

Measured from the `def` line to the function's last line, docstring and
nested functions included, decorators not. Migrations are exempt: each is
a record of one schema change, read once.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "layanan", "web", "ussd", "sms")
EXEMPT = ROOT / "core" / "migrations"
MAX_LINES = 40


def long_functions(source: str, limit: int = MAX_LINES) -> list[str]:
    """The functions (methods and nested ones too) longer than the limit, as 'name:lines'."""
    return [
        f"{node.name}:{node.end_lineno - node.lineno + 1}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > limit
    ]


def _function(name: str, lines: int, indent: str = "") -> str:
    """A function of exactly `lines` lines."""
    body = "".join(f"{indent}    x = {n}\n" for n in range(lines - 1))
    return f"{indent}def {name}():\n{body}"


@pytest.mark.parametrize(("source", "found"), [
    (_function("short", 2), []),
    (_function("at_limit", 3), []),
    (_function("over", 4), ["over:4"]),
    ("@decorated\n" + _function("decorated", 3), []),
    ("class A:\n" + _function("method", 4, indent="    "), ["method:4"]),
    ("async " + _function("waiting", 5), ["waiting:5"]),
    ("def outer():\n" + _function("inner", 4, indent="    "), ["outer:5", "inner:4"]),
    ('def doc():\n    """One.\n\n    Two.\n    """\n', ["doc:5"]),
])
def test_scanner_measures_functions(source, found):
    """Every kind of function is measured from `def` to its last line; the limit is allowed."""
    assert long_functions(source, limit=3) == found


MODULES = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
                 if not path.is_relative_to(EXEMPT))


def test_every_package_has_modules_to_measure():
    """The scan below is not vacuous, and it skips the migrations."""
    assert {path.relative_to(ROOT).parts[0] for path in MODULES} == set(PACKAGES)
    assert not any(path.is_relative_to(EXEMPT) for path in MODULES)
    assert len(MODULES) > 50


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_function_is_longer_than_the_limit(path):
    """Every function of the product fits in 40 lines."""
    assert long_functions(path.read_text(encoding="utf-8")) == []
