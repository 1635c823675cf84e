"""Working days: weekends and holidays stop the clock, and dates are WIB dates."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from core.calendar.holidays import add_holiday, due_date, list_holidays
from core.calendar.workdays import add_working_days, is_working_day
from core.models import Holiday
from tests.factories import make_complaint, make_request, make_service

WIB = timezone(timedelta(hours=7))

# January 2025: the 1st is a Wednesday.
WED, THU, FRI, SAT, SUN = (date(2025, 1, day) for day in (1, 2, 3, 4, 5))
MON, TUE, WED2, THU2, FRI2 = (date(2025, 1, day) for day in (6, 7, 8, 9, 10))
MON2 = date(2025, 1, 13)


def test_calendar_names_are_right():
    """The named dates fall on the weekdays their names say."""
    named = [WED, THU, FRI, SAT, SUN, MON, TUE, WED2, THU2, FRI2, MON2]
    assert [day.strftime("%a") for day in named] == [
        "Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Mon"]


@pytest.mark.parametrize(("start", "days", "holidays", "expected"), [
    (WED, 1, (), THU),
    (FRI, 1, (), MON),            # over the weekend
    (SAT, 1, (), MON),            # starting on a weekend
    (WED, 5, (), WED2),
    (WED, 1, {THU}, FRI),         # over a holiday
    (FRI, 1, {MON}, TUE),         # over the weekend and a Monday holiday
    (THU, 1, {FRI}, MON),         # a Friday holiday then the weekend
    (FRI, 3, {MON}, THU2),
    (FRI, 1, {FRI}, MON),         # the start day itself never counts
    (MON, 0, (), MON),
])
def test_add_working_days(start, days, holidays, expected):
    """Weekends and holidays are skipped; the start day is not counted."""
    assert add_working_days(start, days, holidays) == expected


@pytest.mark.parametrize(("day", "holidays", "working"), [
    (FRI, (), True), (SAT, (), False), (SUN, (), False), (MON, {MON}, False), (TUE, {MON}, True),
])
def test_is_working_day(day, holidays, working):
    """Monday to Friday, except holidays."""
    assert is_working_day(day, holidays) is working


def test_due_date_reads_stored_holidays(session):
    """A holiday added to the calendar moves a due date that would fall on it."""
    assert due_date(session, FRI, 1) == MON
    add_holiday(session, day=MON, name="Cuti bersama")
    assert due_date(session, FRI, 1) == TUE
    assert due_date(session, FRI, 3) == THU2


def test_holiday_before_start_does_not_matter(session):
    """Only holidays after the start day move the due date."""
    add_holiday(session, day=FRI, name="Libur")
    assert due_date(session, FRI, 1) == MON


def test_add_holiday_is_idempotent_per_day(session):
    """Adding the same day twice keeps one row with the latest name."""
    add_holiday(session, day=MON, name="Cuti")
    add_holiday(session, day=MON, name="Cuti bersama")
    add_holiday(session, day=date(2024, 12, 25), name="Natal")
    assert session.scalar(select(func.count()).select_from(Holiday)) == 2
    assert [(h.day, h.name) for h in list_holidays(session, year=2025)] == [(MON, "Cuti bersama")]


# The service takes 5 working days and a complaint must be verified within 3.
# With Monday 6 January a holiday, counting from Friday 3 January:
#   request:   Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 -> 13 January
#   complaint: Tue 7, Wed 8, Thu 9                 -> 9 January
# and counting from Thursday 2 January:
#   request:   Fri 3, Tue 7, Wed 8, Thu 9, Fri 10  -> 10 January
#   complaint: Fri 3, Tue 7, Wed 8                 -> 8 January
@pytest.mark.parametrize(("now", "request_due", "complaint_due"), [
    (datetime(2025, 1, 3, 9, 0, tzinfo=WIB), MON2, THU2),      # Friday morning
    (datetime(2025, 1, 2, 17, 0, tzinfo=UTC), MON2, THU2),     # Friday 00:00 WIB
    (datetime(2025, 1, 2, 16, 59, tzinfo=UTC), FRI2, WED2),    # Thursday 23:59 WIB
])
def test_ticket_due_date_counts_local_working_days(session, now, request_due, complaint_due):
    """A ticket filed around a weekend and a Monday holiday is due on the right WIB date."""
    add_holiday(session, day=MON, name="Cuti bersama")
    service = make_service(session, time_days=5)
    request = make_request(session, service=service, now=now)
    complaint = make_complaint(session, now=now)
    session.expire_all()
    assert request.due_on == request_due
    assert complaint.due_on == complaint_due
    assert request.created_at == now
