"""Filing and finding service requests and complaints."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.calendar.holidays import due_date
from core.catalogue.categories import category_exists
from core.catalogue.regions import resolve_place
from core.citizens.registry import citizen_for_phone
from core.clock import local_date, now_utc
from core.errors import InvalidInput, NotFound, TicketNotFound
from core.idempotency import find_by_client_key
from core.models import Citizen, Service, Ticket, TicketEvent, Unit
from core.models.tickets import CHANNELS, COMPLAINT_TYPES
from core.phones import normalise_phone
from core.tickets.lifecycle import INITIAL_STATUS, VERIFICATION_DAYS
from core.tickets.notifications import COMPLAINT_RECEIPT, REQUEST_RECEIPT, notify_citizen
from core.tickets.numbers import new_ticket_number, parse_ticket_number

MAX_DESCRIPTION = 4000
_NUMBER_ATTEMPTS = 8


def create_service_request(
    session: Session,
    *,
    phone: str | None,
    service_id: int,
    channel: str,
    client_key: str | None = None,
    description: str = "",
    language: str | None = None,
    unit_id: int | None = None,
    now: datetime | None = None,
) -> Ticket:
    """File a request for a service; the same client key returns the same ticket.

    `phone` is one the channel proved (see _file_ticket), or None. `unit_id`
    is where the citizen asks for it, one of the units offering it; by default
    the service's own unit.
    """
    _check_channel(channel)
    existing = find_by_client_key(session, Ticket, channel, client_key)
    if existing is not None:
        return existing
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound("service")
    ticket = Ticket(
        kind="request",
        service_id=service.id,
        unit_id=_offering_unit(service, unit_id),
        category=service.category,
        description=_clean_description(description, required=False),
        channel=channel,
        client_key=client_key,
    )
    return _file_ticket(
        session, ticket, phone, language, now, service.time_days, REQUEST_RECEIPT, service
    )


def create_complaint(
    session: Session,
    *,
    phone: str | None,
    complaint_type: str,
    description: str,
    channel: str,
    client_key: str | None = None,
    category: str | None = None,
    unit_id: int | None = None,
    anonymous: bool = False,
    confidential: bool = False,
    language: str | None = None,
    now: datetime | None = None,
    **where: str | float | None,
) -> Ticket:
    """File a complaint, suggestion or information request (unit may be unknown yet).

    `where` says where it happened: `kecamatan_code` and `desa_code` picked
    from the region lists (their official names are stored beside them), or
    `kecamatan` and `desa` typed freely, and `latitude` and `longitude`.
    """
    _check_channel(channel)
    existing = find_by_client_key(session, Ticket, channel, client_key)
    if existing is not None:
        return existing
    _check_complaint(session, complaint_type, category, unit_id)
    ticket = Ticket(
        kind="complaint",
        complaint_type=complaint_type,
        unit_id=unit_id,
        category=category,
        description=_clean_description(description, required=True),
        anonymous=anonymous,
        confidential=confidential,
        channel=channel,
        client_key=client_key,
        **_location(session, **where),
    )
    return _file_ticket(session, ticket, phone, language, now, VERIFICATION_DAYS, COMPLAINT_RECEIPT)


def _location(session: Session, *, kecamatan_code: str | None = None,
              desa_code: str | None = None, kecamatan: str | None = None,
              desa: str | None = None, latitude: float | None = None,
              longitude: float | None = None) -> dict:
    """A complaint's place as ticket columns; an unknown region or coordinate is refused."""
    place = resolve_place(session, kecamatan_code=kecamatan_code, desa_code=desa_code,
                          kecamatan=kecamatan, desa=desa)
    return {"kecamatan": place.kecamatan, "desa": place.desa,
            "kecamatan_code": place.kecamatan_code, "desa_code": place.desa_code,
            "latitude": _coordinate(latitude, 90.0, "latitude"),
            "longitude": _coordinate(longitude, 180.0, "longitude")}


