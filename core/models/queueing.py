"""A place in a unit's queue from any phone: settings per unit and service, numbers per day."""

from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, Index, SmallInteger, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models._types import created_at_column, timestamp_column
from core.models.catalogue import Service, Unit

# Where a number stands: waiting, called to the counter, served, or skipped.
QUEUE_STATES = ("waiting", "called", "served", "no_show")


class QueueSetting(Base):
    """A unit's queue, for all its services (service_id None) or for one of them.

    Numbers are handed out only while the queue is on, on working days, and
    up to the day's capacity; a booking takes a slot of `slot_minutes` within
    the opening hours.
    """

    __tablename__ = "queue_settings"
    __table_args__ = (UniqueConstraint("unit_id", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    enabled: Mapped[bool] = mapped_column(default=False)
    daily_capacity: Mapped[int] = mapped_column(default=50)
    slot_minutes: Mapped[int] = mapped_column(SmallInteger, default=15)
    opens_at: Mapped[time] = mapped_column(Time, default=time(7, 30))
    closes_at: Mapped[time] = mapped_column(Time, default=time(15, 0))
    # "Your turn is near" goes when this many numbers are ahead.
    near_when_ahead: Mapped[int] = mapped_column(SmallInteger, default=3)

    unit: Mapped[Unit] = relationship()
    service: Mapped[Service | None] = relationship()


class QueueNumber(Base):
    """One number of one unit's day: who took it (if anyone), by which channel, where it stands.

    Numbers restart at 1 each day; the unique (unit, day, number) makes two
    takers racing for the same number retry rather than share it.
    """

    __tablename__ = "queue_numbers"
    __table_args__ = (
        UniqueConstraint("unit_id", "day", "number"),
        UniqueConstraint("channel", "client_key"),
        Index("ix_queue_numbers_unit_day_state", "unit_id", "day", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column()
    # A booked slot's start (local time of `day`); None for a number taken for today.
    slot_start: Mapped[time | None] = mapped_column(Time)
    # None for a walk-in served without a phone.
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    client_key: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(10), default="waiting")
    taken_at: Mapped[datetime] = created_at_column()
    called_at: Mapped[datetime | None] = timestamp_column()
    finished_at: Mapped[datetime | None] = timestamp_column()
    near_sent_at: Mapped[datetime | None] = timestamp_column()

    unit: Mapped[Unit] = relationship()
