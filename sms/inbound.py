"""POST /sms/inbound: an SMS from the gateway, stored once; the reply goes via the outbox."""

import logging

from flask import current_app, request

from core.errors import InvalidPhoneNumber
from core.messaging.inbox import receive_sms
from layanan.database import unit_of_work
from layanan.outages import is_outage
from sms import bp
from sms.commands import apologise, handle_message

log = logging.getLogger(__name__)

# The gateway only needs to see 200 to stop retrying; the body is not read.
OK = ("OK", 200, {"Content-Type": "text/plain; charset=utf-8"})
# Nothing could be stored: a 503 makes the gateway deliver the SMS again later.
RETRY = ("RETRY", 503, {"Content-Type": "text/plain; charset=utf-8"})


@bp.post("/inbound")
def inbound():
    """Store an SMS once, run its command and queue the reply; answer 200 once stored."""
    message = current_app.extensions["sms.gateway"].decode_inbound(request.form)
    if not message["gateway_message_id"]:
        log.warning("inbound SMS without an id ignored")
        return OK
    try:
        with unit_of_work() as session:
            receive_sms(session, handle=handle_message, **message)
    except InvalidPhoneNumber:
        # Retrying cannot make the sender valid: acknowledge and drop it.
        log.warning("inbound SMS %r from an invalid number ignored", message["gateway_message_id"])
    except Exception as error:
        if is_outage(error):
            # The database is away: nothing was stored, and the gateways' app
            # answers 503 so the gateway posts the SMS again. Apologising
            # instead would answer 200 for a command never run (a complaint lost).
            raise
        log.exception("inbound SMS %r failed in its handler", message["gateway_message_id"])
        return _store_with_apology(message)
    return OK


def _store_with_apology(message: dict):
    """Keep a message whose handler failed, so a retry does not fail again; say sorry.

    The failed attempt was rolled back whole; the message is stored again,
    with the apology, in a unit of work of its own.
    """
    try:
        with unit_of_work() as session:
            receive_sms(session, handle=apologise, **message)
    except Exception:
        log.exception("inbound SMS %r could not be stored", message["gateway_message_id"])
        return RETRY
    return OK
