"""The daily digest of overdue tickets: one SMS to each unit head and officer who has a phone.

Overdue means what the queue means (core/casework/queue.py is_overdue): an
open ticket whose due date has passed. The message says how many, which is
the oldest and by how many days, and where the queue lists them, most urgent
first. At most one digest per phone per local day, however often it runs.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import local_date, local_day_start
from core.i18n import DEFAULT_LANGUAGE, N_
from core.messaging.staff import queue_staff_message
from core.models import Officer, OutboundMessage, Ticket, Unit
from core.tickets.lifecycle import OPEN_STATUSES
from core.tickets.notifications import render_fitted
from core.tickets.numbers import grouped_ticket_number

PURPOSE = "digest"
# The roles who answer for a unit's tickets; admins and auditors read the back office.
RECIPIENT_ROLES = ("unit_head", "officer")
# The back office's queue of late tickets, most urgent first (web/staff/queue.py).
QUEUE_LINK = "/staff/?overdue=1&order=urgent"
DIGEST = N_(
    "Layanan Paralel: %(count)s tiket terlambat di %(unit)s. Terlama: %(ticket)s, "
    "lewat %(days)s hari dari batas. Lihat antrean: %(link)s"
)


@dataclass(frozen=True)
class UnitOverdue:
    """A unit's overdue tickets: how many, and the oldest one's number and days late."""

    unit_id: int
    unit_name: str
    count: int
    oldest_number: str
    days_late: int


def send_overdue_digests(session: Session, *, now: datetime) -> tuple[int, int]:
    """Queue today's digests not yet sent; (messages queued, units with overdue tickets)."""
    today = local_date(now)
    units = overdue_units(session, today=today)
    if not units:
        return 0, 0
    officers = _recipients(session, [unit.unit_id for unit in units])
    already = _digested_today(session, today, {officer.phone for officer in officers})
    sent = 0
    for officer in officers:
        if officer.phone in already:
            continue
        unit = next(u for u in units if u.unit_id == officer.unit_id)
        queue_staff_message(session, phone=officer.phone, text=digest_text(DEFAULT_LANGUAGE, unit),
                            purpose=PURPOSE, now=now)
        already.add(officer.phone)
        sent += 1
    return sent, len(units)


def overdue_units(session: Session, *, today: date) -> list[UnitOverdue]:
    """Each unit with overdue tickets, with its count and its oldest (earliest due) ticket."""
    late = [Ticket.status.in_(OPEN_STATUSES), Ticket.due_on < today, Ticket.unit_id.is_not(None)]
    counts = session.execute(
        select(Ticket.unit_id, func.count(Ticket.id)).where(*late).group_by(Ticket.unit_id)
    ).all()
    units = []
    for unit_id, count in counts:
        number, due_on, name = session.execute(
            select(Ticket.number, Ticket.due_on, Unit.name).join(Unit, Unit.id == Ticket.unit_id)
            .where(*late, Ticket.unit_id == unit_id)
            .order_by(Ticket.due_on, Ticket.id).limit(1)).one()
        units.append(UnitOverdue(unit_id, name, count, number, (today - due_on).days))
    return units


def digest_text(language: str, unit: UnitOverdue) -> str:
    """The digest SMS in GSM-7 and two parts at most (a long unit name is shortened)."""
    return render_fitted(language, DIGEST, field="unit", value=unit.unit_name,
                         count=unit.count, ticket=grouped_ticket_number(unit.oldest_number),
                         days=unit.days_late, link=QUEUE_LINK)


def _recipients(session: Session, unit_ids: list[int]) -> list[Officer]:
    return list(session.scalars(
        select(Officer).where(Officer.active.is_(True), Officer.role.in_(RECIPIENT_ROLES),
                              Officer.unit_id.in_(unit_ids), Officer.phone.is_not(None))
        .order_by(Officer.id)))


def _digested_today(session: Session, today: date, phones: set[str]) -> set[str]:
    """Phones that got a digest (or had one suppressed) since the local day began."""
    # By phone first: the outbox's phone index, not a scan of months of messages.
    return set(session.scalars(
        select(OutboundMessage.phone).where(OutboundMessage.phone.in_(phones),
                                            OutboundMessage.purpose == PURPOSE,
                                            OutboundMessage.created_at >= local_day_start(today))))
