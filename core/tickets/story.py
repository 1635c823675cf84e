"""A ticket's story as its citizen reads it: the steps, whether it is late, where to escalate."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import N_
from core.models import Ticket, TicketEvent, Unit
from core.tickets.lifecycle import OPEN_STATUSES, status_label

# A forward is its own step: shown by its status alone ("Diterima") the ticket
# would seem to go backwards.
FORWARDED = N_("Diteruskan ke %(unit)s")
# For whoever holds only the number: which unit may itself say too much.
FORWARDED_ELSEWHERE = N_("Diteruskan ke unit lain")


@dataclass(frozen=True)
class Step:
    """One step of the timeline: when, what (a msgid and its values), the note, who wrote it."""

    created_at: datetime
    label: str
    actor: str
    note: str | None = None
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Channel:
    """A place outside the unit where a citizen may take a complaint that is not handled."""

    name: str
    address: str
    url: str
    how: str


# After the unit's own head, the national channels (docs/domain.md §4: complaints
# are handled as SP4N-LAPOR! does; the Ombudsman RI oversees public services).
# Only their public sites are named: the SMS number 1708 is this product's own
# demo number (docs/demo-catalogue.md), and no other number is on record here.
ESCALATION_CHANNELS = (
    Channel("SP4N-LAPOR!", "lapor.go.id", "https://www.lapor.go.id",
            N_("kanal pengaduan pelayanan publik nasional.")),
    Channel("Ombudsman RI", "ombudsman.go.id", "https://ombudsman.go.id",
            N_("pengawas pelayanan publik, bila pengaduan tetap tidak ditangani.")),
)


def is_late(ticket: Ticket, today: date) -> bool:
    """An open ticket whose due date (working days, in local dates) has passed."""
    return (ticket.status in OPEN_STATUSES and ticket.due_on is not None
            and ticket.due_on < today)


def ticket_story(session: Session, ticket: Ticket, *, unit_names: bool = True) -> list[Step]:
    """The ticket's events as steps; a forward names the unit it went to if `unit_names`."""
    events = list(session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)))
    forwarded_to = {e.to_unit_id for e in events if e.action == "forward" and e.to_unit_id}
    names = {unit_id: name for unit_id, name in session.execute(
        select(Unit.id, Unit.name).where(Unit.id.in_(forwarded_to)))} if forwarded_to else {}
    steps = []
    for event in events:
        if event.action == "forward" and not unit_names:
            label, params = FORWARDED_ELSEWHERE, {}
        elif event.action == "forward":
            label, params = FORWARDED, {"unit": names.get(event.to_unit_id, "-")}
        else:
            label, params = status_label(event.to_status, ticket.complaint_type), {}
        steps.append(Step(event.created_at, label, event.actor, event.note, params))
    return steps
