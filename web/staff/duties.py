"""The scheduled duties (administrators and auditors): how each last ran, and "run now"."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from core.duties.overview import list_duties, run_duty_now
from core.duties.schedule import DUTIES
from core.errors import NotFound
from core.staff.access import can
from layanan.database import unit_of_work
from web.staff import bp
from web.staff.forms import ButtonForm


@bp.get("/tugas")
@login_required
def duties():
    """Each duty: last run, outcome, result, last success, next run, failures in a row."""
    principal = current_user.principal
    with unit_of_work() as db:
        views = list_duties(db, principal=principal)
    return render_template("staff/duties.html", duties=views, form=ButtonForm(),
                           may_run=can(principal, "duties_run"))


@bp.post("/tugas/<name>/jalankan")
@login_required
def duty_run_now(name: str):
    """Make the duty due now; the scheduler picks it up at its next pass."""
    if name not in DUTIES:
        raise NotFound("duty")
    if ButtonForm().validate_on_submit():
        with unit_of_work() as db:
            run_duty_now(db, principal=current_user.principal, name=name)
        flash(gettext("Tugas akan dijalankan pada putaran penjadwal berikutnya."), "ok")
    return redirect(url_for("staff.duties"))
