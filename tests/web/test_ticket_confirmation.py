"""The confirmation after filing: the number grouped, what was sent, tools that need script.

And the way back: a grouped number typed on the track form finds the ticket.
"""

import io
import re

from PIL import Image
from sqlalchemy import select

from core.models import Ticket
from core.tickets.numbers import grouped_ticket_number
from tests.factories import make_service, make_unit, sign_in_citizen
from tests.web.test_pwa_filing import PHONE, complaint


def jpeg() -> io.BytesIO:
    """A small photo."""
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (20, 120, 60)).save(out, "JPEG")
    out.seek(0)
    return out


def file_and_open(web, session, path="/pengaduan", **data):
    """Post a filing, follow to its page; the ticket and the page's text."""
    response = web.post(path, data=data)
    assert response.status_code == 303
    ticket = session.scalars(select(Ticket)).one()
    session.commit()
    return ticket, web.get(response.headers["Location"]).get_data(as_text=True)


def confirmation(page: str) -> str:
    """The confirmation card of a page."""
    found = re.search(r'<div class="card ok confirmation".*?\n</div>', page, re.S)
    assert found, "no confirmation card"
    return found.group(0)


def test_the_number_is_shown_grouped_and_large(web, session):
    """Filed without signing in: the number to write down, in threes."""
    ticket, page = file_and_open(web, session, **complaint())
    card = confirmation(page)
    shown = grouped_ticket_number(ticket.number)
    assert re.search(rf'class="ticket-number"[^>]*>{shown}</p>', card)
    # Kept raw for the device's list of tickets, which links to /tiket/<number>.
    assert f'data-remember-ticket="{ticket.number}"' in card


def test_copy_share_and_print_come_hidden_for_the_script_to_show(web, session):
    """No script, no dead buttons: the tools are hidden until share.js reveals them."""
    ticket, page = file_and_open(web, session, **complaint())
    card = confirmation(page)
    tools = re.search(r"<div[^>]*data-ticket-tools[^>]*>", card, re.S).group(0)
    assert " hidden" in tools
    assert f'data-number="{grouped_ticket_number(ticket.number)}"' in tools
    assert f'/tiket/{ticket.number}"' in tools
    for label in ("Salin nomor", "Bagikan", "Cetak"):
        assert f">{label}</button>" in card
    assert re.search(r'src="/static/share\.[0-9a-f]{12}\.js" defer', page)
    assert re.search(r'href="/static/print\.[0-9a-f]{12}\.css" media="print"', page)
    assert "onclick" not in page


def test_a_complaint_repeats_unit_category_privacy_and_photo(web, session):
    """The filer who was not signed in sees what the device sent."""
    unit = make_unit(session, name="Puskesmas Kalianget")
    data = complaint(unit_id=str(unit.id), anonymous="y", confidential="y") | {
        "photo": (jpeg(), "foto.jpg", "image/jpeg")}
    _ticket, page = file_and_open(web, session, **data)
    card = confirmation(page)
    assert "Puskesmas Kalianget" in card and "Pengaduan (Kesehatan)" in card
    assert "Anonim: petugas tidak melihat nomor HP Anda." in card
    assert "Rahasia: laporan tidak ditampilkan kepada umum." in card
    assert "1 foto terlampir" in card


def test_a_plain_complaint_says_so_and_that_no_photo_came(web, session):
    """Neither anonymous nor confidential, no unit chosen, no photo: each is said."""
    _ticket, page = file_and_open(web, session, **complaint())
    card = confirmation(page)
    assert "Tidak anonim, tidak rahasia." in card and "Tanpa foto" in card
    assert "Belum ada unit, petugas sedang meneruskannya." in card


def test_a_request_names_its_service_and_unit_in_english(web, session):
    """A signed-in filer's request: the service and unit, in the page's language."""
    service = make_service(session)
    sign_in_citizen(web, PHONE)
    web.get("/bahasa/en")
    _ticket, page = file_and_open(web, session, path=f"/layanan/{service.id}/ajukan",
                                  description="Untuk anak kedua", client_key="key-request-9")
    card = confirmation(page)
    assert service.name("en") in card and service.unit.name in card
    assert "Service request" in card and "Privacy" not in card and "Copy number" in card


def test_someone_else_opening_the_confirmation_sees_only_the_number(web, make_app, session):
    """?baru=1 on another device: the grouped number, none of what was sent."""
    ticket, _page = file_and_open(web, session, **complaint(anonymous="y"))
    other = make_app(WTF_CSRF_ENABLED=False).test_client()
    card = confirmation(other.get(f"/tiket/{ticket.number}?baru=1").get_data(as_text=True))
    assert grouped_ticket_number(ticket.number) in card
    assert "Anonim" not in card and "Pengaduan (" not in card and "foto" not in card


def test_a_grouped_number_typed_on_the_track_form_finds_the_ticket(web, session):
    """'306 169 650' as the receipt shows it, typed back on the Lacak form."""
    ticket, _page = file_and_open(web, session, **complaint())
    response = web.get("/lacak", query_string={"nomor": grouped_ticket_number(ticket.number)})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/tiket/{ticket.number}"
