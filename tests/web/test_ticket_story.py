"""The ticket page tells the story: unit, forward as its own step, lateness, where to escalate,
the citizen's two reply choices, "Selesai dijawab" and the one satisfaction step (issue 15)."""

import re
from datetime import date

from sqlalchemy import select

from core.db import unit_of_work
from core.models import OutboundMessage, Ticket
from core.tickets.actions import apply_ticket_action
from core.tickets.notifications import status_summary
from core.tickets.numbers import grouped_ticket_number
from tests.factories import make_complaint, make_request, make_service, make_unit, sign_in_citizen

OWNER = "+6281234567890"


def acted(session, ticket, *steps):
    """Take officer actions (name, note[, unit]) on the ticket in one unit of work."""
    with unit_of_work(session):
        for name, note, *unit in steps:
            apply_ticket_action(session, ticket_id=ticket.id, action=name, note=note,
                                to_unit_id=unit[0] if unit else None)
    return ticket


def page_of(client, ticket):
    """The ticket page's text."""
    return client.get(f"/tiket/{ticket.number}").get_data(as_text=True)


def test_a_forward_is_its_own_step_naming_the_unit(web, session):
    """The filer reads 'Diteruskan ke <unit>'; whoever holds only the number, 'unit lain'."""
    ticket = make_complaint(session)
    target = make_unit(session, name="Dinas Pekerjaan Umum Uji")
    acted(session, ticket, ("verify", ""), ("forward", "Bukan wewenang kami.", target.id))
    public = page_of(web, ticket)
    assert "Diteruskan ke unit lain" in public and "Dinas Pekerjaan Umum Uji" not in public
    own = page_of(sign_in_citizen(web, OWNER), ticket)
    assert "<strong>Diteruskan ke Dinas Pekerjaan Umum Uji</strong>" in own
    # The unit handling it now, and the heading's number grouped.
    assert "Ditangani oleh" in own and f"Tiket {grouped_ticket_number(ticket.number)}" in own


def test_a_late_open_ticket_says_terlambat_and_where_to_escalate(web, session):
    """Past its due date: 'Terlambat', then the unit head, SP4N-LAPOR! and the Ombudsman."""
    ticket = make_complaint(session)
    ticket.due_on = date(2020, 1, 6)
    ticket.unit.phone = "0328-662000"
    session.commit()
    public = page_of(web, ticket)
    assert "Terlambat" in public and "lapor.go.id" not in public
    own = page_of(sign_in_citizen(web, OWNER), ticket)
    assert "Terlambat: batas waktu sudah lewat." in own
    assert own.index(f"Kepala {ticket.unit.name}") < own.index("lapor.go.id") < own.index(
        "ombudsman.go.id")
    assert 'href="tel:0328-662000"' in own


def test_a_ticket_on_time_or_closed_is_not_late(web, session):
    """A due date still ahead, or a closed ticket, shows no 'Terlambat'."""
    ahead = make_complaint(session)
    closed = acted(session, make_complaint(session), ("verify", ""), ("complete", "Beres."))
    closed.due_on = date(2020, 1, 6)
    session.commit()
    assert "Terlambat" not in page_of(web, ahead) and "Terlambat" not in page_of(web, closed)


def test_sudah_selesai_closes_the_ticket_and_offers_the_skm_for_its_service(web, session):
    """'Sudah selesai, tutup' completes a followed-up request; the SKM link has its service."""
    service = make_service(session, name_id="Surat keterangan uji")
    ticket = acted(session, make_request(session, service=service),
                   ("verify", ""), ("follow_up", "Surat siap diambil."))
    client = sign_in_citizen(web, OWNER)
    page = page_of(client, ticket)
    assert "Sudah selesai, tutup" in page and "Belum selesai" in page
    response = client.post(f"/tiket/{ticket.number}/selesai")
    assert response.status_code == 303
    session.expire_all()
    stored = session.get(Ticket, ticket.id)
    assert stored.status == "completed"
    assert (stored.events[-1].action, stored.events[-1].actor) == ("accept", "citizen")
    session.commit()
    page = page_of(client, ticket)
    assert f'href="/survei?layanan={service.id}"' in page
    session.commit()  # end the test's read, so that the page may write
    survey = client.get(f"/survei?layanan={service.id}").get_data(as_text=True)
    assert re.search(rf'<option[^>]*selected[^>]*value="{service.id}"|'
                     rf'<option[^>]*value="{service.id}"[^>]*selected', survey)
    assert "Apakah masalah Anda tertangani?" in page
    assert page.index("Isi survei kepuasan (SKM)") < page.index("Apakah masalah Anda tertangani?")


def test_belum_selesai_sends_the_work_back(web, session):
    """'Belum selesai' needs what is still wrong, and puts the ticket back in progress."""
    ticket = acted(session, make_complaint(session), ("verify", ""), ("follow_up", "Sudah."))
    client = sign_in_citizen(web, OWNER)
    assert client.post(f"/tiket/{ticket.number}/tanggapan", data={"note": ""}).status_code == 422
    response = client.post(f"/tiket/{ticket.number}/tanggapan", data={"note": "Masih rusak."})
    assert response.status_code == 303
    session.expire_all()
    assert session.get(Ticket, ticket.id).status == "in_progress"


def test_only_the_filer_may_close(web, session):
    """Someone else (or nobody) signed in cannot close the ticket."""
    ticket = acted(session, make_complaint(session), ("verify", ""), ("follow_up", "Sudah."))
    assert web.post(f"/tiket/{ticket.number}/selesai").status_code == 403
    session.expire_all()
    assert session.get(Ticket, ticket.id).status == "followed_up"


def test_an_answered_question_reads_selesai_dijawab_everywhere(web, session):
    """On the ticket page, the track box, my tickets and the SMS CEK summary alike."""
    ticket = acted(session, make_complaint(session, complaint_type="informasi"),
                   ("verify", ""), ("answer", "Posyandu buka Selasa."))
    session.commit()
    assert 'badge badge-done">Selesai dijawab<' in page_of(web, ticket)
    track = web.get("/lacak", query_string={"nomor": ticket.number},
                    headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Selesai dijawab" in track
    client = sign_in_citizen(web, OWNER)
    assert "Selesai dijawab" in client.get("/tiket-saya").get_data(as_text=True)
    assert "Selesai dijawab" in status_summary("id", ticket)
    assert "Ditolak" not in page_of(client, ticket)


def test_sms_cek_of_an_answered_question(web, session):
    """The SMS CEK reply says 'Selesai dijawab' for an answered aspiration."""
    ticket = acted(session, make_complaint(session, complaint_type="aspirasi"),
                   ("verify", ""), ("answer", "Usul diterima untuk musrenbang."))
    session.commit()
    web.post("/sms/inbound", data={"from": OWNER, "to": "1708", "text": f"CEK {ticket.number}",
                                   "date": "2026-11-28 10:00:00", "id": "ATXid_cek_1"})
    session.expire_all()
    reply = session.scalars(select(OutboundMessage).order_by(OutboundMessage.id.desc())).first()
    session.commit()
    assert "Selesai dijawab" in reply.text
