"""Public pages: home, the service catalogue by category and by unit, each service's standard."""

from flask import Blueprint, abort, current_app, redirect, request, session
from flask_babel import get_locale

from core.catalogue.categories import category_names
from core.catalogue.directory import (
    UNIT_KIND_LABELS,
    get_service,
    get_unit,
    list_service_categories,
    list_services,
    list_units,
)
from core.catalogue.regions import region_names
from core.catalogue.search.services import search_catalogue
from core.catalogue.standards import COMPONENTS
from core.clock import local_date, now_utc
from core.i18n import LANGUAGES
from core.publishing.practices import list_practices
from core.publishing.transparency import published_unit_year
from layanan.database import db_session
from web.pwa.forms import TrackForm
from web.pwa.pages import render_page
from web.pwa.standard_view import LISTED, how_to_reach, list_items
from web.redirects import safe_path

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    """Search results ranked next to the search box (else the catalogue by category, health
    first), tracking, recent best practices."""
    db = db_session()
    query = request.args.get("q", "").strip()[:60]
    results = search_catalogue(db, query, language=str(get_locale())) if query else None
    used = list_service_categories(db)
    services = [] if query else list_services(db)
    return render_page(
        "home.html", fragment="pwa/_catalogue.html", query=query, results=results, used=used,
        by_category=_by_category(services, used),
        categories=_category_names(db), track_form=TrackForm(formdata=None),
        practices=[] if query else list_practices(db, limit=3),
    )


@bp.get("/katalog")
def catalogue():
    """Every category and every unit, each leading to its services."""
    db = db_session()
    return render_page("pwa/catalogue.html", categories=_category_names(db),
                       used=list_service_categories(db), units=list_units(db))


@bp.get("/katalog/<category>")
def category(category: str):
    """The services of one category."""
    db = db_session()
    names = _category_names(db)
    if category not in names:
        abort(404)
    services = list_services(db, category=category)
    return render_page("pwa/services.html", title=names[category], services=services,
                       translate_title=False)


@bp.get("/unit/<int:unit_id>")
def unit(unit_id: int):
    """A unit's public page: what and where it is, how to reach it, its services and its
    maklumat pelayanan (UU 25/2009 art. 22 asks every unit to publish its promise)."""
    db = db_session()
    found = get_unit(db, unit_id=unit_id)
    # Services offered here; a service listed only by its own unit still counts.
    services = {s.id: s for s in [*found.offered, *list_services(db, unit_id=unit_id)]}
    # This year's figures as stored by the last refresh: one row, never a count.
    figures = published_unit_year(db, unit_id=found.id, year=local_date(now_utc()).year,
                                  weight=current_app.config["IKM_WEIGHT"])
    return render_page("pwa/unit.html", unit=found, services=list(services.values()),
                       places=region_names(db, (found.kecamatan_code, found.desa_code)),
                       kinds=UNIT_KIND_LABELS, figures=figures, reach=how_to_reach(found))


@bp.get("/layanan/<int:service_id>")
def service(service_id: int):
    """A service's standard: key facts first (cost, time, where, when, contact), then the
    public components (requirements and procedure as lists), then the internal eight; the
    version in force and where it is offered."""
    db = db_session()
    found = get_service(db, service_id=service_id)
    language = str(get_locale())
    texts = {standard.component: standard.text(language) for standard in found.standards}
    return render_page("service.html", service=found, components=COMPONENTS,
                       categories=_category_names(db), texts=texts,
                       lists={key: list_items(texts.get(key, "")) for key in LISTED},
                       reach=how_to_reach(found.unit),
                       offered=_by_kecamatan(db, found.offered_at))


@bp.app_template_filter("localdate")
def localdate(moment):
    """The local (WIB) calendar date of a stored moment, for |dateformat on any page."""
    return local_date(moment)


def _category_names(db) -> dict[str, str]:
    """The categories' names in the visitor's language, by code, in menu order."""
    return category_names(db, str(get_locale()))


@bp.get("/bahasa/<language>")
def switch_language(language: str):
    """Remember the chosen language and go back to where the citizen was."""
    if language in LANGUAGES:
        session["lang"] = language
    return redirect(safe_path(request.args.get("next")) or "/")


def _by_kecamatan(db, units) -> list[tuple[str | None, list]]:
    """Units grouped under their kecamatan's name, by name; units with none last (None)."""
    names = region_names(db, (unit.kecamatan_code for unit in units))
    groups: dict[str | None, list] = {}
    for unit in units:
        groups.setdefault(names.get(unit.kecamatan_code or ""), []).append(unit)
    return sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))


def _by_category(services, codes):
    """Services grouped by category code, in catalogue order, empty groups left out."""
    groups = {code: [s for s in services if s.category == code] for code in codes}
    return {code: group for code, group in groups.items() if group}
