"""core/'s packages stand in one order: each may use the kernel, the models and those below it.

The order (docs/architecture.md): kernel modules and models lowest, then
calendar < catalogue < citizens < messaging < sessions < queueing < staff < surveys
< tickets < statistics < casework < publishing < duties < demo. Function-level imports count: a
cycle hidden in a function is still a cycle.
"""

import pytest

from tests.imports import ROOT, imported_names, is_within, module_name, package_of, source_files

KERNEL = ("db", "errors", "i18n", "clock", "gsm", "phones", "idempotency", "migrate",
          "models", "migrations")
PACKAGES = ("calendar", "catalogue", "citizens", "messaging", "sessions", "queueing", "staff",
            "surveys", "tickets", "statistics", "casework", "publishing", "duties", "demo")
# The hop's short SQL path is the session store's own business.
DRIVER_SQL = "core.sessions.driver_sql"
CORE_MODULES = source_files("core")


def part_of_core(name: str) -> str | None:
    """The kernel module or package of core a dotted name lies in; None outside core."""
    parts = name.split(".")
    if parts[0] != "core":
        return None
    return parts[1] if len(parts) > 1 else ""


def allowed_parts(part: str) -> tuple[str, ...]:
    """What a module of core's `part` may import: the kernel, its own package and those below."""
    if part in KERNEL or part == "":
        return KERNEL
    return KERNEL + PACKAGES[:PACKAGES.index(part) + 1]


def layer_violations(source: str, module: str, package: str) -> list[str]:
    """The names a module of core imports from packages above its own."""
    allowed = allowed_parts(part_of_core(module))
    return [name for name in imported_names(source, package)
            if (part := part_of_core(name)) and part not in allowed]


@pytest.mark.parametrize(("source", "module", "found"), [
    ("from core.calendar.workdays import add_workdays", "core.tickets.filing", []),
    ("from core.tickets.lifecycle import STATUSES", "core.tickets.actions", []),
    ("from core import db, errors\nfrom core.models import Ticket", "core.staff.access", []),
    ("import sqlalchemy\nfrom flask import g", "core.surveys.ikm", []),
    ("from core.tickets.lifecycle import X", "core.surveys.reports", ["core.tickets.lifecycle.X"]),
    ("def f():\n    from core.casework import queue", "core.tickets.filing",
     ["core.casework.queue"]),
    ("from ..staff import audit", "core.messaging.outbox", ["core.staff.audit"]),
    ("from core.citizens.registry import x", "core.errors", ["core.citizens.registry.x"]),
    ("from core.tickets import numbers", "core.models.tickets", ["core.tickets.numbers"]),
    ("from core.sessions.store import load", "core.demo.loader", []),
])
def test_scanner_finds_upward_imports(source, module, found):
    """An import of a higher package is found, at any depth; lower ones and the kernel pass."""
    package = module.rsplit(".", 1)[0]
    assert layer_violations(source, module, package) == found


def test_every_part_of_core_has_a_place_in_the_order():
    """A new package or kernel module must be placed before its imports can be judged."""
    parts = {part_of_core(module_name(path)) for path in CORE_MODULES}
    assert parts - {""} <= set(KERNEL + PACKAGES)
    assert set(PACKAGES) <= parts


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_core_modules_import_only_lower_packages(path):
    """A module imports its own package, lower packages, the kernel and the models."""
    source = path.read_text(encoding="utf-8")
    assert layer_violations(source, module_name(path), package_of(path)) == []


PRODUCT_MODULES = [path for path in source_files("core", "web", "ussd", "sms", "layanan")
                   if not is_within(package_of(path), "core.sessions")]


def test_only_the_session_store_imports_the_short_sql_path():
    """Nothing outside core/sessions imports core.sessions.driver_sql."""
    assert len(PRODUCT_MODULES) > 50
    offenders = {
        str(path.relative_to(ROOT)): names
        for path in PRODUCT_MODULES
        if (names := [name for name in imported_names(path.read_text(encoding="utf-8"),
                                                      package_of(path))
                      if is_within(name, DRIVER_SQL)])
    }
    assert offenders == {}
