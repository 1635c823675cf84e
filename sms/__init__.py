"""The SMS channel: keyword commands, reply surveys, gateways and the outbox worker."""

from flask import Blueprint

from layanan.callbacks import require_callback_token

bp = Blueprint("sms", __name__, url_prefix="/sms")
bp.before_request(require_callback_token)

# Imported last, so that the modules find bp and register their routes on it.
from sms import delivery, inbound  # noqa: E402,F401
