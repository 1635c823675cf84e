"""The app shell: web manifest, service worker, offline page and a fresh CSRF token."""

import hashlib
import json
import re

from flask import (
    Blueprint,
    current_app,
    jsonify,
    make_response,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext
from flask_wtf.csrf import generate_csrf

from web.pwa.pages import SIGNED_IN, render_page

bp = Blueprint("shell", __name__)

THEME = "#0b5d3b"
BACKGROUND = "#ffffff"
# What the worker stores at install, so the app opens and explains itself offline.
SHELL_FILES = ("app.css", "app.js", "outbox.js", "offline.js", "location.js",
               "vendor/htmx-2.0.11.min.js", "favicon.svg", "icons/icon-192.png",
               "icons/icon-512.png", "icons/maskable-512.png")
# Files other features add to every page; kept as well once they exist (a missing
# file would make the whole install fail).
OPTIONAL_SHELL_FILES = ("share.js", "print.css", "push.js")
# Pages the worker stores at install, so that after one visit on signal the app
# opens without: home (the service list), the catalogue, and the forms that work
# offline. A service's request form is kept when its page is seen (sw.js).
OFFLINE_PAGES = ("public.home", "public.catalogue", "filing.complaint", "survey.survey")
# Other pages seen on signal are kept too, the oldest dropped beyond this many.
MAX_KEPT_PAGES = 40
# A number one can text: a short code ("1708") or a full one ("+6281...").
SMS_NUMBER = re.compile(r"\+?[0-9]{3,15}")


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest that makes the site installable."""
    body = {
        "id": "/",
        "name": "Layanan Paralel",
        "short_name": "Layanan",
        "description": gettext("Layanan publik untuk semua warga, lewat HP apa pun."),
        "lang": "id",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "icons": [_icon("icon-192.png", 192, "any"), _icon("icon-512.png", 512, "any"),
                  _icon("maskable-512.png", 512, "maskable")],
    }
    response = make_response(json.dumps(body, ensure_ascii=False))
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = "no-cache"
    return response


def _icon(name: str, size: int, purpose: str) -> dict:
    """One icon entry of the manifest, at its hashed URL."""
    return {"src": url_for("static", filename=f"icons/{name}"), "sizes": f"{size}x{size}",
            "type": "image/png", "purpose": purpose}


@bp.get("/sw.js")
def service_worker():
    """The service worker, at the root so that its scope is the whole site; never cached long."""
    present = current_app.extensions["layanan.static_names"]
    names = SHELL_FILES + tuple(name for name in OPTIONAL_SHELL_FILES if name in present)
    precache = [url_for("static", filename=name) for name in names]
    precache.append(url_for("shell.offline"))
    pages = [url_for(endpoint) for endpoint in OFFLINE_PAGES]
    # Kept pages name the static files of their day: new files, new caches.
    version = hashlib.sha256(
        "".join(precache + pages).encode() + _template_fingerprint("pwa/offline.html")
        + _template_fingerprint("base.html")
    ).hexdigest()[:12]
    script = render_template("pwa/sw.js", version=version, precache=precache, pages=pages,
                             max_pages=MAX_KEPT_PAGES, offline_url=url_for("shell.offline"),
                             outbox_url=url_for("static", filename="outbox.js"))
    response = make_response(script)
    response.mimetype = "text/javascript"
    # The browser checks for a new worker on each visit; it must see the new one at once.
    response.headers["Cache-Control"] = "no-cache"
    return response


def _template_fingerprint(name: str) -> bytes:
    """A template's source: a new offline page or page frame means a new worker version."""
    loader = current_app.jinja_env.loader
    source, _name, _uptodate = loader.get_source(current_app.jinja_env, name)
    return source.encode()


@bp.after_app_request
def personal_when_signed_in(response):
    """A page rendered for a signed-in citizen is theirs (their phone, "Tiket saya"):
    no shared cache and no service worker may keep it, whatever the view said.

    On a shared phone the next person, offline, would otherwise read it. Such a
    citizen still has the anonymous copies the worker fetched at install.
    """
    control = response.headers.get("Cache-Control", "")
    if (response.mimetype == "text/html" and "no-cache" in control
            and session.get(SIGNED_IN) is not None):
        response.headers["Cache-Control"] = "no-store, private"
    return response


@bp.app_context_processor
def sms_way() -> dict:
    """The number the waiting screen offers to text a queued report to."""
    return {"sms_shortcode": sms_shortcode(current_app.config)}


def sms_shortcode(config) -> str:
    """LAYANAN_SMS_SHORTCODE, else the gateway's sender id when it is a number; else ""."""
    for candidate in (config.get("SMS_SHORTCODE"), config.get("AT_SENDER_ID")):
        text = str(candidate or "").strip()
        if SMS_NUMBER.fullmatch(text):
            return text
    return ""


@bp.get("/offline")
def offline():
    """Shown by the worker when a page is neither reachable nor stored."""
    return render_page("pwa/offline.html")


@bp.get("/token")
def token():
    """A fresh CSRF token, for forms stored offline and sent hours later."""
    response = jsonify(csrf_token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response
