"""The counter's queue in the back office: today's list, call the next number, settings.

An officer of the unit calls numbers in order, marks a no-show, or gives a
number to a citizen at the counter who has none. A unit head (or an
administrator) sets the unit's queue. The rules live in core/queueing/ and
core/staff/queue_desk.py; this module only reads the request and shows pages.
"""

from datetime import time

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TimeField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from core.catalogue.directory import list_units
from core.queueing.numbers import QueueClosed, QueueFull
from core.staff.access import can_see_unit
from core.staff.queue_desk import (
    MAX_CAPACITY,
    MAX_NEAR_WHEN_AHEAD,
    SLOT_MINUTES,
    SettingValues,
    desk_board,
    desk_call_next,
    desk_no_show,
    desk_walk_in,
    queue_settings,
    save_queue_setting,
)
from core.statistics.counter import counter_figures
from layanan.database import db_session, unit_of_work
from layanan.numbers import WholeNumberField, whole_number
from web.staff import bp
from web.staff.forms import ButtonForm
from web.staff.queue import today


class QueueSettingForm(FlaskForm):
    """The queue of the unit, or of one of its services."""

    service = SelectField(_l("Berlaku untuk"), coerce=int, choices=[])
    enabled = BooleanField(_l("Antrean dibuka"))
    # The defaults are the model's, shown on a unit's first setting.
    daily_capacity = WholeNumberField(_l("Kuota per hari"), default=50, validators=[
        InputRequired(), NumberRange(min=1, max=MAX_CAPACITY)])
    slot_minutes = WholeNumberField(_l("Lama satu slot (menit)"), default=15, validators=[
        InputRequired(), NumberRange(min=SLOT_MINUTES[0], max=SLOT_MINUTES[1])])
    opens_at = TimeField(_l("Buka"), default=time(7, 30), validators=[InputRequired()])
    closes_at = TimeField(_l("Tutup"), default=time(15), validators=[InputRequired()])
    near_when_ahead = WholeNumberField(
        _l("SMS \"giliran hampir tiba\" saat tersisa (nomor di depan)"),
        default=3, validators=[InputRequired(), NumberRange(min=0, max=MAX_NEAR_WHEN_AHEAD)])

    def validate_closes_at(self, field):
        """The queue closes after it opens."""
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(gettext("Jam tutup harus sesudah jam buka."))


def _counter_unit() -> int:
    """The unit whose counter the page shows: ?unit= if the officer sees it, else their own."""
    principal = current_user.principal
    asked = whole_number(request.args.get("unit"))
    if asked is not None and can_see_unit(principal, asked):
        return asked
    if principal.unit_id is not None:
        return principal.unit_id
    units = list_units(db_session())
    return units[0].id if units else 0


@bp.get("/antrean-loket")
@login_required
def queue_counter():
    """Today's numbers of the unit in calling order, and the counter's buttons."""
    principal = current_user.principal
    unit_id = _counter_unit()
    board = desk_board(db_session(), principal=principal, unit_id=unit_id)
    units = [u for u in list_units(db_session()) if can_see_unit(principal, u.id)]
    return render_template("staff/queue_counter.html", board=board, unit_id=unit_id,
                           units=units, form=ButtonForm())


@bp.post("/antrean-loket/<int:unit_id>/panggil")
@login_required
def queue_call_next(unit_id: int):
    """Call the next number; the one at the counter before is served."""
    if ButtonForm().validate_on_submit():
        with unit_of_work() as db:
            called = desk_call_next(db, principal=current_user.principal, unit_id=unit_id)
            shown = called.number if called else None
        flash(gettext("Nomor %(number)s dipanggil.", number=shown) if shown
              else gettext("Tidak ada nomor yang menunggu."), "ok")
    else:
        flash(gettext("Isian tidak valid."), "error")
    return redirect(url_for("staff.queue_counter", unit=unit_id))


