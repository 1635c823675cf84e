"""Accounts (administrators) and the audit trail (administrators and auditors)."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from core.catalogue.directory import list_units
from core.errors import DomainError, InvalidInput, InvalidPhoneNumber
from core.phones import mask_phone
from core.staff.access import require
from core.staff.accounts import (
    create_account,
    list_officers,
    set_account_active,
    set_account_phone,
)
from core.staff.audit import list_audit_entries
from layanan.database import db_session, unit_of_work
from layanan.numbers import whole_number
from web.errors import message_of
from web.staff import bp
from web.staff.forms import AccountForm, ButtonForm, PhoneForm

AUDIT_PAGE = 50


@bp.route("/akun", methods=["GET", "POST"])
@login_required
def accounts():
    """Every account, and a form to create one."""
    db = db_session()
    principal = current_user.principal
    require(principal, "accounts", any_unit=True)
    form = AccountForm()
    form.unit.choices = [(0, "-")] + [(u.id, u.name) for u in list_units(db)]
    status = 200
    if form.validate_on_submit():
        try:
            with unit_of_work() as db:
                create_account(db, principal=principal, email=form.email.data,
                               name=form.name.data, password=form.password.data,
                               role=form.role.data, unit_id=form.unit.data or None,
                               allow_demo=current_app.config["DEMO"], phone=form.phone.data)
        except InvalidPhoneNumber as error:
            form.phone.errors.append(message_of(error))
            status = 400
        except DomainError as error:
            flash(message_of(error), "error")
            status = 400
        else:
            flash(gettext("Akun dibuat."), "ok")
            return redirect(url_for("staff.accounts"))
    elif form.errors:
        status = 400
    return render_template("staff/accounts.html", officers=list_officers(db, principal=principal),
                           account_form=form, form=ButtonForm(), phone_form=PhoneForm(),
                           mask_phone=mask_phone), status


@bp.post("/akun/<int:officer_id>/<any(aktifkan, nonaktifkan):change>")
@login_required
def account_status(officer_id: int, change: str):
    """Deactivate or reactivate an account; a deactivated officer is signed out at once."""
    if ButtonForm().validate_on_submit():
        try:
            with unit_of_work() as db:
                set_account_active(db, principal=current_user.principal,
                                   officer_id=officer_id, active=change == "aktifkan")
        except InvalidInput as error:
            flash(message_of(error), "error")
    return redirect(url_for("staff.accounts"))


@bp.post("/akun/<int:officer_id>/telepon")
@login_required
def account_phone(officer_id: int):
    """Set or remove the phone an officer's daily digest of overdue tickets goes to."""
    form = PhoneForm()
    if form.validate_on_submit():
        try:
            with unit_of_work() as db:
                set_account_phone(db, principal=current_user.principal, officer_id=officer_id,
                                  phone=form.phone.data)
        except InvalidPhoneNumber as error:
            flash(message_of(error), "error")
        else:
            flash(gettext("Nomor HP disimpan.") if form.phone.data
                  else gettext("Nomor HP dihapus."), "ok")
    else:
        flash(gettext("Nomor HP tidak valid."), "error")
    return redirect(url_for("staff.accounts"))


@bp.get("/audit")
@login_required
def audit():
    """The audit trail, newest first, 50 entries a page (keyset by id)."""
    require(current_user.principal, "audit", any_unit=True)
    before = request.args.get("sebelum", "")
    entries = list_audit_entries(db_session(), before_id=whole_number(before),
                                 limit=AUDIT_PAGE)
    next_before = entries[-1][0].id if len(entries) == AUDIT_PAGE else None
    return render_template("staff/audit.html", entries=entries, next_before=next_before,
                           form=ButtonForm())
