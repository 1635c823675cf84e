"""Walk-in cases at the counter: filed by an officer, the phone proven by a code read back."""

import re

import pytest
from sqlalchemy import func, select

from core.casework.walk_ins import WalkIn, file_walk_in
from core.errors import NotFound
from core.models import AuditEntry, OutboundMessage, Ticket
from core.staff.access import Principal
from core.tickets.filing import list_citizen_tickets
from core.tickets.numbers import grouped_ticket_number
from tests.factories import sign_in_citizen
from web.staff.walk_ins import CODES_PER_OFFICER

PHONE = "+6281377712345"
DRAFT = re.compile(r'name="draft" type="hidden" value="([^"]+)"')
CLIENT_KEY = re.compile(r'name="client_key" type="hidden" value="([^"]+)"')


def read(session, query):
    """One value; the read is closed so the app may write next (SQLite)."""
    value = session.scalar(query)
    session.commit()
    return value


def sent_code(session, phone=PHONE) -> str:
    """The code in the newest one-time-code SMS to the phone."""
    message = session.scalars(select(OutboundMessage).where(
        OutboundMessage.purpose == "otp", OutboundMessage.phone == phone,
    ).order_by(OutboundMessage.id.desc())).first()
    session.commit()
    return re.search(r"\b(\d{6})\b", message.text).group(1)


def start(client, **fields):
    """Step one from the form's own client key; returns the response."""
    page = client.get("/staff/loket").get_data(as_text=True)
    data = {"kind": "complaint", "complaint_type": "pengaduan", "category": "",
            "description": "Antrean obat terlalu lama.", "phone": "",
            "client_key": CLIENT_KEY.search(page).group(1)} | fields
    return client.post("/staff/loket", data)


def draft_of(response) -> str:
    return DRAFT.search(response.get_data(as_text=True)).group(1)


def ticket_count(session) -> int:
    return read(session, select(func.count()).select_from(Ticket)
                .where(Ticket.channel == "counter"))


def test_a_walk_in_complaint_with_a_phone_reaches_the_citizen(staff, world, session, app):
    """The issue's case: code SMS, code typed, receipt SMS, and the ticket in "my tickets"."""
    officer = staff(world.emails["officer_a"])
    step_one = start(officer, phone="0813 7771 2345")
    assert step_one.status_code == 200, step_one.get_data(as_text=True)[-3000:]
    assert ticket_count(session) == 0
    code = sent_code(session)
    filed = officer.post("/staff/loket/kode", {"draft": draft_of(step_one), "code": code,
                                               "confirm": "1"})
    assert filed.status_code == 303
    ticket = session.scalars(select(Ticket).where(Ticket.channel == "counter")).one()
    assert (ticket.kind, ticket.unit_id, ticket.citizen.phone) == ("complaint", world.unit_a.id,
                                                                  PHONE)
    receipt = session.scalars(select(OutboundMessage).where(
        OutboundMessage.purpose == "receipt", OutboundMessage.phone == PHONE)).one()
    assert grouped_ticket_number(ticket.number) in receipt.text
    assert [t.id for t in list_citizen_tickets(session, phone=PHONE)] == [ticket.id]
    assert read(session, select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "walk_in", AuditEntry.target == ticket.number)) == 1
    web = sign_in_citizen(app.test_client(), PHONE)
    mine = web.get("/tiket-saya").get_data(as_text=True)
    assert grouped_ticket_number(ticket.number) in mine
    assert filed.headers["Location"].endswith(f"/staff/loket/{ticket.number}/struk")


def test_a_wrong_code_is_refused_and_nothing_is_filed(staff, world, session):
    officer = staff(world.emails["officer_a"])
    step_one = start(officer, phone=PHONE)
    wrong = "000000" if sent_code(session) != "000000" else "111111"
    refused = officer.post("/staff/loket/kode", {"draft": draft_of(step_one), "code": wrong,
                                                 "confirm": "1"})
    assert refused.status_code == 422
    assert "Kode salah" in refused.get_data(as_text=True)
    assert ticket_count(session) == 0


