"""The officers' queue: filters, two orders and keyset pagination (never OFFSET).

A page is found by seeking in an index from the last row of the previous page,
so the 10,000th page costs what the first does. Newest first walks
ix_tickets_unit_created_id; most urgent first walks ix_tickets_unit_due for
tickets with a due date, then the undated ones (closed or paused), newest
first. Across every unit the same seek runs once per unit and the small
results are merged, so no index without the unit is needed.
"""

import base64
import binascii
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, select, tuple_, union_all
from sqlalchemy.orm import Session, selectinload

from core.db import LARGEST_INTEGER, begin_read_only
from core.errors import InvalidInput
from core.models import Officer, Ticket, TicketEvent, Unit
from core.models.tickets import CHANNELS, COMPLAINT_TYPES
from core.tickets.lifecycle import OPEN_STATUSES, STATUSES
from core.tickets.story import is_late

PAGE_SIZE = 25
OVERDUE_COUNT_CAP = 1000
ORDERS = ("newest", "urgent")
# "Type" as officers filter it: a service request or one of the complaint types.
TYPES = ("request", *COMPLAINT_TYPES)
# The longest Kemendagri code a filter may name (a desa's: 35.29.01.2001).
MAX_REGION_CODE = 20


@dataclass(frozen=True)
class QueueFilter:
    """What a queue shows: the units in scope and the officer's filters."""

    unit_ids: tuple[int, ...] | None = None
    unassigned: bool = False
    status: str | None = None
    type: str | None = None
    channel: str | None = None
    category: str | None = None
    # Where it happened: a kecamatan's Kemendagri code (tickets.kecamatan_code).
    kecamatan: str | None = None
    overdue: bool = False
    order: str = "newest"

    def checked(self) -> "QueueFilter":
        """The same filter, or InvalidInput naming the first unknown value."""
        for field, value, allowed in (("status", self.status, STATUSES),
                                      ("type", self.type, TYPES),
                                      ("channel", self.channel, CHANNELS),
                                      ("order", self.order, ORDERS)):
            if value is not None and value not in allowed:
                raise InvalidInput(field)
        if self.kecamatan is not None and len(self.kecamatan) > MAX_REGION_CODE:
            raise InvalidInput("kecamatan")
        return self


@dataclass(frozen=True)
class QueuePage:
    """One page of tickets and the cursor of the next page (None on the last)."""

    tickets: list[Ticket]
    next_cursor: str | None


def is_overdue(ticket: Ticket, today: date) -> bool:
    """An open ticket whose due date has passed (as its citizen is told: core.tickets.story)."""
    return is_late(ticket, today)


def list_queue(
    session: Session, *, filters: QueueFilter, today: date, after: str | None = None,
    limit: int = PAGE_SIZE, with_citizen: bool = False,
) -> QueuePage:
    """One page of the queue after the cursor, in the filter's order."""
    filters = filters.checked()
    cursor = decode_cursor(after, filters.order)
    begin_read_only(session)
    phases = ("n",) if filters.order == "newest" else ("d", "u")
    if cursor is not None:
        phases = phases[phases.index(cursor[0]):]
    ids: list[int] = []
    for phase in phases:
        want = limit + 1 - len(ids)
        if want <= 0:
            break
        ids += _page_ids(session, filters, today, phase,
                         cursor if cursor and cursor[0] == phase else None, want)
    options = [selectinload(Ticket.unit), selectinload(Ticket.service)]
    if with_citizen:
        options.append(selectinload(Ticket.citizen))
    found = {t.id: t for t in session.scalars(
        select(Ticket).where(Ticket.id.in_(ids[:limit])).options(*options))}
    tickets = [found[i] for i in ids[:limit]]
    more = len(ids) > limit
    return QueuePage(tickets, encode_cursor(tickets[-1], filters.order) if more else None)


