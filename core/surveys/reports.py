"""SKM reports (PermenPANRB 14/2017) for a unit or a service and a period.

Each figure is one SQL aggregate of sums and counts, turned into NRR, IKM and
grade by core.surveys.ikm: the whole period, per channel, per respondent profile,
and the trend over the periods before it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from core.catalogue.directory import list_services, list_units
from core.clock import local_day_start
from core.db import begin_read_only
from core.errors import InvalidInput, NotFound
from core.models import Service, SurveyResponse, Unit
from core.models.surveys import UNCOUNTED_TALLIES
from core.staff.access import Principal, can_see_unit, require
from core.staff.audit import audited
from core.surveys.ikm import (
    IkmReport,
    answer_aggregates,
    compute_ikm,
    counted_responses,
    ikm_from_row,
    ikm_from_sums,
    sample_target,
)

TREND_PERIODS = 4
MAX_SPAN_DAYS = 3 * 366
MAX_POPULATION = 100_000_000
# Age bands of the respondent profile, as (code, lowest age); unknown ages are "-".
AGE_BANDS = (("<25", 0), ("25-34", 25), ("35-44", 35), ("45-54", 45), ("55+", 55))
PROFILE_FIELDS = ("sex", "age", "education", "occupation")


@dataclass(frozen=True)
class Period:
    """Local dates from start to end, both included."""

    start: date
    end: date


@dataclass(frozen=True)
class SkmReport:
    """The IKM of a unit or service for a period, its breakdowns and its trend."""

    unit: Unit
    service: Service | None
    period: Period
    weight: str
    population: int
    target: int
    overall: IkmReport
    by_channel: list[tuple[str, IkmReport]]
    by_profile: dict[str, list[tuple[str, IkmReport]]]
    trend: list[tuple[Period, IkmReport]]
    # Responses of the period kept but not in the index, per reason (tally).
    uncounted: dict[str, int]

    @property
    def uncounted_total(self) -> int:
        """How many responses of the period the index leaves out."""
        return sum(self.uncounted.values())


def quarter_of(day: date) -> Period:
    """The calendar quarter that holds the day."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    return Period(start, _add_months(start, 3) - timedelta(days=1))


def previous_periods(period: Period, count: int) -> list[Period]:
    """The `count` periods of the same length before this one, oldest first.

    Whole months (a month, quarter, half or year) step back by calendar months;
    any other span steps back by its number of days.
    """
    months = _whole_months(period)
    periods = []
    current = period
    for _ in range(count):
        if months:
            start = _add_months(current.start, -months)
            current = Period(start, _add_months(start, months) - timedelta(days=1))
        else:
            length = current.end - current.start + timedelta(days=1)
            current = Period(current.start - length, current.end - length)
        periods.append(current)
    return periods[::-1]


def build_report(
    session: Session, *, principal: Principal, start: date, end: date,
    unit_id: int | None = None, service_id: int | None = None, weight: str = "exact",
    trend_periods: int = TREND_PERIODS,
) -> SkmReport:
    """The SKM report of a unit (or one of its services) the officer may read."""
    if end < start or (end - start).days > MAX_SPAN_DAYS:
        raise InvalidInput("period")
    begin_read_only(session)
    service = None
    if service_id is not None:
        service = session.get(Service, service_id)
        if service is None:
            raise NotFound("service")
        unit_id = service.unit_id
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        raise NotFound("unit")
    require(principal, "reports", unit.id)
    period = Period(start, end)
    subject = ([SurveyResponse.service_id == service.id] if service
               else [SurveyResponse.unit_id == unit.id])
    within = [*subject, *responses_between(period), *counted_responses()]
    by_profile = {field: grouped_ikm(session, _profile_key(field), within, weight)
                  for field in PROFILE_FIELDS}
    return SkmReport(
        unit=unit, service=service, period=period, weight=weight,
        population=unit.service_population, target=sample_target(unit.service_population),
        overall=compute_ikm(session, start=start, end=end, unit_id=None if service else unit.id,
                            service_id=service.id if service else None, weight=weight),
        by_channel=grouped_ikm(session, SurveyResponse.channel, within, weight),
        by_profile=by_profile,
        trend=_trend(session, [*subject, *counted_responses()],
                     [*previous_periods(period, trend_periods), period], weight),
        uncounted=_uncounted(session, [*subject, *responses_between(period)]),
    )


def report_subjects(session: Session, *, principal: Principal) -> tuple[list[Unit], list[Service]]:
    """The units and services whose reports the officer may read."""
    require(principal, "reports", any_unit=True)
    units = [u for u in list_units(session) if can_see_unit(principal, u.id)]
    services = [s for s in list_services(session) if can_see_unit(principal, s.unit_id)]
    return units, services


def set_unit_population(
    session: Session, *, principal: Principal, unit_id: int, population: int
) -> Unit:
    """Set the yearly number of service users that sizes the SKM sample, audited."""
    require(principal, "population", unit_id)
    if not 0 <= population <= MAX_POPULATION:
        raise InvalidInput("population")
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("unit")
    with audited(session, officer_id=principal.officer_id, action="unit_population",
                 target=f"unit:{unit.id}", detail=f"{unit.service_population} -> {population}"):
        unit.service_population = population
    return unit


def responses_between(period: Period) -> list:
    """Conditions selecting survey responses of the period's local days."""
    return [SurveyResponse.created_at >= local_day_start(period.start),
            SurveyResponse.created_at < local_day_start(period.end + timedelta(days=1))]


def grouped_ikm(session: Session, key, conditions, weight: str) -> list[tuple[str, IkmReport]]:
    """IKM per group of one SQL aggregate: (key as text, or '-', report), sorted by key."""
    labelled = key.label("group_key")
    rows = session.execute(
        select(labelled, *answer_aggregates()).where(*conditions).group_by(labelled)
    ).all()
    results = [(str(row[0]) if row[0] is not None else "-",
                ikm_from_row(row[1:], weight)) for row in rows]
    return sorted(results, key=lambda item: (item[0] == "-", item[0]))


def _uncounted(session: Session, conditions) -> dict[str, int]:
    """Responses left out of the index, per reason, every reason present (zero or more)."""
    rows = dict(session.execute(
        select(SurveyResponse.tally, func.count())
        .where(*conditions, SurveyResponse.tally.in_(UNCOUNTED_TALLIES))
        .group_by(SurveyResponse.tally)
    ).all())
    return {tally: rows.get(tally, 0) for tally in UNCOUNTED_TALLIES}


def _profile_key(field: str):
    if field != "age":
        return getattr(SurveyResponse, field)
    bands = [(SurveyResponse.age >= lowest, code) for code, lowest in reversed(AGE_BANDS)]
    return case(*bands, else_=None)


def _trend(session, subject, periods: list[Period], weight) -> list[tuple[Period, IkmReport]]:
    """One aggregate over all the periods, grouped by which period a response falls in."""
    bucket = case(*((and_(*responses_between(p)), index) for index, p in enumerate(periods)),
                  else_=None)
    span = [responses_between(periods[0])[0], responses_between(periods[-1])[1]]
    grouped = dict(grouped_ikm(session, bucket, [*subject, *span], weight))
    empty = ikm_from_sums(0, (), (), weight)
    return [(p, grouped.get(str(index), empty)) for index, p in enumerate(periods)]


def _whole_months(period: Period) -> int:
    after = period.end + timedelta(days=1)
    if period.start.day != 1 or after.day != 1:
        return 0
    return (after.year - period.start.year) * 12 + after.month - period.start.month


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