@bp.post("/antrean-loket/<int:unit_id>/<int:number_id>/tidak-hadir")
@login_required
def queue_no_show(unit_id: int, number_id: int):
    """The citizen of this number did not come: skipped."""
    if ButtonForm().validate_on_submit():
        with unit_of_work() as db:
            row = desk_no_show(db, principal=current_user.principal, unit_id=unit_id,
                               number_id=number_id)
            shown = row.number
        flash(gettext("Nomor %(number)s ditandai tidak hadir.", number=shown), "ok")
    else:
        flash(gettext("Isian tidak valid."), "error")
    return redirect(url_for("staff.queue_counter", unit=unit_id))


@bp.post("/antrean-loket/<int:unit_id>/tanpa-nomor")
@login_required
def queue_walk_in(unit_id: int):
    """A number for a citizen at the counter without a phone: they join the line."""
    if not ButtonForm().validate_on_submit():
        flash(gettext("Isian tidak valid."), "error")
        return redirect(url_for("staff.queue_counter", unit=unit_id))
    try:
        with unit_of_work() as db:
            row = desk_walk_in(db, principal=current_user.principal, unit_id=unit_id)
            shown = row.number
    except (QueueClosed, QueueFull) as refused:
        flash(gettext(refused.message), "error")
    else:
        flash(gettext("Nomor %(number)s untuk warga di loket. Tuliskan nomor ini untuknya.",
                      number=shown), "ok")
    return redirect(url_for("staff.queue_counter", unit=unit_id))


def _setting_form(services, formdata=None, setting=None) -> QueueSettingForm:
    """The settings form, offering the unit as a whole and each of its services."""
    form = QueueSettingForm(formdata=formdata, obj=setting)
    language = str(get_locale())
    form.service.choices = [(0, gettext("Seluruh unit"))] + [
        (service.id, service.name(language)) for service in services]
    if setting is not None and formdata is None:
        form.service.data = setting.service_id or 0
    return form


@bp.get("/unit/<int:unit_id>/antrean")
@login_required
def queue_settings_page(unit_id: int):
    """The unit's queue settings as a table, and the form to change or add one."""
    unit, settings, services = queue_settings(db_session(), principal=current_user.principal,
                                              unit_id=unit_id)
    # One form, filled with the unit's own setting when there is one (it sorts first).
    first = settings[0] if settings and settings[0].service_id is None else None
    return render_template("staff/queue_settings.html", unit=unit, settings=settings,
                           form=_setting_form(services, setting=first))


@bp.post("/unit/<int:unit_id>/antrean")
@login_required
def save_queue_settings(unit_id: int):
    """Save one setting of the unit's queue: checked, audited."""
    principal = current_user.principal
    _unit, _settings, services = queue_settings(db_session(), principal=principal,
                                                unit_id=unit_id)
    form = _setting_form(services, formdata=request.form)
    if not form.validate_on_submit():
        # The fields at fault by their labels, in the officer's language (WTForms' own
        # messages are English); the closing-time check says its own.
        wrong = [str(field.label.text) for field in form if field.errors]
        flash(gettext("Isian tidak valid.") + " " + ", ".join(wrong), "error")
        return redirect(url_for("staff.queue_settings_page", unit_id=unit_id))
    values = SettingValues(
        service_id=form.service.data or None, enabled=form.enabled.data,
        daily_capacity=form.daily_capacity.data, slot_minutes=form.slot_minutes.data,
        opens_at=form.opens_at.data, closes_at=form.closes_at.data,
        near_when_ahead=form.near_when_ahead.data)
    with unit_of_work() as db:
        save_queue_setting(db, principal=principal, unit_id=unit_id, values=values)
    flash(gettext("Pengaturan antrean disimpan."), "ok")
    return redirect(url_for("staff.queue_settings_page", unit_id=unit_id))


@bp.app_template_global("counter_figures")
def report_counter_figures(unit_id: int, start, end):
    """The counter's figures for the report page (the report checked the unit first)."""
    return counter_figures(db_session(), principal=current_user.principal, unit_id=unit_id,
                           start=start, end=end, today=today())