def iter_queue(
    session: Session, *, filters: QueueFilter, today: date, batch: int = 500,
    with_citizen: bool = False,
) -> Iterator[Ticket]:
    """Every ticket of the queue in order, page by page (for exports).

    It reads without a write lock (list_queue); the caller iterates inside a
    unit of work of its own, so that the read ends with the download.
    """
    after = None
    while True:
        page = list_queue(session, filters=filters, today=today, after=after, limit=batch,
                          with_citizen=with_citizen)
        yield from page.tickets
        if page.next_cursor is None:
            return
        after = page.next_cursor


def count_overdue(
    session: Session, *, filters: QueueFilter, today: date, cap: int = OVERDUE_COUNT_CAP
) -> int:
    """How many open tickets in the queue's units are past their due date, up to `cap`.

    The badge only needs to say "many": counting stops at the cap, so a unit
    with a huge backlog costs no more than a small one.
    """
    begin_read_only(session)
    query = select(Ticket.id).where(*_overdue_conditions(today))
    if filters.unassigned:
        query = query.where(Ticket.unit_id.is_(None))
    elif filters.unit_ids is not None:
        query = query.where(Ticket.unit_id.in_(filters.unit_ids))
    return session.scalar(select(func.count()).select_from(query.limit(cap).subquery())) or 0


def open_tickets_by_unit(
    session: Session, *, today: date,
) -> list[tuple[int | None, str | None, int, int]]:
    """(unit id, unit name, open tickets, overdue among them) per unit; None: not yet routed.

    Read by /metrics at scrape time: one grouped query over the open tickets
    only, then the names of the units found. Among open tickets, a due date
    in the past is what the queue's overdue filter means (_overdue_conditions);
    the query names no other column, so that an index on the open tickets'
    (unit_id, due_on) answers it alone.
    """
    begin_read_only(session)
    counts = session.execute(
        select(Ticket.unit_id, func.count(), func.count().filter(Ticket.due_on < today))
        .where(Ticket.status.in_(OPEN_STATUSES))
        .group_by(Ticket.unit_id)
    ).all()
    ids = [unit_id for unit_id, _open, _late in counts if unit_id is not None]
    names = {unit_id: name for unit_id, name
             in session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))}
    return sorted(((unit_id, names.get(unit_id), n, late) for unit_id, n, late in counts),
                  key=lambda row: (row[0] is None, row[0] or 0))


class OverdueRow(NamedTuple):
    """Overdue tickets of one unit held by one officer (None: nobody has acted on them yet)."""

    unit_id: int
    unit_name: str
    officer_id: int | None
    officer_name: str | None
    count: int


def overdue_by_officer(
    session: Session, *, today: date, unit_id: int | None = None,
) -> list[OverdueRow]:
    """Overdue open tickets per unit and officer: None for nobody yet.

    A ticket counts for the officer who last acted on it in its current unit
    (forwarding it elsewhere does not make it yours), so a head sees who holds
    each late ticket; tickets nobody has touched yet count as unhandled.
    """
    begin_read_only(session)
    conditions = [*_overdue_conditions(today)]
    if unit_id is not None:
        conditions.append(Ticket.unit_id == unit_id)
    else:
        conditions.append(Ticket.unit_id.is_not(None))
    last_action = (
        select(TicketEvent.ticket_id, func.max(TicketEvent.id).label("event_id"))
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.officer_id.is_not(None), TicketEvent.action != "forward",
               TicketEvent.to_unit_id == Ticket.unit_id, *conditions)
        .group_by(TicketEvent.ticket_id)
        .subquery()
    )
    query = (
        select(Unit.id, Unit.name, Officer.id, Officer.name, func.count(Ticket.id))
        .select_from(Ticket)
        .join(Unit, Unit.id == Ticket.unit_id)
        .outerjoin(last_action, last_action.c.ticket_id == Ticket.id)
        .outerjoin(TicketEvent, TicketEvent.id == last_action.c.event_id)
        .outerjoin(Officer, Officer.id == TicketEvent.officer_id)
        .where(*conditions)
        .group_by(Unit.id, Unit.name, Officer.id, Officer.name)
        .order_by(Unit.name, func.count(Ticket.id).desc(), Officer.name)
    )
    return [OverdueRow(*row) for row in session.execute(query)]


