"""The USSD channel for feature phones: the journey as data, replayed on every hop."""

from flask import Blueprint

bp = Blueprint("ussd", __name__, url_prefix="/ussd")
