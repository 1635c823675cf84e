"""Public pages: the service catalogue and each service's standard."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, render_template, request, session

from core.catalogue import find_services, get_service, list_service_categories, list_services
from core.categories import CATEGORIES
from core.errors import NotFound
from core.i18n import LANGUAGES
from core.standards import COMPONENTS
from web.database import db_session

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    """Categories (health first) with their services, and a search box."""
    db = db_session()
    query = request.args.get("q", "").strip()[:60]
    services = find_services(db, text=query, limit=20) if query else list_services(db)
    by_category = {code: [s for s in services if s.category == code]
                   for code in list_service_categories(db)}
    return render_template("home.html", by_category={k: v for k, v in by_category.items() if v},
                           categories=CATEGORIES, query=query)


@bp.get("/layanan/<int:service_id>")
def service(service_id: int):
    """A service's standard: the six public components first, then the internal eight."""
    try:
        found = get_service(db_session(), service_id=service_id)
    except NotFound:
        abort(404)
    return render_template("service.html", service=found, components=COMPONENTS,
                           categories=CATEGORIES)


@bp.get("/bahasa/<language>")
def switch_language(language: str):
    """Remember the chosen language and go back to where the citizen was."""
    if language in LANGUAGES:
        session["lang"] = language
    target = request.args.get("next", "/")
    # Only a path on this site: never an open redirect.
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        target = "/"
    return redirect(target)


@bp.get("/healthz")
def health():
    """Liveness probe for the process manager."""
    return {"status": "ok"}
