"""/transparansi by kecamatan: received, resolved and share in time where it happened."""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from core.statistics.figures import refresh_public_figures
from core.statistics.live import kecamatan_performance
from core.tickets.actions import apply_ticket_action
from tests.factories import make_complaint, make_regions

MONDAY = datetime(2025, 3, 3, 2, tzinfo=UTC)
KALIANGET, KOTA = "35.29.02", "35.29.01"


def complete(session, ticket, days):
    apply_ticket_action(session, ticket_id=ticket.id, action="verify", now=MONDAY)
    apply_ticket_action(session, ticket_id=ticket.id, action="complete",
                        now=MONDAY + timedelta(days=days))


def kalianget_year(session, world):
    """Kalianget: three complaints, two done (one in time, one after 100 days), one rahasia
    left out; Kota Sumenep: none. A complaint without a place counts nowhere."""
    make_regions(session)
    tickets = [make_complaint(session, unit_id=world.unit_a.id, kecamatan_code=KALIANGET,
                              now=MONDAY, phone=f"08121113000{i}") for i in range(3)]
    complete(session, tickets[0], 10)
    complete(session, tickets[1], 100)
    make_complaint(session, unit_id=world.unit_a.id, kecamatan_code=KALIANGET, now=MONDAY,
                   confidential=True, phone="081211130009")
    make_complaint(session, unit_id=None, now=MONDAY, phone="081211130008")
    return tickets


def test_figures_per_kecamatan(world, session):
    kalianget_year(session, world)
    figures = {f.code: f for f in kecamatan_performance(session, start=date(2025, 1, 1),
                                                        end=date(2025, 12, 31))}
    session.commit()
    assert (figures[KALIANGET].received, figures[KALIANGET].resolved) == (3, 2)
    assert figures[KALIANGET].on_time_share == Decimal("50.0")
    assert figures[KOTA].name == "Kota Sumenep"
    assert (figures[KOTA].received, figures[KOTA].resolved, figures[KOTA].on_time_share) == (
        0, 0, None)


def test_another_year_counts_nothing(world, session):
    kalianget_year(session, world)
    figures = kecamatan_performance(session, start=date(2024, 1, 1), end=date(2024, 12, 31))
    session.commit()
    assert {f.received for f in figures} == {0}


def test_the_page_shows_the_kecamatan_table_and_nothing_personal(world, session, client):
    tickets = kalianget_year(session, world)
    refresh_public_figures(session)
    session.commit()
    page = client.get("/transparansi?tahun=2025").get_data(as_text=True)
    assert "Menurut kecamatan" in page
    row = page.split('<th scope="row">Kalianget</th>')[1].split("</tr>")[0]
    # Each cell carries its column's name, shown before the value when the table is cards.
    assert re.findall(r'<td data-label="([^"]+)">([^<]*)</td>', row) == [
        ("Diterima", "3"), ("Selesai", "2"), ("Selesai tepat waktu", "50.0%")]
    for ticket in tickets:
        assert ticket.number not in page and ticket.description not in page


def test_without_regions_there_is_no_kecamatan_table(world, client):
    assert "Menurut kecamatan" not in client.get("/transparansi").get_data(as_text=True)
