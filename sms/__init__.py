"""The SMS channel: keyword commands, reply surveys, gateways and the outbox worker."""

from flask import Blueprint

bp = Blueprint("sms", __name__, url_prefix="/sms")
