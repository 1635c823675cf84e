"""The public figures' snapshots equal the live computation, and the public pages read them.

A seeded mix of requests and complaints (rahasia ones among them, some closed
in time, some late, around holidays and local midnight) and of survey answers
(counted, replaced, anonymous) over two years; then the refresh, the close
hook, the IKM of any period and the pages, compared with what is computed live.
"""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from core.calendar.holidays import add_holiday
from core.casework.cases import act_on_case
from core.models import Officer, UnitIkmDay, UnitYearFigures
from core.models.statistics import PlaceYearFigures, SnapshotMark
from core.publishing.transparency import published_unit_year, published_year
from core.staff.access import Principal
from core.statistics import figures
from core.statistics.figures import (
    IKM_DAYS,
    mark_name,
    refresh_public_figures,
    refresh_unit_figures,
    split_period,
    unit_ikm,
)
from core.statistics.live import kecamatan_performance, unit_performance
from core.surveys.ikm import compute_ikm
from core.surveys.responses import record_survey_response
from core.tickets.actions import apply_ticket_action
from tests.factories import make_complaint, make_regions, make_request, make_service, make_unit

# The refresh happens on this moment: 10:00 WIB on 20 May 2026.
NOW = datetime(2026, 5, 20, 3, tzinfo=UTC)
CODES = ("35.29.01", "35.29.02", None)


def moment_in(rng: random.Random, first: datetime, last: datetime) -> datetime:
    """A moment between two others, often within an hour of a local midnight."""
    seconds = rng.randrange(int((last - first).total_seconds()))
    moment = first + timedelta(seconds=seconds)
    if rng.random() < 0.3:
        # 17:00 UTC is midnight WIB: a few minutes either side of it.
        moment = moment.replace(hour=16 + rng.randrange(2), minute=rng.randrange(60))
    return min(moment, last)


@pytest.fixture
def mixed(session):
    """Three units (limits of 1, 3 and 10 working days), 60 tickets and 80 answers."""
    rng = random.Random(14)
    make_regions(session)
    for day in (date(2025, 12, 25), date(2026, 1, 1), date(2026, 3, 20), date(2026, 5, 1)):
        add_holiday(session, day=day, name="Libur")
    session.commit()
    services = [make_service(session, unit=make_unit(session, name=f"Unit {n}"), time_days=days)
                for n, days in enumerate((1, 3, 10))]
    units = [s.unit_id for s in services]
    first = datetime(2025, 10, 1, tzinfo=UTC)
    for number in range(60):
        _ticket(session, rng, number, services, moment_in(rng, first, NOW - timedelta(days=1)))
    for number in range(80):
        phone = f"0813{rng.randrange(12):08d}" if rng.random() < 0.7 else None
        record_survey_response(
            session, answers=[rng.randint(1, 4) for _ in range(9)], channel="web",
            unit_id=rng.choice(units), phone=phone, client_key=f"key-{number}",
            now=moment_in(rng, first, NOW - timedelta(minutes=5)))
        session.commit()
    return units


def _ticket(session, rng, number, services, filed):
    """One ticket filed at `filed`; most are then completed or rejected later."""
    service = rng.choice(services)
    phone, code = f"0812{number:08d}", rng.choice(CODES)
    if rng.random() < 0.5:
        ticket = make_request(session, service=service, phone=phone, now=filed)
    else:
        ticket = make_complaint(session, unit_id=service.unit_id, phone=phone, now=filed,
                                kecamatan_code=code, confidential=rng.random() < 0.2)
    fate = rng.random()
    if fate < 0.7:
        done = min(filed + timedelta(days=rng.uniform(0.2, 100)), NOW - timedelta(minutes=1))
        apply_ticket_action(session, ticket_id=ticket.id, action="verify", now=filed)
        apply_ticket_action(session, ticket_id=ticket.id, action="complete", now=done)
    elif fate < 0.8:
        apply_ticket_action(session, ticket_id=ticket.id, action="reject", note="Bukan wewenang.",
                            now=filed + timedelta(hours=5))
    session.commit()


