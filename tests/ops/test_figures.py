"""The database's figures /metrics reads: open and overdue tickets per unit, the outbox's state."""

from datetime import UTC, date, datetime, timedelta

from core.casework.queue import open_tickets_by_unit
from core.messaging.health import oldest_waiting_seconds, outbox_summary
from core.models import OutboundMessage
from core.models.tickets import COMPLETED
from tests.factories import make_complaint, make_unit

TODAY = date(2026, 11, 30)


def test_open_and_overdue_per_unit_with_the_unrouted_last(session):
    """Closed tickets are left out; overdue is open with a due date before today."""
    unit = make_unit(session)
    late, on_time, closed = (make_complaint(session, unit_id=unit.id) for _ in range(3))
    late.due_on, on_time.due_on = TODAY - timedelta(days=1), TODAY
    closed.status, closed.due_on = COMPLETED, TODAY - timedelta(days=9)
    make_complaint(session, unit_id=None)
    session.commit()
    assert open_tickets_by_unit(session, today=TODAY) == [
        (unit.id, unit.name, 2, 1), (None, None, 1, 0)]


def test_outbox_summary_counts_by_gateway_and_status(session):
    """Waiting rows make the depth; the oldest waiting one's age; every row in the groups."""
    now = datetime(2026, 11, 30, 3, tzinfo=UTC)
    rows = [("queued", None, 120), ("sending", "africastalking", 60),
            ("sent", "africastalking", 900), ("failed", "africastalking", 30)]
    for status, gateway, age in rows:
        moment = now - timedelta(seconds=age)
        session.add(OutboundMessage(phone="+6281234500001", language="id", text="Tes",
                                    purpose="reply", status=status, gateway=gateway,
                                    created_at=moment, next_attempt_at=moment))
    session.commit()
    summary = outbox_summary(session, now=now)
    assert (summary.depth, summary.oldest_seconds) == (2, 120)
    assert summary.by_gateway_status == {
        ("none", "queued"): 1, ("africastalking", "sending"): 1,
        ("africastalking", "sent"): 1, ("africastalking", "failed"): 1}
    session.rollback()
    assert oldest_waiting_seconds(session, now=now - timedelta(hours=1)) == 0
