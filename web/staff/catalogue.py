"""The catalogue in the back office: the list of everything, agencies and categories.

Units and services have their own modules (catalogue_units.py,
catalogue_services.py), the import and export theirs (catalogue_exchange.py).
Every write is one unit of work with its audit entry; a value core refuses
comes back as an `InvalidInput` naming the form's field, and its message is
shown next to that field.
"""

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale, gettext
from flask_login import current_user, login_required
from sqlalchemy.orm import Session

from core.catalogue.agencies import get_agency, list_agencies
from core.catalogue.categories import get_category, list_categories
from core.catalogue.directory import list_services, list_units
from core.catalogue.editing import MAX_SHORT_NAME, save_agency, save_category
from core.catalogue.regions import list_kecamatan, region_names
from core.errors import InvalidInput
from core.i18n import N_
from core.staff.access import Principal, can, can_see_unit, require
from core.staff.audit import audited
from layanan.database import db_session, unit_of_work
from web.errors import message_of
from web.staff import bp
from web.staff.catalogue_forms import KIND_CHOICES, AgencyForm, CategoryForm
from web.staff.queue import today

FILTER_ARGS = ("q", "kecamatan", "kategori", "jenis")


def can_edit_unit(principal: Principal, unit_id: int | None) -> bool:
    """Whether the officer may edit the unit (or a service it answers for)."""
    return (can(principal, "catalogue_edit") and unit_id is not None
            and can_see_unit(principal, unit_id))


# What `saved` answers when core refused the values.
REFUSED = object()


def saved(form, write: Callable[[Session], object], *, action: str, target: str,
          detail: Callable[[], str] = str):
    """Write in one unit of work, audited; a value core refuses goes next to its field.

    Returns what `write` returned, or REFUSED. `detail` is called before the
    write, so that it can describe the change.
    """
    try:
        with unit_of_work() as db, audited(db, officer_id=current_user.id, action=action,
                                           target=target[:80], detail=detail()):
            result = write(db)
    except InvalidInput as error:
        show_refusal(form, error)
        return REFUSED
    return result


def changed_labels(form, before: dict | None, names) -> str:
    """The labels (in Indonesian, as the audit trail keeps them) of the fields that changed."""
    if before is None:
        return "baru"
    with force_locale("id"):
        return ", ".join(str(form[name].label.text) for name in names
                         if name in form and _differs(form[name].data, before.get(name)))


def _differs(new, old) -> bool:
    if isinstance(new, list | tuple) or isinstance(old, list | tuple):
        return sorted(new or ()) != sorted(old or ())
    return (new or None) != (old or None)


def show_refusal(form, error: InvalidInput) -> None:
    """Put core's refusal next to the field it names, or at the top when the form has none."""
    field = form._fields.get(error.detail)
    if field is None:
        flash(message_of(error), "error")
    else:
        field.errors = [*field.errors, message_of(error)]


# Who made a standard version, as the history shows it.
VERSION_SOURCES = {"admin": N_("Kantor layanan"), "import": N_("Impor katalog"),
                   "demo": N_("Data demo")}


def form_page(template: str, form, **context):
    """A form page: 400 when it shows errors, so that a refused post is not a success."""
    status = 400 if request.method == "POST" else 200
    sources = {code: gettext(label) for code, label in VERSION_SOURCES.items()}
    return render_template(template, form=form, today_iso=today().isoformat(),
                           max_short=MAX_SHORT_NAME, sources=sources, **context), status


