"""What the confirmation after filing repeats of what was sent: unit, subject, privacy, photos.

The ticket page's view (web/pwa/tickets.py) gives photos and category names
only to a signed-in filer; a filer who was not signed in is recognised by the
device's session instead, so the confirmation looks its details up itself.
The template asks only when it shows the confirmation: other pages pay nothing.
"""

from dataclasses import dataclass

from flask import Blueprint
from flask_babel import get_locale, gettext

from core.catalogue.categories import COMPLAINT_TYPE_LABELS, category_names
from core.models import Ticket
from core.tickets.attachments import list_ticket_photos
from layanan.database import db_session

bp = Blueprint("confirmation", __name__)


@dataclass(frozen=True)
class SentDetails:
    """The filing as the citizen sent it, in the page's language."""

    unit: str | None
    subject: str
    anonymous: bool
    confidential: bool
    photos: int


def sent_details(ticket: Ticket) -> SentDetails:
    """Unit, service or complaint type and category, privacy and photo count of a new ticket."""
    language = str(get_locale())
    return SentDetails(
        unit=ticket.unit.name if ticket.unit else None,
        subject=_subject(ticket, language),
        anonymous=ticket.anonymous,
        confidential=ticket.confidential,
        photos=len(list_ticket_photos(db_session(), ticket_id=ticket.id)),
    )


def _subject(ticket: Ticket, language: str) -> str:
    """The service asked for, or the complaint's type with its category."""
    if ticket.service is not None:
        return ticket.service.name(language)
    label = COMPLAINT_TYPE_LABELS.get(ticket.complaint_type or "")
    # gettext("") would return the catalogue's header.
    kind = gettext(label) if label else ""
    if not ticket.category:
        return kind
    category = category_names(db_session(), language).get(ticket.category, ticket.category)
    return f"{kind} ({category})" if kind else category


@bp.app_context_processor
def confirmation_helpers() -> dict:
    """sent_details for the confirmation card; a function, so only that card queries."""
    return {"sent_details": sent_details}
