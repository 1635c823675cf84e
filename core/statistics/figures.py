"""The public figures' snapshots: refreshed by the statistics duty and on each close, read by
the public pages.

Per unit and year (UnitYearFigures) and per kecamatan and year
(PlaceYearFigures): tickets received, resolved, in time, the median days, and
the year's IKM as counts and sums. Per unit and local day (UnitIkmDay): the
counted survey answers as counts and sums, so the IKM of any period is a sum
of stored days plus the few days since the last refresh, read live: exactly
what core.surveys.ikm.compute_ikm gives.

A mark per year (`figures_<year>`) says when the year was refreshed and the
last day it covers in full; `ikm_days` the last day the day rows cover.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from statistics import median

from sqlalchemy import Date, Row, and_, delete, exists, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.functions import FunctionElement

from core.catalogue.regions import KECAMATAN
from core.clock import LOCAL_TZ, local_date, now_utc
from core.db import begin_read_only
from core.models import Region, SurveyResponse, Ticket, Unit
from core.models.statistics import PlaceYearFigures, SnapshotMark, UnitIkmDay, UnitYearFigures
from core.statistics.live import Deadlines, one_place, resolved_rows, ticket_window
from core.surveys.ikm import IkmReport, answer_aggregates, counted_responses, ikm_from_sums
from core.surveys.questionnaire import UNSUR
from core.surveys.reports import Period, quarter_of, responses_between

# The first year the public pages offer.
FIRST_YEAR = 2020
IKM_DAYS = "ikm_days"
# The tallies of answers tied to a confirmed phone: the later one counts, earlier ones are
# "replaced" (core/surveys/responses.py).
REPLACED = "replaced"
VOICE_TALLIES = ("phone", REPLACED)
# n, then per unsur the count of answers, then their sums.
WIDTH = 1 + 2 * len(UNSUR)


@dataclass(frozen=True)
class TicketFigures:
    """The tickets of one unit or kecamatan filed in one year (rahasia ones left out)."""

    received: int = 0
    resolved: int = 0
    in_time: int = 0
    median_days: object = None


def mark_name(year: int) -> str:
    """The name of a year's snapshot mark."""
    return f"figures_{year}"


class local_day(FunctionElement):  # noqa: N801  (an SQL function, named as SQL names them)
    """The local (WIB) calendar date of a stored UTC timestamp, computed by the database."""

    type = Date()
    inherit_cache = True


def _offset_hours() -> int:
    return int(LOCAL_TZ.utcoffset(None) / timedelta(hours=1))


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw) -> str:
    # SQLite keeps UTC as text; date() with a modifier shifts and truncates it.
    return f"date({compiler.process(element.clauses, **kw)}, '{_offset_hours():+d} hours')"


@compiles(local_day)
def _local_day_postgresql(element, compiler, **kw) -> str:
    # A literal, not a parameter: GROUP BY must repeat the select's expression exactly.
    return (f"CAST(({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC')"
            f" + INTERVAL '{_offset_hours()} hours' AS DATE)")


def refresh_public_figures(session: Session, *, now: datetime | None = None) -> int:
    """Rebuild the figures of the current year (and the previous one in January, and any
    earlier year not yet complete) for every unit and kecamatan, with their IKM days.

    Returns the rows written. The caller commits; everything is computed before
    the first write, so the rows are replaced within a short time.
    """
    moment = now or now_utc()
    today = local_date(moment)
    written = sum(_refresh_year(session, year, today, moment)
                  for year in years_to_refresh(session, today))
    _set_mark(session, IKM_DAYS, today - timedelta(days=1), moment)
    return written


def years_to_refresh(session: Session, today: date) -> list[int]:
    """This year; last year in January (late closes); any earlier year with data whose
    snapshot is missing or incomplete (the first run, or a duty that did not run)."""
    years = {today.year} | ({today.year - 1} if today.month == 1 else set())
    first = min(filter(None, (session.scalar(select(func.min(Ticket.created_at))),
                              session.scalar(select(func.min(SurveyResponse.created_at))))),
                default=None)
    if first is None:
        return sorted(years)
    marks = _marks(session)
    for year in range(max(FIRST_YEAR, local_date(first).year), today.year):
        through = marks.get(mark_name(year))
        if through is None or through < date(year, 12, 31):
            years.add(year)
    return sorted(years)


