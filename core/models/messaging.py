"""SMS both ways, and the one-time sign-in codes sent by it.

Outbound messages are written in the same transaction as the event that
caused them; inbound ones are stored once per gateway message id.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.models._types import created_at_column, timestamp_column, utcnow

# Why a message is sent; essential purposes go out even to opted-out citizens.
# Only "status" (an officer's news about a ticket) escapes the hourly budget:
# everything else, receipts included, can be caused by whoever files or texts.
PURPOSES = ("reply", "status", "receipt", "otp", "survey", "announcement", "digest")
ESSENTIAL_PURPOSES = ("reply", "status", "receipt", "otp")


OUTBOUND_STATUSES = ("queued", "sending", "sent", "delivered", "failed", "suppressed")
# Messages still to go out; the outbox claims them, oldest first per phone.
UNSENT_STATUSES = OUTBOUND_STATUSES[:2]
_UNSENT = text("status IN ('queued', 'sending')")


class OutboundMessage(Base):
    """An SMS waiting to be sent, or the record of one that was."""

    __tablename__ = "outbound_messages"
    __table_args__ = (
        Index("ix_outbound_messages_status_next", "status", "next_attempt_at"),
        # Partial indexes of the unsent rows alone: a claim finds the due ones and
        # checks each has no older unsent message to the same phone (per-phone
        # order) in a few index steps, however long the backlog after an outage.
        Index("ix_outbound_messages_unsent_phone", "phone", "id",
              postgresql_where=_UNSENT, sqlite_where=_UNSENT),
        Index("ix_outbound_messages_unsent_due", "next_attempt_at", "id",
              postgresql_where=_UNSENT, sqlite_where=_UNSENT),
    )

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


class LoginCode(Base):
    """A hashed one-time code for a phone, valid for a few minutes and a few tries."""

    __tablename__ = "login_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    attempts: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime] = timestamp_column(nullable=False)
    used_at: Mapped[datetime | None] = timestamp_column()
    created_at: Mapped[datetime] = created_at_column()
