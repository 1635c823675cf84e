"""The ticket page and tracking: the filer sees everything, anyone else only the status."""

import pytest

from core.db import unit_of_work
from core.models import Ticket
from core.tickets.actions import apply_ticket_action
from core.tickets.numbers import damm_check_digit
from tests.factories import make_complaint, make_request, make_service, sign_in_citizen

OWNER = "+6281234567890"
STRANGER = "+6285712345678"


def signed_in(client, phone):
    """Sign the client in as the phone, as a verified one-time code would."""
    return sign_in_citizen(client, phone)


def followed_up(session, **kwargs):
    """A complaint an officer has verified and answered with a public note."""
    ticket = make_complaint(session, description="Lampu jalan di depan rumah Bu Siti mati.",
                            kecamatan="Kalianget", desa="Kalimo'ok", **kwargs)
    with unit_of_work(session):
        apply_ticket_action(session, ticket_id=ticket.id, action="verify")
        apply_ticket_action(session, ticket_id=ticket.id, action="follow_up",
                            note="Petugas PLN dijadwalkan Kamis.")
    return ticket


def completed(session):
    """A service request the unit has completed."""
    ticket = make_request(session, service=make_service(session, name_id="Pemeriksaan kehamilan"))
    with unit_of_work(session):
        apply_ticket_action(session, ticket_id=ticket.id, action="verify")
        apply_ticket_action(session, ticket_id=ticket.id, action="complete", note="Selesai.")
    return ticket


def test_track_redirects_to_the_ticket_page(web, session):
    """A correct number leads to the ticket."""
    ticket = make_complaint(session)
    typed = f" {ticket.number[:3]} {ticket.number[3:]} "
    response = web.get("/lacak", query_string={"nomor": typed})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/tiket/{ticket.number}"


def test_a_typo_is_caught_by_the_check_digit(web, session):
    """One wrong digit is 'check the number', never somebody else's ticket."""
    ticket = make_complaint(session)
    wrong = ticket.number[:-2] + str((int(ticket.number[-2]) + 1) % 10) + ticket.number[-1]
    response = web.get("/lacak", query_string={"nomor": wrong})
    assert response.status_code == 422
    assert 'id="nomor-error">Nomor tiket salah ketik' in response.get_data(as_text=True)


def test_an_unknown_but_valid_number_is_not_found(web):
    """A well-formed number nobody has."""
    number = "12345678" + damm_check_digit("12345678")
    page = web.get("/lacak", query_string={"nomor": number}).get_data(as_text=True)
    assert "Tiket tidak ditemukan." in page


