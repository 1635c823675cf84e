"""The back office's queue desk: who may set a unit's queue and work its counter.

A unit head (or an administrator) sets the queue of their unit, as they
enroll its counter devices; any officer of the unit calls numbers. The
queue's own rules live in core/queueing/; this module adds access and audit.
"""

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import InvalidInput, NotFound
from core.models import QueueNumber, QueueSetting, Service, Unit
from core.queueing.counter import (
    Board,
    board,
    call_next_and_notify,
    no_show_and_notify,
    walk_in_number,
)
from core.queueing.numbers import QueueClosed
from core.staff.access import Principal, require
from core.staff.audit import audited

# Setting the queue is managing the unit's counter, like enrolling its devices.
SETTINGS_CAPABILITY = "devices"
MAX_CAPACITY = 1000
SLOT_MINUTES = (5, 240)
MAX_NEAR_WHEN_AHEAD = 50


@dataclass(frozen=True)
class SettingValues:
    """What the settings form gives for the unit (service_id None) or one of its services."""

    service_id: int | None
    enabled: bool
    daily_capacity: int
    slot_minutes: int
    opens_at: time
    closes_at: time
    near_when_ahead: int


def queue_settings(session: Session, *, principal: Principal, unit_id: int
                   ) -> tuple[Unit, list[QueueSetting], list[Service]]:
    """The unit, its queue settings (the unit's first) and its services, for the settings page."""
    require(principal, SETTINGS_CAPABILITY, unit_id)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("unit")
    rows = session.scalars(select(QueueSetting).where(QueueSetting.unit_id == unit_id)).all()
    services = session.scalars(select(Service).where(Service.unit_id == unit_id)
                               .order_by(Service.name_id)).all()
    return unit, sorted(rows, key=lambda row: (row.service_id is not None, row.service_id or 0)), \
        list(services)


def save_queue_setting(session: Session, *, principal: Principal, unit_id: int,
                       values: SettingValues) -> QueueSetting:
    """Create or change the unit's (or a service's) queue setting, checked and audited."""
    require(principal, SETTINGS_CAPABILITY, unit_id)
    _check(session, unit_id, values)
    row = session.scalars(select(QueueSetting).where(
        QueueSetting.unit_id == unit_id, QueueSetting.service_id.is_(None)
        if values.service_id is None else QueueSetting.service_id == values.service_id)).first()
    detail = (f"service={values.service_id or '-'} enabled={values.enabled} "
              f"capacity={values.daily_capacity} slot={values.slot_minutes} "
              f"hours={values.opens_at:%H:%M}-{values.closes_at:%H:%M} "
              f"near={values.near_when_ahead}")
    with audited(session, officer_id=principal.officer_id, action="queue_settings",
                 target=f"unit:{unit_id}", detail=detail):
        if row is None:
            row = QueueSetting(unit_id=unit_id, service_id=values.service_id)
            session.add(row)
        for name in ("enabled", "daily_capacity", "slot_minutes", "opens_at", "closes_at",
                     "near_when_ahead"):
            setattr(row, name, getattr(values, name))
        session.flush()
    return row


def _check(session: Session, unit_id: int, values: SettingValues) -> None:
    if session.get(Unit, unit_id) is None:
        raise NotFound("unit")
    if values.service_id is not None:
        service = session.get(Service, values.service_id)
        if service is None or service.unit_id != unit_id:
            raise InvalidInput("service")
    if not 1 <= values.daily_capacity <= MAX_CAPACITY:
        raise InvalidInput("daily_capacity")
    if not SLOT_MINUTES[0] <= values.slot_minutes <= SLOT_MINUTES[1]:
        raise InvalidInput("slot_minutes")
    if values.opens_at >= values.closes_at:
        raise InvalidInput("closes_at")
    if not 0 <= values.near_when_ahead <= MAX_NEAR_WHEN_AHEAD:
        raise InvalidInput("near_when_ahead")


def desk_board(session: Session, *, principal: Principal, unit_id: int,
               now: datetime | None = None) -> Board:
    """Today's queue of the unit, for an officer who may see it."""
    require(principal, "queue", unit_id)
    return board(session, unit_id=unit_id, now=now)


def desk_call_next(session: Session, *, principal: Principal, unit_id: int,
                   now: datetime | None = None) -> QueueNumber | None:
    """Call the next number at the unit's counter; those now near get their SMS."""
    require(principal, "act", unit_id)
    return call_next_and_notify(session, unit_id=unit_id, now=now)


def desk_no_show(session: Session, *, principal: Principal, unit_id: int, number_id: int,
                 now: datetime | None = None) -> QueueNumber:
    """Mark a number of the unit absent; those now near get their SMS."""
    require(principal, "act", unit_id)
    return no_show_and_notify(session, unit_id=unit_id, number_id=number_id, now=now)


def desk_walk_in(session: Session, *, principal: Principal, unit_id: int,
                 now: datetime | None = None) -> QueueNumber:
    """A number for a citizen in front of the counter without one; QueueClosed if it is off."""
    require(principal, "act", unit_id)
    try:
        return walk_in_number(session, unit_id=unit_id, now=now)
    except NotFound:
        # The unit has no queue turned on: for the officer, simply closed.
        raise QueueClosed(str(unit_id)) from None
