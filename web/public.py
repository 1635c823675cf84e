"""Public pages: home, the service catalogue by category and by unit, each service's standard."""

from flask import Blueprint, abort, redirect, request, session

from core.catalogue.categories import CATEGORIES
from core.catalogue.directory import (
    find_services,
    get_service,
    get_unit,
    list_service_categories,
    list_services,
    list_units,
)
from core.catalogue.standards import COMPONENTS
from core.i18n import LANGUAGES
from core.publishing.practices import list_practices
from layanan.database import db_session
from web.pwa.forms import TrackForm
from web.pwa.pages import render_page
from web.redirects import safe_path

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    """Search, the catalogue by category (health first), tracking, recent best practices."""
    db = db_session()
    query = request.args.get("q", "").strip()[:60]
    services = find_services(db, text=query, limit=20) if query else list_services(db)
    return render_page(
        "home.html", fragment="pwa/_catalogue.html", query=query,
        by_category=_by_category(services, list_service_categories(db)),
        categories=CATEGORIES, track_form=TrackForm(formdata=None),
        practices=[] if query else list_practices(db, limit=3),
    )


@bp.get("/katalog")
def catalogue():
    """Every category and every unit, each leading to its services."""
    db = db_session()
    return render_page("pwa/catalogue.html", categories=CATEGORIES,
                       used=list_service_categories(db), units=list_units(db))


@bp.get("/katalog/<category>")
def category(category: str):
    """The services of one category."""
    if category not in CATEGORIES:
        abort(404)
    services = list_services(db_session(), category=category)
    return render_page("pwa/services.html", title=CATEGORIES[category], services=services,
                       translate_title=True)


@bp.get("/unit/<int:unit_id>")
def unit(unit_id: int):
    """The services of one unit."""
    db = db_session()
    found = get_unit(db, unit_id=unit_id)
    return render_page("pwa/services.html", title=found.name, unit=found,
                       services=list_services(db, unit_id=unit_id), translate_title=False)


@bp.get("/layanan/<int:service_id>")
def service(service_id: int):
    """A service's standard: the six public components first, then the internal eight."""
    found = get_service(db_session(), service_id=service_id)
    return render_page("service.html", service=found, components=COMPONENTS,
                       categories=CATEGORIES)


@bp.get("/bahasa/<language>")
def switch_language(language: str):
    """Remember the chosen language and go back to where the citizen was."""
    if language in LANGUAGES:
        session["lang"] = language
    return redirect(safe_path(request.args.get("next")) or "/")


@bp.get("/healthz")
def health():
    """Liveness probe for the process manager."""
    return {"status": "ok"}


def _by_category(services, codes):
    """Services grouped by category code, in catalogue order, empty groups left out."""
    groups = {code: [s for s in services if s.category == code] for code in codes}
    return {code: group for code, group in groups.items() if group}
