"""Delivery reports and opt-outs: raw Africa's Talking callbacks and what they store."""

import pytest
from sqlalchemy import func, select

from core.citizens.registry import citizen_for_phone
from core.messaging.outbox import (
    SendOutcome,
    claim_due_messages,
    queue_message,
    record_send_outcome,
)
from core.models import Citizen, OutboundMessage
from sms.gateways.africastalking import DELIVERY_STATUSES

GATEWAY_ID = "ATXid_5f3c2a"


@pytest.fixture
def sent_id(sessions):
    """A message the gateway took, with id ATXid_5f3c2a; returns its outbox id."""
    with sessions() as session:
        citizen = citizen_for_phone(session, "081234567890")
        message = queue_message(session, citizen=citizen, text="Tiket diterima.", purpose="reply")
        session.commit()
        claim_due_messages(session)
        record_send_outcome(session, message_id=message.id, gateway="africastalking",
                            outcome=SendOutcome("sent", gateway_message_id=GATEWAY_ID))
        return message.id


def stored(sessions, message_id):
    """(status, delivery_status, failure_reason) of a message, read in a short session."""
    with sessions() as session:
        message = session.get(OutboundMessage, message_id)
        return message.status, message.delivery_status, message.failure_reason


def report(client, status, message_id=GATEWAY_ID, **fields):
    """POST a delivery report as the gateway sends it."""
    form = {"id": message_id, "status": status, "phoneNumber": "+6281234567890",
            "networkCode": "51010"} | fields
    return client.post("/sms/delivery", data=form)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"status": "Sent"}, ("sent", "Sent", None)),
        ({"status": "Submitted"}, ("sent", "Submitted", None)),
        ({"status": "Buffered"}, ("sent", "Buffered", None)),
        ({"status": "Success"}, ("delivered", "Success", None)),
        ({"status": "Rejected", "failureReason": "UserInBlackList"},
         ("failed", "Rejected", "UserInBlackList")),
        ({"status": "Failed", "failureReason": "DeliveryFailure"},
         ("failed", "Failed", "DeliveryFailure")),
        ({"status": "Failed"}, ("failed", "Failed", None)),
    ],
)
def test_each_status_word_is_stored(client, sessions, sent_id, form, expected):
    """Each Africa's Talking word maps through the one table to our status."""
    response = report(client, **form)

    assert response.status_code == 200
    assert stored(sessions, sent_id) == expected


def test_every_documented_word_is_in_the_table():
    """The table covers the six words docs/domain.md §7.3 lists, and nothing else."""
    assert set(DELIVERY_STATUSES) == {"Sent", "Submitted", "Buffered", "Success", "Rejected",
                                      "Failed"}


@pytest.mark.parametrize(
    "form",
    [
        {"status": "Success", "message_id": "ATXid_never_sent"},
        {"status": "Exploded"},
        {"status": ""},
        {"status": "Success", "message_id": ""},
    ],
)
def test_unknown_reports_are_acknowledged_and_ignored(client, sessions, sent_id, form):
    """An unknown message id or status word gets 200 (no gateway retries) and changes nothing."""
    response = report(client, **form)

    assert response.status_code == 200
    assert stored(sessions, sent_id) == ("sent", None, None)


@pytest.mark.parametrize(
    ("first", "late", "expected"),
    [
        ("Success", "Sent", ("delivered", "Success", None)),
        ("Success", "Buffered", ("delivered", "Success", None)),
        ("Failed", "Submitted", ("failed", "Failed", "DeliveryFailure")),
        ("Buffered", "Success", ("delivered", "Success", None)),
    ],
)
def test_a_late_intermediate_report_keeps_the_final_one(client, sessions, sent_id, first, late,
                                                        expected):
    """Reports arrive out of order; a final word is not undone by an intermediate one."""
    report(client, first, failureReason="DeliveryFailure")
    report(client, late)

    assert stored(sessions, sent_id) == expected


def _citizens(sessions):
    with sessions() as session:
        return {c.phone: c.opted_out for c in session.scalars(select(Citizen))}


@pytest.mark.parametrize("phone", ["+6281234567890", "6281234567890", "081234567890"])
def test_opt_out_callback_opts_the_citizen_out(client, sessions, phone):
    """The operator's opt-out notice marks the citizen, known or new, as opted out."""
    response = client.post("/sms/optout", data={"senderId": "PEMKAB", "phoneNumber": phone})

    assert response.status_code == 200
    assert _citizens(sessions) == {"+6281234567890": True}


def test_opt_out_of_a_known_citizen(client, sessions):
    """A citizen who already wrote to us is opted out, not duplicated."""
    with sessions() as session:
        citizen_for_phone(session, "081234567890")
        session.commit()

    client.post("/sms/optout", data={"senderId": "PEMKAB", "phoneNumber": "+6281234567890"})

    assert _citizens(sessions) == {"+6281234567890": True}


@pytest.mark.parametrize("phone", ["", "12", "not a number", "+62" + "9" * 40])
def test_opt_out_with_an_invalid_number_stores_nothing(client, sessions, phone):
    """A malformed number is acknowledged (200) and ignored."""
    response = client.post("/sms/optout", data={"senderId": "PEMKAB", "phoneNumber": phone})

    assert response.status_code == 200
    assert _citizens(sessions) == {}


def _outbox_statuses(sessions):
    with sessions() as session:
        return {m.status for m in session.scalars(select(OutboundMessage))}


@pytest.mark.parametrize("query", ["", "?token=", "?token=wrong", "?token=S3CRET"])
@pytest.mark.parametrize("path", ["/sms/delivery", "/sms/optout"])
def test_callbacks_without_the_right_token_are_refused(make_app, sessions, sent_id, path, query):
    """With CALLBACK_TOKEN set, a missing or wrong ?token= gets 403 and nothing is stored."""
    client = make_app(CALLBACK_TOKEN="s3cret").test_client()
    form = {"id": GATEWAY_ID, "status": "Success", "phoneNumber": "+6285712345678"}

    response = client.post(path + query, data=form)

    assert response.status_code == 403
    assert _outbox_statuses(sessions) == {"sent"}
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Citizen)) == 1


@pytest.mark.parametrize(
    ("path", "check"),
    [
        ("/sms/delivery", lambda sessions: _outbox_statuses(sessions) == {"delivered"}),
        ("/sms/optout", lambda sessions: _citizens(sessions)["+6285712345678"] is True),
    ],
)
def test_callbacks_with_the_right_token_are_accepted(make_app, sessions, sent_id, path, check):
    """With CALLBACK_TOKEN set, the right ?token= gets 200 and the report is stored."""
    client = make_app(CALLBACK_TOKEN="s3cret").test_client()
    form = {"id": GATEWAY_ID, "status": "Success", "phoneNumber": "+6285712345678"}

    response = client.post(path + "?token=s3cret", data=form)

    assert response.status_code == 200
    assert check(sessions)
