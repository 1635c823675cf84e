"""Inbound SMS and SMS survey invitations."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models._types import created_at_column, timestamp_column
from core.models.citizens import Citizen
from core.models.tickets import Ticket


class InboundMessage(Base):
    """An SMS received from a gateway, stored once per gateway message id."""

    __tablename__ = "inbound_messages"
    # The gateway retries a callback until it gets 200, for up to 12 hours.
    __table_args__ = (UniqueConstraint("gateway", "gateway_message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gateway: Mapped[str] = mapped_column(String(20))
    gateway_message_id: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(32), index=True)
    to: Mapped[str] = mapped_column(String(32), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    link_id: Mapped[str | None] = mapped_column(String(80))
    network_code: Mapped[str | None] = mapped_column(String(12))
    # What the message did, e.g. "LAPOR" or "rate_limited"; None until handled.
    outcome: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = created_at_column()


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
