"""The ticket lifecycle: from any status an action either moves the ticket or changes nothing."""

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from core.calendar.holidays import add_holiday
from core.db import unit_of_work
from core.errors import InvalidInput, NotFound, TransitionNotAllowed
from core.models import OutboundMessage, SurveyInvitation, TicketEvent
from core.models.tickets import KINDS
from core.tickets.actions import MAX_NOTE, apply_ticket_action, close_silent_tickets
from core.tickets.lifecycle import (
    ACTIONS,
    STATUS_TABLE,
    STATUSES,
    action_label,
    allowed_actions,
    status_label,
    ticket_status_label,
)
from tests.factories import make_complaint, make_request, make_unit

WIB = timezone(timedelta(hours=7))

# (kind, action, status): a request is never "answered" (only questions and aspirations are).
ALLOWED = [(k, a, s) for k in KINDS for a in ACTIONS for s in STATUSES
           if s in ACTIONS[a].transitions and (k == "complaint" or ACTIONS[a].suits("request"))]
FORBIDDEN = [(a, s) for a in ACTIONS for s in STATUSES if s not in ACTIONS[a].transitions]
NOTE_REQUIRED = [name for name, rule in ACTIONS.items() if rule.note_required]


def ticket_in(session, status, kind="complaint", action=None):
    """A ticket of this kind put straight into a status; a complaint of a type the action suits."""
    types = ACTIONS[action].ticket_types if action else ()
    ticket = (make_request(session) if kind == "request"
              else make_complaint(session, complaint_type=types[0] if types else "pengaduan"))
    ticket.status = status
    session.commit()
    return ticket


def take(session, ticket, action, **kwargs):
    """Take an action as its proper actor with a note and, for forward, another unit; commit."""
    rule = ACTIONS[action]
    values = {"actor": rule.actor, "note": "Catatan petugas."}
    if rule.needs_unit and "to_unit_id" not in kwargs:
        values["to_unit_id"] = make_unit(session).id
    with unit_of_work(session):
        return apply_ticket_action(session, ticket_id=ticket.id, action=action,
                                   **(values | kwargs))


def event_count(session, ticket):
    """Events in the ticket's history."""
    return session.scalar(select(func.count()).select_from(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id))


def snapshot(session, ticket):
    """What a refused action must leave alone: the ticket's fields, events and outbox."""
    messages = session.scalar(select(func.count()).select_from(OutboundMessage))
    return (ticket.status, ticket.unit_id, ticket.due_on, ticket.closed_at, ticket.updated_at,
            event_count(session, ticket), messages)


def test_every_transition_uses_known_statuses():
    """The table names only known statuses, and every action is allowed somewhere."""
    for rule in ACTIONS.values():
        assert rule.transitions
        assert set(rule.transitions) | set(rule.transitions.values()) <= set(STATUSES)


@pytest.mark.parametrize(("kind", "action", "status"), ALLOWED)
def test_allowed_action_moves_ticket_and_records_event(session, kind, action, status):
    """An allowed action moves the ticket to the table's status and records who did it."""
    rule = ACTIONS[action]
    ticket = ticket_in(session, status, kind, action)
    events_before = event_count(session, ticket)
    take(session, ticket, action)
    session.expire_all()
    assert ticket.status == rule.transitions[status]
    assert event_count(session, ticket) == events_before + 1
    event = ticket.events[-1]
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        action, status, rule.transitions[status], rule.actor)
    assert event.note == "Catatan petugas."
    assert (ticket.closed_at is not None) == (ticket.status in ("completed", "rejected"))
    assert (ticket.due_on is None) == (rule.due == "clear")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("action", "status"), FORBIDDEN)
def test_forbidden_action_changes_nothing(session, kind, action, status):
    """An action not allowed from the status raises and leaves ticket, events and outbox alone."""
    ticket = ticket_in(session, status, kind, action)
    before = snapshot(session, ticket)
    with pytest.raises(TransitionNotAllowed):
        take(session, ticket, action)
    assert snapshot(session, ticket) == before


@pytest.mark.parametrize(("status", "actor", "expected"), [
    ("received", "officer", ["verify", "postpone", "forward", "reject"]),
    ("followed_up", "officer", ["follow_up", "answer", "complete"]),
    ("followed_up", "citizen", ["respond", "accept"]),
    ("followed_up", "system", ["auto_close"]),
    ("completed", "officer", ["reopen"]),
    ("completed", "citizen", []),
])
def test_allowed_actions_per_status_and_actor(status, actor, expected):
    """Each actor sees only its own actions that the status allows."""
    assert allowed_actions(status, actor) == expected


@pytest.mark.parametrize("action", NOTE_REQUIRED)
@pytest.mark.parametrize("note", [None, "", "   "])
def test_note_required_actions_need_a_note(session, action, note):
    """Postponing, forwarding, rejecting, following up, responding and reopening need a note."""
    ticket = ticket_in(session, next(iter(ACTIONS[action].transitions)), action=action)
    before = snapshot(session, ticket)
    with pytest.raises(InvalidInput):
        take(session, ticket, action, note=note)
    assert snapshot(session, ticket) == before


