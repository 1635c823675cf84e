"""Scheduled duties: one row each, holding its lease and what its last run did."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.models._types import timestamp_column

# How a run ended.
OUTCOMES = ("ok", "failed")


class Duty(Base):
    """A scheduled duty: when it runs next, who holds it now, and how its last run went.

    The lease works as the outbox's does: a host takes a duty by writing its
    name and a lease end in one conditional UPDATE, so two hosts never run the
    same duty at once, and a host that dies mid-run frees it when the lease ends.
    """

    __tablename__ = "duties"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_run_at: Mapped[datetime] = timestamp_column(nullable=False)
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = timestamp_column()
    last_started_at: Mapped[datetime | None] = timestamp_column()
    last_finished_at: Mapped[datetime | None] = timestamp_column()
    last_outcome: Mapped[str | None] = mapped_column(String(10))
    # One line: what the run did ("3 tickets closed"), or why it failed.
    last_result: Mapped[str | None] = mapped_column(String(400))
    last_success_at: Mapped[datetime | None] = timestamp_column()
    runs: Mapped[int] = mapped_column(default=0)
    # Failures in a row since the last success (0 after a success).
    failures: Mapped[int] = mapped_column(default=0)
