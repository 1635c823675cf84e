"""The console gateway: for the demo and development, it sends nothing and logs instead.

Messages stay readable in the outbox (and in the phone simulator), marked sent.
"""

import logging
import uuid

from core.messaging.outbox import SendOutcome

log = logging.getLogger(__name__)


class ConsoleGateway:
    """Marks every message sent and logs it."""

    name = "console"

    def send(self, phone: str, text: str) -> SendOutcome:
        """Log the message and report it sent, with a fresh message id."""
        log.info("SMS to %s: %s", phone, text)
        return SendOutcome("sent", gateway_message_id=f"console-{uuid.uuid4().hex}")
