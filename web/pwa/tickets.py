"""Tickets as the citizen sees them: track by number, the ticket page, reply and rating."""

from contextlib import suppress

from flask import Blueprint, make_response, redirect, request, session, url_for
from flask_babel import get_locale, gettext
from flask_wtf import FlaskForm

from core.catalogue.categories import COMPLAINT_TYPE_LABELS, category_names
from core.clock import LOCAL_TZ, local_date, now_utc
from core.errors import DomainError, MistypedTicketNumber, TicketNotFound, TransitionNotAllowed
from core.models.tickets import COMPLETED, REJECTED
from core.tickets.attachments import get_ticket_photo, list_ticket_photos
from core.tickets.feedback import (
    RATINGS,
    NotTicketOwner,
    accept_ticket_result,
    can_accept,
    can_rate,
    can_respond,
    is_ticket_owner,
    rate_ticket_resolution,
    respond_to_ticket,
)
from core.tickets.filing import claim_ticket, find_ticket
from core.tickets.lifecycle import STATUS_TABLE, ticket_status_label
from core.tickets.numbers import LENGTH as TICKET_DIGITS
from core.tickets.numbers import grouped_ticket_number
from core.tickets.story import ESCALATION_CHANNELS, is_late, ticket_story
from layanan.database import db_session, unit_of_work
from web.errors import message_of
from web.extensions import limiter
from web.pwa.filing import UNCLAIMED
from web.pwa.forms import RatingForm, ReplyForm, TrackForm
from web.pwa.pages import refuse_stale_forms, render_page, signed_in_phone, wants_fragment
from web.pwa.standard_view import how_to_reach

bp = Blueprint("tickets", __name__)
refuse_stale_forms(bp)

# Per address, one budget for every page that looks a ticket up by its number:
# the number is what opens the page, so guessing numbers must be slow.
LOOKUPS_PER_IP = "30 per 10 minutes"


def _not_a_lookup() -> bool:
    """The track page without a number is only the form: it looks nothing up."""
    return request.endpoint == "tickets.track" and "nomor" not in request.args


lookup_limit = limiter.shared_limit(LOOKUPS_PER_IP, scope="ticket-lookup",
                                    exempt_when=_not_a_lookup)


class AcceptForm(FlaskForm):
    """The filer's "Sudah selesai, tutup": a button, its CSRF token the only field."""


@bp.app_template_filter("localtime")
def localtime(moment, pattern="%d/%m/%Y %H:%M"):
    """A stored UTC moment as the citizen's local (WIB) time."""
    return moment.astimezone(LOCAL_TZ).strftime(pattern) if moment else "-"


@bp.app_template_filter("grouped")
def grouped(number: str) -> str:
    """A ticket number in groups of three, as every channel shows it."""
    return grouped_ticket_number(number)


@bp.app_context_processor
def ticket_labels():
    """Each status's label, badge and next step, and the limits texts state, for ticket pages.

    `ticket_label` gives a ticket's own status label: an answered question
    reads "Selesai dijawab" where others read "Selesai".
    """
    return {"statuses": STATUS_TABLE, "ticket_digits": TICKET_DIGITS, "best_rating": max(RATINGS),
            "ticket_label": ticket_status_label}


@bp.get("/lacak")
@lookup_limit
def track():
    """Find a ticket by number: a typo is caught by the check digit, nothing personal shown."""
    form = TrackForm(request.args)
    if "nomor" not in request.args:
        form = TrackForm(formdata=None)
        return render_page("pwa/track.html", fragment="pwa/_track.html", track_form=form)
    found = None
    if form.validate():
        try:
            found = find_ticket(db_session(), number=form.nomor.data)
        except (MistypedTicketNumber, TicketNotFound) as error:
            form.nomor.errors.append(message_of(error))
    if found is not None and not wants_fragment():
        return redirect(url_for("tickets.ticket", number=found.number), 303)
    return render_page("pwa/track.html", fragment="pwa/_track.html", track_form=form,
                       found=found, status=200 if found else 422)


@bp.get("/tiket/<number>")
@lookup_limit
def ticket(number: str):
    """The ticket's timeline; its filer (signed in) also sees the details, replies and rates."""
    found = find_ticket(db_session(), number=number)
    owner = is_ticket_owner(found, signed_in_phone())
    return _ticket_page(found, owner)


@bp.post("/tiket/<number>/tanggapan")
@lookup_limit
def reply(number: str):
    """The filer answers an officer's follow-up."""
    found, phone = _owned_ticket(number)
    form = ReplyForm()
    return _filer_acts(found, form, "reply_form", form.note, lambda db: respond_to_ticket(
        db, ticket_id=found.id, phone=phone, note=form.note.data))


