"""Answers to the community satisfaction survey (SKM, PermenPANRB 14/2017)."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models._types import created_at_column, timestamp_column
from core.models.catalogue import Unit
from core.models.citizens import Citizen
from core.models.tickets import Ticket

UNSUR_COLUMNS = tuple(f"u{i}" for i in range(1, 10))

# Why a response counts in the official index (docs/domain.md §3.6, "One voice once"):
# tied to a completed ticket, to a confirmed phone, or given on a unit's enrolled
# counter device. The others are kept and reported apart, never in the index:
# "anonymous" (nothing ties it to one respondent) and "replaced" (the same phone
# answered again for the same subject and quarter).
COUNTED_TALLIES = ("ticket", "phone", "counter")
UNCOUNTED_TALLIES = ("anonymous", "replaced")


def _answer():
    return mapped_column(SmallInteger)


class SurveyResponse(Base):
    """One respondent's nine answers (1 to 4) and optional profile."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("channel", "client_key"),
        # One response per request it rates.
        UniqueConstraint("ticket_id"),
        Index("ix_survey_responses_unit_created", "unit_id", "created_at"),
        Index("ix_survey_responses_service_created", "service_id", "created_at"),
        *(CheckConstraint(f"{c} BETWEEN 1 AND 4", name=f"{c}_range") for c in UNSUR_COLUMNS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    channel: Mapped[str] = mapped_column(String(10))
    client_key: Mapped[str | None] = mapped_column(String(100))
    u1: Mapped[int] = _answer()
    u2: Mapped[int] = _answer()
    u3: Mapped[int] = _answer()
    u4: Mapped[int] = _answer()
    u5: Mapped[int] = _answer()
    u6: Mapped[int] = _answer()
    u7: Mapped[int] = _answer()
    u8: Mapped[int] = _answer()
    u9: Mapped[int] = _answer()
    sex: Mapped[str | None] = mapped_column(String(1))
    age: Mapped[int | None] = mapped_column(SmallInteger)
    education: Mapped[str | None] = mapped_column(String(20))
    occupation: Mapped[str | None] = mapped_column(String(20))
    tally: Mapped[str] = mapped_column(String(10), default="anonymous")
    # The confirmed phone's citizen, kept only to count one voice once; never reported.
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("counter_devices.id"))
    created_at: Mapped[datetime] = created_at_column()

    def answers(self) -> tuple[int, ...]:
        """The nine answers in the official order."""
        return tuple(getattr(self, column) for column in UNSUR_COLUMNS)

    @property
    def counted(self) -> bool:
        """Whether the official index counts this response."""
        return self.tally in COUNTED_TALLIES


class SurveyInvitation(Base):
    """An open invitation to rate a completed request by SMS, with the answers so far."""

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    # Digits 1-4 answered so far, in the official order (partial answers are kept).
    answers: Mapped[str] = mapped_column(String(9), default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    expires_at: Mapped[datetime] = timestamp_column(nullable=False)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("survey_responses.id"))
    created_at: Mapped[datetime] = created_at_column()

    citizen: Mapped[Citizen] = relationship()
    ticket: Mapped[Ticket] = relationship()


class CounterDevice(Base):
    """A browser at a unit's counter, enrolled by its head: its surveys count (kiosk mode)."""

    __tablename__ = "counter_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    # SHA-256 of the token in the device's cookie: a copy of this table enrolls nothing.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    created_at: Mapped[datetime] = created_at_column()
    revoked_at: Mapped[datetime | None] = timestamp_column()
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))

    unit: Mapped[Unit] = relationship()


# Where an action of the follow-up plan stands.
FOLLOW_UP_STATES = ("planned", "underway", "done")


class SurveyFollowUp(Base):
    """One action of a unit's SKM follow-up plan (rencana tindak lanjut) for a year.

    PermenPANRB 14/2017 asks the unit to act on its weakest unsur and publish
    the plan beside its IKM (docs/domain.md §3.7).
    """

    __tablename__ = "survey_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"),
                                         index=True)
    year: Mapped[int] = mapped_column()
    # The unsur the action improves: "U1" to "U9".
    unsur: Mapped[str] = mapped_column(String(3))
    action: Mapped[str] = mapped_column(Text)
    # Who carries it out (a role or a name, as the unit publishes it).
    owner: Mapped[str] = mapped_column(String(120))
    deadline: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="planned")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime | None] = timestamp_column()

    unit: Mapped[Unit] = relationship()
