"""The outbox as an operator watches it: how much waits, for how long, and what became of it.

Read by /readyz (is the oldest waiting message too old?) and by /metrics at
scrape time, so that every host reports the same figures from the one table.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.db import begin_read_only
from core.models import OutboundMessage

# A message still to be sent: queued (perhaps waiting out a retry's backoff), or
# claimed by a worker that has not yet recorded what the gateway said.
WAITING_STATUSES = ("queued", "sending")
# The gateway label of rows no worker has tried yet.
NO_GATEWAY = "none"


@dataclass(frozen=True)
class OutboxSummary:
    """Messages waiting, the age of the oldest of them, and every row by gateway and status."""

    depth: int
    oldest_seconds: float
    by_gateway_status: dict[tuple[str, str], int]


def oldest_waiting_seconds(session: Session, *, now: datetime | None = None) -> float:
    """Seconds since the oldest waiting message was queued; 0 when none waits.

    The status index (ix_outbound_messages_status_next) finds the waiting rows,
    which are few unless the gateway is down: the cost does not grow with the table.
    """
    begin_read_only(session)
    oldest = session.scalar(select(func.min(OutboundMessage.created_at))
                            .where(OutboundMessage.status.in_(WAITING_STATUSES)))
    if oldest is None:
        return 0.0
    return max(0.0, ((now or now_utc()) - oldest).total_seconds())


def outbox_summary(session: Session, *, now: datetime | None = None) -> OutboxSummary:
    """The outbox's figures in two grouped queries: rows by (gateway, status), and the oldest."""
    begin_read_only(session)
    rows = session.execute(
        select(OutboundMessage.gateway, OutboundMessage.status, func.count())
        .group_by(OutboundMessage.gateway, OutboundMessage.status)
    )
    counts = {(gateway or NO_GATEWAY, status): n for gateway, status, n in rows}
    depth = sum(n for (_gateway, status), n in counts.items() if status in WAITING_STATUSES)
    oldest = oldest_waiting_seconds(session, now=now) if depth else 0.0
    return OutboxSummary(depth, oldest, counts)
