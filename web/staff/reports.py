"""SKM reports per unit or service and period, their CSV, and overdue tickets per officer."""

import csv
import io
from datetime import date

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from core.casework.queue import overdue_by_officer
from core.errors import InvalidInput
from core.staff.access import Principal, can, require
from core.staff.audit import record_audit
from core.surveys.ikm import WEIGHT_LABELS
from core.surveys.questionnaire import (
    EDUCATION,
    HIGHEST_ANSWER,
    LOWEST_ANSWER,
    OCCUPATIONS,
    SEXES,
    UNSUR,
)
from core.surveys.reports import (
    AGE_BANDS,
    build_report,
    quarter_of,
    report_subjects,
    set_unit_population,
)
from layanan.database import db_session, unit_of_work
from layanan.numbers import whole_number
from web.staff import bp
from web.staff.charts import unsur_chart
from web.staff.forms import ButtonForm, PopulationForm
from web.staff.queue import today

PROFILE_LABELS = {"sex": SEXES, "education": EDUCATION, "occupation": OCCUPATIONS,
                  "age": {code: code for code, _ in AGE_BANDS}}


def _report_from_args(principal: Principal):
    """Build the report the query asks for; the officer's own unit by default."""
    args = request.args
    period = quarter_of(today())
    try:
        start = date.fromisoformat(args["dari"]) if args.get("dari") else period.start
        end = date.fromisoformat(args["sampai"]) if args.get("sampai") else period.end
    except ValueError:
        raise InvalidInput("period") from None
    service_id = whole_number(args.get("service"))
    unit_id = whole_number(args.get("unit"))
    if service_id is None and unit_id is None:
        units, _services = report_subjects(db_session(), principal=principal)
        unit_id = principal.unit_id or (units[0].id if units else None)
    return build_report(db_session(), principal=principal, start=start, end=end,
                        unit_id=unit_id, service_id=service_id,
                        weight=current_app.config["IKM_WEIGHT"])


@bp.get("/laporan")
@login_required
def report():
    """The IKM of a unit or service: NRR per unsur as a chart and a table, breakdowns, trend."""
    principal = current_user.principal
    result = _report_from_args(principal)
    units, services = report_subjects(db_session(), principal=principal)
    chart = None
    if result.overall.n:
        chart = unsur_chart([u.code for u in UNSUR], [gettext(u.name) for u in UNSUR],
                            list(result.overall.nrr),
                            gettext("Nilai rata-rata per unsur (%(lowest)s-%(highest)s)",
                                    lowest=LOWEST_ANSWER, highest=HIGHEST_ANSWER))
    # The report is of a unit the officer sees, so the role alone decides.
    population_form = None
    if can(principal, "population"):
        population_form = PopulationForm(population=result.population or None)
    return render_template(
        "staff/report.html", report=result, chart=chart, unsur=UNSUR, units=units,
        lowest_answer=LOWEST_ANSWER, highest_answer=HIGHEST_ANSWER,
        services=services, profile_labels=PROFILE_LABELS, population_form=population_form,
        form=ButtonForm(), query=request.query_string.decode(), weight_labels=WEIGHT_LABELS,
    )


@bp.get("/laporan.csv")
@login_required
def report_csv():
    """The report as CSV rows: overall, per channel, per profile, trend. Audited."""
    result = _report_from_args(current_user.principal)
    with unit_of_work() as db:
        record_audit(db, officer_id=current_user.id, action="export_report",
                     target=f"unit:{result.unit.id}", detail=request.query_string.decode()[:500])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["bagian", "kelompok", "n", *(u.code for u in UNSUR), "ikm",
                     "ikm_konversi", "mutu", "kinerja"])
    rows = [("total", "", result.overall)]
    rows += [("kanal", key, item) for key, item in result.by_channel]
    for field, groups in result.by_profile.items():
        rows += [(field, key, item) for key, item in groups]
    rows += [("tren", f"{p.start.isoformat()}/{p.end.isoformat()}", item)
             for p, item in result.trend]
    for section, key, item in rows:
        nrr = list(item.nrr) or [""] * len(UNSUR)
        writer.writerow([section, key, item.n, *nrr, item.ikm or "", item.ikm_converted or "",
                         item.grade or "", item.kinerja or ""])
    # Kept apart from the index (docs/domain.md §3.6): only their number, per reason.
    for tally, count in result.uncounted.items():
        writer.writerow(["tidak_dihitung", tally, count, *[""] * (len(UNSUR) + 4)])
    subject = f"skm-{result.unit.slug}-{result.period.start}-{result.period.end}.csv"
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={subject}"})


@bp.post("/unit/<int:unit_id>/populasi")
@login_required
def population(unit_id: int):
    """Set the unit's service population, which sizes the Krejcie-Morgan sample target."""
    form = PopulationForm()
    if form.validate_on_submit():
        with unit_of_work() as db:
            set_unit_population(db, principal=current_user.principal, unit_id=unit_id,
                                population=form.population.data)
        flash(gettext("Jumlah pengguna layanan disimpan."), "ok")
    else:
        flash(gettext("Isian tidak valid."), "error")
    return redirect(url_for("staff.report", unit=unit_id))


@bp.get("/terlambat")
@login_required
def overdue():
    """Overdue open tickets per officer who last acted on them, for a head or an admin."""
    principal = current_user.principal
    unit_id = whole_number(request.args.get("unit"))
    if unit_id is None and not principal.all_units:
        unit_id = principal.unit_id
    require(principal, "overdue", unit_id, any_unit=unit_id is None)
    rows = overdue_by_officer(db_session(), today=today(), unit_id=unit_id)
    units, _services = report_subjects(db_session(), principal=principal)
    return render_template("staff/overdue.html", rows=rows, unit_id=unit_id, units=units,
                           form=ButtonForm())
