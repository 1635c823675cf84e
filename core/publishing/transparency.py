"""Public performance per unit (tickets received and resolved, speed, the IKM) and per
kecamatan where complaints happened (received, resolved, share in time), as published,
with each unit's SKM sample target and its follow-up plan (docs/domain.md §3.4, §3.7).

The figures are read from the snapshots (core/statistics/figures.py): a few
rows whatever the number of tickets, as of the last refresh. Nothing personal
is stored there, and confidential (rahasia) tickets are left out of every
figure, counts included.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue.regions import KECAMATAN
from core.models import Agency, Region, Unit
from core.statistics.figures import stored_ikm, unit_year_figures, year_snapshot
from core.statistics.live import (
    COMPLAINT_RESOLUTION_DAYS,
    KecamatanPerformance,
    UnitPerformance,
    share,
)
from core.surveys.follow_up import list_follow_ups
from core.surveys.ikm import IkmReport, sample_target

__all__ = ["COMPLAINT_RESOLUTION_DAYS", "KecamatanPerformance", "PublicFollowUp", "PublicUnit",
           "PublishedYear", "UnitFigures", "UnitPerformance", "published_unit_year",
           "published_year"]


@dataclass(frozen=True)
class PublishedYear:
    """A year's public figures per unit and kecamatan, and when they were refreshed
    (None: not computed yet, and both lists are empty)."""

    units: list[UnitPerformance]
    places: list[KecamatanPerformance]
    refreshed_at: datetime | None
    # The year's follow-up plan per unit id, read live (it is a few rows, not figures).
    follow_ups: dict[int, list["PublicFollowUp"]] = field(default_factory=dict)


@dataclass(frozen=True)
class Named:
    """Something the page shows by name only (a unit's agency)."""

    name: str


@dataclass(frozen=True)
class PublicUnit:
    """What the page shows of a unit: its name, its agency's and its SKM sample target."""

    id: int
    name: str
    agency: Named
    # Krejcie-Morgan respondents for the unit's yearly service population (0: not set).
    target: int = 0

    def too_few(self, respondents: int) -> bool:
        """Whether a grade on this many respondents rests on fewer than the target."""
        return respondents < self.target


@dataclass(frozen=True)
class PublicFollowUp:
    """One published action of a unit's SKM follow-up plan: nothing about who recorded it."""

    unsur: str
    action: str
    owner: str
    deadline: date
    state: str


def published_year(session: Session, *, year: int, weight: str = "exact") -> PublishedYear:
    """The stored figures of every unit and kecamatan for tickets filed in `year`.

    A unit or kecamatan added since the refresh shows zeros. Units and
    kecamatan are read as plain rows, in the catalogue's order: no entities.
    """
    snapshot = year_snapshot(session, year)
    if snapshot.refreshed_at is None:
        return PublishedYear([], [], None)
    units = []
    for unit_id, name, agency, population in session.execute(
            select(Unit.id, Unit.name, Agency.name, Unit.service_population).join(Agency)
            .order_by(Agency.name, Unit.name)):
        unit = PublicUnit(unit_id, name, Named(agency), sample_target(population or 0))
        row = snapshot.units.get(unit_id)
        units.append(UnitPerformance(
            unit=unit, received=row.received if row else 0,
            resolved=row.resolved if row else 0,
            median_days=row.median_days if row else None,
            on_time_share=share(row.in_time, row.resolved) if row else None,
            ikm=stored_ikm(row, weight) if row else IkmReport(0, (), None, None, None, None)))
    places = []
    for code, name in session.execute(select(Region.code, Region.name).where(
            Region.level == KECAMATAN).order_by(Region.name)):
        row = snapshot.places.get(code)
        places.append(KecamatanPerformance(
            code, name, row.received if row else 0,
            row.resolved if row else 0, share(row.in_time, row.resolved) if row else None))
    return PublishedYear(units, places, snapshot.refreshed_at, published_follow_ups(session, year))


def published_follow_ups(session: Session, year: int) -> dict[int, list[PublicFollowUp]]:
    """Each unit's follow-up plan for the year, as the public sees it."""
    plans: dict[int, list[PublicFollowUp]] = {}
    for item in list_follow_ups(session, year=year):
        plans.setdefault(item.unit_id, []).append(PublicFollowUp(
            item.unsur, item.action, item.owner, item.deadline, item.state))
    return plans


@dataclass(frozen=True)
class UnitFigures:
    """One unit's public figures of a year, for its page."""

    received: int
    resolved: int
    on_time_share: object
    ikm: IkmReport
    refreshed_at: datetime


def published_unit_year(session: Session, *, unit_id: int, year: int,
                        weight: str = "exact") -> UnitFigures | None:
    """A unit's stored figures of a year, or None when they were not computed yet."""
    row = unit_year_figures(session, unit_id=unit_id, year=year)
    if row is None:
        return None
    return UnitFigures(row.received, row.resolved, share(row.in_time, row.resolved),
                       stored_ikm(row, weight), row.refreshed_at)
