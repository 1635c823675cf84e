"""The Africa's Talking gateway end to end: the official SDK against a local fake of the API."""

import socket

import pytest

from core.messaging.outbox import SendOutcome
from sms.gateways import make_gateway
from sms.gateways.africastalking import (
    RECIPIENT_STATUSES,
    AfricasTalkingGateway,
    outcome_from_reply,
)

PHONE = "+6281234567890"


@pytest.fixture
def gateway(fake_at):
    """The gateway pointed at the fake, with a short read timeout for the stall test."""
    return AfricasTalkingGateway("sandbox", "key-123", sender_id="PEMKAB", base_url=fake_at.url,
                                 timeout=(1.0, 0.3))


def test_success_sends_the_form_the_gateway_expects(gateway, fake_at):
    """A sent message comes back with the gateway's messageId; the fake saw our fields."""
    outcome = gateway.send(PHONE, "Tiket LPR-1 diterima.")

    [accepted] = fake_at.accepted
    assert outcome == SendOutcome("sent", gateway_message_id=accepted.message_id)
    assert (accepted.to, accepted.text, accepted.sender_id) == (
        PHONE, "Tiket LPR-1 diterima.", "PEMKAB")
    assert fake_at.api_keys == {"key-123"}


def test_http_500_is_retried(gateway, fake_at):
    """A non-2xx reply (the SDK raises AfricasTalkingException) means try again later."""
    fake_at.fail_http(status=500)

    assert gateway.send(PHONE, "halo") == SendOutcome("retry", reason="http_error")
    assert fake_at.accepted == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (403, SendOutcome("failed", reason="InvalidPhoneNumber")),
        (404, SendOutcome("failed", reason="UnsupportedNumberType")),
        (406, SendOutcome("failed", reason="UserInBlacklist")),
        (401, SendOutcome("retry", reason="RiskHold")),
        (402, SendOutcome("retry", reason="InvalidSenderId")),
        (405, SendOutcome("retry", reason="InsufficientBalance")),
        (407, SendOutcome("retry", reason="CouldNotRoute")),
        (500, SendOutcome("retry", reason="InternalServerError")),
        (501, SendOutcome("retry", reason="GatewayError")),
        (502, SendOutcome("retry", reason="RejectedByGateway")),
    ],
)
def test_per_recipient_failures_map_through_the_table(gateway, fake_at, code, expected):
    """Failures come in the body of a 2xx reply: permanent ones fail, the rest retry."""
    fake_at.reject(code)

    assert gateway.send(PHONE, "halo") == expected
    assert fake_at.accepted == []


def test_timeout_is_retried(gateway, fake_at):
    """A gateway that does not answer within the read timeout means try again later."""
    fake_at.stall(seconds=1.5)

    assert gateway.send(PHONE, "halo") == SendOutcome("retry", reason="timeout")


def test_json_with_a_charset_is_parsed_by_us(gateway, fake_at):
    """The SDK hands back a string when the Content-Type has a charset; it is still a send."""
    fake_at.charset()

    outcome = gateway.send(PHONE, "halo")

    assert outcome.result == "sent"
    assert outcome.gateway_message_id == fake_at.accepted[0].message_id


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_a_reply_that_is_not_json_is_retried(gateway, fake_at, content_type):
    """A 2xx body we cannot read is retried, never taken for a bad number."""
    fake_at.garbage(content_type)

    assert gateway.send(PHONE, "halo") == SendOutcome("retry", reason="bad_reply")


def test_local_number_fails_for_good_without_a_request(gateway, fake_at):
    """The SDK refuses a number not in E.164 form (ValueError): no retry can fix it."""
    assert gateway.send("081234567890", "halo") == SendOutcome("failed",
                                                                reason="InvalidPhoneNumber")
    assert fake_at.requests == 0


def test_unreachable_gateway_is_retried():
    """Connection refused surfaces as a raw requests exception: try again later."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gateway = AfricasTalkingGateway("sandbox", "key", base_url=f"http://127.0.0.1:{port}")

    outcome = gateway.send(PHONE, "halo")

    assert outcome.result == "retry"
    assert outcome.reason.startswith("network: ")


def test_send_never_raises(gateway, monkeypatch):
    """Whatever the SDK raises, the worker gets an outcome."""
    def explode(*args, **kwargs):
        raise RuntimeError("bug in the SDK")

    monkeypatch.setattr(gateway._service, "send", explode)

    assert gateway.send(PHONE, "halo") == SendOutcome("retry", reason="error: RuntimeError")


def _reply(*recipients, message="Sent to 1/1 Total Cost: IDR 300"):
    return {"SMSMessageData": {"Message": message, "Recipients": list(recipients)}}


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (_reply({"statusCode": 101, "number": PHONE, "status": "Success", "messageId": "ATX1"}),
         SendOutcome("sent", gateway_message_id="ATX1")),
        ('{"SMSMessageData": {"Message": "", "Recipients": [{"statusCode": "102", '
         '"messageId": "ATX2"}]}}',
         SendOutcome("sent", gateway_message_id="ATX2")),
        (_reply({"statusCode": 100}), SendOutcome("sent")),
        (_reply({"statusCode": 406, "status": "UserInBlacklist", "messageId": "None"}),
         SendOutcome("failed", reason="UserInBlacklist")),
        (_reply({"statusCode": 999, "status": "Brand new"}),
         SendOutcome("retry", reason="statusCode 999")),
        (_reply(message="InvalidSenderId"),
         SendOutcome("retry", reason="no recipients: InvalidSenderId")),
        ("<html>Bad gateway</html>", SendOutcome("retry", reason="bad_reply")),
        ("", SendOutcome("retry", reason="bad_reply")),
        ({}, SendOutcome("retry", reason="bad_reply")),
        ({"SMSMessageData": None}, SendOutcome("retry", reason="bad_reply")),
        (_reply({"number": PHONE}), SendOutcome("retry", reason="bad_reply")),
        (_reply({"statusCode": "abc"}), SendOutcome("retry", reason="bad_reply")),
    ],
)
def test_replies_map_to_outcomes(reply, expected):
    """Raw replies, parsed or not, map to one outcome; anything unreadable is retried."""
    assert outcome_from_reply(reply) == expected


def test_every_documented_status_code_is_in_the_table():
    """The table covers every per-recipient statusCode docs/domain.md §7.2 lists."""
    assert set(RECIPIENT_STATUSES) == {100, 101, 102, 401, 402, 403, 404, 405, 406, 407,
                                       500, 501, 502}


def test_configuration_builds_the_gateway(fake_at):
    """make_gateway reads username, key, sender id and base URL from the configuration."""
    gateway = make_gateway({"SMS_GATEWAY": "africastalking", "AT_USERNAME": "sandbox",
                            "AT_API_KEY": "key-xyz", "AT_SENDER_ID": "",
                            "AT_BASE_URL": fake_at.url + "/"})

    assert gateway.name == "africastalking"
    assert gateway.send(PHONE, "halo").result == "sent"
    assert fake_at.accepted[0].sender_id is None
    assert fake_at.api_keys == {"key-xyz"}
