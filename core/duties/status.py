"""What an operator's monitoring reads about the duties: when each last succeeded."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import begin_read_only
from core.models.duties import Duty


def last_successes(session: Session) -> dict[str, datetime | None]:
    """Each duty's name and the end of its last successful run (None: never yet)."""
    begin_read_only(session)
    rows = session.execute(select(Duty.name, Duty.last_success_at).order_by(Duty.name))
    return {name: moment for name, moment in rows}
