"""Looking tickets up by number is limited per address: guessing numbers is slowed down."""

from tests.factories import make_complaint
from web.pwa.tickets import LOOKUPS_PER_IP

BUDGET = int(LOOKUPS_PER_IP.split()[0])
HOME = {"REMOTE_ADDR": "192.0.2.10"}
ELSEWHERE = {"REMOTE_ADDR": "192.0.2.99"}


def test_the_budget_is_shared_by_the_track_form_and_the_ticket_page(web, session):
    """Track-form lookups and ticket pages draw on one budget; past it, a 429 in Indonesian."""
    number = make_complaint(session).number
    for index in range(BUDGET):
        url = f"/tiket/{number}" if index % 2 else f"/lacak?nomor={number}"
        assert web.get(url, environ_base=HOME).status_code in (200, 303), index
    for url in (f"/lacak?nomor={number}", f"/tiket/{number}", "/tiket/0000000000/foto/1"):
        response = web.get(url, environ_base=HOME)
        assert response.status_code == 429
        assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
    # Another address is not held back by this one.
    assert web.get(f"/tiket/{number}", environ_base=ELSEWHERE).status_code == 200


def test_the_refusal_speaks_the_visitors_language(web):
    """A visitor who chose English reads the refusal in English."""
    web.get("/bahasa/en", environ_base=HOME)
    for _ in range(BUDGET):
        web.get("/lacak?nomor=12345678", environ_base=HOME)
    response = web.get("/lacak?nomor=12345678", environ_base=HOME)
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_the_empty_track_form_is_not_a_lookup(web):
    """Opening the track page without a number costs nothing."""
    for _ in range(BUDGET + 5):
        assert web.get("/lacak", environ_base=HOME).status_code == 200
    assert web.get("/lacak?nomor=12345678", environ_base=HOME).status_code == 422