def _refresh_year(session: Session, year: int, today: date, moment: datetime) -> int:
    """Compute the year, then replace its rows: units, kecamatan, IKM days, mark."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    units, places = year_ticket_figures(session, year)
    days = ikm_days(session, start, min(end, today))
    sums = _year_sums(days)
    unit_rows = [_unit_row(unit_id, year, units.get(unit_id, TicketFigures()),
                           sums.get(unit_id, [0] * WIDTH), moment)
                 for unit_id in session.scalars(select(Unit.id))]
    codes = set(session.scalars(select(Region.code).where(Region.level == KECAMATAN)))
    place_rows = [dict(kecamatan_code=code, year=year, received=f.received,
                       resolved=f.resolved, in_time=f.in_time, refreshed_at=moment)
                  for code, f in places.items() if code in codes]
    day_rows = [dict(unit_id=unit_id, day=day, n=values[0], answers=values[1:])
                for (unit_id, day), values in days.items()]
    session.execute(delete(UnitYearFigures).where(UnitYearFigures.year == year))
    session.execute(delete(PlaceYearFigures).where(PlaceYearFigures.year == year))
    session.execute(delete(UnitIkmDay).where(UnitIkmDay.day >= start, UnitIkmDay.day <= end))
    for model, rows in ((UnitYearFigures, unit_rows), (PlaceYearFigures, place_rows),
                        (UnitIkmDay, day_rows)):
        if rows:
            session.execute(insert(model), rows)
    _set_mark(session, mark_name(year), min(end, today - timedelta(days=1)), moment)
    return len(unit_rows) + len(place_rows) + len(day_rows)


def refresh_unit_figures(session: Session, *, unit_id: int, year: int,
                         now: datetime | None = None) -> None:
    """Refresh one unit's row of one year (tickets and IKM), cheaply: on a close.

    Its day rows and the marks wait for the duty. Should a full refresh replace
    the same row meanwhile, its row stands: it holds the same figures.
    """
    units, _places = year_ticket_figures(session, year, unit_id=unit_id)
    sums = session.execute(select(*answer_aggregates()).where(
        SurveyResponse.unit_id == unit_id, *counted_responses(),
        *responses_between(Period(date(year, 1, 1), date(year, 12, 31))))).one()
    values = dict(_unit_row(unit_id, year, units.get(unit_id, TicketFigures()),
                            [int(v or 0) for v in sums], now or now_utc()))
    try:
        with session.begin_nested():
            row = session.get(UnitYearFigures, (unit_id, year), populate_existing=True)
            if row is None:
                session.add(UnitYearFigures(**values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)
    except (IntegrityError, StaleDataError):
        # A full refresh replaced the row meanwhile (inserted it first, or deleted the
        # one read here): its figures stand, and the officer's action goes on.
        pass


def year_ticket_figures(session: Session, year: int, *, unit_id: int | None = None
                        ) -> tuple[dict[int, TicketFigures], dict[str, TicketFigures]]:
    """Per unit and per kecamatan: the tickets filed in the year, as live.py counts them.

    One grouped count per key, then one pass over the completed tickets,
    whose deadlines are remembered per filing day and time limit.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    window = [*ticket_window(start, end),
              *([Ticket.unit_id == unit_id] if unit_id is not None else [])]
    received = {key: dict(session.execute(
        select(key, func.count()).where(*window, key.is_not(None)).group_by(key)).all())
        for key in (Ticket.unit_id, Ticket.kecamatan_code)}
    deadlines = Deadlines(session, start, end)
    done: tuple[dict, dict] = ({}, {})
    for unit, place, kind, time_days, created, closed in resolved_rows(
            session, window, Ticket.unit_id, Ticket.kecamatan_code):
        entry = ((closed - created).total_seconds() / 86400,
                 deadlines.in_time(kind, time_days, created, closed))
        for groups, key in zip(done, (unit, place), strict=True):
            if key is not None:
                groups.setdefault(key, []).append(entry)
    return tuple(_totals(counts, groups) for counts, groups in zip(
        received.values(), done, strict=True))  # type: ignore[return-value]


def _totals(received: dict, done: dict) -> dict:
    """TicketFigures per key from its received count and its (days, in time) pairs."""
    figures = {}
    for key in received.keys() | done.keys():
        entries = done.get(key, [])
        figures[key] = TicketFigures(
            received=received.get(key, 0), resolved=len(entries),
            in_time=sum(ok for _days, ok in entries),
            median_days=one_place(median(d for d, _ok in entries)) if entries else None)
    return figures


