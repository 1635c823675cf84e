"""Logs: one JSON line per request with its id, the jobs' extras, and no phone number in clear."""

import json
import logging

import pytest

from layanan.logs import JsonFormatter, MaskPhones, TextFormatter, mask_phones


@pytest.mark.parametrize(("text", "masked"), [
    ("+6281234500001", "+62812****001"),
    ("kirim ke +6281234567890.", "kirim ke +62812****890."),
    ("6281234500001", "62812****001"),
    ("081234500001", "0812****001"),
    ("phone=%2B6281234567890&x=1", "phone=%2B62812****890&x=1"),
    ("+62328123456", "+62328****456"),  # a landline in Sumenep
    ("tiket 081234567", "tiket 081234567"),  # nine digits: a ticket number, not a phone
    ("id 9081234567890", "id 9081234567890"),  # inside a longer number
    ("+62812", "+62812"),
    ("two: 081111111111 and +6282222222222", "two: 0811****111 and +62822****222"),
])
def test_mask_phones(text, masked):
    """Every form an Indonesian number travels in keeps its operator and last three digits."""
    assert mask_phones(text) == masked


def _record(message, *args, **extra):
    record = logging.LogRecord("layanan.test", logging.INFO, __file__, 1, message, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    MaskPhones().filter(record)
    return record


def test_the_filter_masks_the_message_its_arguments_and_string_extras():
    """Whatever carries the number (format arguments, extras), the line shows it masked."""
    record = _record("SMS to %s failed", "+6281234500001", phone="081234500002", attempts=3)
    assert record.getMessage() == "SMS to +62812****001 failed"
    assert (record.phone, record.attempts) == ("0812****002", 3)


def test_json_lines_carry_the_extras_a_duty_logs():
    """The duty runner's fields (layanan.duties) become fields of the JSON line."""
    record = _record("duty ran", duty="retention", outcome="ok", result="12 rows",
                     duration_ms=40)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "duty ran" and line["level"] == "INFO"
    assert (line["duty"], line["outcome"], line["result"], line["duration_ms"]) == (
        "retention", "ok", "12 rows", 40)
    assert line["time"].endswith("Z")


def test_text_lines_are_plain_with_the_extras():
    """LOG_FORMAT=text: one readable line, extras as key=value."""
    line = TextFormatter().format(_record("duty ran", duty="retention", outcome="ok"))
    assert line.endswith("INFO layanan.test: duty ran duty=retention outcome=ok")


def test_one_json_line_per_request_with_its_id_echoed(client, log_lines):
    """A sane X-Request-ID is kept and sent back; the line has the route, status and time."""
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.01_x"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.01_x"
    lines = [json.loads(line) for line in log_lines()]
    assert len(lines) == 1
    line = lines[0]
    assert (line["request_id"], line["method"], line["route"], line["path"], line["status"]) == (
        "lb-7f3a.01_x", "GET", "/healthz", "/healthz", 200)
    assert line["logger"] == "layanan.requests" and line["duration_ms"] >= 0
    assert line["remote_addr"] == "127.0.0.1"


@pytest.mark.parametrize("given", [None, "", "x" * 65, "bad id", "id\"forged", "é"])
def test_an_odd_request_id_is_replaced(client, given, log_lines):
    """Missing, too long or with odd characters: the request gets a fresh id of its own."""
    headers = {"X-Request-ID": given} if given is not None else {}
    response = client.get("/healthz", headers=headers)
    made = response.headers["X-Request-ID"]
    assert made != given and len(made) == 32 and made.isalnum()
    assert json.loads(log_lines()[-1])["request_id"] == made


def test_lines_logged_during_a_request_carry_its_id(app, client, log_lines):
    """A warning logged while the request is served has the request's id too."""
    @app.get("/__ops_test_warn")
    def warn():
        logging.getLogger("layanan.test").warning("something odd for %s", "+6281234500001")
        return "ok"

    client.get("/__ops_test_warn", headers={"X-Request-ID": "req-1"})
    warning, request_line = (json.loads(line) for line in log_lines())
    assert (warning["request_id"], request_line["request_id"]) == ("req-1", "req-1")
    assert warning["message"] == "something odd for +62812****001"


def test_no_phone_number_in_clear_in_the_log_of_a_hop_or_an_sms(make_app, request):
    """The gateways' callbacks carry phone numbers; their log lines (and the token) do not."""
    client = make_app(CALLBACK_TOKEN="callback-secret").test_client()
    # Captured after the app is made: making one installs the handler afresh.
    log_lines = request.getfixturevalue("log_lines")
    token = {"token": "callback-secret"}
    hop = {"sessionId": "ATUid_logs", "serviceCode": "*123#", "phoneNumber": "+6281234500009",
           "networkCode": "99999", "text": ""}
    assert client.post("/ussd", query_string=token, data=hop).status_code == 200
    assert client.post("/ussd", query_string=token, data=hop | {"text": "9*x"}).status_code == 200
    sms = {"from": "081234567891", "to": "1708", "text": "BANTUAN +6281234500008",
           "id": "logs-1", "date": "2026-11-28"}
    assert client.post("/sms/inbound", query_string=token, data=sms).status_code == 200
    logs = "\n".join(log_lines())
    lines = [json.loads(line) for line in log_lines()]
    assert {line["route"] for line in lines if "route" in line} >= {"/ussd", "/sms/inbound"}
    for number in ("1234500009", "1234567891", "1234500008", "callback-secret"):
        assert number not in logs
    assert "token=[redacted]" in logs
