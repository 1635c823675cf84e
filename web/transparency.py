"""/transparansi: how each unit performs, for everyone. Nothing personal, nothing rahasia."""

from datetime import date

from flask import Blueprint, abort, current_app, render_template, request

from core.clock import local_date, now_utc
from core.publishing.transparency import (
    COMPLAINT_RESOLUTION_DAYS,
    kecamatan_performance,
    unit_performance,
)
from core.surveys.ikm import CONVERTED_SCALE
from layanan.database import db_session
from layanan.numbers import whole_number

bp = Blueprint("transparency", __name__)
FIRST_YEAR = 2020


@bp.get("/transparansi")
def transparency():
    """Per unit for a year: received, resolved, median days, share in time, IKM and grade;
    per kecamatan where complaints happened: received, resolved, share in time."""
    this_year = local_date(now_utc()).year
    year = whole_number(request.args.get("tahun", "")) or this_year
    if not FIRST_YEAR <= year <= this_year:
        abort(404)
    db, start, end = db_session(), date(year, 1, 1), date(year, 12, 31)
    figures = unit_performance(db, start=start, end=end, weight=current_app.config["IKM_WEIGHT"])
    places = kecamatan_performance(db, start=start, end=end)
    return render_template("transparansi.html", figures=figures, places=places, year=year,
                           years=range(this_year, FIRST_YEAR - 1, -1),
                           complaint_days=COMPLAINT_RESOLUTION_DAYS, ikm_scale=CONVERTED_SCALE)
