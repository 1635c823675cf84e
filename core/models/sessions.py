"""USSD sessions: where each gateway session is in the menu, kept in the database."""

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.models._types import created_at_column, timestamp_column, utcnow

# active: waiting for the next hop; ended: we sent END; dropped: the gateway
# reported that the citizen left before finishing.
STATUSES = ("active", "ended", "dropped")


class UssdSession(Base):
    """One gateway session: the screen shown, what the citizen entered, and how it ended."""

    __tablename__ = "ussd_sessions"
    # The next dial looks for this phone's latest unfinished journey.
    __table_args__ = (Index("ix_ussd_sessions_phone_updated", "phone", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(String(100), unique=True)
    phone: Mapped[str] = mapped_column(String(32))
    service_code: Mapped[str] = mapped_column(String(40), default="")
    network_code: Mapped[str] = mapped_column(String(12), default="")
    language: Mapped[str] = mapped_column(String(2), default="id")
    screen: Mapped[str] = mapped_column(String(40), default="")
    page: Mapped[int] = mapped_column(default=0)
    # What the citizen entered so far and the screens to go back to (the
    # channel's own shape; the core only stores it).
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    # The gateway's `text` already handled: the next hop's input is what follows it.
    consumed: Mapped[str] = mapped_column(Text, default="")
    last_reply: Mapped[str] = mapped_column(Text, default="")
    strikes: Mapped[int] = mapped_column(default=0)
    hops: Mapped[int] = mapped_column(default=0)
    # True while the session is mid-journey with something entered worth keeping.
    resumable: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="active")
    # The gateway's end-of-session notification, as received.
    end_status: Mapped[str | None] = mapped_column(String(12))
    end_input: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int | None]
    hops_count: Mapped[int | None]
    error_message: Mapped[str | None] = mapped_column(String(200))
    cost: Mapped[str | None] = mapped_column(String(40))
    end_date: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = timestamp_column(default=utcnow, nullable=False)
