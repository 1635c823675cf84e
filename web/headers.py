"""Security headers on every web page: what it may load and run, who may frame it, what leaks.

A short after-request hook rather than flask-talisman: the headers are a
handful of fixed strings, the session cookie's flags are already set in
layanan/config.py, and talisman's HTTPS redirect belongs to the proxy in
front; one dependency fewer to keep up to date.
"""

from flask import Flask

# Scripts and styles come only from our own files: no inline <script>, no
# on...= attributes, no style= attributes, no eval. htmx lives with it because
# base.html's htmx-config turns off its injected indicator <style> and its
# eval (hx-on, js: values; no page uses either). The service worker and its
# importScripts, the manifest, fetches and form posts all stay on this origin.
CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # For browsers older than frame-ancestors.
    "X-Frame-Options": "DENY",
    # The photo of a complaint is a file input, so not even the camera is asked for. The
    # complaint form's "Gunakan lokasi saya" asks for the position, on this origin only.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self), payment=(), usb=()",
}
# A year, this host only: the agency's other hosts may not all speak HTTPS yet.
HSTS = "max-age=31536000"


def init_app(app: Flask) -> None:
    """Add the headers to every response of the web app (a view may set its own)."""
    headers = dict(HEADERS)
    # The demo runs on plain http://127.0.0.1, where HSTS would only mislead.
    if not app.config["DEMO"]:
        headers["Strict-Transport-Security"] = HSTS

    @app.after_request
    def add_security_headers(response):
        """Set each header the view has not set itself."""
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response


def add_static_headers(headers, _path: str, _url: str) -> None:
    """The same headers on static files, which WhiteNoise serves before Flask sees them."""
    for name, value in HEADERS.items():
        headers[name] = value