def ikm_days(session: Session, start: date, end: date, *, unit_id: int | None = None
             ) -> dict[tuple[int, date], list[int]]:
    """The counted answers per unit and local day from `start` to `end`: n, counts, sums."""
    day = local_day(SurveyResponse.created_at).label("day")
    query = (select(SurveyResponse.unit_id, day, *answer_aggregates())
             .where(*counted_responses(), *responses_between(Period(start, end)))
             .group_by(SurveyResponse.unit_id, day))
    if unit_id is not None:
        query = query.where(SurveyResponse.unit_id == unit_id)
    return {(row[0], _as_date(row[1])): [int(v or 0) for v in row[2:]]
            for row in session.execute(query)}


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _year_sums(days: dict[tuple[int, date], list[int]]) -> dict[int, list[int]]:
    """Per unit, the sums of its days."""
    totals: dict[int, list[int]] = {}
    for (unit, _day), values in days.items():
        totals[unit] = [a + b for a, b in zip(totals.get(unit, [0] * WIDTH), values,
                                               strict=True)]
    return totals


def _unit_row(unit_id: int, year: int, tickets: TicketFigures, sums: list[int],
              moment: datetime) -> dict:
    return dict(unit_id=unit_id, year=year, received=tickets.received,
                resolved=tickets.resolved, in_time=tickets.in_time,
                median_days=tickets.median_days, ikm_n=sums[0], ikm_answers=sums[1:],
                refreshed_at=moment)


def _set_mark(session: Session, name: str, through: date, moment: datetime) -> None:
    mark = session.get(SnapshotMark, name)
    if mark is None:
        session.add(SnapshotMark(name=name, covered_through=through, refreshed_at=moment))
    else:
        mark.covered_through, mark.refreshed_at = through, moment
    session.flush()


def _marks(session: Session) -> dict[str, date | None]:
    return dict(session.execute(select(SnapshotMark.name, SnapshotMark.covered_through)).all())


@dataclass(frozen=True)
class YearSnapshot:
    """A year's stored figures: rows per unit id and kecamatan code, and when refreshed."""

    units: dict[int, Row]
    places: dict[str, Row]
    refreshed_at: datetime | None


def year_snapshot(session: Session, year: int) -> YearSnapshot:
    """The stored figures of a year; refreshed_at is None when the year was never computed."""
    begin_read_only(session)
    mark = session.get(SnapshotMark, mark_name(year))
    if mark is None:
        return YearSnapshot({}, {}, None)
    # Plain rows, not entities: a page reads them once and never writes.
    units = {row.unit_id: row for row in session.execute(
        select(UnitYearFigures.unit_id, UnitYearFigures.received, UnitYearFigures.resolved,
               UnitYearFigures.in_time, UnitYearFigures.median_days, UnitYearFigures.ikm_n,
               UnitYearFigures.ikm_answers).where(UnitYearFigures.year == year))}
    places = {row.kecamatan_code: row for row in session.execute(
        select(PlaceYearFigures.kecamatan_code, PlaceYearFigures.received,
               PlaceYearFigures.resolved, PlaceYearFigures.in_time)
        .where(PlaceYearFigures.year == year))}
    return YearSnapshot(units, places, mark.refreshed_at)


def unit_year_figures(session: Session, *, unit_id: int, year: int) -> UnitYearFigures | None:
    """One unit's stored row of a year, or None when it was never computed."""
    begin_read_only(session)
    return session.get(UnitYearFigures, (unit_id, year))


def stored_ikm(row, weight: str = "exact") -> IkmReport:
    """The IKM report of a stored year row (an entity or a plain row)."""
    return _report(row.ikm_n, tuple(row.ikm_answers or ()), weight)


@lru_cache(maxsize=4096)
def _report(n: int, answers: tuple[int, ...], weight: str) -> IkmReport:
    # Exact fractions cost a millisecond a unit; stored sums change once a day or on a
    # close, so a page mostly finds its reports here. The reports are immutable.
    if not n:
        return ikm_from_sums(0, (), (), weight)
    return ikm_from_sums(n, answers[:len(UNSUR)], answers[len(UNSUR):], weight)