def encode_cursor(ticket: Ticket, order: str) -> str:
    """The opaque cursor that resumes the queue after this ticket."""
    if order == "newest":
        parts = ("n", ticket.created_at.isoformat(), str(ticket.id))
    elif ticket.due_on is not None:
        parts = ("d", ticket.due_on.isoformat(), str(ticket.id))
    else:
        parts = ("u", ticket.created_at.isoformat(), str(ticket.id))
    return base64.urlsafe_b64encode("|".join(parts).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, order: str) -> tuple[str, date | datetime, int] | None:
    """(phase, key, id) of a cursor made for this order, or InvalidInput."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        phase, key, ticket_id = raw.split("|")
        parsed = date.fromisoformat(key) if phase == "d" else datetime.fromisoformat(key)
        ticket_id = int(ticket_id)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidInput("cursor") from None
    # An id no column holds (a forged cursor) would make the database refuse the query.
    phases = ("n",) if order == "newest" else ("d", "u")
    if phase not in phases or not 0 < ticket_id <= LARGEST_INTEGER:
        raise InvalidInput("cursor")
    if phase != "d" and parsed.tzinfo is None:
        raise InvalidInput("cursor")
    return phase, parsed, ticket_id


def _overdue_conditions(today: date) -> list:
    return [Ticket.status.in_(OPEN_STATUSES), Ticket.due_on < today]


def _conditions(filters: QueueFilter, today: date) -> list:
    conditions = []
    if filters.status:
        conditions.append(Ticket.status == filters.status)
    if filters.type == "request":
        conditions.append(Ticket.kind == "request")
    elif filters.type:
        conditions.append(Ticket.complaint_type == filters.type)
    if filters.channel:
        conditions.append(Ticket.channel == filters.channel)
    if filters.category:
        conditions.append(Ticket.category == filters.category)
    if filters.kecamatan:
        conditions.append(Ticket.kecamatan_code == filters.kecamatan)
    if filters.overdue:
        conditions += _overdue_conditions(today)
    return conditions


def _phase_query(filters, today, phase, cursor, limit, unit_condition):
    """Ids and sort keys of one unit's next rows in one phase of the order."""
    if phase == "d":
        key, order = Ticket.due_on, (Ticket.due_on.asc(), Ticket.id.asc())
        conditions = [Ticket.due_on.is_not(None)]
        if cursor is not None:
            conditions.append(tuple_(Ticket.due_on, Ticket.id) > tuple_(cursor[1], cursor[2]))
    else:
        key, order = Ticket.created_at, (Ticket.created_at.desc(), Ticket.id.desc())
        conditions = [Ticket.due_on.is_(None)] if phase == "u" else []
        if cursor is not None:
            conditions.append(tuple_(Ticket.created_at, Ticket.id) < tuple_(cursor[1], cursor[2]))
    return (
        select(Ticket.id.label("id"), key.label("k"))
        .where(unit_condition, *conditions, *_conditions(filters, today))
        .order_by(*order)
        .limit(limit)
    )


def _page_ids(session, filters, today, phase, cursor, limit) -> list[int]:
    if filters.unassigned:
        scopes = [Ticket.unit_id.is_(None)]
    elif filters.unit_ids is not None:
        scopes = [Ticket.unit_id == unit_id for unit_id in filters.unit_ids]
    else:
        unit_ids = session.scalars(select(Unit.id).order_by(Unit.id)).all()
        scopes = [Ticket.unit_id.is_(None)] + [Ticket.unit_id == u for u in unit_ids]
    if not scopes:
        return []
    queries = [_phase_query(filters, today, phase, cursor, limit, scope) for scope in scopes]
    if len(queries) == 1:
        return list(session.scalars(queries[0]))
    # One seek per unit, merged: each unit's index is read in order and only
    # `limit` rows of each are sorted together.
    parts = [query.subquery() for query in queries]
    merged = union_all(*(select(part.c.id, part.c.k) for part in parts)).subquery()
    if phase == "d":
        order = (merged.c.k.asc(), merged.c.id.asc())
    else:
        order = (merged.c.k.desc(), merged.c.id.desc())
    return list(session.scalars(select(merged.c.id).order_by(*order).limit(limit)))

