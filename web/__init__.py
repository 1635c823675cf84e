"""The web channel: the citizens' PWA, the public pages, the staff back office and the API."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the web pages, their extensions and error pages on the app."""
    from web import api, errors, headers, i18n, practices, pwa, staff, transparency, waiting_room
    from web.extensions import csrf, limiter
    from web.public import bp as public_bp

    i18n.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    pwa.init_app(app)
    app.register_blueprint(public_bp)
    staff.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(transparency.bp)
    app.register_blueprint(practices.bp)
    app.register_blueprint(waiting_room.bp)
    if app.config["DEMO"]:
        from web.simulator import bp as simulator_bp

        app.register_blueprint(simulator_bp)
