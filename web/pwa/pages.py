"""Helpers every citizen page shares: who is signed in, full page or htmx fragment, caching."""

from flask import Blueprint, g, make_response, render_template, session
from flask_babel import gettext
from flask_wtf.csrf import CSRFError

from core.citizens.registry import phone_of_citizen
from layanan.database import db_session, unit_of_work
from layanan.numbers import whole_number
from web.pwa import htmx

# The session cookie is signed, not encrypted: anyone holding it can read it.
# It keeps the citizen's record id, never the phone number, which is looked
# up on the server when a page needs it.
SIGNED_IN = "citizen"
# Where cookies issued before kept the number in clear: dropped on sight.
OLD_SIGNED_IN = "citizen_phone"
# Where a request keeps the number once looked up.
PHONE_OF_REQUEST = "signed_in_phone"


def signed_in_phone() -> str | None:
    """The E.164 number of the signed-in citizen, if any (looked up once per request)."""
    if PHONE_OF_REQUEST not in g:
        session.pop(OLD_SIGNED_IN, None)
        setattr(g, PHONE_OF_REQUEST, citizen_phone(session.get(SIGNED_IN)))
    return g.get(PHONE_OF_REQUEST)


def citizen_phone(citizen_id) -> str | None:
    """The number of the citizen with this record id (from the session), or None."""
    if type(citizen_id) is not int or not whole_number(citizen_id):
        return None
    db = db_session()
    if db.in_transaction():
        # Called inside a view's unit of work: read in it, leave the commit to it.
        return phone_of_citizen(db, citizen_id=citizen_id)
    with unit_of_work() as db:
        return phone_of_citizen(db, citizen_id=citizen_id)


def sign_in(citizen_id: int) -> None:
    """Remember the citizen whose phone a code proved, by record id, in the session."""
    session[SIGNED_IN] = citizen_id
    g.pop(PHONE_OF_REQUEST, None)


def sign_out() -> None:
    """Forget the citizen; other session keys (language) stay."""
    session.pop(SIGNED_IN, None)
    session.pop(OLD_SIGNED_IN, None)
    g.pop(PHONE_OF_REQUEST, None)


def wants_fragment() -> bool:
    """An htmx request for a piece of a page (a boosted one wants the whole page)."""
    return bool(htmx) and not htmx.boosted


def render_page(template: str, *, fragment: str | None = None, status: int = 200,
                personal: bool = False, **context):
    """Render the full page, or only its fragment for an htmx (not boosted) request.

    Public pages may be kept by the service worker for offline use
    ("no-cache": always revalidate); personal ones are never stored anywhere.
    """
    partial = fragment is not None and wants_fragment()
    response = make_response(render_template(fragment if partial else template, **context),
                             status)
    response.headers["Cache-Control"] = "no-store, private" if personal else "no-cache"
    response.vary.update(("HX-Request", "Cookie"))
    return response


def refuse_stale_forms(blueprint: Blueprint) -> None:
    """A missing or stale CSRF token: a short page in the visitor's language, status 400."""

    @blueprint.errorhandler(CSRFError)
    def csrf_failed(_error):
        message = gettext("Formulir sudah kedaluwarsa. Muat ulang halaman lalu kirim lagi.")
        return render_page("error.html", message=message, status=400, personal=True)
