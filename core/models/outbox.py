"""Outbound messages, written in the same transaction as the event that caused them."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.models._types import created_at_column, timestamp_column, utcnow

# Why a message is sent; essential purposes go out even to opted-out citizens.
PURPOSES = ("reply", "status", "otp", "survey", "announcement")
ESSENTIAL_PURPOSES = ("reply", "status", "otp")
STATUSES = ("queued", "sending", "sent", "delivered", "failed", "suppressed")


class OutboundMessage(Base):
    """An SMS waiting to be sent, or the record of one that was."""

    __tablename__ = "outbound_messages"
    __table_args__ = (Index("ix_outbound_messages_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), index=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = timestamp_column(default=utcnow, nullable=False)
    gateway: Mapped[str | None] = mapped_column(String(20))
    gateway_message_id: Mapped[str | None] = mapped_column(String(80), index=True)
    failure_reason: Mapped[str | None] = mapped_column(String(80))
    # The gateway's last delivery report word, as received (in the gateway's own words).
    delivery_status: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = created_at_column()
    sent_at: Mapped[datetime | None] = timestamp_column()
