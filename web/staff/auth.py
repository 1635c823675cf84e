"""Officers sign in with email and password (Flask-Login); attempts are rate-limited and audited."""

from urllib.parse import urlsplit

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
from core.staff.accounts import load_officer, principal_of, sign_in_officer
from core.staff.audit import record_audit
from layanan.database import unit_of_work
from web.extensions import limiter
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


@login_manager.user_loader
def load_user(user_id: str):
    """The officer of the session, while active (and, for demo accounts, in demo mode)."""
    if not user_id.isdigit():
        return None
    # Its own short unit of work: the read ends here, and what the view writes
    # next starts a transaction of its own (core/staff/accounts.py).
    with unit_of_work() as db:
        officer = load_officer(db, officer_id=int(user_id),
                               allow_demo=current_app.config["DEMO"])
    return StaffUser(officer) if officer else None


def _failed(response) -> bool:
    """Only refused sign-ins count against the limits; a success redirects."""
    return response.status_code != 302


def _email_key() -> str:
    return "staff-login:" + request.form.get("email", "").strip().lower()[:254]


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit("20 per 15 minutes", methods=["POST"], deduct_when=_failed)
@limiter.limit("5 per 15 minutes", key_func=_email_key, methods=["POST"], deduct_when=_failed)
def login():
    """Sign in; at most 20 failures per address and 5 per account every 15 minutes."""
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


@bp.post("/keluar")
@login_required
def logout():
    """Sign out and leave a note in the audit trail."""
    if ButtonForm().validate_on_submit():
        with unit_of_work() as db:
            record_audit(db, officer_id=current_user.id, action="logout",
                         target=f"officer:{current_user.id}")
        logout_user()
        session.pop("_fresh", None)
    return redirect(url_for("staff.login"))


def _safe_next(target: str | None) -> str:
    """Only a back-office path on this site: never an open redirect."""
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/staff/"):
        return target
    return url_for("staff.queue")
