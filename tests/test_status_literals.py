"""A ticket status's code is spelled once, beside the column: core/models/tickets.py.

Everything else about a status is the lifecycle's table (core/tickets/lifecycle.py);
every module names a status by its constant (COMPLETED, OPEN_STATUSES, ...), so
adding or renaming a status edits those two places only. A word that means
something else (a USSD event's "Success", an outbox message's "sent") is not a
status code and passes.
"""

import ast
from pathlib import Path

import pytest

from core.tickets.lifecycle import STATUSES

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "web", "ussd", "sms", "layanan")
CODES = ROOT / "core" / "models" / "tickets.py"


def status_literals(source: str) -> list[str]:
    """String literals in the source that equal a status code, as 'line:code'."""
    return [
        f"{node.lineno}:{node.value}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and node.value in STATUSES
    ]


@pytest.mark.parametrize(("source", "found"), [
    ('status = "completed"', ["1:completed"]),
    ("if ticket.status in ('followed_up', 'postponed'):\n    pass", ["1:followed_up",
                                                                   "1:postponed"]),
    ('x = 1\nlabels = {"rejected": label}', ["2:rejected"]),
    ('where(Ticket.status == "in_progress")', ["1:in_progress"]),
    ('status = COMPLETED', []),
    ('status = "Completed"', []),
    ('text = "completed on the same day"', []),
    ('hang_up(status="Success")', []),
    ('message.status = "sent"', []),
    ('# a received ticket\nreport(received=3)', []),
])
def test_scanner_finds_exact_status_codes_only(source, found):
    """The scanner sees a status code in any literal, and nothing that merely contains it."""
    assert status_literals(source) == found


def test_scanner_sees_where_the_codes_are_named():
    """The model spells every code, so the scan below is not blind to the real sources."""
    found = {item.split(":")[1] for item in status_literals(CODES.read_text(encoding="utf-8"))}
    assert found == set(STATUSES)


MODULES = sorted(
    path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
    if path != CODES and "migrations" not in path.relative_to(ROOT).parts
)


def test_every_package_has_modules_to_scan():
    """The scan is not vacuous: every package contributes modules."""
    packages = {path.relative_to(ROOT).parts[0] for path in MODULES}
    assert packages == set(PACKAGES)
    assert len(MODULES) > 50


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_status_literal_but_where_the_codes_are_named(path):
    """Everywhere else, the lifecycle table included, a status is named by its constant."""
    assert status_literals(path.read_text(encoding="utf-8")) == []
