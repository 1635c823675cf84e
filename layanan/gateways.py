"""The gateways' callbacks (/ussd, /sms) as a WSGI app of their own, beside the web app.

A gateway is a machine posting forms and reading plain text. It carries no
cookies, cannot hold a CSRF token, is one address for every citizen (so a
per-address rate limit would count them all together; the outbox limits SMS
per phone) and gets replies too short to compress. So its callbacks go to a
Flask app without sessions, CSRF, rate limits, compression, sign-in or static
files: all machinery the USSD hop, the busiest request there is, would
otherwise pay for on every hop (bench/ussd_load.sh). Both apps share one
configuration and one database engine.
"""

import logging

from flask import Flask, request
from flask.sessions import SessionInterface

import sms
import ussd
from layanan import database, logs, metrics
from layanan.outages import answer_outages

log = logging.getLogger(__name__)
# Where each channel's callbacks are mounted (the demo's phone simulator calls USSD's).
USSD_PREFIX, SMS_PREFIX = ussd.bp.url_prefix, sms.bp.url_prefix
PREFIXES = (USSD_PREFIX, SMS_PREFIX)
# A callback's whole body is a short form: a 5,000-character USSD text, every
# character percent-encoded at up to 12 bytes, still fits well within it.
MAX_BODY = 128 * 1024


class NoCookieSessions(SessionInterface):
    """No cookie session at all: with the secret key set, Flask would otherwise
    build a signer and look for a cookie on every hop."""

    def open_session(self, app, request):
        """None: Flask then uses its null session, which stores nothing."""
        return None

    def save_session(self, app, session, response):
        """Nothing to save."""


def create_gateway_app(main: Flask) -> Flask:
    """The callbacks' app, on the main app's settings and database engine."""
    app = Flask(__name__, instance_path=main.instance_path, static_folder=None)
    app.config.update(main.config, MAX_CONTENT_LENGTH=MAX_BODY)
    app.session_interface = NoCookieSessions()
    database.share(main, app)
    ussd.init_app(app)
    sms.init_app(app)
    logs.init_app(app)
    metrics.init_app(app)
    answer_outages(app, ask_to_post_again)
    return app


def ask_to_post_again(error: Exception):
    """A callback an outage kept from being stored: 503, so the gateway posts it again."""
    log.warning("%s not stored, a store is unavailable (%s)", request.path, type(error).__name__)
    return "RETRY", 503, {"Content-Type": "text/plain"}


def is_gateway_path(path: str) -> bool:
    """Whether a request path is one of the gateways' callbacks."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in PREFIXES)


class GatewayDispatch:
    """WSGI middleware: gateway callbacks to the gateways' app, everything else to the web app."""

    def __init__(self, web_app, gateway_app: Flask):
        self.web_app = web_app
        self.gateway_app = gateway_app

    def __call__(self, environ, start_response):
        """Route one request by its path."""
        if is_gateway_path(environ.get("PATH_INFO", "")):
            return self.gateway_app.wsgi_app(environ, start_response)
        return self.web_app(environ, start_response)
