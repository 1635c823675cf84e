"""Services in the back office: their details and where they are offered, and their standard.

An administrator edits every service; a unit head the services their own
unit answers for (and adds new ones for it). A standard is versioned: each
save that changes something is a new version with its effective date (not
after today), its author and an audited change note.
"""

from flask import flash, redirect, request, url_for
from flask_babel import force_locale, gettext
from flask_login import current_user, login_required
from wtforms import SelectChoice

from core.catalogue.categories import list_categories
from core.catalogue.directory import get_service, list_units
from core.catalogue.editing import restate_standard, save_service, set_standard
from core.catalogue.standards import COMPONENTS
from core.catalogue.versions import list_versions
from core.staff.access import require
from core.staff.officers import officer_names
from layanan.database import db_session
from web.staff import bp
from web.staff.catalogue import (
    REFUSED,
    can_edit_unit,
    changed_labels,
    form_page,
    saved,
)
from web.staff.catalogue_forms import LISTS, ServiceForm, StandardForm
from web.staff.queue import today

DETAILS = ("unit", "category", "name_id", "name_en", "short_name_id", "short_name_en",
           "keywords", "time_days", "cost_rupiah")


def _service_data(service) -> dict:
    """The form's initial values from a service."""
    if service is None:
        unit_id = current_user.principal.unit_id
        return {"unit": unit_id, "offered_at": [unit_id] if unit_id else [], "cost_rupiah": 0}
    values = {name: getattr(service, name) for name in ("code", *DETAILS[1:])}
    return values | {"unit": service.unit_id,
                     "offered_at": [unit.id for unit in service.offered_at]}


def _service_form(service) -> ServiceForm:
    """The service form; a unit head may only name their own unit as the one answerable."""
    db = db_session()
    principal = current_user.principal
    form = ServiceForm(data=_service_data(service))
    units = list_units(db)
    form.unit.choices = [SelectChoice(unit.id, unit.name) for unit in units
                         if principal.role == "admin" or unit.id == principal.unit_id]
    form.category.choices = [SelectChoice(c.code, c.name_id) for c in list_categories(db)]
    form.offered_at.choices = [SelectChoice(unit.id, unit.name, optgroup=unit.agency.name)
                               for unit in units]
    return form


def _save_service(db, form: ServiceForm, service):
    """Save the service; its own unit must be one the officer may edit."""
    require(current_user.principal, "catalogue_edit", form.unit.data)
    written = save_service(
        db, service_id=service.id if service else None, code=form.code.data,
        unit_id=form.unit.data, category=form.category.data,
        names={name: form[name].data for name in DETAILS[2:6]}, keywords=form.keywords.data,
        time_days=form.time_days.data, cost_rupiah=form.cost_rupiah.data,
        offered_at=list(form.offered_at.data or ()), create=service is None)
    # A new time limit or cost is a new version of the standard in force.
    restate_standard(db, service_id=written.id, officer_id=current_user.id)
    return written


@bp.route("/katalog/layanan/baru", methods=["GET", "POST"])
@bp.route("/katalog/layanan/<int:service_id>", methods=["GET", "POST"])
@login_required
def service_form(service_id: int | None = None):
    """Add or edit a service: code, own unit, category, names, time, cost, where offered."""
    principal = current_user.principal
    require(principal, "catalogue_edit", any_unit=True)
    service = get_service(db_session(), service_id=service_id) if service_id else None
    if service is not None:
        require(principal, "catalogue_edit", service.unit_id)
    form = _service_form(service)
    before = _service_data(service) if service is not None else None
    if form.validate_on_submit():
        written = saved(form, lambda db: _save_service(db, form, service),
                        action="catalogue_service",
                        target=f"Layanan {form.code.data}: {form.name_id.data}",
                        detail=lambda: changed_labels(form, before, (*DETAILS, "offered_at")))
        if written is not REFUSED:
            flash(gettext("Layanan disimpan."), "ok")
            endpoint = "staff.standard" if service is None else "staff.service_form"
            return redirect(url_for(endpoint, service_id=written.id))
    return form_page("staff/catalogue/service.html", form, service=service)


def _standard_form(service) -> StandardForm:
    """The standard form, filled with the version in force."""
    data = {"effective_from": today()}
    for component in COMPONENTS:
        data[f"{component.key}_id"] = service.standard_text(component.key, "id")
        data[f"{component.key}_en"] = _english(service, component.key)
    return StandardForm(data=data)


def _english(service, key: str) -> str:
    """The stored English text only (no fallback to Indonesian, which the form would save)."""
    for standard in service.standards:
        if standard.component == key:
            return standard.text_en
    return ""


def _changed_components(form: StandardForm, service) -> list[str]:
    """The labels (Indonesian) of the components the form changes."""
    new = form.components()
    with force_locale("id"):
        return [str(gettext(component.label)) for component in COMPONENTS
                if new[component.key] != (service.standard_text(component.key, "id"),
                                          _english(service, component.key))]


def _history(service):
    """The standard's versions, newest first, each with the name of who set it."""
    versions = list_versions(db_session(), service_id=service.id)
    names = officer_names(db_session(), (version.officer_id for version in versions))
    return [(version, names.get(version.officer_id, "")) for version in versions]


@bp.route("/katalog/layanan/<int:service_id>/standar", methods=["GET", "POST"])
@login_required
def standard(service_id: int):
    """The standard in force, its versions, and (for those who may) a form for a new version."""
    principal = current_user.principal
    require(principal, "catalogue", any_unit=True)
    service = get_service(db_session(), service_id=service_id)
    editable = can_edit_unit(principal, service.unit_id)
    if request.method == "POST" and not editable:
        require(principal, "catalogue_edit", service.unit_id)
    form = _standard_form(service)
    history = _history(service)
    preview = "pratinjau" in request.form
    if (editable and form.validate_on_submit() and not preview
            and _save_standard(form, service, history)):
        return redirect(url_for("staff.standard", service_id=service_id))
    page, status = form_page("staff/catalogue/standard.html", form, service=service,
                             editable=editable, history=history, components=COMPONENTS,
                             lists=LISTS, preview=preview)
    return page, 200 if preview and not form.errors else status


def _save_standard(form: StandardForm, service, history) -> bool:
    """Save a new version when something changed; say so either way. Whether it saved."""
    labels = _changed_components(form, service)
    if not labels:
        flash(gettext("Tidak ada perubahan: standar tetap versi %(n)s.",
                      n=service.standard_version), "ok")
        return True
    number = history[0][0].number + 1 if history else 1
    version = saved(
        form, lambda db: set_standard(db, service_id=service.id, components=form.components(),
                                      effective_from=form.effective_from.data,
                                      officer_id=current_user.id),
        action="catalogue_standard", target=f"Layanan {service.code}: {service.name_id}",
        detail=lambda: f"Standar versi {number} berlaku {form.effective_from.data.isoformat()}"
                       f"; diubah: {', '.join(labels)}; catatan: {form.note.data}")
    if version is REFUSED:
        return False
    flash(gettext("Standar pelayanan disimpan sebagai versi baru."), "ok")
    return True
