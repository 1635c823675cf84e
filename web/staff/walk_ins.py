"""Walk-in cases at the counter (/staff/loket): file for the citizen in front of the officer.

Step one takes the service or complaint, the description and an optional
phone. With a phone, a sign-in code goes to it by SMS and step two asks for it:
the ticket is tied to the phone only when the citizen reads the code back
(docs/domain.md §4.3.1); "Lewati" files it without one. What step one typed
travels to step two in one signed hidden field, so nothing is kept server-side
and an officer cannot change it between the steps. The slip prints on a 58 mm
receipt printer or on A4.
"""

import uuid
from dataclasses import asdict

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import (
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from core.casework.walk_ins import (
    WalkIn,
    file_walk_in,
    send_walk_in_code,
    walk_in_categories,
    walk_in_services,
    walk_in_slip,
    walk_in_unit,
)
from core.catalogue.categories import COMPLAINT_TYPE_LABELS
from core.catalogue.directory import list_services, list_units
from core.errors import DomainError
from core.messaging.sign_in import CODE_DIGITS, CODE_LIFETIME_MINUTES
from core.models.tickets import COMPLAINT_TYPES
from core.staff.access import require
from core.tickets.filing import MAX_DESCRIPTION
from layanan.database import db_session, unit_of_work
from layanan.numbers import form_number
from web.errors import message_of
from web.extensions import limiter
from web.staff import bp

# Per officer, on top of core's limit per phone: one account cannot spend the
# SMS budget on many numbers, nor guess codes for many phones.
CODES_PER_OFFICER = "20 per 10 minutes"
CODE_TRIES_PER_OFFICER = "30 per 10 minutes"
# Step two must follow step one within this time (the code lives 5 minutes).
DRAFT_MAX_AGE_SECONDS = 30 * 60
KINDS = [SelectChoice("complaint", _l("Pengaduan")),
         SelectChoice("request", _l("Permohonan layanan"))]


class WalkInForm(FlaskForm):
    """Step one: as few fields as the counter's day allows."""

    kind = SelectField(_l("Jenis"), choices=KINDS)
    unit = SelectField(_l("Unit"), coerce=form_number, validate_choice=False)
    service = SelectField(_l("Layanan (untuk permohonan)"), choices=[], default="")
    complaint_type = SelectField(_l("Jenis pengaduan"), choices=[])
    category = SelectField(_l("Kategori (opsional)"), choices=[], default="")
    description = TextAreaField(_l("Uraian"), validators=[Length(max=MAX_DESCRIPTION)],
                                render_kw={"rows": 4, "maxlength": MAX_DESCRIPTION})
    phone = StringField(_l("Nomor HP warga (opsional)"), validators=[Optional(), Length(max=32)],
                        render_kw={"inputmode": "tel", "autocomplete": "off"})
    client_key = HiddenField()


class WalkInCodeForm(FlaskForm):
    """Step two: the code the citizen reads from the SMS, or skip the phone."""

    draft = HiddenField(validators=[DataRequired()])
    code = StringField(_l("Kode dari SMS warga"), validators=[Optional(), Length(max=12)],
                       render_kw={"inputmode": "numeric", "autocomplete": "off",
                                  "maxlength": CODE_DIGITS})
    confirm = SubmitField(_l("Simpan dengan nomor HP"))
    skip = SubmitField(_l("Lewati (tanpa nomor HP)"))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="staff-walk-in")


def _officer_key() -> str:
    """Rate limits per signed-in officer, not per address (a counter shares one)."""
    return f"walk-in:{current_user.get_id()}"


def _no_phone() -> bool:
    return not request.form.get("phone", "").strip()


def _prepared_form() -> WalkInForm:
    """The step-one form with the choices this officer has."""
    form, db, principal = WalkInForm(), db_session(), current_user.principal
    language = str(get_locale())
    require(principal, "act", any_unit=True)
    if principal.all_units:
        form.unit.choices = [SelectChoice(u.id, u.name) for u in list_units(db)]
        services = list_services(db)
    else:
        del form.unit
        services = walk_in_services(db, unit_id=walk_in_unit(principal, None))
    none = SelectChoice("", "-")
    form.service.choices = [none] + [SelectChoice(str(s.id), s.name(language))
                                     for s in services]
    form.complaint_type.choices = [SelectChoice(c, gettext(COMPLAINT_TYPE_LABELS[c]))
                                   for c in COMPLAINT_TYPES]
    form.category.choices = [none] + [SelectChoice(code, name) for code, name
                                      in walk_in_categories(db, language).items()]
    if not form.client_key.data:
        form.client_key.data = uuid.uuid4().hex
    return form