def unit_ikm(session: Session, *, unit_id: int, start: date, end: date,
             weight: str = "exact") -> IkmReport:
    """The IKM of a unit for local dates `start` to `end`: compute_ikm's answer, from the
    stored days where the snapshot covers them and live for the days after it."""
    begin_read_only(session)
    mark_rows = session.execute(select(SnapshotMark.name, SnapshotMark.covered_through,
                                       SnapshotMark.refreshed_at)).all()
    marks = {name: through for name, through, _at in mark_rows}
    stored, live = split_period(marks, start, end)
    totals = [0] * WIDTH
    if stored:
        rows = session.execute(select(UnitIkmDay.n, UnitIkmDay.answers).where(
            UnitIkmDay.unit_id == unit_id,
            or_(*(UnitIkmDay.day.between(a, b) for a, b in stored))))
        for n, answers in rows:
            totals = [a + b for a, b in zip(totals, [n, *answers], strict=True)]
        refreshed = {name: at for name, _through, at in mark_rows}
        retired = _retired_since_refresh(session, unit_id, stored, marks[IKM_DAYS],
                                         refreshed[IKM_DAYS])
        totals = [a - int(b or 0) for a, b in zip(totals, retired, strict=True)]
    for a, b in live:
        row = session.execute(select(*answer_aggregates()).where(
            SurveyResponse.unit_id == unit_id, *counted_responses(),
            *responses_between(Period(a, b)))).one()
        totals = [t + int(v or 0) for t, v in zip(totals, row, strict=True)]
    count = len(UNSUR)
    return ikm_from_sums(totals[0], totals[1:1 + count], totals[1 + count:], weight)


def _retired_since_refresh(session: Session, unit_id: int, stored, covered: date,
                           refreshed_at: datetime):
    """The sums of the answers the stored days counted that a later answer of the same phone
    has replaced since the refresh (one voice once): compute_ikm no longer counts them.

    Only an answer of the quarter the refresh fell in can be replaced after it,
    so only the stored days of that quarter are looked at.
    """
    first = quarter_of(covered + timedelta(days=1)).start
    ranges = [(max(a, first), b) for a, b in stored if b >= first]
    if not ranges:
        return [0] * WIDTH
    # Only a phone that answered since the refresh can have replaced one: those few
    # answers are where the search starts (by the citizen's index), not the quarter's.
    answered_since = list(session.scalars(select(SurveyResponse.citizen_id).distinct().where(
        SurveyResponse.unit_id == unit_id, SurveyResponse.created_at > refreshed_at,
        SurveyResponse.citizen_id.is_not(None))))
    if not answered_since:
        return [0] * WIDTH
    later = aliased(SurveyResponse)
    # Counted at the refresh: no later answer of the same voice was stored by then.
    replaced_before = exists().where(
        later.citizen_id == SurveyResponse.citizen_id, later.unit_id == SurveyResponse.unit_id,
        or_(later.service_id == SurveyResponse.service_id,
            and_(later.service_id.is_(None), SurveyResponse.service_id.is_(None))),
        later.tally.in_(VOICE_TALLIES), later.created_at > SurveyResponse.created_at,
        later.created_at <= refreshed_at)
    return session.execute(select(*answer_aggregates()).where(
        SurveyResponse.citizen_id.in_(answered_since), SurveyResponse.unit_id == unit_id,
        SurveyResponse.tally == REPLACED, SurveyResponse.created_at <= refreshed_at,
        ~replaced_before,
        or_(*(and_(*responses_between(Period(a, b))) for a, b in ranges)))).one()


def split_period(marks: dict[str, date | None], start: date, end: date
                 ) -> tuple[list[tuple[date, date]], list[tuple[date, date]]]:
    """The parts of a period the day rows cover (stored) and the parts to read live."""
    days_through = marks.get(IKM_DAYS)
    stored: list[tuple[date, date]] = []
    live: list[tuple[date, date]] = []
    for year in range(start.year, end.year + 1):
        first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        year_through = marks.get(mark_name(year))
        through = min(year_through, days_through) if year_through and days_through else None
        if through is not None and through >= first:
            stored.append((first, min(last, through)))
            first = through + timedelta(days=1)
        if first <= last:
            if live and live[-1][1] + timedelta(days=1) == first:
                first = live.pop()[0]
            live.append((first, last))
    return stored, live


def year_version(session: Session, year: int) -> tuple:
    """What changes whenever a year's stored figures do (a refresh, a close): one small
    aggregate, so a page may keep what it built from them until it changes."""
    begin_read_only(session)
    mark = select(SnapshotMark.refreshed_at).where(
        SnapshotMark.name == mark_name(year)).scalar_subquery()
    return tuple(session.execute(select(
        mark, func.max(UnitYearFigures.refreshed_at), func.count(),
        func.sum(UnitYearFigures.received), func.sum(UnitYearFigures.resolved),
        func.sum(UnitYearFigures.in_time), func.sum(UnitYearFigures.ikm_n),
    ).where(UnitYearFigures.year == year)).one())
