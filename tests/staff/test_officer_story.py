"""The officer's day (issue 15): notes reach the citizen, a forward returns to the queue,
labels instead of codes, overdue counts that open the tickets they count."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from core.models import OutboundMessage, Ticket
from core.tickets.actions import apply_ticket_action
from core.tickets.numbers import grouped_ticket_number
from tests.factories import make_complaint

TODAY = date(2026, 11, 30)


def last_sms(session, ticket):
    """The newest message queued about the ticket."""
    session.expire_all()
    message = session.scalars(select(OutboundMessage).where(OutboundMessage.ticket_id == ticket.id)
                              .order_by(OutboundMessage.id.desc())).first()
    session.commit()
    return message


def test_the_note_to_the_citizen_is_in_the_verify_sms(world, staff, session):
    """What the officer writes 'dikirim ke warga' when verifying reaches the citizen's SMS."""
    ticket = world.tickets["complaint_b"]
    officer = staff(world.emails["officer_b"])
    assert officer.act(ticket.id, "verify", note="Petugas akan cek lampu besok.").status_code == 302
    assert last_sms(session, ticket).text.endswith("Petugas akan cek lampu besok.")


def test_a_forward_returns_to_the_queue_with_a_confirmation(world, staff, session):
    """The ticket left the unit: back to the queue, saying where it went, no 'not found'."""
    ticket = world.tickets["complaint_b"]
    officer = staff(world.emails["officer_b"])
    response = officer.act(ticket.id, "forward", note="Wewenang Puskesmas Alfa.",
                           to_unit=str(world.unit_a.id))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/")
    page = officer.get(response.headers["Location"]).get_data(as_text=True)
    number = grouped_ticket_number(ticket.number)
    assert f"Tiket {number} diteruskan ke Puskesmas Alfa. Warga diberi tahu." in page
    assert "Data tidak ditemukan" not in page and "Tindakan dicatat" not in page
    session.expire_all()
    assert session.get(Ticket, ticket.id).unit_id == world.unit_a.id
    session.commit()


def test_the_history_shows_labels_not_codes(world, staff):
    """Actions, statuses and who did it read as words on the ticket page."""
    ticket = world.tickets["complaint_b"]
    officer = staff(world.emails["officer_b"])
    officer.act(ticket.id, "verify", note="Dicek.")
    officer.act(ticket.id, "follow_up", note="Sudah diganti.")
    page = officer.get(f"/staff/tiket/{ticket.id}").get_data(as_text=True)
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    for label in ("Tiket dibuat", "Verifikasi", "Kirim tindak lanjut", "Terverifikasi"):
        assert f"{label}" in rows, label
    for code in (">create<", ">verify<", "follow_up", "received", "verified", "followed_up"):
        assert code not in rows, code


def test_the_audit_trail_shows_labels_and_role_names(world, staff):
    """The audit page names actions and roles in words; the stored codes stay out of sight."""
    admin = staff(world.emails["admin"])
    admin.get("/staff/akun")
    admin.post("/staff/akun", {"email": "baru@uji.go.id", "name": "Petugas Baru",
                               "role": "unit_head", "unit": str(world.unit_a.id),
                               "password": "sandi-uji-baru-123", "phone": ""})
    admin.get("/staff/antrean.csv")
    page = admin.get("/staff/audit").get_data(as_text=True)
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "Masuk" in rows and "Antrean diunduh (CSV)" in rows
    assert "Akun dibuat" in rows and "peran: Kepala unit" in rows
    for code in (">login<", ">export_queue<", ">account_create<", "role=unit_head"):
        assert code not in rows, code


def test_answer_is_offered_for_a_question_only(world, staff, session):
    """'Jawab dan selesaikan' stands on a question's page, not on a complaint's."""
    question = make_complaint(session, unit_id=world.unit_b.id, complaint_type="informasi")
    officer = staff(world.emails["officer_b"])
    officer.act(question.id, "verify")
    officer.act(world.tickets["complaint_b"].id, "verify")
    assert "Jawab dan selesaikan" in officer.get(f"/staff/tiket/{question.id}").get_data(
        as_text=True)
    assert "Jawab dan selesaikan" not in officer.get(
        f"/staff/tiket/{world.tickets['complaint_b'].id}").get_data(as_text=True)
    assert officer.act(question.id, "answer", note="Buka Senin-Jumat.").status_code == 302
    assert "Selesai dijawab" in officer.get(f"/staff/tiket/{question.id}").get_data(as_text=True)
    assert "Selesai dijawab" in officer.get("/staff/").get_data(as_text=True)
    assert "selesai dijawab: Buka Senin-Jumat." in last_sms(session, question).text


def test_overdue_counts_link_to_the_tickets_they_count(world, staff, session):
    """Each count on the overdue page opens the unit's queue filtered to its late tickets."""
    past = datetime(2026, 10, 1, 2, tzinfo=UTC)
    late = [make_complaint(session, unit_id=world.unit_a.id, now=past, phone=f"08129999100{i}")
            for i in range(2)]
    apply_ticket_action(session, ticket_id=late[0].id, action="verify", now=past)
    session.commit()
    head = staff(world.emails["head_a"])
    page = head.get("/staff/terlambat").get_data(as_text=True)
    link = f'/staff/?unit={world.unit_a.id}&amp;overdue=1&amp;order=urgent'
    assert f'href="{link}"' in page
    queue = head.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert all(f">{grouped_ticket_number(t.number)}<" in queue for t in late)
    # Only the late ones: the unit's tickets on time are not listed.
    assert grouped_ticket_number(world.tickets["anon_a"].number) not in queue
