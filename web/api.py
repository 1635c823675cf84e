"""The public JSON API: units and their satisfaction index. No personal data is served."""

from datetime import date

from flask import Blueprint, current_app, jsonify, request

from core.catalogue.directory import get_unit, list_units
from core.statistics.figures import unit_ikm
from core.surveys.questionnaire import UNSUR
from core.surveys.reports import MAX_SPAN_DAYS
from layanan.database import db_session
from layanan.numbers import whole_number

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class BadRequest(Exception):
    """A query argument the API cannot use; becomes a 400 JSON error."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@bp.errorhandler(BadRequest)
def bad_request(error: BadRequest):
    """A clear 400: which argument, and what is expected."""
    return jsonify(error={"field": error.field, "message": error.message}), 400


@bp.after_request
def open_data(response):
    """Open data: any site may read it (no cookies are involved)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/units")
def units():
    """Every unit: id, name and agency."""
    return jsonify(units=[{"id": u.id, "name": u.name, "agency": u.agency.name}
                          for u in list_units(db_session())])


@bp.get("/ikm")
def ikm():
    """IKM of a unit for a period: n, nrr (nine values), ikm, ikm_converted, grade, kinerja.

    Exactly compute_ikm's answer, read from the stored days and the few days since the
    last refresh (core/statistics/figures.py), so its cost does not grow with the responses.
    """
    unit_id = _unit_arg()
    start, end = _date_arg("from"), _date_arg("to")
    if end < start:
        raise BadRequest("to", "'to' must not be before 'from'")
    if (end - start).days > MAX_SPAN_DAYS:
        raise BadRequest("to", f"the period may span at most {MAX_SPAN_DAYS} days")
    unit = get_unit(db_session(), unit_id=unit_id)
    report = unit_ikm(db_session(), start=start, end=end, unit_id=unit.id,
                      weight=current_app.config["IKM_WEIGHT"])
    return jsonify(
        unit=unit.id, **{"from": start.isoformat(), "to": end.isoformat()},
        weight=current_app.config["IKM_WEIGHT"], n=report.n,
        nrr=[float(v) for v in report.nrr] if report.n else [None] * len(UNSUR),
        ikm=_number(report.ikm), ikm_converted=_number(report.ikm_converted),
        grade=report.grade, kinerja=report.kinerja,
    )


def _unit_arg() -> int:
    raw = request.args.get("unit", "").strip()
    if not raw:
        raise BadRequest("unit", "'unit' is required: a unit id from /api/v1/units")
    unit_id = whole_number(raw)
    if unit_id is None:
        raise BadRequest("unit", "'unit' must be a whole number (a unit id)")
    return unit_id


def _date_arg(name: str) -> date:
    raw = request.args.get(name, "").strip()
    if not raw:
        raise BadRequest(name, f"'{name}' is required, as YYYY-MM-DD")
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(name, f"'{name}' must be a date as YYYY-MM-DD") from None


def _number(value) -> float | None:
    return float(value) if value is not None else None
