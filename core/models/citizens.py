"""Citizens, known by their phone number whatever channel they use."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.models._types import created_at_column, timestamp_column


class Citizen(Base):
    """A citizen identified by an E.164 phone number."""

    __tablename__ = "citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), unique=True)
    language: Mapped[str] = mapped_column(String(2), default="id")
    # Opted out of surveys and announcements; replies and ticket news still go out.
    opted_out: Mapped[bool] = mapped_column(default=False)
    name: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = created_at_column()


class PushSubscription(Base):
    """A browser's Web Push subscription (RFC 8030), for a citizen who turned notifications on.

    Ticket news goes here before SMS; the push service's 404 or 410 means the
    subscription is gone, and the row is deleted (docs/architecture.md §14).
    """

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(
        ForeignKey("citizens.id", ondelete="CASCADE"), index=True)
    # The push service's URL for this browser; unique, so subscribing twice is one row.
    endpoint: Mapped[str] = mapped_column(Text, unique=True)
    # The browser's keys for the payload's encryption (RFC 8291), base64url.
    p256dh: Mapped[str] = mapped_column(String(120))
    auth: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = created_at_column()
    last_pushed_at: Mapped[datetime | None] = timestamp_column()
