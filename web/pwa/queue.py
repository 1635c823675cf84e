"""A place in a unit's queue on the web: today's number or a booked slot, and its page.

A signed-in citizen's number is tied to their phone, so the "your turn is
near" SMS reaches them; without signing in a number is still given, and the
page says no SMS will come. The number's page shows nothing personal.
"""

import uuid
from datetime import date, datetime

from flask import Blueprint, abort, redirect, url_for
from flask_babel import format_date, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import DataRequired

from core.catalogue.directory import list_units
from core.citizens.registry import citizen_for_phone
from core.errors import NotFound
from core.queueing import lookup
from core.queueing.numbers import (
    CALLED,
    NO_SHOW,
    SERVED,
    WAITING,
    QueueClosed,
    QueueFull,
    book_slot,
    take_number,
)
from layanan.database import db_session, unit_of_work
from web.extensions import limiter
from web.pwa.filing import FILINGS_PER_IP
from web.pwa.pages import refuse_stale_forms, render_page, signed_in_phone

bp = Blueprint("queue", __name__)
refuse_stale_forms(bp)
TODAY = "today"
STATE_LABELS = {WAITING: _l("Menunggu"), CALLED: _l("Dipanggil ke loket"),
                SERVED: _l("Sudah dilayani"), NO_SHOW: _l("Dilewati (tidak hadir)")}


class QueueForm(FlaskForm):
    """Today, or one of the free slots of the coming working days."""

    when = SelectField(_l("Kapan"), choices=[], validators=[DataRequired()],
                       validate_choice=False)
    client_key = HiddenField()


@bp.app_template_global()
def unit_queue_code(unit) -> str | None:
    """The code to send after ANTRE, when the unit's queue is on (the unit's page shows it)."""
    return lookup.unit_code(unit) if lookup.has_queue(db_session(), unit.id) else None


@bp.get("/antrean")
def units():
    """The units whose queue is on, each leading to its form."""
    return render_page("pwa/queue.html", units=lookup.queue_units(db_session()), unit=None)


@bp.route("/antrean/<int:unit_id>", methods=["GET", "POST"])
@limiter.limit(FILINGS_PER_IP, methods=["POST"])
def take(unit_id: int):
    """Take today's number or book a slot; a refusal offers the next free slot."""
    unit = _unit_with_queue(unit_id)
    form = QueueForm()
    form.when.choices = _choices(unit_id)
    if not form.client_key.data:
        form.client_key.data = str(uuid.uuid4())
    if not form.validate_on_submit():
        return _form(unit, form)
    try:
        number_id = _taken(unit_id, form)
    except ValueError:
        form.when.errors.append(gettext("Pilih salah satu pilihan."))
        return _form(unit, form, status=422)
    except (QueueClosed, QueueFull) as refusal:
        offer = getattr(refusal, "next_free", None) or lookup.first_free(db_session(), unit_id)
        if offer is not None:
            form.when.data = _slot_value(*offer)
        form.when.errors.append(gettext(refusal.message))
        form.client_key.data = str(uuid.uuid4())
        return _form(unit, form, status=422)
    return redirect(url_for("queue.number", number_id=number_id), 303)


def _form(unit, form, status=200):
    return render_page("pwa/queue.html", unit=unit, form=form, status=status, personal=True,
                       code=lookup.unit_code(unit), signed_in=signed_in_phone() is not None)


def _unit_with_queue(unit_id: int):
    found = next((unit for unit in list_units(db_session()) if unit.id == unit_id), None)
    if found is None or not lookup.has_queue(db_session(), unit_id):
        abort(404)
    return found


def _choices(unit_id: int) -> list:
    """Today first, then the free slots grouped by day."""
    db = db_session()
    choices = [SelectChoice(TODAY, gettext("Nomor untuk hari ini"))]
    for day in lookup.booking_days(db, unit_id):
        group = format_date(day, "full")
        choices += [SelectChoice(_slot_value(day, slot), slot.strftime("%H.%M"), optgroup=group)
                    for slot in lookup.free_slots(db, unit_id, day)]
    return choices


def _slot_value(day: date, slot) -> str:
    return f"{day.isoformat()}T{slot.strftime('%H:%M')}"


def _taken(unit_id: int, form) -> int:
    """The number taken or booked, tied to the signed-in citizen's phone if any."""
    phone = signed_in_phone()
    with unit_of_work() as db:
        citizen_id = citizen_for_phone(db, phone).id if phone else None
        common = {"unit_id": unit_id, "service_id": None, "citizen_id": citizen_id,
                  "channel": "web", "client_key": form.client_key.data or None}
        if form.when.data == TODAY:
            row = take_number(db, **common)
        else:
            moment = datetime.fromisoformat(form.when.data)
            row = book_slot(db, day=moment.date(), slot=moment.time(), **common)
        return row.id


@bp.get("/antrean/nomor/<int:number_id>")
def number(number_id: int):
    """A number, how many are ahead and where it stands: refresh to follow the queue."""
    try:
        shown = lookup.number_view(db_session(), number_id)
    except NotFound:
        abort(404)
    return render_page("pwa/queue_number.html", shown=shown, personal=True,
                       state=STATE_LABELS.get(shown.state, shown.state))
