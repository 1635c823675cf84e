"""SMS gateways, one module each, so that adding one is adding a module and a line to GATEWAYS.

A gateway module decodes the gateway's callbacks into channel-neutral values
and sends through the gateway:

- `decode_inbound(form)`: the message, as core.messaging.inbox.receive_sms takes it;
- `decode_delivery_report(form)`: the report, as record_delivery_report takes it
  (its `status` None for a word the gateway's table does not know);
- `decode_opt_out(form)`: the phone number that opted out;
- `check_settings(config)`: refuse to start on settings it cannot work with;
- `make_gateway(config)`: its Gateway, which never raises for a failed send:
  it says whether to retry.
"""

from importlib import import_module
from types import ModuleType
from typing import Protocol

from core.messaging.outbox import SendOutcome

# LAYANAN_SMS_GATEWAY -> the module of that gateway, imported when the setting names it.
GATEWAYS = {
    "console": "sms.gateways.console",
    "africastalking": "sms.gateways.africastalking",
}


class Gateway(Protocol):
    """What the outbox worker needs from a gateway."""

    name: str
    # True only for a gateway that sends nothing (the console): the outbox row is
    # then the phone's only inbox, so a sign-in code's text is kept for the
    # demo phone simulator instead of being forgotten once sent.
    simulated: bool

    def send(self, phone: str, text: str) -> SendOutcome:
        """Hand one message to the gateway and say what happened."""


def gateway_module(name: str) -> ModuleType:
    """The module of the gateway a setting names."""
    if name not in GATEWAYS:
        raise RuntimeError(
            f"Unknown LAYANAN_SMS_GATEWAY {name!r}: use {' or '.join(GATEWAYS)}.")
    return import_module(GATEWAYS[name])


def make_gateway(config: dict) -> Gateway:
    """The gateway the configuration names."""
    return gateway_module(config["SMS_GATEWAY"]).make_gateway(config)
