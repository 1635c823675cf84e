"""/transparansi: how each unit performs, for everyone. Nothing personal, nothing rahasia.

The page reads the year's stored figures (a few rows): an anonymous visitor
never makes the server count a year of tickets. The tables built from them
are kept per year, language and weight until the figures or the follow-up
plans change (a refresh, a close, an action recorded or moved) or a minute
passes (a unit renamed in the catalogue).
"""

import time

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import get_locale, gettext
from markupsafe import Markup

from core.clock import local_date, now_utc
from core.publishing.transparency import COMPLAINT_RESOLUTION_DAYS, published_year
from core.statistics.figures import FIRST_YEAR, year_version
from core.surveys.follow_up import STATE_LABELS, UNSUR_NAMES, follow_up_version
from core.surveys.ikm import CONVERTED_SCALE, GRADES, WEIGHT_LABELS
from layanan.database import db_session
from layanan.numbers import whole_number

bp = Blueprint("transparency", __name__)
KEEP_SECONDS = 60
# (year, language, weight) -> (figures' version, monotonic time built, the tables' HTML).
_tables: dict[tuple, tuple[tuple, float, Markup]] = {}


@bp.get("/transparansi")
def transparency():
    """Per unit for a year: received, resolved, median days, share in time, IKM and grade,
    respondents against the sample target, and the SKM follow-up plan; per kecamatan where
    complaints happened: received, resolved, share in time."""
    this_year = local_date(now_utc()).year
    year = whole_number(request.args.get("tahun", "")) or this_year
    if not FIRST_YEAR <= year <= this_year:
        abort(404)
    return render_template("transparansi.html", tables=_year_tables(year), year=year,
                           years=range(this_year, FIRST_YEAR - 1, -1),
                           complaint_days=COMPLAINT_RESOLUTION_DAYS, ikm_scale=CONVERTED_SCALE)


def _year_tables(year: int) -> Markup:
    """The year's tables, built again only when its figures changed or a minute passed."""
    weight = current_app.config["IKM_WEIGHT"]
    key = (year, str(get_locale()), weight)
    version = (year_version(db_session(), year), follow_up_version(db_session(), year))
    kept = _tables.get(key)
    if kept and kept[0] == version and time.monotonic() - kept[1] < KEEP_SECONDS:
        return kept[2]
    published = published_year(db_session(), year=year, weight=weight)
    tables = Markup(render_template(  # noqa: S704 (a template's autoescaped output)
        "_transparansi_tables.html", figures=published.units, places=published.places,
        refreshed_at=published.refreshed_at, year=year, follow_ups=published.follow_ups,
        weight_label=WEIGHT_LABELS[weight],
        # Labels translated once, not once per unit or action.
        kinerja={label: gettext(label) for _low, _grade, label in GRADES},
        unsur_names={code: gettext(name) for code, name in UNSUR_NAMES.items()},
        states={code: gettext(label) for code, label in STATE_LABELS.items()}))
    _tables[key] = (version, time.monotonic(), tables)
    return tables
