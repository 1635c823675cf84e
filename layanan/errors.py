"""One table from domain errors to HTTP statuses, for every page and API that answers over HTTP.

Core raises errors that say what went wrong in the domain's words; this table
says what each one is in HTTP's. The web's error handler (web/errors.py) looks
the status up here, so a view lets a domain error pass instead of catching it
to answer 404 or 403 itself (docs/architecture.md).
"""

from http import HTTPStatus

from core.errors import (
    DomainError,
    InvalidInput,
    InvalidPhoneNumber,
    MistypedTicketNumber,
    NotFound,
    TicketNotFound,
    TransitionNotAllowed,
)
from core.staff.access import Forbidden
from core.staff.accounts import AccountExists
from core.surveys.responses import AlreadyRated
from core.tickets.feedback import NotTicketOwner, ResolutionAlreadyRated

# Any other domain error is a request the service could not accept as sent.
DEFAULT_STATUS = HTTPStatus.BAD_REQUEST

STATUSES: dict[HTTPStatus, tuple[type[DomainError], ...]] = {
    HTTPStatus.NOT_FOUND: (NotFound, TicketNotFound),
    HTTPStatus.BAD_REQUEST: (InvalidInput, InvalidPhoneNumber, MistypedTicketNumber),
    HTTPStatus.FORBIDDEN: (Forbidden, NotTicketOwner),
    # The request is well formed, but the record's state already rules it out.
    HTTPStatus.CONFLICT: (TransitionNotAllowed, AlreadyRated, ResolutionAlreadyRated,
                          AccountExists),
}
_STATUS_OF = {error: status for status, errors in STATUSES.items() for error in errors}


def status_for(error: DomainError) -> HTTPStatus:
    """The HTTP status of a domain error: its own class's, else its nearest listed ancestor's."""
    for cls in type(error).__mro__:
        if cls in _STATUS_OF:
            return _STATUS_OF[cls]
    return DEFAULT_STATUS