def unit_values(figures):
    """The figures of each unit as plain values, the unit by id, name and agency."""
    return [(f.unit.id, f.unit.name, f.unit.agency.name, f.received, f.resolved, f.median_days,
             f.on_time_share, f.ikm) for f in figures]


def live_and_stored(session, year):
    """(live units, live kecamatan), (published units, published kecamatan) of a year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    live = (unit_values(unit_performance(session, start=start, end=end)),
            kecamatan_performance(session, start=start, end=end))
    published = published_year(session, year=year)
    session.commit()
    return live, (unit_values(published.units), published.places)


def test_the_snapshot_equals_the_live_figures(mixed, session):
    """Every unit's and kecamatan's figures, both years, to the last digit."""
    written = refresh_public_figures(session, now=NOW)
    session.commit()
    assert written > 0
    for year in (2025, 2026):
        live, stored = live_and_stored(session, year)
        assert stored == live
        assert any(unit[4] for unit in live[0]) and any(unit[7].n for unit in live[0])
        assert any(place.resolved for place in live[1])


def test_rahasia_tickets_are_left_out(mixed, session):
    """The received counts are the tickets that are not rahasia, nothing more."""
    refresh_public_figures(session, now=NOW)
    session.commit()
    from core.models import Ticket
    public = session.scalars(select(Ticket).where(Ticket.confidential.is_(False))).all()
    assert len(public) < 60
    stored = sum(row.received for row in session.scalars(select(UnitYearFigures)))
    assert stored == len(public)


def rows(session):
    """Every stored figure row as plain values."""
    return [[tuple((column.name, getattr(row, column.name)) for column in model.__table__.columns)
             for row in session.scalars(select(model).order_by(*model.__table__.primary_key))]
            for model in (UnitYearFigures, PlaceYearFigures, UnitIkmDay, SnapshotMark)]


def test_refreshing_twice_writes_the_same_rows(mixed, session):
    first = refresh_public_figures(session, now=NOW)
    session.commit()
    before = rows(session)
    # The second run leaves the complete year 2025 alone and writes 2026 again.
    assert 0 < refresh_public_figures(session, now=NOW) < first
    session.commit()
    assert rows(session) == before


def test_marks_say_how_far_the_snapshot_reaches(mixed, session):
    """Last year in full; this year and the days through yesterday (local)."""
    refresh_public_figures(session, now=NOW)
    session.commit()
    marks = dict(session.execute(select(SnapshotMark.name, SnapshotMark.covered_through)).all())
    assert marks == {mark_name(2025): date(2025, 12, 31), mark_name(2026): date(2026, 5, 19),
                     IKM_DAYS: date(2026, 5, 19)}
    # A later run leaves complete years alone and does this year again.
    assert figures.years_to_refresh(session, date(2026, 6, 1)) == [2026]
    assert figures.years_to_refresh(session, date(2027, 1, 5)) == [2026, 2027]


def test_an_officer_closing_a_ticket_updates_the_units_row(mixed, session):
    """After the refresh, a close through casework moves the unit's figures at once."""
    refresh_public_figures(session, now=NOW)
    session.commit()
    unit_id = mixed[0]
    ticket = make_complaint(session, unit_id=unit_id, phone="081299990000")
    officer = Officer(email="s@uji.go.id", name="Petugas", role="admin", password_hash="-")
    session.add(officer)
    session.commit()
    year = ticket.created_at.year
    before = published_unit_year(session, unit_id=unit_id, year=year)
    principal = Principal(officer.id, "admin", None)
    act_on_case(session, principal=principal, ticket_id=ticket.id, action="verify")
    act_on_case(session, principal=principal, ticket_id=ticket.id, action="complete",
                note="Selesai.")
    session.commit()
    after = published_unit_year(session, unit_id=unit_id, year=year)
    assert after.resolved == before.resolved + 1
    live = {f.unit.id: f for f in unit_performance(
        session, start=date(year, 1, 1), end=date(year, 12, 31))}[unit_id]
    session.commit()
    assert (after.received, after.resolved, after.on_time_share, after.ikm) == (
        live.received, live.resolved, live.on_time_share, live.ikm)


