"""A ticket as an officer works it: detail, reporter (or Anonim), history and actions.

Every function takes the signed-in officer as a Principal and applies the
rules of core.staff.access: a ticket of a unit out of sight is NotFound.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, load_only, selectinload

from core.casework.queue import is_overdue
from core.catalogue.directory import list_units
from core.clock import local_date
from core.db import begin_read_only
from core.errors import NotFound
from core.models import Attachment, AuditEntry, Officer, Ticket, TicketEvent, Unit
from core.staff.access import Forbidden, Principal, can, can_see_unit, require
from core.staff.audit import add_audit_entry, list_audit_entries
from core.statistics.figures import refresh_unit_figures
from core.surveys.invitations import SURVEY_VALID_DAYS
from core.tickets.actions import apply_ticket_action
from core.tickets.lifecycle import CLOSED_STATUSES, allowed_actions, ticket_type
from core.tickets.numbers import parse_ticket_number


@dataclass(frozen=True)
class Reporter:
    """Who filed the ticket, as officers may see it: nothing at all when anonymous."""

    anonymous: bool
    phone: str | None = None
    name: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class HistoryStep:
    """One event of the ticket with the names an officer reads."""

    event: TicketEvent
    officer: str
    from_unit: str
    to_unit: str


@dataclass(frozen=True)
class Case:
    """Everything the ticket page shows."""

    ticket: Ticket
    reporter: Reporter
    history: list[HistoryStep]
    audit: list[tuple[AuditEntry, str]]
    attachments: list[Attachment]
    actions: list[str]
    forward_units: list[Unit]
    overdue: bool
    can_set_privacy: bool


def reporter_of(ticket: Ticket) -> Reporter:
    """The reporter as officers may see them; an anonim ticket reveals nothing."""
    if ticket.anonymous:
        return Reporter(anonymous=True)
    citizen = ticket.citizen
    if citizen is None:
        # Filed on the web without a proven phone: there is no reporter to show.
        return Reporter(anonymous=False)
    return Reporter(False, citizen.phone, citizen.name, citizen.language)


def get_case(session: Session, *, principal: Principal, ticket_id: int, today: date) -> Case:
    """The ticket with its reporter, history, audit trail and allowed actions."""
    begin_read_only(session)
    ticket = _visible_ticket(session, principal, ticket_id)
    from_unit, to_unit = aliased(Unit), aliased(Unit)
    rows = session.execute(
        select(TicketEvent, Officer.name, from_unit.name, to_unit.name)
        .outerjoin(Officer, Officer.id == TicketEvent.officer_id)
        .outerjoin(from_unit, from_unit.id == TicketEvent.from_unit_id)
        .outerjoin(to_unit, to_unit.id == TicketEvent.to_unit_id)
        .where(TicketEvent.ticket_id == ticket.id)
        .order_by(TicketEvent.id)
    )
    history = [HistoryStep(event, officer or "", source or "", target or "")
               for event, officer, source, target in rows]
    attachments = list(session.scalars(
        select(Attachment).where(Attachment.ticket_id == ticket.id)
        .options(load_only(Attachment.id, Attachment.content_type, Attachment.width,
                           Attachment.height, Attachment.created_at))
        .order_by(Attachment.id)
    ))
    acting = can(principal, "act")
    return Case(
        ticket=ticket,
        reporter=reporter_of(ticket),
        history=history,
        audit=list_audit_entries(session, target=f"ticket:{ticket.id}", limit=200),
        attachments=attachments,
        actions=allowed_actions(ticket.status, of_type=ticket_type(ticket)) if acting else [],
        forward_units=[u for u in list_units(session) if u.id != ticket.unit_id] if acting else [],
        overdue=is_overdue(ticket, today),
        can_set_privacy=principal.role == "admin",
    )


def find_case_number(session: Session, *, principal: Principal, number: str) -> int:
    """The id of the ticket with this number if the officer may see it, else NotFound."""
    digits = parse_ticket_number(number)
    ticket = session.scalars(select(Ticket).where(Ticket.number == digits)).one_or_none()
    if ticket is None or not can_see_unit(principal, ticket.unit_id):
        raise NotFound("ticket")
    return ticket.id


def get_case_attachment(
    session: Session, *, principal: Principal, ticket_id: int, attachment_id: int
) -> Attachment:
    """One image of a ticket the officer may see, bytes included."""
    ticket = _visible_ticket(session, principal, ticket_id)
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.ticket_id != ticket.id:
        raise NotFound("attachment")
    return attachment


def act_on_case(
    session: Session, *, principal: Principal, ticket_id: int, action: str, note: str = "",
    to_unit_id: int | None = None, anonymous: bool = False, confidential: bool = False,
    survey_valid_days: int = SURVEY_VALID_DAYS,
) -> Ticket:
    """Take a lifecycle action as this officer; an admin verifying may also hide the
    reporter (anonim) or the report (rahasia). History, notice and audit, all or nothing."""
    ticket = _visible_ticket(session, principal, ticket_id)
    if not can(principal, "act"):
        raise Forbidden("act")
    if (anonymous or confidential) and (principal.role != "admin" or action != "verify"):
        raise Forbidden("privacy")
    # A savepoint: flags raised for an action the lifecycle then refuses are
    # undone, even when the caller goes on and commits.
    with session.begin_nested():
        # Flags can only be raised: staff never take protection away from a citizen.
        changed = [flag for flag, wanted in (("anonymous", anonymous),
                                             ("confidential", confidential))
                   if wanted and not getattr(ticket, flag)]
        for flag in changed:
            setattr(ticket, flag, True)
        if changed:
            add_audit_entry(session, officer_id=principal.officer_id, action="ticket_privacy",
                            target=f"ticket:{ticket.id}", detail=",".join(changed))
        apply_ticket_action(session, ticket_id=ticket.id, action=action,
                            officer_id=principal.officer_id, note=note,
                            to_unit_id=to_unit_id, survey_valid_days=survey_valid_days)
    if ticket.status in CLOSED_STATUSES and ticket.unit_id is not None:
        # The unit's public figures of the ticket's filing year follow at once; the rest
        # waits for the daily refresh.
        refresh_unit_figures(session, unit_id=ticket.unit_id,
                             year=local_date(ticket.created_at).year)
    return ticket


def _visible_ticket(session: Session, principal: Principal, ticket_id: int) -> Ticket:
    ticket = session.scalars(
        select(Ticket).where(Ticket.id == ticket_id)
        .options(selectinload(Ticket.unit), selectinload(Ticket.service),
                 selectinload(Ticket.citizen))
    ).one_or_none()
    if ticket is None:
        raise NotFound("ticket")
    require(principal, "queue", ticket.unit_id)
    return ticket

