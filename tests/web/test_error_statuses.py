"""One table from domain errors to HTTP statuses, alike on citizen pages, staff pages and API.

Each surface is driven through a real view whose core call is made to raise
the error, so what is checked is the handler's answer, not the view's.
"""

import pytest
from werkzeug.security import generate_password_hash

from core.errors import (
    DomainError,
    InvalidInput,
    InvalidPhoneNumber,
    MistypedTicketNumber,
    NotFound,
    TicketNotFound,
    TransitionNotAllowed,
)
from core.messaging.sign_in import TooManyCodes
from core.models import Officer
from core.staff.access import Forbidden
from core.staff.accounts import AccountExists
from core.surveys.responses import AlreadyRated
from core.tickets.attachments import InvalidImage
from core.tickets.feedback import NotTicketOwner, ResolutionAlreadyRated
from layanan.errors import STATUSES, status_for

PASSWORD = "sandi-uji-123"  # noqa: S105


class UnitGone(NotFound):
    """A subclass of a listed error that is not listed itself."""


class Unlisted(DomainError):
    """A domain error the table does not name."""


EXPECTED = [
    (NotFound, 404), (TicketNotFound, 404), (UnitGone, 404),
    (InvalidInput, 400), (InvalidPhoneNumber, 400), (MistypedTicketNumber, 400),
    (Forbidden, 403), (NotTicketOwner, 403),
    (TransitionNotAllowed, 409), (AlreadyRated, 409), (ResolutionAlreadyRated, 409),
    (AccountExists, 409),
    (InvalidImage, 400), (TooManyCodes, 400), (Unlisted, 400), (DomainError, 400),
]
ERRORS = [error for error, _status in EXPECTED]


def raising(error_class):
    """A stand-in for a core function that raises the error, whatever it is given."""

    def refuse(*_args, **_kwargs):
        raise error_class("unit")

    return refuse


def test_the_test_table_covers_every_listed_error():
    """Every error the table lists has its row here."""
    listed = {error for errors in STATUSES.values() for error in errors}
    assert listed <= set(ERRORS)


@pytest.mark.parametrize(("error", "status"), EXPECTED, ids=[e.__name__ for e in ERRORS])
def test_status_for(error, status):
    """The error's own class decides, else its nearest listed ancestor, else 400."""
    assert status_for(error("x")) == status


@pytest.mark.parametrize(("error", "status"), EXPECTED, ids=[e.__name__ for e in ERRORS])
def test_on_a_citizen_page(web, monkeypatch, error, status):
    """The citizens' error page with the table's status; a 404 reads as a missing page."""
    monkeypatch.setattr("web.public.get_service", raising(error))
    response = web.get("/layanan/1")
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert "Kembali ke beranda" in page
    expected = "Halaman tidak ditemukan." if status == 404 else error.message % error.params
    assert f"<h1>{expected}</h1>" in page


@pytest.mark.parametrize(("error", "status"), EXPECTED, ids=[e.__name__ for e in ERRORS])
def test_on_a_staff_page(web, session, monkeypatch, error, status):
    """The back office's own page with the table's status; 404 and 403 say it the same way."""
    session.add(Officer(email="admin@uji.go.id", name="Admin", role="admin",
                        password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")))
    session.commit()
    signed_in = web.post("/staff/masuk", data={"email": "admin@uji.go.id", "password": PASSWORD})
    assert signed_in.status_code == 302
    monkeypatch.setattr("web.staff.queue.find_case_number", raising(error))
    response = web.get("/staff/cari?nomor=1")
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert "Kembali ke antrean" in page and response.headers["Cache-Control"] == "no-store"
    expected = {404: "Data tidak ditemukan.",
                403: "Peran Anda tidak mengizinkan halaman ini."}.get(
        status, error.message % error.params)
    assert f"<h1>{expected}</h1>" in page


@pytest.mark.parametrize(("error", "status"), EXPECTED, ids=[e.__name__ for e in ERRORS])
def test_in_the_api(web, monkeypatch, error, status):
    """A JSON body as the API's own errors have: the argument at fault and an English message."""
    monkeypatch.setattr("web.api.list_units", raising(error))
    response = web.get("/api/v1/units")
    assert response.status_code == status
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()["error"]
    assert body["field"] == ("unit" if issubclass(error, (NotFound, InvalidInput)) else "")
    # In English: every message id is Indonesian, and each has its English text.
    assert body["message"] and body["message"] != error.message


def test_an_api_error_speaks_english_whatever_the_visitor_chose(web, monkeypatch):
    """The API's message comes from the English catalogue, never the page's language."""
    monkeypatch.setattr("web.api.list_units", raising(NotFound))
    assert web.get("/api/v1/units").get_json()["error"]["message"] == "Data not found."
