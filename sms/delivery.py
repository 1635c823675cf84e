"""Delivery reports and opt-outs from the gateway, decoded by the configured gateway module."""

import logging

from flask import current_app, request

from core.citizens.registry import set_citizen_opt_out
from core.errors import InvalidPhoneNumber
from core.messaging.outbox import record_delivery_report
from layanan.database import unit_of_work
from sms import bp

log = logging.getLogger(__name__)

PLAIN = {"Content-Type": "text/plain"}


@bp.post("/delivery")
def delivery_report():
    """Record a delivery report; unknown messages and words are logged and acknowledged."""
    report = current_app.extensions["sms.gateway"].decode_delivery_report(request.form)
    message_id = report["gateway_message_id"]
    if report["status"] is None or not message_id:
        log.warning("delivery report ignored: id=%r status=%r", message_id,
                    report["delivery_status"])
        return "OK", 200, PLAIN
    # An outage raises on: the gateways' app answers 503 (layanan/gateways.py).
    with unit_of_work() as session:
        found = record_delivery_report(session, **report)
    if found is None:
        log.warning("delivery report for unknown message %r", message_id)
    return "OK", 200, PLAIN


@bp.post("/optout")
def opt_out():
    """The operator tells us the subscriber opted out of our sender id."""
    try:
        with unit_of_work() as session:
            set_citizen_opt_out(
                session, opted_out=True,
                phone=current_app.extensions["sms.gateway"].decode_opt_out(request.form))
    except InvalidPhoneNumber:
        log.warning("opt-out for an invalid number ignored")
    return "OK", 200, PLAIN