def test_reject_without_reason_is_refused(session):
    """A rejection always carries its reason."""
    ticket = ticket_in(session, "received")
    with pytest.raises(InvalidInput, match="note"):
        apply_ticket_action(session, ticket_id=ticket.id, action="reject")
    assert ticket.status == "received"


def test_overlong_note_is_refused(session):
    """A note longer than the limit is refused rather than silently cut."""
    ticket = ticket_in(session, "verified")
    with pytest.raises(InvalidInput, match="note"):
        take(session, ticket, "follow_up", note="x" * (MAX_NOTE + 1))


@pytest.mark.parametrize("target", ["same", "missing", "none"])
def test_forward_needs_another_existing_unit(session, target):
    """Forwarding to the ticket's own unit, to no unit or to an unknown unit is refused."""
    ticket = ticket_in(session, "received")
    to_unit_id = {"same": ticket.unit_id, "missing": ticket.unit_id + 1000, "none": None}[target]
    before = snapshot(session, ticket)
    with pytest.raises(InvalidInput, match="to_unit_id"):
        take(session, ticket, "forward", to_unit_id=to_unit_id)
    assert snapshot(session, ticket) == before


def test_forward_moves_ticket_to_the_other_unit(session):
    """A forwarded ticket belongs to the new unit, and the event records both units."""
    ticket = ticket_in(session, "verified")
    old_unit, new_unit = ticket.unit_id, make_unit(session).id
    take(session, ticket, "forward", to_unit_id=new_unit)
    assert ticket.unit_id == new_unit
    assert (ticket.events[-1].from_unit_id, ticket.events[-1].to_unit_id) == (old_unit, new_unit)


@pytest.mark.parametrize(("action", "status", "actor"), [
    ("respond", "followed_up", "officer"),
    ("auto_close", "followed_up", "officer"),
    ("verify", "received", "citizen"),
    ("complete", "verified", "system"),
    ("no_such_action", "received", "officer"),
])
def test_wrong_actor_or_unknown_action_is_refused(session, action, status, actor):
    """Officers cannot respond for the citizen, nor citizens act for officers."""
    ticket = ticket_in(session, status)
    before = snapshot(session, ticket)
    with pytest.raises(InvalidInput, match="action"):
        apply_ticket_action(session, ticket_id=ticket.id, action=action, actor=actor, note="x")
    assert snapshot(session, ticket) == before


def test_unknown_ticket_is_not_found(session):
    """Acting on a ticket id that does not exist raises NotFound."""
    with pytest.raises(NotFound):
        apply_ticket_action(session, ticket_id=987654, action="verify")


@pytest.mark.parametrize("kind", ["request", "complaint"])
def test_citizen_answer_to_postponement_restarts_the_clock(session, kind):
    """After the citizen supplies what was asked, the ticket has a due date again."""
    ticket = ticket_in(session, "received", kind)
    take(session, ticket, "postpone", note="Kirim foto KTP.")
    assert ticket.due_on is None
    take(session, ticket, "respond", note="Foto KTP terlampir.")
    assert ticket.status == "received"
    assert ticket.due_on is not None


# Followed up on Monday 3 March 2025; ten working days later is Monday 17 March
# (4, 5, 6, 7, 10, 11, 12, 13, 14, 17), or Tuesday 18 March when 10 March is a holiday.
FOLLOWED_UP_AT = datetime(2025, 3, 3, 10, 0, tzinfo=WIB)


@pytest.mark.parametrize(("now", "holidays", "closed"), [
    (datetime(2025, 3, 14, 23, 59, tzinfo=WIB), [], 0),
    (datetime(2025, 3, 17, 0, 0, tzinfo=WIB), [], 1),
    (datetime(2025, 3, 17, 12, 0, tzinfo=WIB), [date(2025, 3, 10)], 0),
    (datetime(2025, 3, 18, 0, 0, tzinfo=WIB), [date(2025, 3, 10)], 1),
])
def test_silent_followed_up_ticket_closes_after_ten_working_days(session, now, holidays, closed):
    """The system closes a followed-up ticket on the tenth working day of silence, not before."""
    for day in holidays:
        add_holiday(session, day=day, name="Libur")
    ticket = ticket_in(session, "verified")
    take(session, ticket, "follow_up", now=FOLLOWED_UP_AT)
    with unit_of_work(session):
        assert close_silent_tickets(session, now=now) == closed
    session.expire_all()
    assert ticket.status == ("completed" if closed else "followed_up")
    if closed:
        assert (ticket.events[-1].action, ticket.events[-1].actor) == ("auto_close", "system")


