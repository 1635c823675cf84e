"""The outbox: messages are queued in the caller's transaction and sent later.

Queuing never commits: the row lands together with the event that caused it,
or not at all.
"""

from sqlalchemy.orm import Session

from core.gsm import to_gsm
from core.models import Citizen, OutboundMessage
from core.models.outbox import ESSENTIAL_PURPOSES


def queue_message(
    session: Session,
    *,
    citizen: Citizen,
    text: str,
    purpose: str,
    ticket_id: int | None = None,
) -> OutboundMessage:
    """Add an SMS for the citizen; non-essential ones to opted-out citizens are suppressed."""
    suppressed = citizen.opted_out and purpose not in ESSENTIAL_PURPOSES
    message = OutboundMessage(
        phone=citizen.phone,
        citizen_id=citizen.id,
        ticket_id=ticket_id,
        language=citizen.language,
        text=to_gsm(text),
        purpose=purpose,
        status="suppressed" if suppressed else "queued",
    )
    session.add(message)
    return message
