"""Tickets as the citizen sees them: track by number, the ticket page, reply and rating."""

from flask import Blueprint, make_response, redirect, request, session, url_for
from flask_babel import gettext

from core.clock import LOCAL_TZ
from core.errors import DomainError, MistypedTicketNumber, TicketNotFound
from core.tickets.attachments import get_ticket_photo, list_ticket_photos
from core.tickets.feedback import (
    RATINGS,
    NotTicketOwner,
    can_rate,
    can_respond,
    is_ticket_owner,
    rate_ticket_resolution,
    respond_to_ticket,
)
from core.tickets.filing import claim_ticket, find_ticket
from core.tickets.lifecycle import STATUS_TABLE
from core.tickets.numbers import LENGTH as TICKET_DIGITS
from core.tickets.numbers import grouped_ticket_number
from layanan.database import db_session, unit_of_work
from web.errors import message_of
from web.extensions import limiter
from web.pwa.filing import UNCLAIMED
from web.pwa.forms import RatingForm, ReplyForm, TrackForm
from web.pwa.pages import refuse_stale_forms, render_page, signed_in_phone, wants_fragment

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
    """Each status's label, badge and next step, and the limits texts state, for ticket pages."""
    return {"statuses": STATUS_TABLE, "ticket_digits": TICKET_DIGITS, "best_rating": max(RATINGS)}


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
    found = find_ticket(db_session(), number=number)
    phone = _owner_phone(found)
    form = ReplyForm()
    if not form.validate():
        return _ticket_page(found, True, reply_form=form, status=422)
    try:
        with unit_of_work() as db:
            respond_to_ticket(db, ticket_id=found.id, phone=phone, note=form.note.data)
    except DomainError as error:
        form.note.errors.append(message_of(error))
        return _ticket_page(found, True, reply_form=form, status=422)
    return redirect(url_for("tickets.ticket", number=found.number), 303)


@bp.post("/tiket/<number>/nilai")
@lookup_limit
def rate(number: str):
    """The filer rates how the ticket was resolved."""
    found = find_ticket(db_session(), number=number)
    phone = _owner_phone(found)
    form = RatingForm()
    if not form.validate():
        return _ticket_page(found, True, rating_form=form, status=422)
    try:
        with unit_of_work() as db:
            rate_ticket_resolution(db, ticket_id=found.id, phone=phone,
                                   rating=int(form.rating.data), comment=form.comment.data or "")
    except DomainError as error:
        form.rating.errors.append(message_of(error))
        return _ticket_page(found, True, rating_form=form, status=422)
    return redirect(url_for("tickets.ticket", number=found.number), 303)


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
    return redirect(url_for("tickets.ticket", number=found.number), 303)


@bp.get("/tiket/<number>/foto/<int:photo_id>")
@lookup_limit
def photo(number: str, photo_id: int):
    """A photo of the ticket, for its filer only."""
    found = find_ticket(db_session(), number=number)
    _owner_phone(found)
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
    return render_page(
        "pwa/ticket.html", ticket=found, owner=owner, photos=photos, status=status,
        new=request.args.get("baru") == "1", personal=owner, signed_in=signed_in_phone(),
        claimable=found.citizen_id is None and found.number in session.get(UNCLAIMED, []),
        reply_form=(reply_form or ReplyForm()) if owner and can_respond(found) else None,
        rating_form=(rating_form or RatingForm()) if owner and can_rate(found) else None,
    )


def _owner_phone(found) -> str:
    """The signed-in phone when it filed the ticket; anyone else is refused."""
    phone = signed_in_phone()
    if not is_ticket_owner(found, phone):
        raise NotTicketOwner(found.number)
    return phone
