"""The Content-Security-Policy in a real browser: the main pages, htmx and the service worker
run under it without a single violation."""

import pytest
from sqlalchemy import select

from core.models import Service, Ticket
from tests.browser.conftest import controlled

# Before any page script: every violation the browser reports, kept on the window.
LISTEN = """document.addEventListener('securitypolicyviolation', e =>
    (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture
def watched(page):
    """The page, with CSP violations collected from events and from the console."""
    console = []
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script(LISTEN)
    return page, console


def _violations(page, console) -> list[str]:
    """What the browser refused on the page so far."""
    return (page.evaluate("window.__csp || []")) + console


def test_main_pages_run_under_the_policy(watched, demo_db):
    """Home, catalogue, a service, forms, a ticket, transparency, staff login: no violation."""
    page, console = watched
    with demo_db() as session:
        service = session.scalars(select(Service.id).order_by(Service.id)).first()
        ticket = session.scalars(select(Ticket.number).order_by(Ticket.id)).first()
    controlled(page, "/")
    assert "frame-ancestors 'none'" in page.evaluate(
        "fetch('/').then(r => r.headers.get('content-security-policy'))")
    for path in ("/katalog", f"/layanan/{service}", "/pengaduan", "/survei", "/lacak",
                 f"/tiket/{ticket}", "/transparansi", "/praktik-baik", "/masuk",
                 "/staff/masuk", "/offline"):
        page.goto(path)
        assert _violations(page, console) == [], path


def test_htmx_swaps_under_the_policy(watched, demo_db):
    """A boosted link and the in-place track box: htmx works, and injects no style."""
    page, console = watched
    with demo_db() as session:
        number = session.scalars(select(Ticket.number).order_by(Ticket.id)).first()
    page.goto("/")
    page.fill("#nomor", number)
    page.locator("#track button[type=submit]").click()
    page.locator("#track .status").wait_for()
    page.locator("nav.tabs a[href='/pengaduan']").click()
    page.wait_for_url("**/pengaduan")
    assert page.evaluate("document.querySelectorAll('head style').length") == 0
    assert _violations(page, console) == []
