"""What each duty does, given a context: the session factory, the settings, the moment.

Each duty commits through unit_of_work, in one unit or batch by batch (the
retention sweep, renewing its lease between batches), and returns one line
saying what it did. Every duty is idempotent: a second run finds nothing left.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.clock import local_date
from core.db import unit_of_work
from core.duties.digest import send_overdue_digests
from core.messaging.retention import (
    delete_old_outbox_rows,
    delete_old_sign_in_codes,
    forget_old_code_texts,
)
from core.models import Ticket, TicketEvent
from core.sessions.retention import delete_old_ussd_sessions
from core.surveys.invitations import expire_invitations
from core.tickets.actions import close_silent_tickets


@dataclass(frozen=True)
class DutyContext:
    """What a running duty may use: sessions, settings, its start, and its lease's renewal."""

    sessions: sessionmaker
    config: dict
    now: datetime
    # Extends the lease; a long duty calls it between batches (False: the lease is lost).
    renew: Callable[[], bool]


def auto_close(ctx: DutyContext) -> str:
    """Close silent followed-up tickets (each citizen gets the notice) and refresh their figures."""
    from core.statistics.figures import refresh_unit_figures

    with ctx.sessions() as session, unit_of_work(session):
        closed = close_silent_tickets(session, now=ctx.now)
        for unit_id, year in _closed_units_and_years(session, ctx.now):
            refresh_unit_figures(session, unit_id=unit_id, year=year, now=ctx.now)
    return f"closed {closed}"


def _closed_units_and_years(session: Session, moment: datetime) -> set[tuple[int, int]]:
    """(unit, filing year) of the tickets this run closed: their events carry its moment."""
    # A ticket closed twice the same moment cannot be; one closed by a later
    # run (a clock set back) only costs a refresh more.
    rows = session.execute(
        select(Ticket.unit_id, Ticket.created_at)
        .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
        .where(TicketEvent.action == "auto_close", TicketEvent.created_at >= moment,
               Ticket.unit_id.is_not(None)))
    return {(unit_id, local_date(created).year) for unit_id, created in rows}


def overdue_digest(ctx: DutyContext) -> str:
    """Queue today's digest of overdue tickets to each unit head and officer with a phone."""
    with ctx.sessions() as session, unit_of_work(session):
        sent, units = send_overdue_digests(session, now=ctx.now)
    return f"sms {sent}, units {units}"


def survey_expiry(ctx: DutyContext) -> str:
    """Mark open SMS survey invitations past their end as expired."""
    with ctx.sessions() as session, unit_of_work(session):
        expired = expire_invitations(session, now=ctx.now)
    return f"expired {expired}"


def retention(ctx: DutyContext) -> str:
    """Delete old outbox rows, USSD sessions and sign-in codes, batch by batch."""
    settings = ctx.config
    outbox_before = ctx.now - timedelta(days=settings["RETENTION_OUTBOX_DAYS"])
    ussd_before = ctx.now - timedelta(days=settings["RETENTION_USSD_SESSION_DAYS"])
    codes_before = ctx.now - timedelta(hours=settings["RETENTION_SIGN_IN_CODE_HOURS"])
    # Code texts first: a code's message that is also past the outbox's
    # retention is then deleted, not rewritten and deleted.
    texts = _in_batches(ctx, forget_old_code_texts, codes_before)
    codes = _in_batches(ctx, delete_old_sign_in_codes, codes_before)
    outbox = _in_batches(ctx, delete_old_outbox_rows, outbox_before)
    ussd = _in_batches(ctx, delete_old_ussd_sessions, ussd_before)
    return f"outbox {outbox}, ussd {ussd}, codes {codes}, code texts {texts}"


def _in_batches(ctx: DutyContext, step, before: datetime) -> int:
    """Run one retention step batch by batch, each committed, until a batch finds nothing."""
    total = 0
    while True:
        with ctx.sessions() as session, unit_of_work(session):
            done = step(session, before=before)
        total += done
        if not done:
            return total
        if not ctx.renew():
            raise LeaseLost("retention")


def statistics(ctx: DutyContext) -> str:
    """Rebuild the public figures of the current year (and the last one in January)."""
    from core.statistics.figures import refresh_public_figures

    with ctx.sessions() as session, unit_of_work(session):
        rows = refresh_public_figures(session, now=ctx.now)
    return f"rows {rows}"


class LeaseLost(RuntimeError):
    """The run outlived its lease and another host may have taken the duty: stop here."""


WORK: dict[str, Callable[[DutyContext], str]] = {
    "auto_close": auto_close,
    "overdue_digest": overdue_digest,
    "survey_expiry": survey_expiry,
    "retention": retention,
    "statistics": statistics,
}
