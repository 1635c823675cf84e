"""The notifications toggle in real Chromium, against `layanan serve` in demo mode (push on).

A browser here cannot finish a subscription: its push service is on the
internet. What can be shown: the service worker with its push handlers
installs (a syntax error in pwa/_sw_push.js would stop it), push.js runs under
the page's CSP and shows the toggle where the browser can push, keeps it
hidden where it cannot, and a failed subscription leaves a message and no row.
"""

import re

import pytest
from sqlalchemy import func, select

from core.models import PushSubscription
from tests.browser.conftest import controlled
from tests.browser.helpers import first_ticket, sign_in_citizen

TOGGLE = "[data-push] [data-push-toggle]"


def sign_in(page, demo_db) -> None:
    """Sign in by SMS code as the citizen of the demo's first ticket."""
    _number, phone = first_ticket(demo_db)
    # Installed first: the worker's install fetches pages whose cookies would race the sign-in.
    controlled(page, "/")
    page.goto("/masuk?next=/tiket-saya")
    sign_in_citizen(page, demo_db, phone)
    # A boosted form: the address changes without a load event.
    page.wait_for_function("() => location.pathname === '/tiket-saya'", timeout=15000)


def subscriptions(demo_db) -> int:
    """How many subscriptions are stored."""
    with demo_db() as session:
        return session.scalar(select(func.count()).select_from(PushSubscription))


@pytest.mark.parametrize("permission", ["granted", "denied"])
def test_the_toggle_shows_and_a_failed_subscription_says_so(context, page, demo_db, permission):
    """Chromium can push: the toggle shows; turning on without a reachable push service
    (or without permission) says so, and nothing is stored."""
    if permission == "granted":
        context.grant_permissions(["notifications"])
    sign_in(page, demo_db)
    controlled(page, "/tiket-saya")
    page.locator(TOGGLE).wait_for(state="visible", timeout=15000)
    assert page.locator(TOGGLE).inner_text() == "Nyalakan notifikasi"

    page.click(TOGGLE)
    note = page.locator("[data-push] [data-push-note]")
    # push.js gives a push service that does not answer 15 s.
    note.filter(has_text=re.compile(r"\S")).wait_for(timeout=30000)
    on = "Notifikasi menyala" in note.inner_text()
    assert subscriptions(demo_db) == (1 if on else 0)
    if permission == "denied":
        assert "diblokir" in note.inner_text()


def test_the_toggle_stays_hidden_without_push_manager(context, page, demo_db):
    """A browser without the Push API never sees the toggle."""
    context.add_init_script("delete window.PushManager;")
    sign_in(page, demo_db)
    controlled(page, "/tiket-saya")
    page.wait_for_function("() => navigator.serviceWorker.ready.then(() => true)")
    assert page.locator("[data-push]").count() == 1
    assert page.locator("[data-push]").is_hidden()
