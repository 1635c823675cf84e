"""The satisfaction survey (SKM) on the web: nine questions and the optional profile."""

import uuid

from flask import Blueprint, redirect, request, url_for
from flask_babel import get_locale, gettext
from wtforms import SelectChoice

from core.catalogue.categories import category_names
from core.catalogue.directory import list_services
from core.surveys.responses import record_survey_response
from layanan.database import db_session, unit_of_work
from web.pwa.forms import SurveyForm
from web.pwa.pages import refuse_stale_forms, render_page, signed_in_phone

bp = Blueprint("survey", __name__)
refuse_stale_forms(bp)
# The enrolled counter device's token (web/staff/devices.py sets it).
DEVICE_COOKIE = "layanan_loket"


@bp.route("/survei", methods=["GET", "POST"])
def survey():
    """One accessible form: the service used, nine answers with official labels, profile."""
    form = SurveyForm()
    lang = str(get_locale())
    categories = category_names(db_session(), lang)
    form.service_id.choices = [SelectChoice("", gettext("Pilih layanan"))] + [
        SelectChoice(str(s.id), f"{s.name(lang)} ({s.unit.name})",
                     optgroup=categories.get(s.category, s.category))
        for s in list_services(db_session())
    ]
    if request.method == "GET":
        form.service_id.data = request.args.get("layanan", "")
        form.client_key.data = str(uuid.uuid4())
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_page("pwa/survey.html", form=form, status=status,
                           signed_in=signed_in_phone() is not None)
    # A confirmed phone or an enrolled counter device makes the answer count
    # (docs/domain.md §3.6); without either it is kept, not counted.
    phone = signed_in_phone()
    with unit_of_work() as db:
        response = record_survey_response(
            db, answers=form.answers(), channel="web", phone=phone,
            device_token=request.cookies.get(DEVICE_COOKIE),
            client_key=form.client_key.data or None, service_id=int(form.service_id.data),
            sex=form.sex.data or None, age=form.age.data,
            education=form.education.data or None, occupation=form.occupation.data or None,
        )
        counted = response.counted
    return redirect(url_for("survey.thanks", dihitung=int(counted)), 303)


@bp.get("/survei/terima-kasih")
def thanks():
    """After the survey: thanks, whether the index counts the answer, where results appear."""
    return render_page("pwa/survey_thanks.html", counted=request.args.get("dihitung") == "1")
