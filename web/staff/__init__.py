"""The back office under /staff/: queue, tickets, reports, accounts and best practices."""

from flask import Blueprint, Flask, render_template
from flask_babel import gettext

from core.clock import LOCAL_TZ
from core.errors import MistypedTicketNumber, NotFound, TicketNotFound
from core.staff.access import Forbidden

bp = Blueprint("staff", __name__, url_prefix="/staff")


def init_app(app: Flask) -> None:
    """Bind the officers' login to the app and register the back office."""
    from web.staff.auth import login_manager

    login_manager.init_app(app)
    app.register_blueprint(bp)


@bp.after_request
def never_cache(response):
    """Staff pages carry personal data: no browser, proxy or service worker keeps a copy."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    return response


@bp.context_processor
def page_helpers():
    """The sign-out form (its CSRF token) on every page, and local times for display."""
    from web.staff.forms import ButtonForm

    return {"logout_form": ButtonForm(), "local_time": local_time}


def local_time(moment) -> str:
    """A stored UTC moment as the officer's local date and time."""
    return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if moment else "-"


@bp.errorhandler(Forbidden)
def forbidden(_error):
    """A role without the right gets 403."""
    message = gettext("Peran Anda tidak mengizinkan halaman ini.")
    return render_template("staff/message.html", message=message), 403


@bp.errorhandler(NotFound)
@bp.errorhandler(TicketNotFound)
@bp.errorhandler(MistypedTicketNumber)
def not_found(_error):
    """Out of sight and nonexistent look alike: 404."""
    return render_template("staff/message.html", message=gettext("Data tidak ditemukan.")), 404


# Imported last, so that the modules find bp and register their routes on it.
from web.staff import accounts, auth, cases, practices, queue, reports  # noqa: E402,F401
