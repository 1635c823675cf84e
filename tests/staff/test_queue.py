"""The queue: filters, both orders, and keyset pages that neither repeat nor skip a ticket."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from core.casework.queue import (
    QueueFilter,
    decode_cursor,
    is_overdue,
    iter_queue,
    list_queue,
    overdue_by_officer,
)
from core.db import READ_ONLY, unit_of_work
from core.errors import InvalidInput
from core.models import Officer, Ticket
from core.tickets.actions import apply_ticket_action
from core.tickets.lifecycle import OPEN_STATUSES
from core.tickets.numbers import grouped_ticket_number
from tests.factories import make_complaint, make_request, make_service, make_unit

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 30)


def all_pages(session, filters, limit, today=TODAY):
    """Follow the cursors to the end; return ticket ids in the order seen and the page count."""
    seen, after, pages = [], None, 0
    while True:
        page = list_queue(session, filters=filters, today=today, after=after, limit=limit)
        seen += [ticket.id for ticket in page.tickets]
        pages += 1
        if page.next_cursor is None:
            return seen, pages
        after = page.next_cursor


def expected_newest(tickets):
    return [t.id for t in sorted(tickets, key=lambda t: (t.created_at, t.id), reverse=True)]


def expected_urgent(tickets):
    dated = sorted((t for t in tickets if t.due_on), key=lambda t: (t.due_on, t.id))
    undated = sorted((t for t in tickets if not t.due_on), key=lambda t: (t.created_at, t.id),
                     reverse=True)
    return [t.id for t in dated + undated]


@pytest.fixture
def crowded(session):
    """Two units with many tickets sharing one timestamp, some closed, plus unrouted ones."""
    unit_a, unit_b = make_unit(session), make_unit(session)
    service_a = make_service(session, unit=unit_a)
    tickets = []
    for index in range(23):
        # Every third shares the same instant: ties must be broken by id.
        moment = T0 if index % 3 else T0 + timedelta(hours=index)
        tickets.append(make_request(session, service=service_a, now=moment,
                                    phone=f"0812345{index:05d}"))
    for index in range(9):
        tickets.append(make_complaint(session, unit_id=unit_b.id, now=T0,
                                      phone=f"0813345{index:05d}"))
    for index in range(4):
        tickets.append(make_complaint(session, unit_id=None, now=T0 + timedelta(minutes=index)))
    with unit_of_work(session):
        for ticket in tickets[:5]:
            apply_ticket_action(session, ticket_id=ticket.id, action="verify", now=T0)
            apply_ticket_action(session, ticket_id=ticket.id, action="complete", now=T0)
    session.expire_all()
    return unit_a, unit_b, [session.get(Ticket, t.id) for t in tickets]


@pytest.mark.parametrize("order", ["newest", "urgent"])
@pytest.mark.parametrize("limit", [1, 4, 7, 50])
def test_pages_cover_every_ticket_once_in_order(session, crowded, order, limit):
    """Across one unit, every unit, and the unrouted: no duplicate, no gap, exact order."""
    unit_a, _unit_b, tickets = crowded
    expected = expected_newest if order == "newest" else expected_urgent
    for filters, subset in (
        (QueueFilter(unit_ids=(unit_a.id,), order=order), [t for t in tickets
                                                          if t.unit_id == unit_a.id]),
        (QueueFilter(order=order), tickets),
        (QueueFilter(unassigned=True, order=order), [t for t in tickets if t.unit_id is None]),
    ):
        seen, pages = all_pages(session, filters, limit)
        assert seen == expected(subset)
        assert pages == max(1, -(-len(subset) // limit))


def test_filters(session, crowded):
    """Status, type, channel, category and overdue narrow the queue."""
    unit_a, unit_b, tickets = crowded

    def ids(**kwargs):
        return set(all_pages(session, QueueFilter(**kwargs), 100)[0])

    assert ids(status="completed") == {t.id for t in tickets[:5]}
    assert ids(type="request") == {t.id for t in tickets if t.kind == "request"}
    assert ids(type="pengaduan", unit_ids=(unit_b.id,)) == {t.id for t in tickets[23:32]}
    assert ids(channel="sms") == set()
    assert ids(category="kesehatan", unit_ids=(unit_a.id,)) == {t.id for t in tickets[:23]}
    late = {t.id for t in tickets if t.status in OPEN_STATUSES and t.due_on < TODAY}
    assert late and ids(overdue=True) == late
    assert all(is_overdue(t, TODAY) == (t.id in late) for t in tickets)


def test_export_iterates_everything_in_a_read_only_transaction(session, crowded):
    """iter_queue pages through in order, reading without a write lock; its unit of work ends it."""
    _unit_a, _unit_b, tickets = crowded
    expected = expected_newest(tickets)
    session.commit()  # the fixture's reads end here: the export begins its own
    with unit_of_work(session):
        pages = iter_queue(session, filters=QueueFilter(), today=TODAY, batch=6)
        seen = [next(pages).id]
        assert session.connection().get_execution_options().get(READ_ONLY)
        seen += [t.id for t in pages]
    assert not session.in_transaction()
    assert seen == expected


@pytest.mark.parametrize("cursor", ["garbage", "bnxub3QtYS1kYXRl", "ZHwyMDI2LTAxLTAxfDE"])
def test_bad_cursor_is_invalid_input(session, cursor):
    """A forged cursor is refused, never run; a cursor of the other order too."""
    with pytest.raises(InvalidInput):
        decode_cursor(cursor, "newest")


@pytest.mark.parametrize("value", [{"status": "lost"}, {"type": "x"}, {"channel": "fax"},
                                   {"order": "random"}])
def test_unknown_filter_values_are_refused(session, value):
    """Unknown filter values raise InvalidInput."""
    with pytest.raises(InvalidInput):
        list_queue(session, filters=QueueFilter(**value), today=TODAY)


def test_queue_pages_over_http(world, staff):
    """The page's next link leads through every ticket once; overdue rows stand out."""
    admin = staff(world.emails["admin"])
    url, seen = "/staff/", []
    while url:
        page = admin.get(url).get_data(as_text=True)
        seen += [t.number for t in world.tickets.values()
                 if f">{grouped_ticket_number(t.number)}<" in page]
        marker = 'rel="next" href="'
        url = page.split(marker)[1].split('"')[0].replace("&amp;", "&") if marker in page else ""
        if url:
            assert "after=" in url
    assert sorted(seen) == sorted(t.number for t in world.tickets.values())


