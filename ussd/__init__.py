"""The USSD channel: Africa's Talking callbacks, the journey as data, and its engine."""

from flask import Blueprint

from web.gateway_auth import require_callback_token

bp = Blueprint("ussd", __name__, url_prefix="/ussd")
bp.before_request(require_callback_token)

from ussd import views  # noqa: E402,F401  (registers the routes on bp)