def test_the_unit_refresh_without_a_snapshot_adds_the_row(mixed, session):
    refresh_unit_figures(session, unit_id=mixed[1], year=2026, now=NOW)
    session.commit()
    row = session.get(UnitYearFigures, (mixed[1], 2026))
    assert row is not None and row.refreshed_at == NOW


PERIODS = [
    (date(2025, 1, 1), date(2026, 12, 31)), (date(2026, 5, 1), date(2026, 5, 31)),
    (date(2026, 5, 19), date(2026, 5, 21)), (date(2025, 12, 31), date(2026, 1, 1)),
    (date(2026, 4, 1), date(2026, 6, 30)), (date(2026, 5, 20), date(2026, 5, 20)),
]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_the_ikm_of_any_period_equals_compute_ikm(mixed, session, start, end):
    """Before and after the refresh, and with answers given since: the same report."""
    def same():
        for unit_id in mixed:
            expected = compute_ikm(session, start=start, end=end, unit_id=unit_id)
            assert unit_ikm(session, unit_id=unit_id, start=start, end=end) == expected
        session.commit()

    same()
    refresh_public_figures(session, now=NOW)
    session.commit()
    same()
    for minutes in (10, 60 * 20):
        record_survey_response(session, answers=[4] * 9, channel="web", unit_id=mixed[0],
                               phone="081399990000", now=NOW + timedelta(minutes=minutes))
        session.commit()
    same()


def test_a_period_is_split_at_the_covered_day():
    marks = {mark_name(2025): date(2025, 12, 31), mark_name(2026): date(2026, 5, 19),
             IKM_DAYS: date(2026, 5, 19)}
    assert split_period(marks, date(2025, 6, 1), date(2026, 6, 1)) == (
        [(date(2025, 6, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 5, 19))],
        [(date(2026, 5, 20), date(2026, 6, 1))])
    assert split_period(marks, date(2024, 6, 1), date(2024, 7, 1)) == (
        [], [(date(2024, 6, 1), date(2024, 7, 1))])
    assert split_period({}, date(2026, 1, 1), date(2026, 2, 1)) == (
        [], [(date(2026, 1, 1), date(2026, 2, 1))])


def test_the_api_answers_as_compute_ikm_across_the_covered_day(mixed, session, client):
    refresh_public_figures(session, now=NOW)
    session.commit()
    unit_id = mixed[2]
    body = client.get(f"/api/v1/ikm?unit={unit_id}&from=2026-01-01&to=2026-12-31").get_json()
    expected = compute_ikm(session, start=date(2026, 1, 1), end=date(2026, 12, 31),
                           unit_id=unit_id)
    session.commit()
    assert body["n"] == expected.n > 0
    assert body["nrr"] == [float(v) for v in expected.nrr]
    assert (body["ikm_converted"], body["grade"]) == (float(expected.ikm_converted),
                                                      expected.grade)


def test_public_pages_never_compute_live(mixed, session, client, monkeypatch):
    """Anonymous visitors read stored rows: the live computation is never called."""
    refresh_public_figures(session, now=NOW)
    session.commit()

    def refused(*_args, **_kwargs):
        raise AssertionError("a public page computed the figures live")

    for name in ("year_ticket_figures", "ikm_days", "refresh_public_figures"):
        monkeypatch.setattr(figures, name, refused)
    for url in ("/transparansi?tahun=2026", "/transparansi?tahun=2025", f"/unit/{mixed[0]}",
                f"/api/v1/ikm?unit={mixed[0]}&from=2026-01-01&to=2026-05-19"):
        assert client.get(url).status_code == 200, url


