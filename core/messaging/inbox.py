"""Inbound SMS: stored once per gateway message id, handled, and answered through the outbox."""

from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.citizens.registry import citizen_for_phone
from core.messaging.outbox import queue_message
from core.models import Citizen, InboundMessage
from core.phones import normalise_phone

# Concatenated SMS never come near this; it bounds what a forged callback can store.
MAX_TEXT = 10_000


class Handled(NamedTuple):
    """What a handler did (stored as the message's outcome) and the reply to queue, if any."""

    outcome: str
    reply: str | None


Handler = Callable[[Session, InboundMessage, Citizen], Handled]


def receive_sms(
    session: Session,
    *,
    gateway: str,
    gateway_message_id: str,
    phone: str,
    text: str,
    to: str = "",
    link_id: str | None = None,
    network_code: str | None = None,
    handle: Handler,
) -> InboundMessage | None:
    """Store an SMS, run its handler and queue the reply; None for a replay.

    All of it joins the caller's transaction, so the message, the handler's
    effect and the reply are committed together by the entry point, or not at all.
    """
    e164 = normalise_phone(phone)
    message = InboundMessage(
        gateway=gateway, gateway_message_id=_clip(gateway_message_id, 80), phone=e164,
        to=_clip(to, 32), text=_clip(text, MAX_TEXT), link_id=_clip(link_id, 80) or None,
        network_code=_clip(network_code, 12) or None,
    )
    if not _store_once(session, message):
        return None
    citizen = citizen_for_phone(session, e164)
    outcome, reply = handle(session, message, citizen)
    message.outcome = outcome[:20]
    if reply:
        queue_message(session, citizen=citizen, text=reply, purpose="reply")
    return message


def _store_once(session: Session, message: InboundMessage) -> bool:
    """Add the message; False when the gateway already delivered this id."""
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        # The gateway retries until it sees 200, for up to 12 hours.
        return False
    return True


def _clip(value: str | None, size: int) -> str:
    """A gateway value cut to its column; NUL, which PostgreSQL refuses in text, removed."""
    return (value or "").replace("\x00", "")[:size]

