"""Error pages in the visitor's language; domain errors become a short message, never a 500.

A domain error answers with its status from the one table (layanan/errors.py),
shown the way its caller reads: the citizens' error page, the back office's
own page, or the API's JSON body.
"""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext

from core.errors import DomainError, InvalidInput, NotFound
from core.i18n import N_, translate
from layanan.errors import status_for
from layanan.outages import answer_outages

# A status whose page says the same whatever the error behind it: to a citizen
# a missing record is a missing page; to an officer a record out of sight
# looks exactly like one that does not exist (core/staff/access.py).
PAGE_NOT_FOUND = N_("Halaman tidak ditemukan.")
CITIZEN_TEXTS = {404: PAGE_NOT_FOUND}
STAFF_TEXTS = {403: N_("Peran Anda tidak mengizinkan halaman ini."),
               404: N_("Data tidak ditemukan.")}
OUTAGE_TEXT = N_("Layanan sedang gangguan sementara. Silakan coba lagi beberapa menit lagi.")
RETRY_AFTER_SECONDS = 60
# The API speaks English to programs; its errors name the argument at fault.
API_LANGUAGE = "en"


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        status = status_for(error)
        answer = ANSWERS.get(request.blueprint, citizen_page)
        return answer(error, status), status

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("error.html", message=gettext(PAGE_NOT_FOUND)), 404

    answer_outages(app, outage_page)

    @app.errorhandler(500)
    def server_error(_error):
        message = gettext("Maaf, terjadi gangguan. Silakan coba lagi.")
        return render_template("error.html", message=message), 500


def outage_page(_error: Exception):
    """The database or Redis is away: say so, and when to come back, rather than an
    error that reads like a fault of the page."""
    page = render_template("error.html", message=gettext(OUTAGE_TEXT))
    return page, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def message_of(error: DomainError) -> str:
    """The error's message in the visitor's language, with the numbers it states filled in."""
    return gettext(error.message, **error.params)


def citizen_page(error: DomainError, status: int) -> str:
    """The citizens' error page, in their language."""
    text = CITIZEN_TEXTS.get(status)
    return render_template("error.html", message=gettext(text) if text else message_of(error))


def staff_page(error: DomainError, status: int) -> str:
    """The back office's message page, in the officer's language."""
    text = STAFF_TEXTS.get(status)
    return render_template("staff/message.html",
                           message=gettext(text) if text else message_of(error))


def api_answer(error: DomainError, status: int):
    """The API's JSON error: the argument at fault (when the error names one) and a message."""
    field = error.detail if isinstance(error, (InvalidInput, NotFound)) else ""
    message = translate(API_LANGUAGE, error.message, **error.params)
    return jsonify(error={"field": field, "message": message})


# How each part of the site shows a domain error, by blueprint; the citizens' page otherwise.
ANSWERS = {"api": api_answer, "staff": staff_page}
