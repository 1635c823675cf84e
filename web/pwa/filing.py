"""Filing on the web: request a service, or file a complaint with an optional photo."""

import uuid

from flask import Blueprint, redirect, request, session, url_for
from flask_babel import get_locale, gettext
from wtforms import SelectChoice

from core.catalogue.categories import category_names
from core.catalogue.directory import get_service, list_units
from core.catalogue.regions import list_kecamatan, list_villages, villages_by_kecamatan
from core.tickets.attachments import (
    MAX_UPLOAD_BYTES,
    ImageTooLarge,
    InvalidImage,
    attach_ticket_photo,
    clean_image,
)
from core.tickets.filing import create_complaint, create_service_request
from layanan.database import db_session, unit_of_work
from web.errors import message_of
from web.extensions import limiter
from web.pwa.forms import ComplaintForm, RequestForm
from web.pwa.pages import refuse_stale_forms, render_page, signed_in_phone

bp = Blueprint("filing", __name__)
refuse_stale_forms(bp)
# A photo the server will not store, told next to the photo field.
PHOTO_REFUSED = (InvalidImage, ImageTooLarge)
# Per address: a script cannot flood the queues officers read. Generous, since
# many phones share one address behind a mobile operator's NAT.
FILINGS_PER_IP = "10 per 10 minutes"
# Tickets this device filed without a proven phone, newest last: once the
# citizen signs in, they may claim them (web/pwa/tickets.py). A few suffice.
UNCLAIMED = "unclaimed_tickets"
MAX_UNCLAIMED = 10


@bp.route("/layanan/<int:service_id>/ajukan", methods=["GET", "POST"])
@limiter.limit(FILINGS_PER_IP, methods=["POST"])
def request_service(service_id: int):
    """Request a service; the ticket page follows."""
    service = get_service(db_session(), service_id=service_id)
    form = _prepared(RequestForm())
    _offer_units(form, service)
    if not form.validate_on_submit():
        return _form_page("pwa/request.html", form, service=service)
    with unit_of_work() as db:
        ticket = create_service_request(
            db, phone=signed_in_phone(), service_id=service.id, channel="web",
            client_key=form.client_key.data or None, description=form.description.data or "",
            language=_language(), unit_id=_chosen_unit(form),
        )
    return _to_ticket(ticket)


def _chosen_unit(form) -> int | None:
    """The unit picked among the service's offerings (None: the service's own)."""
    return int(form.unit_id.data) if "unit_id" in form and form.unit_id.data else None


def _offer_units(form, service) -> None:
    """Where the service may be asked for, grouped by kecamatan; its own unit by default.

    A service offered at one unit only needs no choice: the field is left out.
    """
    units = service.offered_at or [service.unit]
    if len(units) < 2:
        del form.unit_id
        return
    names = {k.code: k.name for k in list_kecamatan(db_session())}
    form.unit_id.choices = [
        SelectChoice(str(unit.id), unit.name, optgroup=names.get(unit.kecamatan_code or "")
                     or gettext("Lainnya"))
        for unit in sorted(units, key=lambda u: (names.get(u.kecamatan_code or "", "~"), u.name))
    ]
    if not form.unit_id.data:
        form.unit_id.data = str(service.unit_id)


@bp.route("/pengaduan", methods=["GET", "POST"])
@limiter.limit(FILINGS_PER_IP, methods=["POST"])
def complaint():
    """File a complaint, suggestion or information request, anonymous or confidential if wished."""
    form = _prepared(ComplaintForm())
    form.category.choices = [SelectChoice("", gettext("Pilih kategori"))] + [
        SelectChoice(code, name)
        for code, name in category_names(db_session(), _language()).items()]
    form.unit_id.choices = [SelectChoice("", gettext("Tidak tahu"))] + [
        SelectChoice(str(unit.id), unit.name) for unit in list_units(db_session())
    ]
    _offer_places(form)
    if not form.validate_on_submit():
        return _form_page("pwa/complaint.html", form)
    try:
        ticket = _file_complaint(form)
    except PHOTO_REFUSED as error:
        # Nothing was stored: the citizen fixes the photo and sends the form again.
        form.photo.errors.append(message_of(error))
        return _form_page("pwa/complaint.html", form, status=422)
    return _to_ticket(ticket)


