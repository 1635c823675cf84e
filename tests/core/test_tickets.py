"""Filing tickets: safe to repeat, validated, numbered, and listed per citizen."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

import core.tickets.filing
from core.errors import InvalidInput, InvalidPhoneNumber, NotFound
from core.models import Citizen, OutboundMessage, Ticket, TicketEvent
from core.tickets.filing import MAX_DESCRIPTION, list_citizen_tickets
from core.tickets.numbers import grouped_ticket_number, new_ticket_number
from tests.factories import make_complaint, make_request, make_service


def count(session, model):
    """Rows of a model."""
    return session.scalar(select(func.count()).select_from(model))


def file_request(session, service, **kwargs):
    """A request for the given service."""
    return make_request(session, service=service, **kwargs)


def file_complaint(session, service, **kwargs):
    """A complaint about the given service's unit."""
    return make_complaint(session, unit_id=service.unit_id, **kwargs)


FILERS = [file_request, file_complaint]


@pytest.fixture
def service(session):
    """A service of a fresh unit."""
    return make_service(session)


@pytest.mark.parametrize("file", FILERS)
def test_same_client_key_twice_gives_one_ticket(session, service, file):
    """A repeated create (a gateway retry, a PWA resync) returns the first ticket."""
    first = file(session, service, channel="sms", client_key="ATXid_1")
    again = file(session, service, channel="sms", client_key="ATXid_1")
    assert again.id == first.id
    assert (count(session, Ticket), count(session, TicketEvent)) == (1, 1)
    assert count(session, OutboundMessage) == 1


@pytest.mark.parametrize("file", FILERS)
def test_same_key_on_another_channel_is_another_ticket(session, service, file):
    """Client keys are unique per channel only: namespaces of channels differ."""
    first = file(session, service, channel="sms", client_key="k-1")
    other = file(session, service, channel="web", client_key="k-1")
    assert other.id != first.id
    assert count(session, Ticket) == 2


@pytest.mark.parametrize("file", FILERS)
def test_without_client_key_each_create_is_new(session, service, file):
    """No key means no deduplication."""
    file(session, service)
    file(session, service)
    assert count(session, Ticket) == 2


@pytest.mark.parametrize("file", FILERS)
def test_new_ticket_starts_received_with_history_and_receipt(session, service, file):
    """A new ticket is received, has a 'create' event and queues one receipt."""
    ticket = file(session, service, channel="ussd")
    session.expire_all()
    assert ticket.status == "received"
    assert [(e.action, e.to_status, e.actor) for e in ticket.events] == [
        ("create", "received", "citizen")]
    receipt = session.scalars(select(OutboundMessage)).one()
    assert (receipt.ticket_id, receipt.phone, receipt.purpose) == (
        ticket.id, "+6281234567890", "receipt")
    assert grouped_ticket_number(ticket.number) in receipt.text


def test_request_takes_unit_and_category_from_service(session, service):
    """A request is routed to the unit that offers the service."""
    ticket = file_request(session, service)
    assert (ticket.kind, ticket.unit_id, ticket.service_id, ticket.category) == (
        "request", service.unit_id, service.id, service.category)


def test_complaint_may_wait_for_routing(session):
    """A complaint whose unit the citizen does not know is filed without a unit."""
    ticket = make_complaint(session, unit_id=None, category="kesehatan", anonymous=True,
                            kecamatan="  Kalianget ", desa="")
    assert (ticket.kind, ticket.unit_id, ticket.anonymous) == ("complaint", None, True)
    assert (ticket.kecamatan, ticket.desa) == ("Kalianget", None)


@pytest.mark.parametrize(("field", "value", "error"), [
    ("complaint_type", "keluhan", InvalidInput),
    ("category", "olahraga", InvalidInput),
    ("channel", "fax", InvalidInput),
    ("description", "   ", InvalidInput),
    ("description", "x" * (MAX_DESCRIPTION + 1), InvalidInput),
    ("unit_id", 987654, NotFound),
    ("phone", "123", InvalidPhoneNumber),
])
def test_invalid_complaint_is_refused(session, field, value, error):
    """Each invalid field is refused and nothing is stored."""
    with pytest.raises(error):
        make_complaint(session, **{field: value})
    assert (count(session, Ticket), count(session, OutboundMessage)) == (0, 0)


@pytest.mark.parametrize(("field", "value", "error"), [
    ("service_id", 987654, NotFound),
    ("channel", "fax", InvalidInput),
    ("description", "x" * (MAX_DESCRIPTION + 1), InvalidInput),
])
def test_invalid_request_is_refused(session, service, field, value, error):
    """An unknown service, channel or an overlong description is refused."""
    with pytest.raises(error):
        core.tickets.filing.create_service_request(
            session, **({"phone": "081234567890", "service_id": service.id, "channel": "web"}
                        | {field: value}))
    assert count(session, Ticket) == 0


def test_taken_number_is_drawn_again(session, service, monkeypatch):
    """When the random number is already taken, a new one is drawn and the ticket is filed."""
    taken = file_request(session, service).number
    fresh = next(n for n in iter(new_ticket_number, None) if n != taken)
    draws = iter([taken, fresh])
    monkeypatch.setattr(core.tickets.filing, "new_ticket_number", lambda: next(draws))
    ticket = file_request(session, service)
    assert ticket.number == fresh
    assert next(draws, None) is None
    assert count(session, Ticket) == 2
    assert count(session, Citizen) == 1


def test_citizen_tickets_from_every_channel_newest_first(session, service):
    """A citizen sees their tickets from every channel, newest first, and only theirs."""
    older = file_request(session, service, channel="ussd", phone="6281234567890",
                         now=datetime(2025, 1, 2, tzinfo=UTC))
    newer = file_complaint(session, service, channel="sms",
                           now=datetime(2025, 2, 3, tzinfo=UTC))
    file_request(session, service, phone="081311112222")
    found = list_citizen_tickets(session, phone="+62 812-3456-7890")
    assert [ticket.id for ticket in found] == [newer.id, older.id]
