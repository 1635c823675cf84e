"""The demo phone simulator: a feature-phone page, and the messages sent to a number."""

from urllib.parse import urlencode

from flask import Blueprint, current_app, jsonify, render_template, request

from core.demo.loader import DEMO_PHONES
from core.errors import InvalidPhoneNumber
from core.messaging.outbox import list_phone_messages
from layanan.database import db_session
from layanan.gateways import USSD_PREFIX

bp = Blueprint("simulator", __name__, url_prefix="/simulator")


@bp.get("")
def phone():
    """Dial the short code, answer each screen, and watch the SMS inbox of the number."""
    # The page calls the callbacks as the gateway would, so it carries the
    # gateway's token; this blueprint exists only in demo mode.
    # The callbacks belong to the gateways' app (layanan/gateways.py), hence plain paths.
    token = current_app.config["CALLBACK_TOKEN"]
    query = f"?{urlencode({'token': token})}" if token else ""
    return render_template(
        "simulator.html", phones=DEMO_PHONES,
        ussd_url=f"{USSD_PREFIX}{query}", events_url=f"{USSD_PREFIX}/events{query}",
    )


@bp.get("/api/messages")
def messages():
    """The messages for ?phone=, queued or sent, oldest first."""
    try:
        found = list_phone_messages(db_session(), phone=request.args.get("phone", ""))
    except InvalidPhoneNumber:
        return jsonify(error="invalid phone"), 400
    return jsonify([
        {"to": m.phone, "text": m.text, "status": m.status,
         "created_at": m.created_at.isoformat()}
        for m in found
    ])
