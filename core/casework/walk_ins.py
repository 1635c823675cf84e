"""Walk-in cases: an officer files a request or complaint for the citizen at the counter.

The ticket is filed through core.tickets.filing with channel "counter". A
phone proves nothing when typed (docs/domain.md §4.3.1), so it is tied to the
ticket only once the citizen reads back the sign-in code sent to it; without
one the ticket has no citizen and the slip shows the number to track.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.catalogue.categories import category_names
from core.errors import DomainError, InvalidInput, NotFound
from core.idempotency import find_by_client_key
from core.messaging.sign_in import request_login_code, verify_login_code
from core.models import Service, Ticket, Unit
from core.staff.access import Principal, require
from core.staff.audit import add_audit_entry
from core.tickets.filing import create_complaint, create_service_request, find_ticket

CHANNEL = "counter"
AUDIT_ACTION = "walk_in"


@dataclass(frozen=True)
class WalkIn:
    """What the officer typed: a request (service_id) or a complaint (complaint_type)."""

    kind: str
    unit_id: int
    description: str
    client_key: str
    service_id: int | None = None
    complaint_type: str | None = None
    category: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class WalkInResult:
    """The filed ticket, or the refusal of the code typed (the try is counted all the same)."""

    ticket: Ticket | None = None
    refusal: DomainError | None = None


def walk_in_unit(principal: Principal, unit_id: int | None) -> int:
    """The unit a walk-in goes to: the officer's own; an administrator must choose one."""
    chosen = unit_id if unit_id is not None or principal.all_units else principal.unit_id
    # Another unit than the officer's own is out of sight: NotFound, as everywhere.
    require(principal, "act", chosen, any_unit=chosen is None)
    if chosen is None:
        raise InvalidInput("unit")
    return chosen


def walk_in_services(session: Session, *, unit_id: int) -> list[Service]:
    """The services the unit offers at its counter: its own and those offered there."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("unit")
    services = session.scalars(
        select(Service).options(selectinload(Service.offered_at)).order_by(Service.id)
    ).all()
    return [s for s in services
            if s.unit_id == unit_id or unit_id in {u.id for u in s.offered_at}]


def walk_in_categories(session: Session, language: str) -> dict[str, str]:
    """Complaint categories by code, in menu order."""
    return category_names(session, language)


def send_walk_in_code(session: Session, *, principal: Principal, phone: str) -> str:
    """Send the citizen a sign-in code (limited per phone in core); returns the phone in E.164."""
    require(principal, "act", any_unit=True)
    return request_login_code(session, phone=phone).phone


def file_walk_in(session: Session, *, principal: Principal, walk_in: WalkIn,
                 code: str | None = None) -> WalkInResult:
    """File the walk-in (audited); with a phone, only when `code` is the one sent to it.

    The same client key returns the ticket already filed, so a double submit
    files nothing twice and does not spend the code again.
    """
    unit_id = walk_in_unit(principal, walk_in.unit_id)
    existing = find_by_client_key(session, Ticket, CHANNEL, walk_in.client_key)
    if existing is not None:
        return WalkInResult(ticket=existing)
    phone = None
    if walk_in.phone:
        check = verify_login_code(session, phone=walk_in.phone, code=code or "")
        if check.refusal is not None:
            return WalkInResult(refusal=check.refusal)
        phone = check.citizen.phone
    ticket = _create(session, walk_in, unit_id, phone)
    detail = f"kind={walk_in.kind} phone={'yes' if phone else 'no'}"
    add_audit_entry(session, officer_id=principal.officer_id, action=AUDIT_ACTION,
                    target=ticket.number, detail=detail)
    return WalkInResult(ticket=ticket)


def _create(session: Session, walk_in: WalkIn, unit_id: int, phone: str | None) -> Ticket:
    """The ticket through the usual filing functions, channel "counter"."""
    common = {"phone": phone, "channel": CHANNEL, "client_key": walk_in.client_key,
              "description": walk_in.description, "unit_id": unit_id}
    if walk_in.kind == "request":
        if walk_in.service_id is None:
            raise InvalidInput("service")
        return create_service_request(session, service_id=walk_in.service_id, **common)
    if walk_in.kind != "complaint":
        raise InvalidInput("kind")
    return create_complaint(session, complaint_type=walk_in.complaint_type or "",
                            category=walk_in.category or None, **common)


def walk_in_slip(session: Session, *, principal: Principal, number: str) -> Ticket:
    """The ticket a slip is printed for, if the officer may see its unit."""
    ticket = find_ticket(session, number=number)
    require(principal, "queue", ticket.unit_id)
    return ticket
