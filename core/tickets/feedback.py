"""What the citizen who filed a ticket may do with it: close it or answer a follow-up, rate it.

The rating here is of how THIS ticket was handled ("Apakah masalah Anda
tertangani?"); the SKM (core.surveys) rates the unit's service in general,
by its nine unsur, and is where the ticket page sends the citizen next.
"""

from datetime import datetime

from sqlalchemy.orm import Session

from core.errors import DomainError, InvalidInput, NotFound
from core.i18n import N_
from core.models import Ticket
from core.models.tickets import COMPLETED
from core.phones import normalise_phone
from core.tickets.actions import apply_ticket_action
from core.tickets.lifecycle import ACTIONS

RATINGS = (1, 2, 3, 4, 5)
MAX_COMMENT = 1000


class NotTicketOwner(DomainError):
    """Only the citizen who filed the ticket may do this."""

    message = N_("Hanya pelapor tiket ini yang dapat melakukannya.")


class ResolutionAlreadyRated(DomainError):
    """The resolution has its rating already."""

    message = N_("Penyelesaian tiket ini sudah dinilai. Terima kasih.")


def is_ticket_owner(ticket: Ticket, phone: str | None) -> bool:
    """Whether the (signed-in) phone is the one that filed the ticket."""
    return bool(phone) and ticket.citizen is not None and ticket.citizen.phone == phone


def can_respond(ticket: Ticket) -> bool:
    """Whether the ticket waits for the citizen's answer (a follow-up or a postponement)."""
    return ticket.status in ACTIONS["respond"].transitions


def can_accept(ticket: Ticket) -> bool:
    """Whether the filer may close the ticket as solved ("Sudah selesai, tutup")."""
    return ticket.status in ACTIONS["accept"].transitions


def can_rate(ticket: Ticket) -> bool:
    """Whether the resolution can be rated: completed and not rated yet."""
    return ticket.status == COMPLETED and ticket.resolution_rating is None


def respond_to_ticket(
    session: Session, *, ticket_id: int, phone: str, note: str, now: datetime | None = None
) -> Ticket:
    """The filer's answer to a postponement, or "Belum selesai" to a follow-up (`respond`)."""
    _owned_ticket(session, ticket_id, phone)
    return apply_ticket_action(session, ticket_id=ticket_id, action="respond", actor="citizen",
                               note=note, now=now)


def accept_ticket_result(
    session: Session, *, ticket_id: int, phone: str, now: datetime | None = None
) -> Ticket:
    """The filer says the follow-up solved it: the lifecycle's `accept` action closes the ticket."""
    _owned_ticket(session, ticket_id, phone)
    return apply_ticket_action(session, ticket_id=ticket_id, action="accept", actor="citizen",
                               now=now)


def rate_ticket_resolution(
    session: Session, *, ticket_id: int, phone: str, rating: int, comment: str = ""
) -> Ticket:
    """Store the filer's rating (1-5) and comment on a completed ticket, once."""
    ticket = _owned_ticket(session, ticket_id, phone)
    if ticket.status != COMPLETED:
        raise InvalidInput("status")
    if ticket.resolution_rating is not None:
        raise ResolutionAlreadyRated(ticket.number)
    if isinstance(rating, bool) or rating not in RATINGS:
        raise InvalidInput("rating")
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidInput("comment")
    ticket.resolution_rating = rating
    ticket.resolution_comment = comment or None
    return ticket


def _owned_ticket(session: Session, ticket_id: int, phone: str) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("ticket")
    if not is_ticket_owner(ticket, normalise_phone(phone)):
        raise NotTicketOwner(ticket.number)
    return ticket
