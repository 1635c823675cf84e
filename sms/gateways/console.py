"""The console gateway: for the demo and development, it sends nothing and logs instead.

Messages stay readable in the outbox (and in the phone simulator), marked sent,
sign-in codes included: another gateway's codes are forgotten once sent.
It has no callbacks of its own: the demo, a developer's curl and the tests
post Africa's Talking's forms, so it decodes them with that gateway's functions.
"""

import logging
import uuid

from core.messaging.outbox import SendOutcome
from sms.gateways.africastalking import (  # noqa: F401  (this gateway's callbacks)
    decode_delivery_report,
    decode_inbound,
    decode_opt_out,
)

log = logging.getLogger(__name__)


def check_settings(config: dict) -> None:
    """Nothing to check: the console needs no settings."""


def make_gateway(config: dict) -> "ConsoleGateway":
    """The console gateway (it takes no settings)."""
    return ConsoleGateway()


class ConsoleGateway:
    """Marks every message sent and logs it."""

    name = "console"
    # The demo phone simulator reads sign-in codes from the outbox (sms/gateways/__init__.py).
    simulated = True

    def send(self, phone: str, text: str) -> SendOutcome:
        """Log the message and report it sent, with a fresh message id."""
        log.info("SMS to %s: %s", phone, text)
        return SendOutcome("sent", gateway_message_id=f"console-{uuid.uuid4().hex}")
