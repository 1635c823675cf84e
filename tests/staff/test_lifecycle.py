"""A ticket's whole life through the back office, and what the citizen hears at each step."""

from sqlalchemy import select

from core.citizens.registry import set_citizen_language
from core.models import AuditEntry, OutboundMessage, SurveyInvitation, Ticket, TicketEvent
from core.tickets.numbers import grouped_ticket_number

PHONE = "+6281277788899"


def messages(session, phone=PHONE):
    """Outbound messages to the phone, oldest first; ends the read so the app can write."""
    found = list(session.scalars(select(OutboundMessage).where(OutboundMessage.phone == phone)
                                 .order_by(OutboundMessage.id)))
    session.commit()
    return found


def test_sms_complaint_is_verified_forwarded_followed_up_and_closed(world, staff, client,
                                                                  session):
    """Filed by SMS in English, routed by the admin, worked by unit A: every step reaches
    the citizen in English with the ticket number, and lands in the history with its officer."""
    set_citizen_language(session, phone=PHONE, language="en")
    session.commit()
    response = client.post("/sms/inbound", data={
        "from": PHONE, "to": "1708", "text": "LAPOR Jalan ke puskesmas rusak parah",
        "date": "2026-11-27 09:00:00", "id": "ATXid_life_1", "linkId": "x", "networkCode": "51010",
    })
    assert response.status_code == 200
    ticket = session.scalars(select(Ticket).where(Ticket.channel == "sms")).one()
    session.commit()
    assert ticket.unit_id is None and ticket.status == "received"

    admin = staff(world.emails["admin"])
    assert admin.act(ticket.id, "verify").status_code == 302
    assert admin.act(ticket.id, "forward", note="Routed to Puskesmas Alfa.",
                     to_unit=str(world.unit_a.id)).status_code == 302
    officer = staff(world.emails["officer_a"])
    assert grouped_ticket_number(ticket.number) in officer.get("/staff/").get_data(as_text=True)
    assert officer.act(ticket.id, "verify").status_code == 302
    assert officer.act(ticket.id, "follow_up", note="Road repair scheduled on Monday."
                       ).status_code == 302
    assert officer.act(ticket.id, "complete", note="Repaired.").status_code == 302

    session.expire_all()
    ticket = session.get(Ticket, ticket.id)
    events = list(session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                                  .order_by(TicketEvent.id)))
    session.commit()
    assert ticket.status == "completed" and ticket.unit_id == world.unit_a.id
    assert [(e.action, e.officer_id is not None) for e in events] == [
        ("create", False), ("verify", True), ("forward", True), ("verify", True),
        ("follow_up", True), ("complete", True)]
    notices = [m for m in messages(session) if m.ticket_id == ticket.id]
    # The receipt, then one notice per officer action.
    assert len(notices) == 6
    assert all(m.language == "en" and grouped_ticket_number(ticket.number) in m.text
               for m in notices)
    assert [m.purpose for m in notices] == ["receipt"] + ["status"] * 5
    assert "Road repair scheduled on Monday." in notices[4].text
    page = officer.get(f"/staff/tiket/{ticket.id}").get_data(as_text=True)
    assert "Nama officer_a" in page and "Nama admin" in page and "Road repair" in page


def test_completed_request_invites_to_the_survey(world, staff, session):
    """Completing a service request queues the SKM invitation by SMS."""
    ticket = world.tickets["request_a"]
    officer = staff(world.emails["officer_a"])
    officer.act(ticket.id, "verify")
    officer.act(ticket.id, "start")
    assert officer.act(ticket.id, "complete", note="Silakan ambil di loket.").status_code == 302
    session.expire_all()
    invitation = session.scalars(select(SurveyInvitation)
                                 .where(SurveyInvitation.ticket_id == ticket.id)).one()
    session.commit()
    survey = [m for m in messages(session, "+6281211110001") if m.purpose == "survey"]
    assert invitation.status == "open" and len(survey) == 1
    assert grouped_ticket_number(ticket.number) in survey[0].text


def test_survey_validity_comes_from_configuration(world, staff, session, app):
    """LAYANAN_SURVEY_VALID_DAYS sets how long the SMS survey invitation stays open."""
    app.config["SURVEY_VALID_DAYS"] = 3
    ticket = world.tickets["request_a"]
    officer = staff(world.emails["officer_a"])
    officer.act(ticket.id, "verify")
    assert officer.act(ticket.id, "complete").status_code == 302
    session.expire_all()
    invitation = session.scalars(select(SurveyInvitation)
                                 .where(SurveyInvitation.ticket_id == ticket.id)).one()
    session.commit()
    assert (invitation.expires_at - invitation.created_at).days == 3


def test_a_refused_action_changes_nothing(world, staff, session):
    """A rejection without a reason is refused: no history, no notice, a message on the page."""
    ticket = world.tickets["complaint_b"]
    before = len(messages(session, "+6281211110004"))
    officer = staff(world.emails["officer_b"])
    response = officer.act(ticket.id, "reject", note="")
    assert response.status_code == 302
    page = officer.get(f"/staff/tiket/{ticket.id}").get_data(as_text=True)
    assert "memerlukan catatan" in page
    assert len(messages(session, "+6281211110004")) == before
    session.expire_all()
    assert session.get(Ticket, ticket.id).status == "received"
    session.commit()


def test_unassigned_complaint_is_routed_by_the_admin(world, staff, session):
    """'Tidak tahu' complaints wait in the admin's unrouted queue until forwarded."""
    ticket = world.tickets["unassigned"]
    admin = staff(world.emails["admin"])
    # The number as the queue's link shows it (the forward's flash names it too).
    shown = f">{grouped_ticket_number(ticket.number)}<"
    assert shown in admin.get("/staff/?unit=none").get_data(as_text=True)
    admin.act(ticket.id, "forward", note="Untuk Puskesmas Beta.", to_unit=str(world.unit_b.id))
    assert shown not in admin.get("/staff/?unit=none").get_data(as_text=True)
    assert shown in staff(world.emails["officer_b"]).get("/staff/").get_data(as_text=True)


def test_exports_and_logins_are_audited(world, staff, session):
    """Signing in and downloading a CSV each leave an audit entry with the officer."""
    head = staff(world.emails["head_a"])
    head.get("/staff/antrean.csv")
    head.get(f"/staff/laporan.csv?unit={world.unit_a.id}")
    session.expire_all()
    actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    session.commit()
    assert actions == ["login", "export_queue", "export_report"]