def test_a_double_submit_files_one_ticket(staff, world, session):
    officer = staff(world.emails["officer_a"])
    step_one = start(officer, phone=PHONE)
    data = {"draft": draft_of(step_one), "code": sent_code(session), "confirm": "1"}
    first = officer.post("/staff/loket/kode", data)
    second = officer.post("/staff/loket/kode", data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert ticket_count(session) == 1
    assert read(session, select(func.count()).select_from(OutboundMessage)
                .where(OutboundMessage.purpose == "receipt", OutboundMessage.phone == PHONE)) == 1


def test_skip_files_without_a_phone(staff, world, session):
    officer = staff(world.emails["officer_a"])
    step_one = start(officer, phone=PHONE)
    skipped = officer.post("/staff/loket/kode", {"draft": draft_of(step_one), "skip": "1"})
    assert skipped.status_code == 303
    ticket = session.scalars(select(Ticket).where(Ticket.channel == "counter")).one()
    assert ticket.citizen_id is None
    assert read(session, select(func.count()).select_from(OutboundMessage)
                .where(OutboundMessage.ticket_id == ticket.id)) == 0
    slip = officer.get(skipped.headers["Location"]).get_data(as_text=True)
    assert grouped_ticket_number(ticket.number) in slip


def test_a_request_without_a_phone_is_filed_at_once(staff, world, session):
    officer = staff(world.emails["officer_a"])
    filed = start(officer, kind="request", service=str(world.service_a.id), description="")
    assert filed.status_code == 303
    ticket = session.scalars(select(Ticket).where(Ticket.channel == "counter")).one()
    assert (ticket.kind, ticket.service_id, ticket.unit_id) == (
        "request", world.service_a.id, world.unit_a.id)
    assert read(session, select(func.count()).select_from(OutboundMessage)
                .where(OutboundMessage.ticket_id == ticket.id)) == 0
    slip = officer.get(filed.headers["Location"]).get_data(as_text=True)
    assert grouped_ticket_number(ticket.number) in slip
    assert "Layanan Alfa" in slip and "*123#" in slip


def test_an_officer_files_only_for_their_own_unit(staff, world, session):
    """Another unit's service is no choice on the form, and core refuses the unit outright."""
    officer = staff(world.emails["officer_a"])
    refused = start(officer, kind="request", service=str(world.service_b.id))
    assert refused.status_code == 422
    assert ticket_count(session) == 0
    officer_a = Principal(officer_id=1, role="officer", unit_id=world.unit_a.id)
    with pytest.raises(NotFound):
        file_walk_in(session, principal=officer_a, walk_in=_complaint_for(world.unit_b.id))
    session.rollback()
    admin = Principal(officer_id=1, role="admin", unit_id=None)
    filed = file_walk_in(session, principal=admin, walk_in=_complaint_for(world.unit_b.id))
    assert filed.ticket.unit_id == world.unit_b.id
    session.rollback()


def _complaint_for(unit_id: int) -> WalkIn:
    return WalkIn(kind="complaint", unit_id=unit_id, description="Atap bocor.",
                  client_key=f"k-{unit_id}", complaint_type="pengaduan")


def test_the_slip_of_another_unit_is_not_found(staff, world, session):
    officer_b = staff(world.emails["officer_b"])
    filed = start(officer_b, description="Lampu mati.")
    assert filed.status_code == 303
    officer_a = staff(world.emails["officer_a"])
    assert officer_a.get(filed.headers["Location"]).status_code == 404
    assert officer_b.get(filed.headers["Location"]).status_code == 200


def test_an_auditor_cannot_file(staff, world, session):
    auditor = staff(world.emails["auditor"])
    assert auditor.get("/staff/loket").status_code in (403, 404)


def test_a_post_without_the_csrf_token_is_refused(staff, world, session):
    officer = staff(world.emails["officer_a"])
    response = officer.client.post("/staff/loket", data={
        "kind": "complaint", "complaint_type": "pengaduan", "description": "x", "client_key": "k"})
    assert response.status_code == 400
    assert ticket_count(session) == 0


def test_a_tampered_draft_is_refused(staff, world, session):
    officer = staff(world.emails["officer_a"])
    step_one = start(officer, phone=PHONE)
    tampered = draft_of(step_one)[:-2] + "xx"
    response = officer.post("/staff/loket/kode", {"draft": tampered, "skip": "1"})
    assert response.status_code == 400
    assert ticket_count(session) == 0


def test_a_double_submit_without_a_phone_files_one_ticket(staff, world, session):
    officer = staff(world.emails["officer_a"])
    page = officer.get("/staff/loket").get_data(as_text=True)
    data = {"kind": "complaint", "complaint_type": "pengaduan", "description": "Atap bocor.",
            "client_key": CLIENT_KEY.search(page).group(1)}
    first, second = officer.post("/staff/loket", data), officer.post("/staff/loket", data)
    assert first.headers["Location"] == second.headers["Location"]
    assert ticket_count(session) == 1


def test_codes_are_limited_per_officer(staff, world, session):
    """Many phones, one officer: the officer's limit stops the codes, not only the phone's."""
    allowed = int(CODES_PER_OFFICER.split()[0])
    officer = staff(world.emails["officer_a"])
    statuses = [start(officer, phone=f"+62813777{n:05d}").status_code for n in range(allowed + 1)]
    assert statuses == [200] * allowed + [429]
    assert read(session, select(func.count()).select_from(OutboundMessage)
                .where(OutboundMessage.purpose == "otp")) == allowed
