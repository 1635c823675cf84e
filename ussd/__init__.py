"""The USSD channel: the gateway's callbacks, the journey as data, and its engine."""

from flask import Blueprint, Flask

from core.sessions.store import open_session_store
from layanan.callbacks import require_callback_token
from ussd.gateways import gateway_module

bp = Blueprint("ussd", __name__, url_prefix="/ussd")
bp.before_request(require_callback_token)

from ussd import views  # noqa: E402,F401  (registers the routes on bp)


def init_app(app: Flask) -> None:
    """Register the callbacks on the gateways' app, with the gateway and session store named."""
    app.extensions["ussd.gateway"] = gateway_module(app.config["USSD_GATEWAY"])
    app.extensions["ussd.sessions"] = open_session_store(
        app.config["USSD_SESSION_STORE"], key_prefix=app.config["USSD_REDIS_PREFIX"],
        driver_sql=app.config["USSD_DRIVER_SQL"])
    app.register_blueprint(bp)