def find_ticket(session: Session, *, number: str) -> Ticket:
    """The ticket with this number; a typo raises MistypedTicketNumber, else TicketNotFound."""
    digits = parse_ticket_number(number)
    ticket = session.scalars(select(Ticket).where(Ticket.number == digits)).one_or_none()
    if ticket is None:
        raise TicketNotFound(digits)
    return ticket


def list_citizen_tickets(session: Session, *, phone: str, limit: int = 50) -> list[Ticket]:
    """The citizen's tickets from every channel, newest first."""
    e164 = normalise_phone(phone)
    query = (
        select(Ticket)
        .join(Citizen, Ticket.citizen_id == Citizen.id)
        .where(Citizen.phone == e164)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def _file_ticket(session, ticket, phone, language, now, due_days, receipt, service=None):
    """Attach citizen, number, due date and first event, and queue the receipt.

    The phone must be proven by the channel: the operator's on USSD and SMS, a
    one-time code on the web. Without one (None) the ticket has no citizen, so
    no receipt, no "my tickets" and no reporter for officers (docs/domain.md).
    """
    citizen = citizen_for_phone(session, phone, language) if phone else None
    moment = now or now_utc()
    ticket.citizen = citizen
    ticket.status = INITIAL_STATUS
    ticket.created_at = ticket.updated_at = moment
    ticket.due_on = due_date(session, local_date(moment), due_days)
    for _ in range(_NUMBER_ATTEMPTS):
        ticket.number = new_ticket_number()
        try:
            with session.begin_nested():
                session.add(ticket)
        except IntegrityError:
            # Either a concurrent create with the same client key won the race
            # (return its ticket) or the random number was taken (draw again).
            existing = find_by_client_key(session, Ticket, ticket.channel, ticket.client_key)
            if existing is not None:
                return existing
            continue
        break
    else:
        raise RuntimeError("no free ticket number after several draws")
    session.add(TicketEvent(ticket=ticket, action="create", to_status=INITIAL_STATUS,
                            actor="citizen", created_at=moment))
    if citizen is not None:
        service_name = service.short_name(citizen.language) if service else ""
        notify_citizen(session, ticket=ticket, template=receipt, purpose="receipt",
                       service=service_name)
    return ticket


def claim_ticket(session: Session, *, number: str, phone: str) -> Ticket:
    """Give a ticket filed without a proven phone to the citizen who has since proven one.

    The caller vouches that this device filed the ticket; a ticket that
    already has its citizen keeps it (only its filer may act on it).
    """
    ticket = find_ticket(session, number=number)
    if ticket.citizen_id is None:
        ticket.citizen = citizen_for_phone(session, phone)
    return ticket


def _check_complaint(session, complaint_type, category, unit_id) -> None:
    """Refuse an unknown complaint type or category, or a unit that does not exist."""
    if complaint_type not in COMPLAINT_TYPES:
        raise InvalidInput("complaint_type")
    if category is not None and not category_exists(session, category):
        raise InvalidInput("category")
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise NotFound("unit")


def _offering_unit(service: Service, unit_id: int | None) -> int:
    """The unit the request goes to: one that offers the service, else its own unit."""
    if unit_id is None or unit_id == service.unit_id:
        return service.unit_id
    if unit_id not in {unit.id for unit in service.offered_at}:
        raise InvalidInput("unit")
    return unit_id


def _coordinate(value: float | None, limit: float, field: str) -> float | None:
    if value is None:
        return None
    if not -limit <= value <= limit:
        raise InvalidInput(field)
    return round(value, 6)


def _check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise InvalidInput("channel")


def _clean_description(text: str | None, *, required: bool) -> str:
    cleaned = (text or "").strip()
    if required and not cleaned:
        raise InvalidInput("description")
    if len(cleaned) > MAX_DESCRIPTION:
        raise InvalidInput("description")
    return cleaned
