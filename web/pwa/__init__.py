"""The citizen PWA: its blueprints, hashed static files and compressed responses."""

from flask import Flask
from flask_compress import Compress
from flask_htmx import HTMX

from web.pwa import assets

htmx = HTMX()
compress = Compress()


def init_app(app: Flask) -> None:
    """Register the citizen pages and the shell (manifest, service worker, offline page)."""
    from web.pwa.account import bp as account_bp
    from web.pwa.confirmation import bp as confirmation_bp
    from web.pwa.filing import bp as filing_bp
    from web.pwa.push import bp as push_bp
    from web.pwa.queue import bp as queue_bp
    from web.pwa.shell import bp as shell_bp
    from web.pwa.survey import bp as survey_bp
    from web.pwa.tickets import bp as tickets_bp

    # Brotli first, gzip for the rest; no zstd, which few phones speak yet.
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    # Photos up to 5 MB plus the form around them; larger bodies are refused outright.
    app.config.setdefault("MAX_CONTENT_LENGTH", 8 * 1024 * 1024)
    assets.init_app(app)
    compress.init_app(app)
    htmx.init_app(app)
    for blueprint in (shell_bp, filing_bp, tickets_bp, survey_bp, account_bp, push_bp,
                      confirmation_bp, queue_bp):
        app.register_blueprint(blueprint)
