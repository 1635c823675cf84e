"""The SKM follow-up plan of a unit (rencana tindak lanjut): read, record an action, move it.

The unit head records what the unit will do about its weakest unsur and moves
each action on as it gets done; an administrator may do so for every unit;
auditors read. The plan is published on /transparansi (docs/domain.md §3.7).
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from core.models.surveys import FOLLOW_UP_STATES
from core.staff.access import can
from core.surveys.follow_up import (
    MAX_ACTION,
    MAX_OWNER,
    STATE_LABELS,
    UNSUR_CODES,
    UNSUR_NAMES,
    record_follow_up,
    set_follow_up_state,
    unit_follow_ups,
    weakest_unsur,
)
from layanan.database import db_session, unit_of_work
from layanan.numbers import whole_number
from web.staff import bp
from web.staff.queue import today


class FollowUpForm(FlaskForm):
    """One action of the plan: the unsur it improves, what, who, by when."""

    unsur = SelectField(_l("Unsur yang diperbaiki"), choices=[])
    action = TextAreaField(_l("Tindakan"), validators=[DataRequired(), Length(max=MAX_ACTION)],
                           render_kw={"maxlength": MAX_ACTION, "rows": 3})
    owner = StringField(_l("Penanggung jawab"), validators=[DataRequired(), Length(max=MAX_OWNER)],
                        description=_l("Jabatan atau nama, seperti yang diumumkan."),
                        render_kw={"maxlength": MAX_OWNER})
    deadline = DateField(_l("Batas waktu"), validators=[DataRequired()])


class FollowUpStateForm(FlaskForm):
    """Move one action to another state; prefixed per action, so the page's ids stay unique."""

    state = SelectField(_l("Status"), choices=[])


def _unsur_form(**kwargs) -> FollowUpForm:
    """The new-action form with the nine unsur offered by code and name."""
    form = FollowUpForm(**kwargs)
    form.unsur.choices = [(code, f"{code} {gettext(UNSUR_NAMES[code])}") for code in UNSUR_CODES]
    return form


def _state_form(follow_up_id: int, state: str | None = None) -> FollowUpStateForm:
    """The state form of one action."""
    form = FollowUpStateForm(prefix=f"a{follow_up_id}", state=state)
    form.state.choices = [(code, gettext(STATE_LABELS[code])) for code in FOLLOW_UP_STATES]
    return form


def _year() -> int:
    """The plan's year: ?tahun=, else this year."""
    year = whole_number(request.values.get("tahun"))
    return year if year and 2000 <= year <= 2100 else today().year


@bp.get("/unit/<int:unit_id>/tindak-lanjut")
@login_required
def follow_ups(unit_id: int):
    """The unit's plan for a year; the forms when the officer may change it."""
    principal, year = current_user.principal, _year()
    unit, items = unit_follow_ups(db_session(), principal=principal, unit_id=unit_id, year=year)
    form = state_forms = suggested = None
    if can(principal, "publish"):
        suggested = weakest_unsur(db_session(), unit_id=unit.id, year=year,
                                  weight=current_app.config["IKM_WEIGHT"])
        form = _unsur_form(unsur=suggested)
        state_forms = {item.id: _state_form(item.id, item.state) for item in items}
    return render_template(
        "staff/follow_ups.html", unit=unit, year=year, items=items, form=form,
        state_forms=state_forms, suggested=suggested, unsur_names=UNSUR_NAMES,
        states=STATE_LABELS, years=range(today().year + 1, today().year - 4, -1))


@bp.post("/unit/<int:unit_id>/tindak-lanjut")
@login_required
def add_follow_up(unit_id: int):
    """Record a new action of the unit's plan for the year (audited)."""
    year, form = _year(), _unsur_form()
    if form.validate_on_submit():
        with unit_of_work() as db:
            record_follow_up(db, principal=current_user.principal, unit_id=unit_id, year=year,
                             unsur=form.unsur.data, action=form.action.data,
                             owner=form.owner.data, deadline=form.deadline.data)
        flash(gettext("Tindakan dicatat dan diumumkan di halaman transparansi."), "ok")
    else:
        flash(gettext("Isian tidak valid."), "error")
    return redirect(url_for("staff.follow_ups", unit_id=unit_id, tahun=year))


@bp.post("/tindak-lanjut/<int:follow_up_id>/status")
@login_required
def follow_up_state(follow_up_id: int):
    """Move an action of a plan to another state (audited)."""
    form = _state_form(follow_up_id)
    if not form.validate_on_submit():
        flash(gettext("Isian tidak valid."), "error")
        return redirect(url_for("staff.report"))
    with unit_of_work() as db:
        item = set_follow_up_state(db, principal=current_user.principal,
                                   follow_up_id=follow_up_id, state=form.state.data)
        unit_id, year = item.unit_id, item.year
    flash(gettext("Status tindakan disimpan."), "ok")
    return redirect(url_for("staff.follow_ups", unit_id=unit_id, tahun=year))
