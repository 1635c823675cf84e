"""End-of-session notifications: stored with the session, acknowledged whatever they hold."""

import pytest
from sqlalchemy import select

from core.models import UssdSession


def _event(client, **fields):
    response = client.post("/ussd/events", data=fields)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "OK"


def test_event_is_stored_with_its_session(client, session, phone):
    """Every field the gateway sends is kept; an Incomplete session is marked dropped."""
    phone.dial()
    phone.send("2")
    _event(client, sessionId=phone.session_id, status="Incomplete", phoneNumber=phone.number,
           input="2", durationInMillis="31000", hopsCount="2", errorMessage="Timeout",
           cost="KES 0.0500", date="2026-11-28 10:00:00", serviceCode="*123#",
           networkCode="99999")
    stored = session.scalars(select(UssdSession)).one()
    assert (stored.status, stored.end_status, stored.end_input) == ("dropped", "Incomplete", "2")
    assert (stored.duration_ms, stored.hops_count) == (31000, 2)
    assert (stored.error_message, stored.cost, stored.end_date) == (
        "Timeout", "KES 0.0500", "2026-11-28 10:00:00")


def test_success_after_end_keeps_the_session_ended(client, session, phone):
    """A session we closed stays closed, with the gateway's word recorded."""
    phone.dial()
    phone.send("x", "x", "x")
    phone.hang_up("Success")
    stored = session.scalars(select(UssdSession)).one()
    assert (stored.status, stored.end_status) == ("ended", "Success")


def test_event_for_an_unknown_session_is_kept(client, session):
    """A session that failed before reaching us still leaves its report."""
    _event(client, sessionId="ATUid_lost", status="Failed", phoneNumber="081234500009",
           errorMessage="Network error")
    stored = session.scalars(select(UssdSession)).one()
    assert (stored.phone, stored.status, stored.error_message) == (
        "+6281234500009", "ended", "Network error")


@pytest.mark.parametrize("fields", [
    {},
    {"sessionId": ""},
    {"sessionId": "ATUid_x", "durationInMillis": "abc", "hopsCount": "-1"},
    {"sessionId": "ATUid_y", "status": "Whatever" * 10, "phoneNumber": "garbage",
     "input": "1*" * 3000, "cost": "\x00"},
])
def test_odd_events_are_acknowledged(client, session, fields):
    """Missing or malformed fields never get an error back."""
    _event(client, **fields)
