"""The audit trail: logins, exports, account changes and other officer actions."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.models import AuditEntry, Officer

MAX_DETAIL = 2000


def add_audit_entry(
    session: Session, *, officer_id: int | None, action: str, target: str = "",
    detail: str = "", now: datetime | None = None,
) -> AuditEntry:
    """Add an entry inside the caller's transaction (no commit)."""
    entry = AuditEntry(officer_id=officer_id, action=action[:40], target=target[:80],
                       detail=(detail or "")[:MAX_DETAIL], created_at=now or now_utc())
    session.add(entry)
    return entry


def record_audit(
    session: Session, *, officer_id: int | None, action: str, target: str = "",
    detail: str = "",
) -> AuditEntry:
    """Record one audited event on its own (an export, a logout)."""
    return add_audit_entry(session, officer_id=officer_id, action=action, target=target,
                           detail=detail)


@contextmanager
def audited(
    session: Session, *, officer_id: int | None, action: str, target: str = "", detail: str = "",
) -> Iterator[AuditEntry]:
    """Audit the work done inside the block: both land, or neither.

    A savepoint, so that work refused half-way leaves neither the entry nor
    its half behind, even when the caller goes on and commits.
    """
    with session.begin_nested():
        yield add_audit_entry(session, officer_id=officer_id, action=action, target=target,
                              detail=detail)


def list_audit_entries(
    session: Session, *, before_id: int | None = None, target: str | None = None,
    limit: int = 50,
) -> list[tuple[AuditEntry, str]]:
    """Entries newest first (keyset by id), each with the officer's name ('' for the system)."""
    query = (
        select(AuditEntry, Officer.name)
        .outerjoin(Officer, Officer.id == AuditEntry.officer_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if target is not None:
        query = query.where(AuditEntry.target == target)
    return [(entry, name or "") for entry, name in session.execute(query)]
