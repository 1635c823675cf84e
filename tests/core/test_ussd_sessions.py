"""USSD session state in the database: load, save, resume offers and gateway events."""

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import InvalidPhoneNumber
from core.surveys import find_unrated_request, record_survey_response
from core.ticket_actions import apply_ticket_action
from core.ussd_sessions import (
    RESUME_WINDOW,
    load_ussd_session,
    record_ussd_event,
    save_ussd_session,
)
from tests.factories import make_request

PHONE = "+6281234500009"
T0 = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


def _save(session, session_id, *, now=T0, **changes):
    state = load_ussd_session(session, session_id=session_id, phone=PHONE, now=now)
    for name, value in changes.items():
        setattr(state, name, value)
    save_ussd_session(session, state=state, now=now)
    return state


def test_new_session_takes_the_citizens_language(session):
    """An unknown session is fresh, in the language the citizen chose elsewhere."""
    from core.citizens import set_citizen_language

    set_citizen_language(session, phone="081234500009", language="en")
    state = load_ussd_session(session, session_id="s1", phone="081234500009")
    assert (state.known, state.phone, state.language, state.screen) == (
        False, PHONE, "en", "")


def test_saved_state_is_loaded_back(session):
    """What a hop saved is what the next hop (in any process) loads."""
    _save(session, "s1", screen="cmp_unit", page=2, consumed="2*1",
          data={"values": {"category": "kesehatan"}}, last_reply="CON ...", strikes=1)
    state = load_ussd_session(session, session_id="s1", phone=PHONE)
    assert (state.known, state.screen, state.page, state.consumed, state.strikes) == (
        True, "cmp_unit", 2, "2*1", 1)
    assert state.data == {"values": {"category": "kesehatan"}}


def test_a_repeated_first_hop_updates_the_same_row(session):
    """Two saves of a session the process thought new leave one row."""
    from sqlalchemy import func, select

    from core.models import UssdSession

    first = load_ussd_session(session, session_id="s1", phone=PHONE)
    second = load_ussd_session(session, session_id="s1", phone=PHONE)
    save_ussd_session(session, state=first)
    second.screen = "menu"
    save_ussd_session(session, state=second)
    assert session.scalar(select(func.count()).select_from(UssdSession)) == 1
    row = session.scalars(select(UssdSession)).one()
    assert (row.screen, row.hops) == ("menu", 2)


def test_invalid_phone_is_refused(session):
    """A session needs a phone number to belong to."""
    with pytest.raises(InvalidPhoneNumber):
        load_ussd_session(session, session_id="s1", phone="12")


@pytest.mark.parametrize(("status", "resumable", "age", "offered"), [
    ("active", True, timedelta(minutes=3), True),
    ("dropped", True, timedelta(minutes=9), True),
    ("active", True, RESUME_WINDOW + timedelta(seconds=1), False),
    ("active", False, timedelta(minutes=1), False),
    ("ended", False, timedelta(minutes=1), False),
])
def test_resume_offer(session, status, resumable, age, offered):
    """Only an unfinished journey with data, from the last ten minutes, is offered."""
    _save(session, "old", screen="cmp_confirm", status=status, resumable=resumable,
          data={"values": {"description": "Air keruh"}})
    state = load_ussd_session(session, session_id="new", phone=PHONE, now=T0 + age)
    assert (state.resume_offer is not None) == offered
    if offered:
        assert (state.resume_offer.session_id, state.resume_offer.screen) == ("old", "cmp_confirm")
        assert state.resume_offer.data["values"]["description"] == "Air keruh"


def test_only_the_latest_session_is_offered(session):
    """A dial that started afresh since supersedes the dropped journey."""
    _save(session, "old", screen="cmp_confirm", resumable=True, data={"values": {"x": 1}})
    _save(session, "newer", now=T0 + timedelta(minutes=1), screen="menu")
    state = load_ussd_session(session, session_id="new", phone=PHONE,
                              now=T0 + timedelta(minutes=2))
    assert state.resume_offer is None


def test_incomplete_event_marks_the_session_dropped(session):
    """The gateway's Incomplete ends an active session as dropped, keeping its fields."""
    _save(session, "s1", screen="cmp_description")
    row = record_ussd_event(session, session_id="s1", status="Incomplete", input_text="2*1",
                            duration_ms=30500, hops_count=3, error_message="", cost="0.05",
                            date="2026-11-28 10:00:00")
    assert (row.status, row.end_status, row.duration_ms, row.hops_count, row.cost) == (
        "dropped", "Incomplete", 30500, 3, "0.05")


def test_event_does_not_reopen_an_ended_session(session):
    """A Failed report after our END leaves the session ended."""
    _save(session, "s1", status="ended")
    assert record_ussd_event(session, session_id="s1", status="Failed").status == "ended"


def test_unrated_request_is_the_latest_completed_one(session):
    """Completed, not yet rated, the citizen's own, newest first."""
    older = make_request(session, phone=PHONE, now=T0)
    newer = make_request(session, phone=PHONE, now=T0 + timedelta(days=1))
    make_request(session, phone="+6281234500008")
    assert find_unrated_request(session, phone=PHONE) is None
    for ticket, day in ((older, 3), (newer, 2)):
        for action in ("verify", "complete"):
            apply_ticket_action(session, ticket_id=ticket.id, action=action,
                                now=T0 + timedelta(days=day))
    assert find_unrated_request(session, phone="081234500009").id == older.id
    record_survey_response(session, answers=[4] * 9, channel="ussd", ticket_id=older.id)
    assert find_unrated_request(session, phone=PHONE).id == newer.id
