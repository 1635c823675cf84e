"""One ticket: the citizen's text, photos, history, audit trail, and the officer's actions."""

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user, login_required

from core.casework.cases import act_on_case, get_case, get_case_attachment
from core.catalogue.categories import COMPLAINT_TYPE_LABELS, category_names
from core.errors import InvalidInput, TransitionNotAllowed
from core.i18n import N_
from core.staff.audit import audit_action_label, audit_detail_roles
from core.tickets.actions import MAX_NOTE
from core.tickets.lifecycle import (
    ACTIONS,
    OFFICER_ACTIONS,
    STATUS_TABLE,
    action_label,
    status_label,
    ticket_status_label,
)
from core.tickets.numbers import grouped_ticket_number
from layanan.database import db_session, unit_of_work
from web.staff import bp
from web.staff.forms import ActionForm, ButtonForm
from web.staff.queue import today

# Refusals the officer can fix on the ticket page; any other error has its own page.
ACTION_REFUSED = (InvalidInput, TransitionNotAllowed)
# What to tell the officer when a field of the action is missing or wrong.
FIELD_MESSAGES = {
    "note": N_("Tindakan ini memerlukan catatan (paling banyak %(max_note)s karakter)."),
    "to_unit_id": N_("Pilih unit tujuan yang lain dari unit sekarang."),
}


# Labels instead of codes on the back office's pages: statuses, actions, audit entries.
for _name, _label in (("ticket_label", ticket_status_label), ("status_label", status_label),
                      ("action_label", action_label), ("audit_label", audit_action_label),
                      ("audit_detail_roles", audit_detail_roles)):
    bp.add_app_template_global(_label, _name)


@bp.get("/tiket/<int:ticket_id>")
@login_required
def ticket(ticket_id: int):
    """The ticket page; an officer of another unit gets 404."""
    case = get_case(db_session(), principal=current_user.principal, ticket_id=ticket_id,
                    today=today())
    forms = {}
    for action in case.actions:
        form = ActionForm(prefix=action, action=action)
        form.to_unit.choices = [(u.id, u.name) for u in case.forward_units]
        forms[action] = form
    return render_template(
        "staff/ticket.html", case=case, forms=forms, rules=ACTIONS,
        statuses=STATUS_TABLE, max_note=MAX_NOTE,
        categories=category_names(db_session(), str(get_locale())),
        complaint_types=COMPLAINT_TYPE_LABELS, form=ButtonForm(),
    )


@bp.post("/tiket/<int:ticket_id>/tindakan/<action>")
@login_required
def act(ticket_id: int, action: str):
    """Take one action; the citizen is notified and the step lands in the history."""
    if action not in OFFICER_ACTIONS:
        abort(404)
    form = ActionForm(prefix=action)
    if not form.validate_on_submit() or form.action.data != action:
        flash(gettext("Formulir tidak valid atau kedaluwarsa. Coba lagi."), "error")
        return redirect(url_for("staff.ticket", ticket_id=ticket_id))
    try:
        with unit_of_work() as db:
            ticket = act_on_case(db, principal=current_user.principal, ticket_id=ticket_id,
                                 action=action, note=form.note.data or "",
                                 to_unit_id=form.to_unit.data if action == "forward" else None,
                                 anonymous=bool(form.anonymous.data),
                                 confidential=bool(form.confidential.data),
                                 survey_valid_days=current_app.config["SURVEY_VALID_DAYS"])
            number, unit = ticket.number, ticket.unit.name if ticket.unit else ""
    except ACTION_REFUSED as error:
        flash(gettext(FIELD_MESSAGES.get(error.detail, error.message), max_note=MAX_NOTE),
              "error")
        return redirect(url_for("staff.ticket", ticket_id=ticket_id))
    if action == "forward":
        # The ticket has left the unit (an officer of it may no longer open it): back
        # to the queue, saying where it went.
        flash(gettext("Tiket %(number)s diteruskan ke %(unit)s. Warga diberi tahu.",
                      number=grouped_ticket_number(number), unit=unit), "ok")
        return redirect(url_for("staff.queue"))
    flash(gettext("Tindakan dicatat dan warga diberi tahu."), "ok")
    return redirect(url_for("staff.ticket", ticket_id=ticket_id))


@bp.get("/tiket/<int:ticket_id>/lampiran/<int:attachment_id>")
@login_required
def attachment(ticket_id: int, attachment_id: int):
    """A ticket's photo, only for officers who may see the ticket."""
    image = get_case_attachment(db_session(), principal=current_user.principal,
                                ticket_id=ticket_id, attachment_id=attachment_id)
    response = Response(image.data, mimetype=image.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response
