"""Delivery reports and opt-outs from the gateway, and the one table of its status words."""

import logging

from flask import request

from core.citizens.registry import set_citizen_opt_out
from core.errors import InvalidPhoneNumber
from core.messaging.outbox import record_delivery_report
from layanan.database import db_session
from sms import bp

log = logging.getLogger(__name__)

# Africa's Talking delivery status word -> our outbox status. Intermediate
# words keep the message "sent"; final ones settle it.
DELIVERY_STATUSES = {
    "Sent": "sent",
    "Submitted": "sent",
    "Buffered": "sent",
    "Success": "delivered",
    "Rejected": "failed",
    "Failed": "failed",
}


@bp.post("/delivery")
def delivery_report():
    """Record a delivery report; unknown messages and words are logged and acknowledged."""
    word = request.form.get("status", "").strip()
    message_id = request.form.get("id", "").strip()[:80]
    status = DELIVERY_STATUSES.get(word)
    if status is None or not message_id:
        log.warning("delivery report ignored: id=%r status=%r", message_id, word)
        return "OK", 200, {"Content-Type": "text/plain"}
    found = record_delivery_report(
        db_session(), gateway_message_id=message_id, status=status, delivery_status=word,
        reason=request.form.get("failureReason", "").strip()[:80] or None,
    )
    if found is None:
        log.warning("delivery report for unknown message %r", message_id)
    return "OK", 200, {"Content-Type": "text/plain"}


@bp.post("/optout")
def opt_out():
    """The operator tells us the subscriber opted out of our sender id."""
    try:
        set_citizen_opt_out(db_session(), phone=request.form.get("phoneNumber", ""),
                            opted_out=True)
    except InvalidPhoneNumber:
        log.warning("opt-out for an invalid number ignored")
    return "OK", 200, {"Content-Type": "text/plain"}
