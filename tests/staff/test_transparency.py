"""/transparansi: received, resolved, median days, share in time, IKM; no personal data."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from core.statistics.figures import refresh_public_figures
from core.statistics.live import unit_performance
from core.surveys.responses import record_survey_response
from core.tickets.actions import apply_ticket_action
from tests.factories import make_complaint, make_request, respondent_phone

# A Monday, so working days are easy to count.
MONDAY = datetime(2025, 3, 3, 2, tzinfo=UTC)


def test_figures_per_unit(world, session):
    """Three requests (limit 3 working days) done in 1, 2 and 7 days: median 2, two in time."""
    service = world.service_a
    for index, days in enumerate((1, 2, 7)):
        ticket = make_request(session, service=service, now=MONDAY, phone=f"08121111200{index}")
        apply_ticket_action(session, ticket_id=ticket.id, action="verify", now=MONDAY)
        apply_ticket_action(session, ticket_id=ticket.id, action="complete",
                            now=MONDAY + timedelta(days=days))
    make_request(session, service=service, now=MONDAY, phone="081211112009")
    make_complaint(session, unit_id=world.unit_a.id, confidential=True, now=MONDAY)
    record_survey_response(session, answers=[4] * 9, channel="web", unit_id=world.unit_a.id,
                           now=MONDAY, phone=respondent_phone(1))
    figures = {f.unit.id: f for f in unit_performance(session, start=date(2025, 1, 1),
                                                      end=date(2025, 12, 31))}
    session.commit()
    unit_a = figures[world.unit_a.id]
    assert (unit_a.received, unit_a.resolved) == (4, 3)
    assert unit_a.median_days == Decimal("2.0")
    assert unit_a.on_time_share == Decimal("66.7")
    assert (unit_a.ikm.ikm_converted, unit_a.ikm.grade) == (Decimal("100.00"), "A")
    assert figures[world.unit_b.id].resolved == 0 and figures[world.unit_b.id].median_days is None


def test_page_is_public_and_years_are_bounded(world, client, session):
    """No sign-in needed; a year outside the range is not found."""
    refresh_public_figures(session)
    session.commit()
    page = client.get("/transparansi")
    assert page.status_code == 200 and "Puskesmas Alfa" in page.get_data(as_text=True)
    assert client.get("/transparansi?tahun=1999").status_code == 404
    for ticket in world.tickets.values():
        assert ticket.number not in page.get_data(as_text=True)
