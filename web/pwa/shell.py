"""The app shell: web manifest, service worker, offline page and a fresh CSRF token."""

import hashlib
import json

from flask import Blueprint, current_app, jsonify, make_response, render_template, url_for
from flask_babel import gettext
from flask_wtf.csrf import generate_csrf

from web.pwa.pages import render_page

bp = Blueprint("shell", __name__)

THEME = "#0b5d3b"
BACKGROUND = "#ffffff"
# What the worker stores at install, so the app opens and explains itself offline.
SHELL_FILES = ("app.css", "app.js", "outbox.js", "location.js", "vendor/htmx-2.0.11.min.js",
               "favicon.svg", "icons/icon-192.png", "icons/icon-512.png", "icons/maskable-512.png")


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
    precache = [url_for("static", filename=name) for name in SHELL_FILES]
    precache.append(url_for("shell.offline"))
    version = hashlib.sha256(
        "".join(precache).encode() + _offline_page_fingerprint()
    ).hexdigest()[:12]
    script = render_template("pwa/sw.js", version=version, precache=precache,
                             offline_url=url_for("shell.offline"),
                             outbox_url=url_for("static", filename="outbox.js"))
    response = make_response(script)
    response.mimetype = "text/javascript"
    # The browser checks for a new worker on each visit; it must see the new one at once.
    response.headers["Cache-Control"] = "no-cache"
    return response


def _offline_page_fingerprint() -> bytes:
    """A new offline page template means a new worker version."""
    loader = current_app.jinja_env.loader
    source, _name, _uptodate = loader.get_source(current_app.jinja_env, "pwa/offline.html")
    return source.encode()


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
