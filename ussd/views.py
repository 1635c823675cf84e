"""The gateway's callbacks: parse the form, call the engine or a core service, reply in plain text.

Whatever arrives (missing fields, a 5,000-character text, odd characters)
gets a valid "CON "/"END " reply: an HTTP error would drop the citizen's
session. Only a wrong callback token is refused (403, in layanan/callbacks.py).
"""

import logging
from urllib.parse import parse_qsl

from flask import current_app, request

from core.i18n import DEFAULT_LANGUAGE, N_, translate
from layanan.database import db_session
from ussd import bp
from ussd.engine import answer_hop
from ussd.render import Reply, render_reply

log = logging.getLogger(__name__)

TROUBLE = N_("Maaf, terjadi gangguan. Silakan coba lagi.")
PLAIN_TEXT = {"Content-Type": "text/plain; charset=utf-8"}


def _gateway_form():
    """The callback's fields, from the urlencoded body the gateway posts (DOMAIN.md §5).

    Parsed straight from the body: Werkzeug's general form parser (a stream
    wrapper, multipart support, a MultiDict) cost as much as a menu hop's own
    work. The body's size is capped by the gateways' app (layanan/gateways.py);
    undecodable bytes become U+FFFD, as with request.form.
    """
    if request.mimetype != "application/x-www-form-urlencoded":
        return request.form
    return dict(parse_qsl(request.get_data(as_text=True), keep_blank_values=True))


def _field(form, name: str, limit: int | None = None) -> str:
    """A form field as text, without NUL (PostgreSQL refuses it), optionally cut."""
    value = form.get(name, "").replace("\x00", "")
    return value[:limit] if limit else value


def _number(form, name: str) -> int | None:
    value = _field(form, name, 20).strip()
    return int(value) if value.isascii() and value.isdigit() else None


@bp.post("")
def callback():
    """One hop of a USSD session, answered with the next screen."""
    form = _gateway_form()
    session_id = _field(form, "sessionId").strip()
    try:
        reply = answer_hop(
            db_session(), session_id=session_id if len(session_id) <= 100 else "",
            phone=_field(form, "phoneNumber", 40), text=_field(form, "text"),
            ussd_code=current_app.config["USSD_CODE"],
            service_code=_field(form, "serviceCode", 40),
            network_code=_field(form, "networkCode", 12),
            catalogue_cache=current_app.extensions.setdefault("ussd.catalogue", {}),
            store=current_app.extensions["ussd.sessions"],
        )
    except Exception:
        # Never a 500 to the gateway: the citizen gets a sentence, we get the trace.
        # The request's session is rolled back when it closes.
        log.exception("USSD hop failed for session %r", session_id[:100])
        reply = Reply(translate(DEFAULT_LANGUAGE, TROUBLE), end=True)
    return render_reply(reply), 200, PLAIN_TEXT


@bp.post("/events")
def events():
    """The gateway's end-of-session notification, stored with the session."""
    form = _gateway_form()
    session_id = _field(form, "sessionId", 100).strip()
    if not session_id:
        log.warning("USSD event without sessionId ignored")
        return "OK", 200, PLAIN_TEXT
    current_app.extensions["ussd.sessions"].record_event(
        db_session(), session_id=session_id, status=_field(form, "status", 12).strip(),
        phone=_field(form, "phoneNumber", 40), input_text=_field(form, "input", 2000),
        duration_ms=_number(form, "durationInMillis"), hops_count=_number(form, "hopsCount"),
        error_message=_field(form, "errorMessage", 200), cost=_field(form, "cost", 40),
        date=_field(form, "date", 40),
    )
    return "OK", 200, PLAIN_TEXT
