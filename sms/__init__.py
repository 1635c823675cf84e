"""The SMS channel: keyword commands, reply surveys, gateways and the outbox worker."""

from flask import Blueprint, Flask

from layanan.callbacks import require_callback_token
from sms.gateways import gateway_module

bp = Blueprint("sms", __name__, url_prefix="/sms")
bp.before_request(require_callback_token)

# Imported last, so that the modules find bp and register their routes on it.
from sms import delivery, inbound  # noqa: E402,F401


def init_app(app: Flask) -> None:
    """Register the callbacks on the gateways' app, decoded by the gateway the settings name."""
    app.extensions["sms.gateway"] = gateway_module(app.config["SMS_GATEWAY"])
    app.register_blueprint(bp)
