"""SMS gateways behind one small interface, so an Indonesian aggregator or SMPP can replace one.

A gateway has a `name` and `send(phone, text) -> SendOutcome`; it never raises
for a failed send: it says whether to retry.
"""

from typing import Protocol

from core.messaging.outbox import SendOutcome


class Gateway(Protocol):
    """What the outbox worker needs from a gateway."""

    name: str

    def send(self, phone: str, text: str) -> SendOutcome:
        """Hand one message to the gateway and say what happened."""


def make_gateway(config: dict) -> Gateway:
    """The gateway the configuration names."""
    name = config["SMS_GATEWAY"]
    if name == "console":
        from sms.gateways.console import ConsoleGateway

        return ConsoleGateway()
    if name == "africastalking":
        from sms.gateways.africastalking import AfricasTalkingGateway

        return AfricasTalkingGateway(
            username=config["AT_USERNAME"], api_key=config["AT_API_KEY"],
            sender_id=config["AT_SENDER_ID"] or None, base_url=config["AT_BASE_URL"] or None,
        )
    raise RuntimeError(f"Unknown LAYANAN_SMS_GATEWAY {name!r}: use console or africastalking.")
