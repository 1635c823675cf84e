"""Notifications for a signed-in citizen: the VAPID public key, subscribe and unsubscribe.

web/static/push.js speaks to these with JSON and the CSRF token in a header;
every answer is JSON, errors included, with a message in the citizen's
language. The worker's side is core/messaging/push.py and sms/worker.py.
"""

from flask import Blueprint, current_app, jsonify, request, session
from flask_babel import gettext
from flask_wtf.csrf import CSRFError

from core.errors import DomainError
from core.i18n import N_
from core.messaging.push import (
    InvalidSubscription,
    count_push_sent,
    delete_subscription,
    save_subscription,
)
from layanan.database import db_session, unit_of_work
from layanan.errors import status_for
from web.errors import message_of
from web.extensions import limiter
from web.pwa.pages import SIGNED_IN, signed_in_phone

bp = Blueprint("push", __name__)

# Per address, for the three together: turning notifications on and off is a
# few requests a day; a script storing endpoints by the thousand is not.
PUSH_REQUESTS_PER_IP = "30 per 10 minutes"
push_limit = limiter.shared_limit(PUSH_REQUESTS_PER_IP, scope="push")
NOT_SIGNED_IN = N_("Masuk dulu dengan nomor HP Anda untuk menyalakan notifikasi.")


@bp.get("/notifikasi/kunci")
@push_limit
def public_key():
    """The VAPID public key browsers subscribe with (applicationServerKey); 404 when push is off."""
    key = current_app.config["VAPID_PUBLIC_KEY"]
    if not key:
        return _answer({"error": gettext("Notifikasi belum tersedia.")}, 404)
    return _answer({"publicKey": key})


@bp.post("/notifikasi/langganan")
@push_limit
def subscribe():
    """Store this browser's subscription (PushSubscription.toJSON()) for the signed-in citizen."""
    citizen_id = _signed_in_citizen()
    if citizen_id is None:
        return _answer({"error": gettext(NOT_SIGNED_IN)}, 401)
    body = _json_body()
    keys = body.get("keys") if isinstance(body.get("keys"), dict) else {}
    allow_loopback = current_app.testing or current_app.config["DEMO"]
    with unit_of_work() as db:
        save_subscription(db, citizen_id=citizen_id, endpoint=body.get("endpoint"),
                          p256dh=keys.get("p256dh"), auth=keys.get("auth"),
                          allow_loopback=allow_loopback)
    return _answer({"ok": True, "message": gettext("Notifikasi menyala.")}, 201)


@bp.post("/notifikasi/berhenti")
@push_limit
def unsubscribe():
    """Forget this browser's subscription; the citizen's news goes by SMS again."""
    citizen_id = _signed_in_citizen()
    if citizen_id is None:
        return _answer({"error": gettext(NOT_SIGNED_IN)}, 401)
    with unit_of_work() as db:
        delete_subscription(db, citizen_id=citizen_id, endpoint=_json_body().get("endpoint"))
    message = gettext("Notifikasi mati. Kabar tiket datang lewat SMS.")
    return _answer({"ok": True, "message": message})


@bp.app_template_global("sms_saved_by_push")
def sms_saved_by_push() -> int:
    """Messages sent by Web Push instead of SMS, for the administrator's figure."""
    return count_push_sent(db_session())


def _signed_in_citizen() -> int | None:
    """The signed-in citizen's record id, when it still names a citizen."""
    return session.get(SIGNED_IN) if signed_in_phone() else None


def _json_body() -> dict:
    """The request's JSON object; anything else is not a subscription."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidSubscription("body")
    return body


def _answer(body: dict, status: int = 200):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(DomainError)
def refused(error: DomainError):
    """A domain error as JSON, with the status of the one table (layanan/errors.py)."""
    return _answer({"error": message_of(error)}, status_for(error))


@bp.errorhandler(CSRFError)
def stale_token(_error):
    """A missing or stale CSRF token: the page is old, reloading it gives a new one."""
    return _answer({"error": gettext(
        "Formulir sudah kedaluwarsa. Muat ulang halaman lalu kirim lagi.")}, 400)


@bp.errorhandler(429)
def too_many(_error):
    """Flask-Limiter refused the request: say so in the citizen's language."""
    return _answer({"error": gettext(
        "Terlalu banyak percobaan. Coba lagi beberapa menit lagi.")}, 429)
