"""The gateway's callbacks: decode the form, call the engine or a core service, reply in text.

Whatever arrives (missing fields, a 5,000-character text, odd characters)
gets a valid "CON "/"END " reply: an HTTP error would drop the citizen's
session; so does a database or session store that is down (the polite END).
Only a wrong callback token is refused (403, in layanan/callbacks.py), and an
end-of-session report that cannot be stored (503: the gateway may send it again).
"""

import logging
from urllib.parse import parse_qsl

from flask import current_app, request

from core.i18n import DEFAULT_LANGUAGE, N_, translate
from layanan.database import unit_of_work
from layanan.outages import is_outage
from ussd import bp
from ussd.engine import HopFailed, answer_hop
from ussd.render import Reply, render_reply

log = logging.getLogger(__name__)

TROUBLE = N_("Maaf, terjadi gangguan. Silakan coba lagi.")
PLAIN_TEXT = {"Content-Type": "text/plain; charset=utf-8"}


def _gateway_form():
    """The callback's fields, from the urlencoded body the gateway posts (docs/domain.md §6.1).

    Parsed straight from the body: Werkzeug's general form parser (a stream
    wrapper, multipart support, a MultiDict) cost as much as a menu hop's own
    work. The body's size is capped by the gateways' app (layanan/gateways.py);
    undecodable bytes become U+FFFD, as with request.form.
    """
    if request.mimetype != "application/x-www-form-urlencoded":
        return request.form
    return dict(parse_qsl(request.get_data(as_text=True), keep_blank_values=True))


@bp.post("")
def callback():
    """One hop of a USSD session, answered with the next screen."""
    hop = current_app.extensions["ussd.gateway"].decode_hop(_gateway_form())
    try:
        with unit_of_work() as session:
            reply = answer_hop(
                session, **hop, ussd_code=current_app.config["USSD_CODE"],
                catalogue_cache=current_app.extensions.setdefault(
                    "ussd.catalogue", {"seconds": current_app.config["USSD_CATALOGUE_SECONDS"]}),
                store=current_app.extensions["ussd.sessions"],
            )
    except Exception as error:
        # Never a 500 to the gateway: the citizen gets a sentence, we get the log.
        # The hop's unit of work was rolled back: nothing of it is kept.
        reply = _trouble(error, hop["session_id"])
    return render_reply(reply), 200, PLAIN_TEXT


def _trouble(error: Exception, session_id: str) -> Reply:
    """The apology that ends a failed hop, in the citizen's language when the hop knew it.

    An outage (the database or the session store away) is one line in the
    log, not a trace per hop: during a restart every hop fails alike.
    """
    cause = error.__cause__ if isinstance(error, HopFailed) else error
    language = error.language if isinstance(error, HopFailed) else DEFAULT_LANGUAGE
    if is_outage(cause):
        log.warning("USSD hop failed for session %r: a store is unavailable (%s.%s)",
                    session_id, type(cause).__module__, type(cause).__name__)
    else:
        log.error("USSD hop failed for session %r", session_id, exc_info=cause)
    return Reply(translate(language, TROUBLE), end=True)


@bp.post("/events")
def events():
    """The gateway's end-of-session notification, stored with the session."""
    end = current_app.extensions["ussd.gateway"].decode_session_end(_gateway_form())
    if not end["session_id"]:
        log.warning("USSD event without a session id ignored")
        return "OK", 200, PLAIN_TEXT
    # An outage raises on: the gateways' app answers 503 (layanan/gateways.py).
    with unit_of_work() as session:
        current_app.extensions["ussd.sessions"].record_event(session, **end)
    return "OK", 200, PLAIN_TEXT