@bp.post("/tiket/<number>/selesai")
@lookup_limit
def accept(number: str):
    """The filer says the follow-up solved it: "Sudah selesai, tutup"."""
    found, phone = _owned_ticket(number)
    form = AcceptForm()
    if not form.validate():
        return _ticket_page(found, True, status=422)
    # Closed or reopened meanwhile: nothing to do, the page shows where it stands now.
    with suppress(TransitionNotAllowed), unit_of_work() as db:
        accept_ticket_result(db, ticket_id=found.id, phone=phone)
    return _back_to(found)


@bp.post("/tiket/<number>/nilai")
@lookup_limit
def rate(number: str):
    """The filer rates how the ticket was resolved."""
    found, phone = _owned_ticket(number)
    form = RatingForm()
    return _filer_acts(found, form, "rating_form", form.rating, lambda db: rate_ticket_resolution(
        db, ticket_id=found.id, phone=phone, rating=int(form.rating.data),
        comment=form.comment.data or ""))


@bp.post("/tiket/<number>/hubungkan")
@lookup_limit
def claim(number: str):
    """The device that filed a ticket without a proven phone gives it to the signed-in phone."""
    found = find_ticket(db_session(), number=number)
    phone = signed_in_phone()
    if not phone:
        return redirect(url_for("account.sign_in_page", next=request.path), 303)
    # Only the device that filed it may claim it: knowing a number is not enough.
    if found.number not in session.get(UNCLAIMED, []):
        raise NotTicketOwner(found.number)
    with unit_of_work() as db:
        claim_ticket(db, number=found.number, phone=phone)
    session[UNCLAIMED] = [n for n in session.get(UNCLAIMED, []) if n != found.number]
    return _back_to(found)


@bp.get("/tiket/<number>/foto/<int:photo_id>")
@lookup_limit
def photo(number: str, photo_id: int):
    """A photo of the ticket, for its filer only."""
    found, _phone = _owned_ticket(number)
    attachment = get_ticket_photo(db_session(), ticket_id=found.id, attachment_id=photo_id)
    response = make_response(attachment.data)
    response.mimetype = attachment.content_type
    response.headers["Cache-Control"] = "no-store, private"
    return response


@bp.errorhandler(429)
def too_many(_error):
    """Too many lookups from this address: say so in the visitor's language."""
    message = gettext("Terlalu banyak percobaan. Coba lagi beberapa menit lagi.")
    return render_page("error.html", message=message, status=429, personal=True)


def _ticket_page(found, owner, *, reply_form=None, rating_form=None, status=200):
    """Render the ticket page; details and forms only for its filer."""
    photos = list_ticket_photos(db_session(), ticket_id=found.id) if owner else []
    new = request.args.get("baru") == "1"
    claimable = found.citizen_id is None and found.number in session.get(UNCLAIMED, [])
    return render_page(
        "pwa/ticket.html", ticket=found, owner=owner, photos=photos, status=status, new=new,
        # The confirmation repeats what was sent, and a claim names the device's ticket:
        # neither may be kept in a cache another visitor of this phone could open.
        personal=owner or new or claimable, signed_in=signed_in_phone(), claimable=claimable,
        reply_form=(reply_form or ReplyForm()) if owner and can_respond(found) else None,
        accept_form=AcceptForm() if owner and can_accept(found) else None,
        rating_form=(rating_form or RatingForm()) if owner and can_rate(found) else None,
        **_story(found, owner),
    )


def _story(found, owner) -> dict:
    """The timeline, lateness, where to escalate and what the ticket is about, for its page."""
    late = is_late(found, local_date(now_utc()))
    escalate = owner and (late or found.status == REJECTED)
    return {
        "steps": ticket_story(db_session(), found, unit_names=owner),
        "late": late,
        "escalation": ESCALATION_CHANNELS if escalate else (),
        "reach": how_to_reach(found.unit) if escalate else None,
        "complaint_types": COMPLAINT_TYPE_LABELS,
        "categories": category_names(db_session(), str(get_locale())) if owner else {},
        "survey_url": (url_for("survey.survey", layanan=found.service_id or "")
                       if found.status == COMPLETED else None),
    }


def _owned_ticket(number: str):
    """The ticket and the signed-in phone when that phone filed it; anyone else is refused."""
    found = find_ticket(db_session(), number=number)
    phone = signed_in_phone()
    if not is_ticket_owner(found, phone):
        raise NotTicketOwner(found.number)
    return found, phone


def _filer_acts(found, form, form_name: str, field, act):
    """Validate the filer's form and do `act(db)` in one unit of work, then back to the
    ticket; on invalid input or a refusal, the ticket page again with the error (422)."""
    if form.validate():
        try:
            with unit_of_work() as db:
                act(db)
        except DomainError as error:
            field.errors.append(message_of(error))
        else:
            return _back_to(found)
    return _ticket_page(found, True, status=422, **{form_name: form})


def _back_to(found):
    """Back to the ticket's page (after a POST: 303, so a reload does not send it again)."""
    return redirect(url_for("tickets.ticket", number=found.number), 303)
