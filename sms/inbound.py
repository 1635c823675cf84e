"""POST /sms/inbound: an SMS from Africa's Talking, stored once; the reply goes via the outbox."""

import logging

from flask import request

from core.errors import InvalidPhoneNumber
from core.messaging.inbox import receive_sms
from layanan.database import db_session
from sms import bp
from sms.commands import apologise, handle_message

log = logging.getLogger(__name__)

GATEWAY = "africastalking"
# The gateway only needs to see 200 to stop retrying; the body is not read.
OK = ("OK", 200, {"Content-Type": "text/plain; charset=utf-8"})
# Nothing could be stored: a 503 makes the gateway deliver the SMS again later.
RETRY = ("RETRY", 503, {"Content-Type": "text/plain; charset=utf-8"})


def decode_africastalking(form) -> dict:
    """The channel-neutral message in an Africa's Talking SMS callback's form fields."""
    return {
        "gateway": GATEWAY,
        "gateway_message_id": form.get("id", "").strip(),
        "phone": form.get("from", ""),
        "text": form.get("text", ""),
        "to": form.get("to", "").strip(),
        "link_id": form.get("linkId", "").strip() or None,
        "network_code": form.get("networkCode", "").strip() or None,
    }


@bp.post("/inbound")
def inbound():
    """Store an SMS once, run its command and queue the reply; answer 200 once stored."""
    message = decode_africastalking(request.form)
    if not message["gateway_message_id"]:
        log.warning("inbound SMS without an id ignored")
        return OK
    try:
        receive_sms(db_session(), handle=handle_message, **message)
    except InvalidPhoneNumber:
        # Retrying cannot make the sender valid: acknowledge and drop it.
        log.warning("inbound SMS %r from an invalid number ignored", message["gateway_message_id"])
    except Exception:
        log.exception("inbound SMS %r failed in its handler", message["gateway_message_id"])
        return _store_with_apology(message)
    return OK


def _store_with_apology(message: dict):
    """Keep a message whose handler failed, so a retry does not fail again; say sorry."""
    try:
        receive_sms(db_session(), handle=apologise, **message)
    except Exception:
        log.exception("inbound SMS %r could not be stored", message["gateway_message_id"])
        return RETRY
    return OK
