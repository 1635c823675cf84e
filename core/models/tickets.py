"""Service requests and complaints share one ticket table and one lifecycle."""

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models._types import created_at_column, timestamp_column, utcnow
from core.models.catalogue import Service, Unit
from core.models.citizens import Citizen

KINDS = ("request", "complaint")
COMPLAINT_TYPES = ("pengaduan", "aspirasi", "informasi")


CHANNELS = ("web", "ussd", "sms", "counter")


# The status codes, beside the column that stores them so that every package
# of core may name one. Everything else about a status (labels, open or
# closed, badge, the actions between them) is the lifecycle's table, in
# core/tickets/lifecycle.py; no other module spells a code.
RECEIVED = "received"
POSTPONED = "postponed"


VERIFIED = "verified"
IN_PROGRESS = "in_progress"


FOLLOWED_UP = "followed_up"
COMPLETED = "completed"


REJECTED = "rejected"


class Ticket(Base):
    """A service request or a complaint, tracked by its public ticket number."""

    __tablename__ = "tickets"
    __table_args__ = (
        # The idempotency key is unique per channel: a gateway message id and a
        # PWA's UUID come from different namespaces.
        UniqueConstraint("channel", "client_key"),
        Index("ix_tickets_unit_status_created", "unit_id", "status", "created_at"),
        Index("ix_tickets_citizen_created", "citizen_id", "created_at"),
        # Keyset pagination of a unit's queue, newest first, and overdue lists.
        Index("ix_tickets_unit_created_id", "unit_id", "created_at", "id"),
        Index("ix_tickets_unit_due", "unit_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(9), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    complaint_type: Mapped[str | None] = mapped_column(String(12))
    # The reporter, only ever a phone its channel proved: the operator's (USSD,
    # SMS) or a one-time code (web). None for a web filing by someone not signed
    # in: a typed number is never stored, so no one can file in another's name
    # (docs/domain.md, "Who filed a ticket").
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    # None while a complaint waits to be routed ("tidak tahu" on USSD).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    category: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    # Where it happened: the names as shown, and the Kemendagri codes when
    # picked from the region lists (officers and /transparansi group by code).
    kecamatan: Mapped[str | None] = mapped_column(String(80))
    desa: Mapped[str | None] = mapped_column(String(80))
    kecamatan_code: Mapped[str | None] = mapped_column(String(20), index=True)
    desa_code: Mapped[str | None] = mapped_column(String(20))
    # "Use my location" on the PWA: WGS84 degrees, never shown to the public.
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # Anonim hides the reporter from officers; rahasia hides the report from the public.
    anonymous: Mapped[bool] = mapped_column(default=False)
    confidential: Mapped[bool] = mapped_column(default=False)
    channel: Mapped[str] = mapped_column(String(10))
    client_key: Mapped[str | None] = mapped_column(String(100))
    # No default: filing sets the lifecycle's first status (core/tickets/lifecycle.py).
    status: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = timestamp_column(default=utcnow, nullable=False)
    closed_at: Mapped[datetime | None] = timestamp_column()
    # The citizen's rating of how the ticket was resolved (1-5) and a comment.
    resolution_rating: Mapped[int | None]
    resolution_comment: Mapped[str | None] = mapped_column(Text)

    citizen: Mapped[Citizen | None] = relationship()
    unit: Mapped[Unit | None] = relationship()
    service: Mapped[Service | None] = relationship()
    events: Mapped[list["TicketEvent"]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id", cascade="all, delete-orphan"
    )


class TicketEvent(Base):
    """One step in a ticket's history: who did what, and the note the citizen sees."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(10))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    from_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    to_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    created_at: Mapped[datetime] = created_at_column()

    ticket: Mapped[Ticket] = relationship(back_populates="events")


class Attachment(Base):
    """An image attached to a ticket; the bytes are the server's re-encoding, never the upload."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"),
                                           index=True)
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = created_at_column()