def _walk_in(form: WalkInForm) -> WalkIn | None:
    """What step one typed, or None with the errors put on the form."""
    kind = form.kind.data
    if kind == "request" and not form.service.data:
        form.service.errors.append(gettext("Pilih layanan."))
        return None
    if kind == "complaint" and not (form.description.data or "").strip():
        form.description.errors.append(gettext("Tulis uraian pengaduan."))
        return None
    unit_id = form.unit.data if "unit" in form else None
    return WalkIn(
        kind=kind, unit_id=walk_in_unit(current_user.principal, unit_id),
        description=form.description.data or "", client_key=form.client_key.data,
        service_id=int(form.service.data) if kind == "request" else None,
        complaint_type=form.complaint_type.data if kind == "complaint" else None,
        category=(form.category.data or None) if kind == "complaint" else None,
        phone=(form.phone.data or "").strip() or None)


@bp.get("/loket")
@login_required
def walk_in():
    """Step one: the walk-in form."""
    return render_template("staff/walk_in.html", form=_prepared_form())


@bp.post("/loket")
@login_required
@limiter.limit(CODES_PER_OFFICER, key_func=_officer_key, exempt_when=_no_phone)
def walk_in_submit():
    """File at once without a phone; with one, send the code and ask for it."""
    form = _prepared_form()
    draft = _walk_in(form) if form.validate_on_submit() else None
    if draft is None:
        return render_template("staff/walk_in.html", form=form), 422
    if draft.phone is None:
        return _file(draft)
    try:
        with unit_of_work() as db:
            phone = send_walk_in_code(db, principal=current_user.principal, phone=draft.phone)
    except DomainError as error:
        form.phone.errors.append(message_of(error))
        return render_template("staff/walk_in.html", form=form), 422
    draft = WalkIn(**(asdict(draft) | {"phone": phone}))
    code_form = WalkInCodeForm(formdata=None, draft=_serializer().dumps(asdict(draft)))
    return _code_page(code_form, draft)


@bp.post("/loket/kode")
@login_required
@limiter.limit(CODE_TRIES_PER_OFFICER, key_func=_officer_key)
def walk_in_code():
    """Step two: file with the phone when the code matches, or without it on "Lewati"."""
    form = WalkInCodeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        draft = WalkIn(**_serializer().loads(form.draft.data, max_age=DRAFT_MAX_AGE_SECONDS))
    except (BadSignature, TypeError):
        abort(400)
    if form.skip.data:
        return _file(WalkIn(**(asdict(draft) | {"phone": None})))
    return _file(draft, form=form)


def _file(draft: WalkIn, form: WalkInCodeForm | None = None):
    """File the walk-in; a refused code shows step two again with its message."""
    # A wrong code is committed too: it counts against the code's tries.
    with unit_of_work() as db:
        result = file_walk_in(db, principal=current_user.principal, walk_in=draft,
                              code=form.code.data if form else None)
        number = result.ticket.number if result.ticket else None
    if number is None:
        form.code.errors.append(message_of(result.refusal))
        return _code_page(form, draft, status=422)
    return redirect(url_for("staff.walk_in_slip_page", number=number), 303)


def _code_page(form: WalkInCodeForm, draft: WalkIn, status: int = 200):
    return render_template("staff/walk_in_code.html", form=form, phone=draft.phone,
                           code_digits=CODE_DIGITS, code_minutes=CODE_LIFETIME_MINUTES,
                           demo=current_app.config["DEMO"]), status


@bp.get("/loket/<number>/struk")
@login_required
def walk_in_slip_page(number: str):
    """The receipt slip: 58 mm receipt printer (?kertas=58) or A4 (default)."""
    ticket = walk_in_slip(db_session(), principal=current_user.principal, number=number)
    paper = "58" if request.args.get("kertas") == "58" else "a4"
    language = str(get_locale())
    category = walk_in_categories(db_session(), language).get(ticket.category or "")
    return render_template(
        "staff/slip.html", ticket=ticket, paper=paper, language=language, category=category,
        complaint_types=COMPLAINT_TYPE_LABELS, shortcode=current_app.config["SMS_SHORTCODE"],
        ussd_code=current_app.config["USSD_CODE"],
        pwa_url=url_for("public.home", _external=True))
