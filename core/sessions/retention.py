"""Retention of USSD sessions kept in the database.

Sessions in Redis expire by themselves (KEEP_FOR, core/sessions/redis_store.py);
their rows here come with the gateway's end-of-session report, and all rows
go once their last hop is older than the retention. One batch per call, no
commit: the retention duty commits batch by batch.
"""

from datetime import datetime

from sqlalchemy.orm import Session

from core.db import delete_batch
from core.models import UssdSession

BATCH = 1000


def delete_old_ussd_sessions(session: Session, *, before: datetime, limit: int = BATCH) -> int:
    """Delete up to `limit` session rows whose last hop was before `before`; how many."""
    return delete_batch(session, UssdSession, UssdSession.updated_at < before, limit=limit)
