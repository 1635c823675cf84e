"""Signing in with a phone number and a one-time SMS code, then the citizen's tickets."""

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_babel import get_locale, gettext

from core.citizens.registry import citizen_for_phone
from core.errors import DomainError
from core.messaging.sign_in import (
    CODE_DIGITS,
    CODE_LIFETIME_MINUTES,
    request_login_code,
    verify_login_code,
)
from core.phones import mask_phone
from core.tickets.filing import list_citizen_tickets
from layanan.database import db_session, unit_of_work
from web.errors import message_of
from web.extensions import limiter
from web.pwa.forms import CodeForm, PhoneForm
from web.pwa.pages import (
    citizen_phone,
    refuse_stale_forms,
    render_page,
    sign_in,
    sign_out,
    signed_in_phone,
)
from web.redirects import safe_path

bp = Blueprint("account", __name__)
refuse_stale_forms(bp)

# The citizen (record id, never the number: the cookie is readable) waiting for a code.
PENDING = "login_citizen"
NEXT = "login_next"
# Per address, on top of the per-phone limit in core: one client cannot
# spend the SMS budget on many numbers, nor guess codes for many phones.
CODE_REQUESTS_PER_IP = "5 per 10 minutes"
CODE_TRIES_PER_IP = "10 per 10 minutes"


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(CODE_REQUESTS_PER_IP, methods=["POST"])
def sign_in_page():
    """Step one: the phone number; a code goes out by SMS through the outbox."""
    form = PhoneForm()
    if request.method == "GET":
        session[NEXT] = safe_path(request.args.get("next"))
    if form.validate_on_submit():
        try:
            with unit_of_work() as db:
                login = request_login_code(db, phone=form.phone.data,
                                           language=str(get_locale()))
                pending = citizen_for_phone(db, login.phone).id
        except DomainError as error:
            form.phone.errors.append(message_of(error))
        else:
            session[PENDING] = pending
            return redirect(url_for("account.code"), 303)
    status = 422 if request.method == "POST" else 200
    return render_page("pwa/sign_in.html", form=form, status=status, personal=True)


@bp.route("/masuk/kode", methods=["GET", "POST"])
@limiter.limit(CODE_TRIES_PER_IP, methods=["POST"])
def code():
    """Step two: the code from the SMS; the citizen is signed in when it matches."""
    phone = citizen_phone(session.get(PENDING))
    if not phone:
        return redirect(url_for("account.sign_in_page"), 303)
    form = CodeForm()
    if form.validate_on_submit():
        # A wrong try is committed too: it counts against the code's attempts.
        with unit_of_work() as db:
            check = verify_login_code(db, phone=phone, code=form.code.data)
        if check.refusal is not None:
            form.code.errors.append(message_of(check.refusal))
        else:
            session.pop(PENDING, None)
            # The language chosen on USSD or by SMS follows the citizen here,
            # unless they already picked one on this device.
            session.setdefault("lang", check.citizen.language)
            sign_in(check.citizen.id)
            return redirect(session.pop(NEXT, None) or url_for("account.my_tickets"), 303)
    status = 422 if request.method == "POST" else 200
    return render_page("pwa/code.html", form=form, masked=mask_phone(phone), status=status,
                       demo=current_app.config["DEMO"], personal=True,
                       code_digits=CODE_DIGITS, code_minutes=CODE_LIFETIME_MINUTES)


@bp.post("/keluar")
def sign_out_page():
    """Sign out; the language choice stays."""
    sign_out()
    return redirect(url_for("public.home"), 303)


@bp.get("/tiket-saya")
def my_tickets():
    """Everything the citizen filed, on the web, by USSD or by SMS."""
    phone = signed_in_phone()
    if not phone:
        return redirect(url_for("account.sign_in_page", next=request.path), 303)
    tickets = list_citizen_tickets(db_session(), phone=phone)
    return render_page("pwa/my_tickets.html", tickets=tickets, masked=mask_phone(phone),
                       personal=True)


@bp.errorhandler(429)
def too_many(_error):
    """Flask-Limiter refused the request: say so in the visitor's language."""
    message = gettext("Terlalu banyak percobaan. Coba lagi beberapa menit lagi.")
    return render_page("error.html", message=message, status=429, personal=True)
