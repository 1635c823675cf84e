"""Who filed a ticket: only a proven phone; receipts count against the phone's budget."""

from sqlalchemy import func, select

from core.casework.cases import Reporter, reporter_of
from core.db import unit_of_work
from core.messaging.outbox import HOURLY_LIMIT_PER_PHONE
from core.models import Citizen, OutboundMessage, SurveyInvitation
from core.tickets.actions import apply_ticket_action
from core.tickets.filing import claim_ticket, list_citizen_tickets
from tests.factories import make_complaint, make_request

PHONE = "+6281234567890"


def outbox(session, **where):
    """Outbound messages matching the column values, oldest first."""
    query = select(OutboundMessage).filter_by(**where).order_by(OutboundMessage.id)
    return list(session.scalars(query))


def test_a_ticket_without_a_proven_phone_has_no_citizen_and_costs_no_sms(session):
    """No receipt, no citizen row, nothing in anyone's list, no reporter for officers."""
    ticket = make_complaint(session, phone=None)
    assert ticket.citizen_id is None
    assert outbox(session) == []
    assert session.scalar(select(func.count()).select_from(Citizen)) == 0
    assert reporter_of(ticket) == Reporter(anonymous=False)
    assert reporter_of(ticket).phone is None


def test_officers_news_and_the_survey_skip_a_ticket_without_a_citizen(session):
    """Verifying and completing it works, and sends nothing to anyone."""
    ticket = make_request(session, phone=None)
    with unit_of_work(session):
        apply_ticket_action(session, ticket_id=ticket.id, action="verify")
        apply_ticket_action(session, ticket_id=ticket.id, action="complete", note="Selesai.")
    assert outbox(session) == []
    assert session.scalar(select(func.count()).select_from(SurveyInvitation)) == 0


def test_a_claimed_ticket_joins_the_citizens_list_and_gets_the_news(session):
    """Once the filing device proves a phone, the ticket is that citizen's from then on."""
    ticket = make_complaint(session, phone=None)
    with unit_of_work(session):
        claim_ticket(session, number=ticket.number, phone=PHONE)
    assert [t.id for t in list_citizen_tickets(session, phone=PHONE)] == [ticket.id]
    with unit_of_work(session):
        apply_ticket_action(session, ticket_id=ticket.id, action="verify")
    assert [(m.phone, m.purpose) for m in outbox(session)] == [(PHONE, "status")]


def test_a_claim_never_takes_a_ticket_from_its_citizen(session):
    """A ticket that has its citizen keeps it, whoever claims it."""
    ticket = make_complaint(session, phone=PHONE)
    with unit_of_work(session):
        claim_ticket(session, number=ticket.number, phone="+6285712345678")
    assert ticket.citizen.phone == PHONE


def test_receipts_count_against_the_hourly_budget(session):
    """USSD filings get their receipts up to the budget; past it the receipt is suppressed."""
    tickets = [make_complaint(session, phone=PHONE, channel="ussd", client_key=f"ussd-{n}")
               for n in range(HOURLY_LIMIT_PER_PHONE + 1)]
    receipts = outbox(session, purpose="receipt")
    assert [m.ticket_id for m in receipts] == [t.id for t in tickets]
    assert [m.status for m in receipts] == ["queued"] * HOURLY_LIMIT_PER_PHONE + ["suppressed"]
    assert receipts[-1].failure_reason == "rate_limited"


def test_an_officers_status_message_past_the_budget_still_goes(session):
    """The budget spent by receipts never silences what an officer tells the citizen."""
    tickets = [make_complaint(session, phone=PHONE, channel="sms", client_key=f"sms-{n}")
               for n in range(HOURLY_LIMIT_PER_PHONE + 1)]
    with unit_of_work(session):
        apply_ticket_action(session, ticket_id=tickets[0].id, action="verify")
    (news,) = outbox(session, purpose="status")
    assert (news.status, news.ticket_id) == ("queued", tickets[0].id)
