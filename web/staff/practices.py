"""Best practices in the back office: publish for a unit, record another unit's adoption."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from core.catalogue.directory import list_units
from core.errors import InvalidInput
from core.publishing.practices import adopt_unit_practice, list_practices, publish_unit_practice
from core.staff.access import can, require
from core.tickets.attachments import ImageTooLarge, InvalidImage, clean_image
from layanan.database import db_session, unit_of_work
from web.errors import message_of
from web.staff import bp
from web.staff.forms import AdoptForm, ButtonForm, PracticeForm

# Refusals the officer fixes in the form; a unit out of reach has its own page.
PUBLISH_REFUSED = (InvalidInput, InvalidImage, ImageTooLarge)


def _own_units():
    """Units the officer may act for: every unit for an admin, else their own."""
    principal = current_user.principal
    return [(u.id, u.name) for u in list_units(db_session())
            if principal.role == "admin" or u.id == principal.unit_id]


@bp.get("/praktik-baik")
@login_required
def practices():
    """Published practices with their adoption counts, and adoption forms for other units."""
    principal = current_user.principal
    adopt_form = None
    if can(principal, "adopt"):
        adopt_form = AdoptForm()
        adopt_form.unit.choices = _own_units()
    return render_template("staff/practices.html",
                           practices=list_practices(db_session(), limit=100),
                           adopt_form=adopt_form, can_publish=can(principal, "publish"),
                           form=ButtonForm())


@bp.route("/praktik-baik/baru", methods=["GET", "POST"])
@login_required
def publish():
    """Publish a practice in the name of a unit, with an optional photo."""
    require(current_user.principal, "publish", any_unit=True)
    form = PracticeForm()
    form.unit.choices = _own_units()
    status = 200
    if form.validate_on_submit():
        try:
            practice = _publish(form)
        except PUBLISH_REFUSED as error:
            flash(message_of(error), "error")
            status = 400
        else:
            flash(gettext("Praktik baik diterbitkan."), "ok")
            return redirect(url_for("practices.detail", practice_id=practice.id))
    elif form.errors:
        status = 400
    return render_template("staff/publish.html", practice_form=form, form=ButtonForm()), status


def _publish(form):
    """Publish the form's practice, its photo re-encoded, in one unit of work."""
    image = None
    upload = request.files.get(form.image.name)
    if upload and upload.filename:
        image = clean_image(upload.read())
    with unit_of_work() as db:
        practice = publish_unit_practice(
            db, principal=current_user.principal, unit_id=form.unit.data,
            title=form.title.data, summary=form.summary.data, body=form.body.data,
            tags=form.tags.data or "", image=image.data if image else None,
            image_type=image.content_type if image else None,
        )
    return practice


@bp.post("/praktik-baik/<int:practice_id>/adopsi")
@login_required
def adopt(practice_id: int):
    """Record that a unit adopted the practice (once per unit; not the publishing unit)."""
    form = AdoptForm()
    form.unit.choices = _own_units()
    if form.validate_on_submit():
        try:
            with unit_of_work() as db:
                adopt_unit_practice(db, principal=current_user.principal,
                                    practice_id=practice_id, unit_id=form.unit.data,
                                    note=form.note.data or "")
        except InvalidInput as error:
            flash(message_of(error), "error")
        else:
            flash(gettext("Adopsi dicatat."), "ok")
    else:
        require(current_user.principal, "adopt", any_unit=True)
        flash(gettext("Isian tidak valid."), "error")
    return redirect(url_for("staff.practices"))