def _file_complaint(form):
    """The complaint and its photo in one unit of work: both are stored, or neither."""
    upload = form.photo.data
    image = None
    if upload and upload.filename:
        image = clean_image(upload.stream.read(MAX_UPLOAD_BYTES + 1))
    latitude, longitude = form.coordinates()
    with unit_of_work() as db:
        ticket = create_complaint(
            db, phone=signed_in_phone(), complaint_type=form.complaint_type.data,
            description=form.description.data, channel="web",
            client_key=form.client_key.data or None, category=form.category.data,
            unit_id=int(form.unit_id.data) if form.unit_id.data else None,
            anonymous=form.anonymous.data, confidential=form.confidential.data,
            kecamatan_code=form.kecamatan_code.data or None,
            desa_code=form.desa_code.data or None, kecamatan=form.kecamatan.data,
            desa=form.desa.data, latitude=latitude, longitude=longitude, language=_language(),
        )
        if image is not None:
            attach_ticket_photo(db, ticket_id=ticket.id, image=image)
    return ticket


@bp.get("/pengaduan/desa")
def villages():
    """The desa list of the kecamatan just chosen: htmx swaps it into the complaint form."""
    form = ComplaintForm(formdata=None)
    chosen = request.args.get("kecamatan_code", "")[:20]
    _offer_places(form, only=chosen or None)
    return render_page("pwa/_desa.html", form=form)


def _offer_places(form, only: str | None = None) -> None:
    """The kecamatan list and every desa grouped by kecamatan (or those of `only`).

    Without script the citizen picks from the grouped list and the form checks
    the pair; with it, choosing a kecamatan narrows the desa list (_desa.html).
    """
    db = db_session()
    kecamatan = list_kecamatan(db)
    grouped = ({only: list_villages(db, kecamatan_code=only)} if only
               else villages_by_kecamatan(db))
    form.villages = {v.code: v.parent_code for group in grouped.values() for v in group}
    form.kecamatan_code.choices = [SelectChoice("", gettext("Pilih kecamatan"))] + [
        SelectChoice(k.code, k.name) for k in kecamatan]
    form.desa_code.choices = [SelectChoice("", gettext("Pilih desa/kelurahan"))] + [
        SelectChoice(v.code, v.name, optgroup=None if only else k.name)
        for k in kecamatan for v in grouped.get(k.code, [])]
    form.kecamatan_code.render_kw = {
        "hx-get": url_for("filing.villages"), "hx-trigger": "change",
        "hx-target": "#desa-field", "hx-swap": "outerHTML"}


def _prepared(form):
    """Give a new form its idempotency key."""
    if not form.client_key.data:
        # Without JavaScript this key still makes a double tap file one ticket;
        # with it, the page replaces it with one made on the device.
        form.client_key.data = str(uuid.uuid4())
    return form


def _form_page(template, form, status=None, **context):
    """The form again: 422 with the errors next to their fields after a failed post."""
    if status is None:
        status = 422 if request.method == "POST" else 200
    return render_page(template, form=form, status=status, signed_in=signed_in_phone(),
                       **context)


def _language() -> str:
    return str(get_locale())


def _to_ticket(ticket):
    """After filing (or replaying a filing), the ticket's page; remember one nobody proved."""
    if ticket.citizen_id is None:
        kept = [n for n in session.get(UNCLAIMED, []) if n != ticket.number]
        session[UNCLAIMED] = (kept + [ticket.number])[-MAX_UNCLAIMED:]
    return redirect(url_for("tickets.ticket", number=ticket.number, baru=1), 303)


@bp.errorhandler(429)
def too_many(_error):
    """Flask-Limiter refused a filing: say so in the visitor's language."""
    message = gettext("Terlalu banyak kiriman dari jaringan Anda. Coba lagi beberapa menit lagi.")
    return render_page("error.html", message=message, status=429, personal=True)