def test_overdue_counts_per_officer(world, staff, session):
    """Each late ticket counts for whoever last acted on it in its unit; untouched ones and
    ones just forwarded in count as not handled yet."""
    ids = {o.email: o.id for o in session.scalars(select(Officer))}
    past = datetime(2026, 10, 1, 2, tzinfo=UTC)
    late = [make_complaint(session, unit_id=world.unit_a.id, now=past, phone=f"08129999000{i}")
            for i in range(3)]
    forwarded = make_complaint(session, unit_id=world.unit_b.id, now=past, phone="081299990009")
    apply_ticket_action(session, ticket_id=late[0].id, action="verify", now=past,
                        officer_id=ids[world.emails["officer_a"]])
    apply_ticket_action(session, ticket_id=late[1].id, action="verify", now=past,
                        officer_id=ids[world.emails["head_a"]])
    apply_ticket_action(session, ticket_id=forwarded.id, action="forward", now=past,
                        note="Salah alamat.", to_unit_id=world.unit_a.id,
                        officer_id=ids[world.emails["officer_b"]])
    rows = overdue_by_officer(session, today=TODAY, unit_id=world.unit_a.id)
    session.commit()
    assert sorted((row.officer_name or "-", row.count) for row in rows) == [
        ("-", 2), ("Nama head_a", 1), ("Nama officer_a", 1)]
    page = staff(world.emails["head_a"]).get("/staff/terlambat").get_data(as_text=True)
    assert "Nama officer_a" in page and "Belum ditangani" in page
    queue = staff(world.emails["officer_a"]).get("/staff/?overdue=1").get_data(as_text=True)
    assert all(grouped_ticket_number(ticket.number) in queue for ticket in late)
    assert 'class="late"' in queue and "4 tiket melewati batas waktu" in queue
