"""Officers sign in with email and password (Flask-Login); attempts are rate-limited and audited."""

import re
from ipaddress import ip_network

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import (
    LoginManager,
    UserMixin,
    current_user,
    login_required,
    login_user,
    logout_user,
)

from core.staff.access import Principal
from core.staff.accounts import load_officer, principal_of, sign_in_officer, sign_out_officer
from layanan.database import unit_of_work
from web.extensions import limiter
from web.redirects import safe_path
from web.staff import bp
from web.staff.forms import ButtonForm, LoginForm

login_manager = LoginManager()
login_manager.login_view = "staff.login"
login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
# A session cookie replayed from another browser (address and agent) is dropped.
login_manager.session_protection = "strong"


class StaffUser(UserMixin):
    """The signed-in officer for the request: plain values, no database object."""

    def __init__(self, officer):
        self.id = officer.id
        self.email = officer.email
        self.name = officer.name
        self.role = officer.role
        self.unit_id = officer.unit_id
        self.unit_name = officer.unit.name if officer.unit else ""
        self.principal: Principal = principal_of(officer)
        self.session_version = officer.session_version

    def get_id(self) -> str:
        """What the session keeps: the account and its session version ("12.3")."""
        return f"{self.id}.{self.session_version}"


# "id.version", ASCII digits only (str.isdigit would also take "²").
SESSION_ID = re.compile(r"([0-9]{1,18})\.([0-9]{1,18})", re.ASCII)


@login_manager.user_loader
def load_user(user_id: str):
    """The officer of the session: active, of its current session version, demo only in demo."""
    found = SESSION_ID.fullmatch(user_id or "")
    if found is None:
        return None
    # Its own short unit of work: the read ends here, and what the view writes
    # next starts a transaction of its own (core/staff/accounts.py).
    with unit_of_work() as db:
        officer = load_officer(db, officer_id=int(found[1]), session_version=int(found[2]),
                               allow_demo=current_app.config["DEMO"])
    return StaffUser(officer) if officer else None


# Throttling, not locking. Failed sign-ins are counted per client address and
# per (address, account), never per account alone: a count per account would
# let a stranger lock any officer out with a few wrong passwords. So a
# stranger's failures slow the stranger's address only, and the officer
# signing in from another address is not slowed at all. The price: each
# address gets its own 5 guesses per account (20 in all) every window, which
# passwords of 10 characters or more (core/staff/officers.py) make worthless.
# An IPv6 client counts by its /64, the block one subscriber usually holds,
# not by each of its addresses.
FAILURES_PER_ADDRESS = 20
FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
FAILURE_WINDOW_MINUTES = 15


def _failed(response) -> bool:
    """Only refused sign-ins count against the limits; a success redirects."""
    return response.status_code != 302


def _address_key() -> str:
    """The client's address (an IPv6 one as its /64), as the limits count it."""
    address = request.remote_addr or ""
    try:
        network = ip_network(address)
    except ValueError:
        return address
    return str(network.supernet(new_prefix=64)) if network.version == 6 else address


def _address_and_account_key() -> str:
    """The client's address with the email typed, lowercased."""
    email = request.form.get("email", "").strip().lower()[:254]
    return f"staff-login:{_address_key()}:{email}"


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(f"{FAILURES_PER_ADDRESS} per {FAILURE_WINDOW_MINUTES} minutes",
               key_func=_address_key, methods=["POST"], deduct_when=_failed)
@limiter.limit(f"{FAILURES_PER_ACCOUNT_AND_ADDRESS} per {FAILURE_WINDOW_MINUTES} minutes",
               key_func=_address_and_account_key, methods=["POST"], deduct_when=_failed)
def login():
    """Sign in; failures are throttled per address and per (address, account), see above."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.queue"))
    form = LoginForm()
    if form.validate_on_submit():
        with unit_of_work() as db:
            officer = sign_in_officer(db, email=form.email.data, password=form.password.data,
                                      allow_demo=current_app.config["DEMO"],
                                      source=request.remote_addr or "")
        if officer is not None:
            # A fresh session on sign-in: nothing planted before it survives.
            language = session.get("lang")
            session.clear()
            if language:
                session["lang"] = language
            login_user(StaffUser(officer))
            return redirect(_safe_next(request.args.get("next")))
        flash(gettext("Email atau kata sandi salah."), "error")
        return render_template("staff/login.html", form=form), 401
    return render_template("staff/login.html", form=form), 400 if form.errors else 200


@bp.errorhandler(429)
def too_many_failures(_error):
    """The address made too many failed sign-ins: say so, in the officer's language."""
    if request.endpoint != "staff.login":
        message = gettext("Terlalu banyak percobaan. Coba lagi beberapa menit lagi.")
        return render_template("staff/message.html", message=message), 429
    flash(gettext("Terlalu banyak percobaan masuk yang gagal dari alamat ini. "
                  "Coba lagi dalam %(minutes)s menit.", minutes=FAILURE_WINDOW_MINUTES), "error")
    return render_template("staff/login.html", form=LoginForm()), 429


@bp.post("/keluar")
@login_required
def logout():
    """Sign out on every device (the account's session version moves on), audited."""
    if ButtonForm().validate_on_submit():
        with unit_of_work() as db:
            sign_out_officer(db, officer_id=current_user.id)
        logout_user()
        session.pop("_fresh", None)
    return redirect(url_for("staff.login"))


def _safe_next(target: str | None) -> str:
    """Only a back-office path on this site (web/redirects.py decides): never an open redirect."""
    return safe_path(target, under="/staff/") or url_for("staff.queue")
