"""Paper SKM: print numbered questionnaires for a unit, and enter the filled sheets in batches.

Who manages the unit's counter devices prints and enters (a unit head for
their unit, an administrator for any): paper sheets count in the unit's
index the same way (docs/domain.md §3.6). The rules live in
core/surveys/paper.py; this module only reads the request and shows pages.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from core.surveys.paper import (
    MAX_PRINT,
    MAX_SHEET_NUMBER,
    PROFILE_CODES,
    BadSheets,
    enter_paper_batch,
    paper_unit,
    print_serials,
)
from core.surveys.questionnaire import EDUCATION, OCCUPATIONS, SEXES, UNSUR
from layanan.database import db_session, unit_of_work
from layanan.numbers import whole_number
from web.staff import bp
from web.staff.queue import today

DEFAULT_PRINT = 20
PROFILE_LABELS = {"sex": SEXES, "education": EDUCATION, "occupation": OCCUPATIONS}


class PaperBatchForm(FlaskForm):
    """The filled sheets, one per line."""

    lines = TextAreaField(_l("Lembar yang diisi (satu lembar per baris)"),
                          render_kw={"rows": 12, "autofocus": True, "spellcheck": "false",
                                     "autocomplete": "off", "autocapitalize": "characters"})


def _number(name: str, default: int, largest: int) -> int:
    """A whole number from the query string within 1..largest, else the default."""
    number = whole_number(request.args.get(name), largest=largest)
    return number if number else default


def code_table() -> dict[str, list[tuple[str, str]]]:
    """The profile codes per field, each with the answer it stands for."""
    table: dict[str, list[tuple[str, str]]] = {name: [] for name in PROFILE_LABELS}
    for code, (name, value) in PROFILE_CODES.items():
        table[name].append((code, PROFILE_LABELS[name][value]))
    return table


@bp.get("/unit/<int:unit_id>/skm-kertas")
@login_required
def paper_questionnaire(unit_id: int):
    """N numbered questionnaires for the unit, one per A4 page, ready to print."""
    unit = paper_unit(db_session(), principal=current_user.principal, unit_id=unit_id)
    year = today().year
    serials = print_serials(unit.id, year, _number("jumlah", DEFAULT_PRINT, MAX_PRINT),
                            _number("mulai", 1, MAX_SHEET_NUMBER))
    return render_template("staff/paper_questionnaire.html", unit=unit, serials=serials,
                           unsur=UNSUR, codes=code_table(), year=year)


@bp.get("/unit/<int:unit_id>/skm-kertas/isi")
@login_required
def paper_surveys(unit_id: int):
    """The batch entry form for the unit's filled sheets, with the code table."""
    unit = paper_unit(db_session(), principal=current_user.principal, unit_id=unit_id)
    return _entry_page(unit, PaperBatchForm())


def _entry_page(unit, form, problems=(), status: int = 200):
    """The entry page; problems are the bad lines of a refused batch, in the officer's language."""
    messages = [(p.line, gettext(p.message, **p.params)) for p in problems]
    return render_template("staff/paper_surveys.html", unit=unit, form=form, problems=messages,
                           unsur=UNSUR, codes=code_table(),
                           example=print_serials(unit.id, today().year, 1, 1)[0]), status


@bp.post("/unit/<int:unit_id>/skm-kertas/isi")
@login_required
def enter_paper_surveys(unit_id: int):
    """Store the batch when every line is right; otherwise show each bad line, store nothing."""
    unit = paper_unit(db_session(), principal=current_user.principal, unit_id=unit_id)
    form = PaperBatchForm()
    if not form.validate_on_submit():
        flash(gettext("Isian tidak valid."), "error")
        return _entry_page(unit, form, status=400)
    try:
        with unit_of_work() as db:
            stored = len(enter_paper_batch(db, principal=current_user.principal,
                                           unit_id=unit_id, text=form.lines.data or ""))
    except BadSheets as refused:
        flash(gettext(BadSheets.message), "error")
        return _entry_page(unit, form, refused.problems, status=422)
    flash(ngettext("%(num)s lembar disimpan dan dihitung dalam IKM unit.",
                   "%(num)s lembar disimpan dan dihitung dalam IKM unit.", stored), "ok")
    return redirect(url_for("staff.paper_surveys", unit_id=unit_id))