def test_answered_follow_up_is_not_auto_closed(session):
    """A ticket the citizen answered is back in progress and is never auto-closed."""
    ticket = ticket_in(session, "verified")
    take(session, ticket, "follow_up", now=FOLLOWED_UP_AT)
    take(session, ticket, "respond", now=FOLLOWED_UP_AT + timedelta(days=1))
    assert close_silent_tickets(session, now=datetime(2025, 6, 1, tzinfo=WIB)) == 0
    assert ticket.status == "in_progress"


# Issue 15: a question or an aspiration is answered, the citizen may close a
# followed-up ticket, and each status's badge says what it means.

@pytest.mark.parametrize(("complaint_type", "offered"), [
    ("informasi", True), ("aspirasi", True), ("pengaduan", False), ("request", False),
])
def test_answer_is_offered_only_for_questions_and_aspirations(complaint_type, offered):
    """'Jawab dan selesaikan' is among the officer's actions only where it fits."""
    assert ("answer" in allowed_actions("verified", of_type=complaint_type)) == offered
    assert "complete" in allowed_actions("verified", of_type=complaint_type)


@pytest.mark.parametrize("kind", ["request", "pengaduan"])
def test_answer_is_refused_for_a_request_or_a_complaint(session, kind):
    """Answering is for questions and aspirations only: anything else changes nothing."""
    ticket = (make_request(session) if kind == "request"
              else make_complaint(session, complaint_type=kind))
    ticket.status = "verified"
    session.commit()
    before = snapshot(session, ticket)
    with pytest.raises(TransitionNotAllowed):
        take(session, ticket, "answer", note="Jawaban.")
    assert snapshot(session, ticket) == before


@pytest.mark.parametrize(("complaint_type", "status", "label"), [
    ("informasi", "completed", "Selesai dijawab"),
    ("aspirasi", "completed", "Selesai dijawab"),
    ("pengaduan", "completed", "Selesai"),
    (None, "completed", "Selesai"),
    ("informasi", "rejected", "Ditolak"),
    ("informasi", "in_progress", "Sedang diproses"),
])
def test_an_answered_question_reads_selesai_dijawab(complaint_type, status, label):
    """Completed questions and aspirations are 'Selesai dijawab'; the code stays COMPLETED."""
    assert status_label(status, complaint_type) == label


def test_answering_a_question_completes_it_and_sends_the_answer(session):
    """The answer closes the ticket as completed (counted resolved) and goes to the citizen."""
    ticket = make_complaint(session, complaint_type="informasi")
    take(session, ticket, "verify")
    take(session, ticket, "answer", note="Jadwal posyandu: Selasa pekan kedua.")
    assert ticket.status == "completed" and ticket.closed_at is not None
    assert ticket_status_label(ticket) == "Selesai dijawab"
    sms = session.scalars(select(OutboundMessage).order_by(OutboundMessage.id.desc())).first()
    assert "selesai dijawab" in sms.text and "Jadwal posyandu: Selasa pekan kedua." in sms.text


def test_the_citizen_accepts_a_follow_up_and_closes_the_ticket(session):
    """'Sudah selesai, tutup': followed up -> completed, no note needed, no SMS echoed."""
    ticket = ticket_in(session, "verified")
    take(session, ticket, "follow_up", note="Lampu sudah diganti.")
    messages = session.scalar(select(func.count()).select_from(OutboundMessage))
    take(session, ticket, "accept", note=None)
    assert ticket.status == "completed" and ticket.due_on is None
    assert (ticket.events[-1].action, ticket.events[-1].actor) == ("accept", "citizen")
    assert session.scalar(select(func.count()).select_from(OutboundMessage)) == messages


def test_accepting_a_request_invites_to_the_survey(session):
    """A request the citizen closes is completed like any other: the SKM invitation follows."""
    ticket = ticket_in(session, "followed_up", "request")
    take(session, ticket, "accept", note=None)
    assert session.scalar(select(func.count()).select_from(SurveyInvitation).where(
        SurveyInvitation.ticket_id == ticket.id)) == 1


def test_not_yet_done_reopens_the_work(session):
    """'Belum selesai' is respond: a note is required and the ticket is back in progress."""
    ticket = ticket_in(session, "followed_up")
    with pytest.raises(InvalidInput, match="note"):
        take(session, ticket, "respond", note="")
    take(session, ticket, "respond", note="Masih mati.")
    assert ticket.status == "in_progress"


def test_badges_differ_by_meaning():
    """New, waiting for the citizen, being worked on, done and rejected each look different."""
    badge = {code: STATUS_TABLE[code].badge for code in STATUSES}
    assert badge["postponed"] == badge["followed_up"]
    assert badge["verified"] == badge["in_progress"]
    assert len({badge[c] for c in ("received", "postponed", "verified", "completed",
                                   "rejected")}) == 5
    assert all(b.startswith("badge badge-") for b in badge.values())


def test_every_action_has_a_label_for_the_history():
    """The officers' history never shows an action's code."""
    for name in (*ACTIONS, "create"):
        assert action_label(name) != name
