"""Helpers every citizen page shares: who is signed in, full page or htmx fragment, caching."""

from urllib.parse import urlsplit

from flask import Blueprint, make_response, render_template, session
from flask_babel import gettext
from flask_wtf.csrf import CSRFError

from web.pwa import htmx

SIGNED_IN = "citizen_phone"


def signed_in_phone() -> str | None:
    """The E.164 number of the signed-in citizen, if any."""
    return session.get(SIGNED_IN)


def sign_in(phone: str) -> None:
    """Remember the verified phone in the (signed) session cookie."""
    session[SIGNED_IN] = phone


def sign_out() -> None:
    """Forget the citizen; other session keys (language) stay."""
    session.pop(SIGNED_IN, None)


def safe_path(target: str | None) -> str | None:
    """The target when it is a path on this site, else None: never an open redirect."""
    if not target or not target.startswith("/") or "\\" in target:
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


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
