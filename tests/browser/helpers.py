"""Helpers the browser tests share: demo rows, axe-core's findings, the citizen's sign-in."""

import re

from sqlalchemy import select

from core.models import OutboundMessage, Ticket

# Rule and the offending elements, one rule a line.
AXE_RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(result =>
    result.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))"""


def first(demo_db, query):
    """The first row of a query on the demo database."""
    with demo_db() as session:
        return session.scalars(query).first()


def violations(page, axe_source, script: str = AXE_RUN) -> list[str]:
    """axe-core's findings on the page as it stands, as the script words them."""
    # Evaluated by the driver: an inline <script> tag would be refused by the page's CSP.
    page.evaluate(axe_source + "\n;0")
    return page.evaluate(script)


def first_ticket(demo_db) -> tuple[str, str]:
    """The demo's first ticket: its number and its citizen's phone."""
    with demo_db() as session:
        ticket = session.scalars(select(Ticket).order_by(Ticket.id)).first()
        return ticket.number, ticket.citizen.phone


def latest_code(demo_db) -> str:
    """The one-time code in the newest sign-in SMS of the outbox."""
    with demo_db() as session:
        text = session.scalars(select(OutboundMessage.text).where(
            OutboundMessage.purpose == "otp").order_by(OutboundMessage.id.desc())).first()
    return re.search(r"\b\d{6}\b", text).group()


def sign_in_citizen(page, demo_db, phone: str) -> None:
    """On the sign-in page: the phone, then the code the SMS outbox holds, sent.

    Where the page goes next is the caller's to wait for (a ticket, "Tiket saya", ...).
    """
    page.fill("#phone", phone)
    page.click("main button[type=submit]")
    page.locator("#code").wait_for()
    page.fill("#code", latest_code(demo_db))
    page.click("main button[type=submit]")