@bp.get("/katalog")
@login_required
def catalogue():
    """Agencies, units (with their kecamatan), categories and services, searched and filtered."""
    principal = current_user.principal
    require(principal, "catalogue", any_unit=True)
    db = db_session()
    chosen = {key: request.args.get(key, "").strip()[:80] for key in FILTER_ARGS}
    places = region_names(db)
    every_unit = list_units(db)
    units = [unit for unit in every_unit if _unit_matches(unit, chosen, places)]
    here = ({unit.id for unit in every_unit if unit.kecamatan_code == chosen["kecamatan"]}
            if chosen["kecamatan"] else None)
    services = [s for s in list_services(db) if _service_matches(s, chosen, here)]
    return render_template(
        "staff/catalogue/index.html", chosen=chosen, places=places, units=units,
        services=services, agencies=list_agencies(db), categories=list_categories(db),
        kecamatan=list_kecamatan(db), kinds=KIND_CHOICES,
        category_labels={c.code: c.name(str(get_locale())) for c in list_categories(db)},
        can_edit=lambda unit_id: can_edit_unit(principal, unit_id),
        is_admin=can(principal, "catalogue_admin"))


def _words(text: str) -> list[str]:
    return [word for word in text.casefold().split() if word]


def _unit_matches(unit, chosen: dict, places: dict) -> bool:
    """Whether a unit passes the filters: every word of the search in its name or place."""
    if chosen["kecamatan"] and unit.kecamatan_code != chosen["kecamatan"]:
        return False
    if chosen["jenis"] and unit.kind != chosen["jenis"]:
        return False
    haystack = " ".join((unit.name, unit.slug, unit.agency.name, unit.address,
                         places.get(unit.kecamatan_code or "", ""),
                         places.get(unit.desa_code or "", ""))).casefold()
    return all(word in haystack for word in _words(chosen["q"]))


def _service_matches(service, chosen: dict, here: set[int] | None) -> bool:
    """Whether a service passes the filters: category, offered in the kecamatan (`here`: its
    units), and every word of the search in its code, names, keywords or unit."""
    if chosen["kategori"] and service.category != chosen["kategori"]:
        return False
    if here is not None and service.unit_id not in here and not any(
            unit.id in here for unit in service.offered_at):
        return False
    haystack = " ".join((service.code, service.name_id, service.name_en, service.short_name_id,
                         service.keywords or "", service.unit.name)).casefold()
    return all(word in haystack for word in _words(chosen["q"]))


@bp.route("/katalog/instansi/baru", methods=["GET", "POST"])
@bp.route("/katalog/instansi/<int:agency_id>", methods=["GET", "POST"])
@login_required
def agency(agency_id: int | None = None):
    """Add or edit an agency (administrators)."""
    require(current_user.principal, "catalogue_admin", any_unit=True)
    found = get_agency(db_session(), agency_id=agency_id) if agency_id is not None else None
    form = AgencyForm(obj=found)
    if form.validate_on_submit() and REFUSED is not saved(
            form, lambda db: save_agency(db, agency_id=agency_id, slug=form.slug.data,
                                         name=form.name.data, region=form.region.data,
                                         create=found is None),
            action="catalogue_agency", target=f"Instansi: {form.name.data}",
            detail=lambda: "baru" if found is None else "diubah"):
        flash(gettext("Instansi disimpan."), "ok")
        return redirect(url_for("staff.catalogue"))
    return form_page("staff/catalogue/agency.html", form, agency=found)


@bp.route("/katalog/kategori/baru", methods=["GET", "POST"])
@bp.route("/katalog/kategori/<int:category_id>", methods=["GET", "POST"])
@login_required
def category(category_id: int | None = None):
    """Add or edit a category (administrators); an existing category keeps its code."""
    require(current_user.principal, "catalogue_admin", any_unit=True)
    found = get_category(db_session(), category_id=category_id) if category_id else None
    form = CategoryForm(obj=found)
    if found is not None:
        form.code.data = found.code
    if form.validate_on_submit() and REFUSED is not saved(
            form, lambda db: save_category(db, code=form.code.data, name_id=form.name_id.data,
                                           name_en=form.name_en.data,
                                           position=form.position.data,
                                           create=found is None),
            action="catalogue_category", target=f"Kategori: {form.name_id.data}"):
        flash(gettext("Kategori disimpan."), "ok")
        return redirect(url_for("staff.catalogue"))
    return form_page("staff/catalogue/category.html", form, category=found)
