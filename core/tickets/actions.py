"""Moving tickets through their lifecycle, with history and citizen notifications."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.calendar.holidays import due_date
from core.clock import local_date, now_utc
from core.errors import InvalidInput, NotFound, TransitionNotAllowed
from core.models import Ticket, TicketEvent, Unit
from core.models.tickets import RECEIVED
from core.surveys.invitations import SURVEY_VALID_DAYS, invite_to_survey
from core.tickets.lifecycle import (
    ACTIONS,
    AUTO_CLOSE_DAYS,
    CLOSED_STATUSES,
    FOLLOW_UP_DAYS,
    OPEN_STATUSES,
    VERIFICATION_DAYS,
    Action,
    ticket_type,
)
from core.tickets.notifications import notify_citizen
from core.tickets.numbers import grouped_ticket_number

MAX_NOTE = 2000
# Actions after which the filer of a service request is invited to the SKM:
# an officer's completion, or the citizen's own "Sudah selesai, tutup".
INVITING_ACTIONS = ("complete", "accept")


def apply_ticket_action(
    session: Session,
    *,
    ticket_id: int,
    action: str,
    actor: str = "officer",
    officer_id: int | None = None,
    note: str | None = None,
    to_unit_id: int | None = None,
    now: datetime | None = None,
    survey_valid_days: int = SURVEY_VALID_DAYS,
) -> Ticket:
    """Take an action on a ticket, record it and notify the citizen."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("ticket")
    rule = _rule_for(ticket, action, actor)
    note = _checked_note(rule, note)
    moment = now or now_utc()
    from_unit_id, from_status = ticket.unit_id, ticket.status
    unit_name = _forward(session, ticket, to_unit_id) if rule.needs_unit else ""
    _move(session, ticket, rule, moment)
    session.add(TicketEvent(
        ticket=ticket, action=action, from_status=from_status, to_status=ticket.status,
        note=note or None, actor=actor, officer_id=officer_id,
        from_unit_id=from_unit_id, to_unit_id=ticket.unit_id, created_at=moment,
    ))
    if rule.notification:
        notify_citizen(session, ticket=ticket, template=rule.notification, note=note,
                       unit=unit_name, **rule.notification_params)
    if action in INVITING_ACTIONS and ticket.kind == "request":
        invite_to_survey(session, ticket=ticket, now=moment, valid_days=survey_valid_days,
                         shown_number=grouped_ticket_number(ticket.number))
    return ticket


def close_silent_tickets(session: Session, *, now: datetime | None = None) -> int:
    """Close followed-up tickets whose citizen has not answered in AUTO_CLOSE_DAYS working days."""
    moment = now or now_utc()
    rule = ACTIONS["auto_close"]
    candidates = session.scalars(
        select(Ticket).where(Ticket.status.in_(rule.transitions),
                             Ticket.updated_at <= moment - timedelta(days=AUTO_CLOSE_DAYS))
    ).all()
    closed = 0
    for ticket in candidates:
        if due_date(session, local_date(ticket.updated_at), AUTO_CLOSE_DAYS) <= local_date(moment):
            apply_ticket_action(session, ticket_id=ticket.id, action=rule.name,
                                actor=rule.actor, now=moment)
            closed += 1
    return closed


def _rule_for(ticket: Ticket, action: str, actor: str) -> Action:
    """The lifecycle's rule for this action, if this actor may take it from the ticket's status."""
    rule = ACTIONS.get(action)
    if rule is None or rule.actor != actor:
        raise InvalidInput("action")
    if ticket.status not in rule.transitions:
        raise TransitionNotAllowed(f"{action} from {ticket.status}")
    if not rule.suits(ticket_type(ticket)):
        raise TransitionNotAllowed(f"{action} for {ticket_type(ticket)}")
    return rule


def _checked_note(rule: Action, note: str | None) -> str:
    """The note, trimmed; required by some actions, never longer than MAX_NOTE."""
    note = (note or "").strip()
    if (rule.note_required and not note) or len(note) > MAX_NOTE:
        raise InvalidInput("note")
    return note


def _forward(session: Session, ticket: Ticket, to_unit_id: int | None) -> str:
    """Move the ticket to another unit and return that unit's name."""
    target = session.get(Unit, to_unit_id) if to_unit_id is not None else None
    if target is None or target.id == ticket.unit_id:
        raise InvalidInput("to_unit_id")
    # The relationship, not only the key: whoever reads ticket.unit next sees the new unit.
    ticket.unit = target
    return target.name


def _move(session: Session, ticket: Ticket, rule: Action, moment: datetime) -> None:
    """Give the ticket the status the rule leads to, and the closing time and due date with it."""
    ticket.status = rule.transitions[ticket.status]
    ticket.updated_at = moment
    ticket.closed_at = moment if ticket.status in CLOSED_STATUSES else None
    ticket.due_on = _next_due(session, ticket, rule.due, local_date(moment))


def _next_due(session, ticket, rule_due, today):
    """The due date after an action, by the action's rule and the ticket's kind."""
    if rule_due == "clear":
        return None
    if ticket.kind == "request":
        # A request keeps its service's time limit unless it moves to another
        # unit or comes back from being closed.
        if rule_due == "verification" or ticket.due_on is None:
            return due_date(session, today, ticket.service.time_days)
        return ticket.due_on
    if rule_due == "verification":
        return due_date(session, today, VERIFICATION_DAYS)
    if rule_due == "follow_up":
        return due_date(session, today, FOLLOW_UP_DAYS)
    if ticket.due_on is None and ticket.status in OPEN_STATUSES:
        # Back from a pause (the citizen answered a postponement): the clock
        # of the status it returns to starts again.
        days = VERIFICATION_DAYS if ticket.status == RECEIVED else FOLLOW_UP_DAYS
        return due_date(session, today, days)
    return ticket.due_on
