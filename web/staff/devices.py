"""Counter devices (kiosk mode): a unit head enrolls this browser for the unit, lists, revokes.

Enrolling sets a long-lived cookie holding the device's token on the browser
that enrolls (HttpOnly, so no script reads it); surveys given there count in
the unit's index (docs/domain.md §3.6). It is sent site-wide so that this page
can tell the head whether the browser in front of them is enrolled.
"""

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from core.catalogue.directory import list_units
from core.staff.access import can_see_unit, require
from core.surveys.devices import (
    MAX_DEVICE_NAME,
    enroll_counter_device,
    hash_device_token,
    list_counter_devices,
    revoke_counter_device,
)
from layanan.database import db_session, unit_of_work
from web.pwa.survey import DEVICE_COOKIE
from web.staff import bp
from web.staff.forms import ButtonForm

# Long-lived: a counter browser stays enrolled until revoked (browsers cap cookies at 400 days).
DEVICE_COOKIE_AGE = timedelta(days=365)


class DeviceForm(FlaskForm):
    """Enroll this browser: the unit it serves and a name to recognise it by."""

    unit = SelectField(_l("Unit"), coerce=int, choices=[])
    name = StringField(_l("Nama perangkat"),
                       description=_l("Misalnya: Loket 1, tablet ruang tunggu."),
                       validators=[DataRequired(), Length(max=MAX_DEVICE_NAME)],
                       render_kw={"maxlength": MAX_DEVICE_NAME})


def _device_form() -> DeviceForm:
    """The enrolment form, offering the units the officer may manage."""
    principal = current_user.principal
    form = DeviceForm()
    form.unit.choices = [(u.id, u.name) for u in list_units(db_session())
                         if can_see_unit(principal, u.id)]
    return form


@bp.get("/perangkat")
@login_required
def devices():
    """The unit's counter devices, whether this browser is one, and the enrolment form."""
    require(current_user.principal, "devices", any_unit=True)
    token = request.cookies.get(DEVICE_COOKIE)
    return render_template(
        "staff/devices.html", devices=list_counter_devices(db_session(),
                                                           principal=current_user.principal),
        this_device=hash_device_token(token) if token else None,
        device_form=_device_form(), form=ButtonForm())


@bp.post("/perangkat")
@login_required
def enroll_device():
    """Enroll this browser as a counter device of the unit: audited, cookie set."""
    require(current_user.principal, "devices", any_unit=True)
    form = _device_form()
    if not form.validate_on_submit():
        flash(gettext("Isian tidak valid."), "error")
        return redirect(url_for("staff.devices"))
    with unit_of_work() as db:
        _device, token = enroll_counter_device(db, principal=current_user.principal,
                                               unit_id=form.unit.data, name=form.name.data)
    flash(gettext("Perangkat ini terdaftar sebagai perangkat loket. Survei yang diisi di "
                  "perangkat ini dihitung dalam IKM unit."), "ok")
    response = redirect(url_for("staff.devices"))
    response.set_cookie(
        DEVICE_COOKIE, token, max_age=int(DEVICE_COOKIE_AGE.total_seconds()),
        path="/", httponly=True, samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.post("/perangkat/<int:device_id>/cabut")
@login_required
def revoke_device(device_id: int):
    """Revoke a counter device: audited; its surveys from now on no longer count."""
    if ButtonForm().validate_on_submit():
        with unit_of_work() as db:
            revoke_counter_device(db, principal=current_user.principal, device_id=device_id)
        flash(gettext("Perangkat dicabut. Survei dari perangkat itu tidak dihitung lagi."), "ok")
    else:
        flash(gettext("Isian tidak valid."), "error")
    return redirect(url_for("staff.devices"))
