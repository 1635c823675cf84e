"""The filer's own actions on a ticket: answer a follow-up, rate the resolution once."""

import pytest

from core.errors import InvalidInput, TransitionNotAllowed
from core.tickets.actions import apply_ticket_action
from core.tickets.feedback import (
    NotTicketOwner,
    ResolutionAlreadyRated,
    accept_ticket_result,
    can_accept,
    can_rate,
    can_respond,
    rate_ticket_resolution,
    respond_to_ticket,
)
from tests.factories import make_complaint

OWNER = "0812-3456-7890"


def moved(session, *actions):
    """A complaint taken through the officer actions given."""
    ticket = make_complaint(session)
    for action in actions:
        apply_ticket_action(session, ticket_id=ticket.id, action=action, note="Catatan petugas")
    return ticket


def test_the_filer_answers_a_follow_up(session):
    """The lifecycle's citizen 'respond': back to in progress, with the note in history."""
    ticket = moved(session, "verify", "follow_up")
    assert can_respond(ticket)
    respond_to_ticket(session, ticket_id=ticket.id, phone=OWNER, note="Belum beres")
    assert ticket.status == "in_progress"
    assert (ticket.events[-1].actor, ticket.events[-1].note) == ("citizen", "Belum beres")


def test_someone_else_cannot_answer(session):
    """Another phone is refused before anything changes."""
    ticket = moved(session, "verify", "follow_up")
    with pytest.raises(NotTicketOwner):
        respond_to_ticket(session, ticket_id=ticket.id, phone="085712345678", note="Saya")
    assert ticket.status == "followed_up"


def test_an_answer_needs_a_follow_up_to_answer(session):
    """A freshly received ticket waits for officers, not for the citizen."""
    ticket = moved(session)
    assert not can_respond(ticket)
    with pytest.raises(TransitionNotAllowed):
        respond_to_ticket(session, ticket_id=ticket.id, phone=OWNER, note="Halo")


def test_a_completed_ticket_is_rated_once(session):
    """One rating from 1 to 5, with a comment; a second one is refused."""
    ticket = moved(session, "verify", "complete")
    assert can_rate(ticket)
    rate_ticket_resolution(session, ticket_id=ticket.id, phone=OWNER, rating=5, comment=" Bagus ")
    assert (ticket.resolution_rating, ticket.resolution_comment) == (5, "Bagus")
    assert not can_rate(ticket)
    with pytest.raises(ResolutionAlreadyRated):
        rate_ticket_resolution(session, ticket_id=ticket.id, phone=OWNER, rating=1)


@pytest.mark.parametrize("rating", [0, 6, True])
def test_ratings_outside_one_to_five_are_refused(session, rating):
    """Only 1 to 5 (and not a boolean)."""
    ticket = moved(session, "verify", "complete")
    with pytest.raises(InvalidInput):
        rate_ticket_resolution(session, ticket_id=ticket.id, phone=OWNER, rating=rating)


def test_an_open_ticket_cannot_be_rated(session):
    """Nothing is resolved yet."""
    ticket = moved(session, "verify")
    with pytest.raises(InvalidInput):
        rate_ticket_resolution(session, ticket_id=ticket.id, phone=OWNER, rating=4)


def test_the_filer_closes_a_solved_follow_up(session):
    """'Sudah selesai, tutup': the lifecycle's citizen 'accept', no note needed."""
    ticket = moved(session, "verify", "follow_up")
    assert can_accept(ticket)
    accept_ticket_result(session, ticket_id=ticket.id, phone=OWNER)
    assert ticket.status == "completed" and not can_accept(ticket)
    assert (ticket.events[-1].action, ticket.events[-1].actor) == ("accept", "citizen")
    assert can_rate(ticket)


@pytest.mark.parametrize("actions", [("verify",), ("verify", "start")])
def test_only_a_followed_up_ticket_can_be_closed_by_its_filer(session, actions):
    """Before any follow-up there is nothing to accept."""
    ticket = moved(session, *actions)
    assert not can_accept(ticket)
    with pytest.raises(TransitionNotAllowed):
        accept_ticket_result(session, ticket_id=ticket.id, phone=OWNER)


def test_someone_else_cannot_close(session):
    """Another phone is refused; the ticket waits for its filer."""
    ticket = moved(session, "verify", "follow_up")
    with pytest.raises(NotTicketOwner):
        accept_ticket_result(session, ticket_id=ticket.id, phone="0857-1234-5678")
    assert ticket.status == "followed_up"