def test_track_fragment_for_htmx_shows_only_the_status(web, session):
    """The home page's track box gets its answer in place, and nothing personal."""
    ticket = followed_up(session)
    response = web.get("/lacak", query_string={"nomor": ticket.number},
                       headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<section class="card" id="track"')
    assert "Ditindaklanjuti" in page
    for personal in ("Bu Siti", "Kalianget", "0812", "7890", "Petugas PLN"):
        assert personal not in page


def test_whoever_knows_the_number_sees_the_timeline_but_nothing_personal(web, session):
    """Dates, statuses, due date and next step; no text, place, phone, service or notes."""
    ticket = followed_up(session)
    request = completed(session)
    page = web.get(f"/tiket/{ticket.number}").get_data(as_text=True)
    assert "Diterima" in page and "Terverifikasi" in page and "Ditindaklanjuti" in page
    assert "Langkah berikutnya" in page and "Batas waktu" in page
    for personal in ("Bu Siti", "Kalianget", "Kalimo", "0812", "7890", "Petugas PLN"):
        assert personal not in page
    assert "Pemeriksaan kehamilan" not in web.get(f"/tiket/{request.number}").get_data(
        as_text=True)
    assert 'name="note"' not in page


def test_the_filer_sees_details_and_the_officers_notes(web, session):
    """Signed in as the ticket's citizen: description, place, notes, and the reply form."""
    ticket = followed_up(session)
    response = signed_in(web, OWNER).get(f"/tiket/{ticket.number}")
    page = response.get_data(as_text=True)
    assert "Bu Siti" in page and "Kalianget" in page and "Petugas PLN dijadwalkan Kamis." in page
    assert 'name="note"' in page
    assert "no-store" in response.headers["Cache-Control"]


def test_the_filer_replies_to_a_follow_up(web, session):
    """The reply is the lifecycle's citizen 'respond' action: back to in progress."""
    ticket = followed_up(session)
    response = signed_in(web, OWNER).post(f"/tiket/{ticket.number}/tanggapan",
                                          data={"note": "Lampu masih mati."})
    assert response.status_code == 303
    session.expire_all()
    stored = session.get(Ticket, ticket.id)
    assert stored.status == "in_progress"
    assert (stored.events[-1].actor, stored.events[-1].note) == ("citizen", "Lampu masih mati.")


def test_an_empty_reply_gets_its_error_next_to_the_field(web, session):
    """The reply box says what is missing."""
    ticket = followed_up(session)
    response = signed_in(web, OWNER).post(f"/tiket/{ticket.number}/tanggapan", data={"note": ""})
    assert response.status_code == 422
    assert 'id="note-error">Tuliskan tanggapan Anda.' in response.get_data(as_text=True)


@pytest.mark.parametrize("phone", [None, STRANGER])
def test_only_the_filer_may_reply(web, session, phone):
    """Not signed in, or signed in as someone else: refused, nothing recorded."""
    ticket = followed_up(session)
    if phone:
        signed_in(web, phone)
    response = web.post(f"/tiket/{ticket.number}/tanggapan", data={"note": "Bukan saya"})
    assert response.status_code == 403
    session.expire_all()
    assert session.get(Ticket, ticket.id).status == "followed_up"


def test_the_filer_rates_the_resolution_once(web, session):
    """A completed ticket takes one rating of 1 to 5 with an optional comment."""
    ticket = completed(session)
    signed_in(web, OWNER)
    assert 'name="rating"' in web.get(f"/tiket/{ticket.number}").get_data(as_text=True)
    response = web.post(f"/tiket/{ticket.number}/nilai", data={"rating": "4", "comment": "Cepat"})
    assert response.status_code == 303
    session.expire_all()
    stored = session.get(Ticket, ticket.id)
    assert (stored.resolution_rating, stored.resolution_comment) == (4, "Cepat")
    session.commit()
    page = web.get(f"/tiket/{ticket.number}").get_data(as_text=True)
    assert 'name="rating"' not in page and "4 dari 5" in page


def test_a_rating_needs_a_value(web, session):
    """No choice made: the error stands by the rating question."""
    ticket = completed(session)
    response = signed_in(web, OWNER).post(f"/tiket/{ticket.number}/nilai", data={})
    assert response.status_code == 422
    assert 'id="rating-error">Pilih nilai.' in response.get_data(as_text=True)


def test_only_the_filer_may_rate(web, session):
    """Someone else signed in cannot rate it."""
    ticket = completed(session)
    response = signed_in(web, STRANGER).post(f"/tiket/{ticket.number}/nilai",
                                             data={"rating": "1"})
    assert response.status_code == 403
    session.expire_all()
    assert session.get(Ticket, ticket.id).resolution_rating is None


def test_an_open_ticket_cannot_be_rated(web, session):
    """Only a completed ticket has a resolution to rate."""
    ticket = followed_up(session)
    assert 'name="rating"' not in signed_in(web, OWNER).get(f"/tiket/{ticket.number}").get_data(
        as_text=True)
    response = web.post(f"/tiket/{ticket.number}/nilai", data={"rating": "5"})
    assert response.status_code == 422


def test_unknown_ticket_page_is_404_and_a_mistyped_one_400(web):
    """A number that is no ticket is not found; one that fails its check digit is a typo."""
    unknown = "12345678" + damm_check_digit("12345678")
    assert web.get(f"/tiket/{unknown}").status_code == 404
    for mistyped in ("123456789", "abc"):
        response = web.get(f"/tiket/{mistyped}")
        assert response.status_code == 400
        assert "Nomor tiket salah ketik" in response.get_data(as_text=True)


def test_ticket_filed_by_sms_appears_for_its_citizen_on_the_web(web, session):
    """One citizen, whatever the channel: an SMS ticket opens in full for them."""
    ticket = make_complaint(session, channel="sms", client_key="ATid-1",
                            description="Dari SMS")
    page = signed_in(web, OWNER).get(f"/tiket/{ticket.number}").get_data(as_text=True)
    assert "Dari SMS" in page
