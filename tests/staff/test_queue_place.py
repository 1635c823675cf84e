"""Where it happened, for officers: the queue's kecamatan filter and the place on a ticket."""

import pytest

from core.casework.queue import QueueFilter, list_queue
from core.errors import InvalidInput
from core.tickets.numbers import grouped_ticket_number
from tests.factories import make_complaint, make_regions
from tests.staff.test_queue import TODAY

KALIANGET, KOTA = "35.29.02", "35.29.01"


@pytest.fixture
def placed(session, world):
    """Complaints in Kalianget for both units, one in Kota Sumenep for unit A."""
    make_regions(session)
    return {
        "kalianget_a": make_complaint(session, unit_id=world.unit_a.id, phone="081211119001",
                                      kecamatan_code=KALIANGET, desa_code="35.29.02.2003",
                                      latitude=-7.0512, longitude=113.9301),
        "kalianget_b": make_complaint(session, unit_id=world.unit_b.id, phone="081211119002",
                                      kecamatan_code=KALIANGET),
        "kota_a": make_complaint(session, unit_id=world.unit_a.id, phone="081211119003",
                                 kecamatan_code=KOTA),
    }


def test_the_filter_keeps_the_kecamatan_tickets(session, world, placed):
    def ids(**kwargs):
        return {t.id for t in list_queue(session, filters=QueueFilter(**kwargs),
                                         today=TODAY).tickets}

    assert ids(kecamatan=KALIANGET) == {placed["kalianget_a"].id, placed["kalianget_b"].id}
    assert ids(kecamatan=KALIANGET, unit_ids=(world.unit_a.id,)) == {placed["kalianget_a"].id}
    assert ids(kecamatan="35.29.27") == set()


def test_an_overlong_kecamatan_is_refused(session):
    with pytest.raises(InvalidInput):
        list_queue(session, filters=QueueFilter(kecamatan="3" * 21), today=TODAY)


def shown(ticket):
    """A ticket's number as the queue page shows it, grouped."""
    return grouped_ticket_number(ticket.number)


def test_the_queue_page_filters_by_kecamatan(world, staff, placed):
    admin = staff(world.emails["admin"])
    page = admin.get(f"/staff/?kecamatan={KALIANGET}").get_data(as_text=True)
    assert f'<option value="{KALIANGET}" selected>Kalianget</option>' in page
    assert shown(placed["kalianget_a"]) in page and shown(placed["kalianget_b"]) in page
    assert shown(placed["kota_a"]) not in page
    assert f"/staff/antrean.csv?kecamatan={KALIANGET}" in page


def test_an_officer_filtering_by_kecamatan_still_sees_only_their_unit(world, staff, placed):
    officer = staff(world.emails["officer_a"])
    page = officer.get(f"/staff/?kecamatan={KALIANGET}").get_data(as_text=True)
    assert shown(placed["kalianget_a"]) in page
    assert shown(placed["kalianget_b"]) not in page and shown(placed["kota_a"]) not in page
    page = officer.get(f"/staff/?kecamatan={KALIANGET}&unit={world.unit_b.id}").get_data(
        as_text=True)
    assert shown(placed["kalianget_b"]) not in page


def test_the_csv_follows_the_kecamatan_filter(world, staff, placed):
    admin = staff(world.emails["admin"])
    body = admin.get(f"/staff/antrean.csv?kecamatan={KOTA}").get_data(as_text=True)
    assert placed["kota_a"].number in body and placed["kalianget_a"].number not in body
    header, row = body.splitlines()[:2]
    assert header.endswith(",kecamatan,desa") and row.endswith(",Kota Sumenep,")


def test_the_ticket_page_shows_the_place_and_a_map_link(world, staff, placed):
    officer = staff(world.emails["officer_a"])
    page = officer.get(f"/staff/tiket/{placed['kalianget_a'].id}").get_data(as_text=True)
    assert "Marengan Laok, Kalianget" in page
    assert "https://www.openstreetmap.org/?mlat=-7.0512&amp;mlon=113.9301" in page
    page = officer.get(f"/staff/tiket/{placed['kota_a'].id}").get_data(as_text=True)
    assert "Kota Sumenep" in page and "openstreetmap" not in page
