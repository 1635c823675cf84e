"""Africa's Talking's USSD callbacks: raw forms in, the channel-neutral values out."""

import inspect

import pytest

from core.sessions.store import record_ussd_event
from ussd.engine import answer_hop
from ussd.gateways import GATEWAYS, gateway_module
from ussd.gateways.africastalking import SESSION_END_STATUSES, decode_hop, decode_session_end

HOP = {"sessionId": "ATUid_1", "serviceCode": "*123#", "phoneNumber": "+6281234500009",
       "networkCode": "51010", "text": "2*1"}
END = {"sessionId": "ATUid_1", "status": "Incomplete", "phoneNumber": "+6281234500009",
       "input": "2*1", "durationInMillis": "31000", "hopsCount": "3", "errorMessage": "Timeout",
       "cost": "IDR 50", "date": "2026-11-28 10:00:00"}


@pytest.mark.parametrize(("form", "expected"), [
    (HOP, {"session_id": "ATUid_1", "phone": "+6281234500009", "text": "2*1",
           "service_code": "*123#", "network_code": "51010"}),
    ({}, {"session_id": "", "phone": "", "text": "", "service_code": "", "network_code": ""}),
    (HOP | {"sessionId": "  ATUid_2 \n", "text": "Lampu\x00*mati"},
     {"session_id": "ATUid_2", "phone": "+6281234500009", "text": "Lampu*mati",
      "service_code": "*123#", "network_code": "51010"}),
    (HOP | {"sessionId": "x" * 101, "networkCode": "9" * 20, "phoneNumber": "0" * 50},
     {"session_id": "", "phone": "0" * 40, "text": "2*1", "service_code": "*123#",
      "network_code": "9" * 12}),
])
def test_hop_fields_decode(form, expected):
    """Fields are renamed, NUL dropped, cut to what the store keeps; an over-long id is none."""
    assert decode_hop(form) == expected


def test_a_long_text_is_kept_whole():
    """The engine, not the decoder, decides what a long text means."""
    assert decode_hop(HOP | {"text": "1*" * 2500})["text"] == "1*" * 2500


@pytest.mark.parametrize(("word", "dropped"), [
    ("Success", False), ("Incomplete", True), ("Failed", True), ("  Failed ", True),
    ("Whatever", False), ("", False),
])
def test_session_end_words_say_whether_the_citizen_left(word, dropped):
    """Incomplete and Failed drop the journey; Success and unknown words do not."""
    decoded = decode_session_end(END | {"status": word})
    assert (decoded["status"], decoded["dropped"]) == (word.strip(), dropped)


def test_session_end_report_decodes():
    """Every field of the notification lands under the store's name."""
    assert decode_session_end(END) == {
        "session_id": "ATUid_1", "status": "Incomplete", "dropped": True,
        "phone": "+6281234500009", "input_text": "2*1", "duration_ms": 31000, "hops_count": 3,
        "error_message": "Timeout", "cost": "IDR 50", "date": "2026-11-28 10:00:00"}


@pytest.mark.parametrize(("fields", "expected"), [
    ({"durationInMillis": "abc", "hopsCount": "-1"}, (None, None)),
    ({"durationInMillis": "٣٠", "hopsCount": " 7 "}, (None, 7)),
    ({}, (None, None)),
])
def test_numbers_that_are_not_numbers_are_none(fields, expected):
    """Only plain ASCII digits count as a duration or a hop count."""
    form = {key: value for key, value in END.items()
            if key not in ("durationInMillis", "hopsCount")} | fields
    decoded = decode_session_end(form)
    assert (decoded["duration_ms"], decoded["hops_count"]) == expected


def test_the_status_word_table_is_the_documented_one():
    """The three words the gateway sends at the end of a session, and nothing else."""
    assert SESSION_END_STATUSES == {"Success": False, "Incomplete": True, "Failed": True}


@pytest.mark.parametrize("name", sorted(GATEWAYS))
def test_every_gateway_decodes_into_the_services_arguments(name):
    """What a gateway decodes, the engine and the session store take by name."""
    module = gateway_module(name)
    hop_parameters = inspect.signature(answer_hop).parameters
    end_parameters = inspect.signature(record_ussd_event).parameters
    assert set(module.decode_hop({})) <= set(hop_parameters)
    assert set(module.decode_session_end({})) <= set(end_parameters)


def test_an_unknown_gateway_is_refused():
    """The setting must name a module of the table."""
    with pytest.raises(RuntimeError, match="LAYANAN_USSD_GATEWAY 'kannel'"):
        gateway_module("kannel")
