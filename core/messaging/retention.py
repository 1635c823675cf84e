"""Retention of what SMS leaves behind: old outbox rows and sign-in codes.

Each function handles one batch and never commits, so that the retention
duty commits batch by batch: a sweep of months of rows never holds one long
transaction (nor, on SQLite, the write lock) while the channels wait.
"""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.db import delete_batch
from core.messaging.outbox import FINAL_STATUSES, FORGOTTEN_CODE_TEXT
from core.models import LoginCode, OutboundMessage

BATCH = 1000
# Why an old sign-in code's message that never went out is given up.
EXPIRED_CODE = "code_expired"


def delete_old_outbox_rows(session: Session, *, before: datetime, limit: int = BATCH) -> int:
    """Delete up to `limit` messages in a final status created before `before`; how many."""
    return delete_batch(session, OutboundMessage, OutboundMessage.status.in_(FINAL_STATUSES),
                        OutboundMessage.created_at < before, limit=limit)


def delete_old_sign_in_codes(session: Session, *, before: datetime, limit: int = BATCH) -> int:
    """Delete up to `limit` sign-in code rows (hashes) created before `before`; how many."""
    return delete_batch(session, LoginCode, LoginCode.created_at < before, limit=limit)


def forget_old_code_texts(session: Session, *, before: datetime, limit: int = BATCH) -> int:
    """Blank the text of up to `limit` sign-in code messages created before `before`.

    A final one usually has lost its code already (core/messaging/outbox.py);
    this catches the rest: a simulated gateway's (the demo keeps them readable)
    and one still waiting for a gateway, which is given up: a code that old
    opens nothing and would only puzzle its reader.
    """
    ids = list(session.scalars(
        select(OutboundMessage.id)
        .where(OutboundMessage.purpose == "otp", OutboundMessage.created_at < before,
               OutboundMessage.text != FORGOTTEN_CODE_TEXT)
        .order_by(OutboundMessage.id).limit(limit)))
    if not ids:
        return 0
    session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id.in_(ids), OutboundMessage.status.not_in(FINAL_STATUSES))
        .values(status="failed", failure_reason=EXPIRED_CODE)
        .execution_options(synchronize_session=False))
    session.execute(update(OutboundMessage).where(OutboundMessage.id.in_(ids))
                    .values(text=FORGOTTEN_CODE_TEXT)
                    .execution_options(synchronize_session=False))
    return len(ids)
