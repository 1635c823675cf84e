"""The SMS gateways' table: each module decodes its callbacks into what core services take."""

import inspect

import pytest

from core.messaging.inbox import receive_sms
from core.messaging.outbox import record_delivery_report
from layanan.config import check_config, load_config
from layanan.factory import create_app
from sms.gateways import GATEWAYS, gateway_module
from sms.gateways.africastalking import (
    decode_delivery_report,
    decode_inbound,
    decode_opt_out,
)

INBOUND = {"from": "+6281234567890", "to": "1708", "text": "CEK 123", "date": "2026-11-28",
           "id": " ATXid_1 ", "linkId": "SampleLinkId123", "networkCode": "51010"}


@pytest.mark.parametrize(("form", "expected"), [
    (INBOUND, {"gateway": "africastalking", "gateway_message_id": "ATXid_1",
               "phone": "+6281234567890", "text": "CEK 123", "to": "1708",
               "link_id": "SampleLinkId123", "network_code": "51010"}),
    ({"from": "0812", "text": " halo "},
     {"gateway": "africastalking", "gateway_message_id": "", "phone": "0812", "text": " halo ",
      "to": "", "link_id": None, "network_code": None}),
])
def test_inbound_sms_decodes(form, expected):
    """Fields are renamed; ids trimmed, the text kept as typed, empty optional fields None."""
    assert decode_inbound(form) == expected


@pytest.mark.parametrize(("form", "expected"), [
    ({"id": "ATXid_1", "status": "Success"},
     {"gateway_message_id": "ATXid_1", "status": "delivered", "delivery_status": "Success",
      "reason": None}),
    ({"id": "ATXid_1", "status": " Rejected ", "failureReason": "UserInBlackList"},
     {"gateway_message_id": "ATXid_1", "status": "failed", "delivery_status": "Rejected",
      "reason": "UserInBlackList"}),
    ({"id": "x" * 90, "status": "Exploded", "failureReason": "y" * 90},
     {"gateway_message_id": "x" * 80, "status": None, "delivery_status": "Exploded",
      "reason": "y" * 80}),
])
def test_delivery_report_decodes(form, expected):
    """The word maps through the table (None when unknown) and is kept as received."""
    assert decode_delivery_report(form) == expected


def test_opt_out_decodes_to_the_phone():
    """The opt-out callback names the subscriber's number."""
    assert decode_opt_out({"senderId": "PEMKAB", "phoneNumber": "+6281234567890"}) == (
        "+6281234567890")


@pytest.mark.parametrize("name", sorted(GATEWAYS))
def test_every_gateway_decodes_into_the_services_arguments(name):
    """What a gateway decodes, receive_sms and record_delivery_report take by name."""
    module = gateway_module(name)
    assert set(module.decode_inbound({})) <= set(inspect.signature(receive_sms).parameters)
    assert set(module.decode_delivery_report({})) == (
        set(inspect.signature(record_delivery_report).parameters) - {"session"})
    assert module.decode_opt_out({"phoneNumber": "+62812"}) == "+62812"


@pytest.mark.parametrize("name", sorted(GATEWAYS))
def test_every_gateway_builds_its_sender(name):
    """The factory gives a sender named after its table entry."""
    config = load_config("/nonexistent", {"SMS_GATEWAY": name, "AT_API_KEY": "key"})
    assert gateway_module(name).make_gateway(config).name == name


def test_the_configuration_check_reads_the_table():
    """An unknown name is refused with the table's names; a gateway checks its own settings."""
    config = load_config("/nonexistent", {"TESTING": True})
    with pytest.raises(RuntimeError, match="LAYANAN_SMS_GATEWAY must be 'console' or "
                                           "'africastalking'"):
        check_config(config | {"SMS_GATEWAY": "kannel"})
    with pytest.raises(RuntimeError, match="LAYANAN_USSD_GATEWAY must be 'africastalking'"):
        check_config(config | {"USSD_GATEWAY": "kannel"})
    with pytest.raises(RuntimeError, match="LAYANAN_AT_API_KEY"):
        check_config(config | {"SMS_GATEWAY": "africastalking", "AT_API_KEY": ""})
    check_config(config | {"SMS_GATEWAY": "africastalking", "AT_API_KEY": "key"})


def test_the_callbacks_use_the_configured_gateway(database_url):
    """The gateways' app decodes with the module the settings name."""
    app = create_app({"TESTING": True, "DATABASE_URL": database_url,
                      "SMS_GATEWAY": "africastalking", "AT_API_KEY": "key"})
    gateways = app.extensions["layanan.gateways"]
    assert gateways.extensions["sms.gateway"] is gateway_module("africastalking")
    assert gateways.extensions["ussd.gateway"].__name__ == "ussd.gateways.africastalking"