def test_the_page_shows_the_stored_figures_and_when(mixed, session, client):
    refresh_public_figures(session, now=NOW)
    session.commit()
    page = client.get("/transparansi?tahun=2026").get_data(as_text=True)
    assert "Diperbarui 20/05/2026 10:00 WIB" in page
    unit = next(u for u in published_year(session, year=2026).units if u.received)
    session.commit()
    row = page.split(f"{unit.unit.name}<br>")[1].split("</tr>")[0]
    assert f'<td data-label="Diterima">{unit.received}</td>' in row
    assert f'<td data-label="Selesai">{unit.resolved}</td>' in row


def test_a_year_not_computed_says_so(mixed, client):
    """No snapshot yet: a clear note, no table of zeros."""
    page = client.get("/transparansi?tahun=2025").get_data(as_text=True)
    assert "Angka tahun 2025 belum dihitung" in page and "Unit 0" not in page
    english = client.get("/transparansi?tahun=2025",
                         headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "not been computed yet" in english or "belum dihitung" in english


def test_the_unit_page_shows_this_years_figures(session, client):
    service = make_service(session, time_days=3)
    this_year = datetime.now(UTC)
    make_request(session, service=service, phone="081211119999", now=this_year)
    assert "Angka tahun ini" not in client.get(f"/unit/{service.unit_id}").get_data(
        as_text=True)
    refresh_public_figures(session)
    session.commit()
    page = client.get(f"/unit/{service.unit_id}").get_data(as_text=True)
    box = page.split('id="angka"')[1].split("</section>")[0]
    assert "<dd>1</dd>" in box and "<dd>0</dd>" in box and "Diperbarui" in box


def test_an_answer_replaced_after_the_refresh_leaves_the_stored_days(mixed, session):
    """One voice once: a phone answering again after the refresh retires its earlier answer
    of a stored day, and the IKM still equals compute_ikm, chain of answers included."""
    unit_id, phone = mixed[1], "081377770000"
    record_survey_response(session, answers=[1] * 9, channel="web", unit_id=unit_id,
                           phone=phone, now=datetime(2026, 5, 10, 3, tzinfo=UTC))
    session.commit()
    refresh_public_figures(session, now=NOW)
    session.commit()
    for minutes, answer in ((30, 4), (90, 2)):
        record_survey_response(session, answers=[answer] * 9, channel="web", unit_id=unit_id,
                               phone=phone, now=NOW + timedelta(minutes=minutes))
        session.commit()
        for start, end in ((date(2026, 4, 1), date(2026, 6, 30)),
                           (date(2026, 5, 1), date(2026, 5, 19)),
                           (date(2026, 1, 1), date(2026, 12, 31))):
            expected = compute_ikm(session, start=start, end=end, unit_id=unit_id)
            assert unit_ikm(session, unit_id=unit_id, start=start, end=end) == expected
            session.commit()


def test_deadlines_are_add_working_days_looked_up(session):
    """The lookup table gives add_working_days' answer for any filing day and limit."""
    from core.calendar.workdays import add_working_days
    from core.statistics.live import Deadlines

    for day in (date(2026, 1, 1), date(2026, 3, 20), date(2026, 12, 25), date(2027, 1, 1)):
        add_holiday(session, day=day, name="Libur")
    session.commit()
    deadlines = Deadlines(session, date(2026, 1, 1), date(2026, 12, 31))
    session.commit()
    rng = random.Random(7)
    for _ in range(3000):
        filed = date(2026, 1, 1) + timedelta(days=rng.randrange(-3, 370))
        limit = rng.choice((0, 1, 3, 10, 60, 90, 200))
        assert deadlines.deadline(filed, limit) == add_working_days(filed, limit,
                                                                    deadlines.holidays)
