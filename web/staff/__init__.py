"""The back office under /staff/: queue, tickets, reports, accounts, best practices, catalogue."""

from flask import Blueprint, Flask

from core.clock import LOCAL_TZ

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


# Imported last, so that the modules find bp and register their routes on it.
from web.staff import (  # noqa: E402,F401
    accounts,
    auth,
    cases,
    catalogue,
    catalogue_exchange,
    catalogue_services,
    catalogue_units,
    devices,
    duties,
    follow_ups,
    paper_surveys,
    practices,
    queue,
    queue_counter,
    reports,
    walk_ins,
)
