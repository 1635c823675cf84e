"""Units in the back office: details, place, contacts, the services offered there, maklumat.

An administrator adds and edits any unit; a unit head edits their own unit
only (another unit's pages answer 404, whatever id the URL holds), and
neither its agency nor its slug, which identify it to other systems.
"""

from flask import flash, redirect, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from wtforms import SelectChoice

from core.catalogue.agencies import list_agencies
from core.catalogue.directory import get_unit, list_services
from core.catalogue.editing import save_unit, set_maklumat, set_unit_offerings
from core.catalogue.regions import list_kecamatan, villages_by_kecamatan
from core.staff.access import require
from layanan.database import db_session
from web.staff import bp
from web.staff.catalogue import REFUSED, changed_labels, form_page, saved
from web.staff.catalogue_forms import MaklumatForm, UnitForm

# The unit's own columns the form edits, beside agency and slug.
DETAILS = ("region", "address", "kecamatan_code", "desa_code", "opening_hours", "phone",
           "whatsapp", "latitude", "longitude", "service_population")


def _unit_data(unit) -> dict:
    """The form's initial values from a unit."""
    if unit is None:
        return {"kind": "puskesmas"}
    return {name: getattr(unit, name) for name in ("slug", "name", "kind", *DETAILS)} | {
        "agency": unit.agency_id, "offered": [service.id for service in unit.offered]}


def _unit_form(unit) -> UnitForm:
    """The unit form with its lists: agencies, kecamatan, desa grouped by kecamatan, services."""
    db = db_session()
    form = UnitForm(data=_unit_data(unit))
    form.agency.choices = [SelectChoice(agency.id, agency.name) for agency in list_agencies(db)]
    kecamatan = list_kecamatan(db)
    form.kecamatan_code.choices = [SelectChoice("", "-")] + [SelectChoice(k.code, k.name)
                                                          for k in kecamatan]
    villages = villages_by_kecamatan(db)
    form.desa_code.choices = [SelectChoice("", "-")] + [
        SelectChoice(village.code, village.name, optgroup=k.name)
        for k in kecamatan for village in villages.get(k.code, ())]
    own = unit.id if unit is not None else None
    if unit is not None:  # its own services stay ticked (the boxes are disabled, never posted)
        form.offered.data = sorted(set(form.offered.data or ()) | {
            service.id for service in unit.offered if service.unit_id == own})
    form.offered.choices = [
        SelectChoice(service.id, f"{service.name_id} ({service.code})",
                     render_kw={"disabled": True} if service.unit_id == own else {})
        for service in sorted(list_services(db), key=lambda s: s.name_id.casefold())]
    if unit is not None and current_user.principal.role != "admin":
        del form.agency
        del form.slug
    return form


def _save_unit(db, form: UnitForm, unit) -> None:
    """Save the unit and the services offered there (its own services always stay)."""
    details = {name: form[name].data for name in DETAILS}
    if details["service_population"] is None:
        details["service_population"] = unit.service_population if unit else 0
    saved_unit = save_unit(
        db, unit_id=unit.id if unit else None,
        slug=form.slug.data if "slug" in form else unit.slug,
        agency_id=form.agency.data if "agency" in form else unit.agency_id,
        name=form.name.data, kind=form.kind.data, create=unit is None, **details)
    own = {service.id for service in unit.offered if service.unit_id == unit.id} if unit else set()
    set_unit_offerings(db, unit_id=saved_unit.id,
                       service_ids=sorted(set(form.offered.data or ()) | own))


@bp.route("/katalog/unit/baru", methods=["GET", "POST"])
@bp.route("/katalog/unit/<int:unit_id>", methods=["GET", "POST"])
@login_required
def unit_form(unit_id: int | None = None):
    """Add a unit (administrators) or edit one (administrators, the unit's own head)."""
    principal = current_user.principal
    if unit_id is None:
        require(principal, "catalogue_admin", any_unit=True)
    else:
        require(principal, "catalogue_edit", unit_id)
    unit = get_unit(db_session(), unit_id=unit_id) if unit_id is not None else None
    form = _unit_form(unit)
    before = _unit_data(unit) if unit is not None else None
    if form.validate_on_submit() and REFUSED is not saved(
            form, lambda db: _save_unit(db, form, unit), action="catalogue_unit",
            target=f"Unit: {form.name.data}",
            detail=lambda: changed_labels(form, before, ("name", "kind", *DETAILS, "offered"))):
        flash(gettext("Unit disimpan."), "ok")
        return redirect(url_for("staff.catalogue", q=form.name.data))
    return form_page("staff/catalogue/unit.html", form, unit=unit)


@bp.route("/katalog/unit/<int:unit_id>/maklumat", methods=["GET", "POST"])
@login_required
def maklumat(unit_id: int):
    """The unit's maklumat pelayanan: text, signatory, date signed (shown on its public page)."""
    require(current_user.principal, "catalogue_edit", unit_id)
    unit = get_unit(db_session(), unit_id=unit_id)
    form = MaklumatForm(data={"text": unit.maklumat_text, "signatory": unit.maklumat_signatory,
                              "signed_on": unit.maklumat_signed_on})
    if form.validate_on_submit() and REFUSED is not saved(
            form, lambda db: set_maklumat(db, unit_id=unit_id, text=form.text.data,
                                          signatory=form.signatory.data,
                                          signed_on=form.signed_on.data),
            action="catalogue_maklumat", target=f"Unit: {unit.name}",
            detail=lambda: f"Maklumat pelayanan, {form.signatory.data}, "
                           f"{form.signed_on.data.isoformat()}"):
        flash(gettext("Maklumat pelayanan disimpan."), "ok")
        return redirect(url_for("staff.unit_form", unit_id=unit_id))
    return form_page("staff/catalogue/maklumat.html", form, unit=unit)
