"""The app factory: every channel is a blueprint on one Flask app."""

from pathlib import Path

from flask import Flask

from web import database, errors, i18n, pwa
from web.config import check_config, load_config
from web.extensions import csrf, limiter


def create_app(config: dict | None = None) -> Flask:
    """Create the app: defaults, then environment, then `config` (for tests)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_config(app.instance_path, config))
    check_config(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    database.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    pwa.init_app(app)

    from web.public import bp as public_bp

    app.register_blueprint(public_bp)
    from web import api, practices, staff, transparency

    staff.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(transparency.bp)
    app.register_blueprint(practices.bp)
    if app.config["DEMO"]:
        from web.simulator import bp as simulator_bp

        app.register_blueprint(simulator_bp)
    # The gateways' callbacks: an app of their own (web/gateways.py), ahead of
    # everything else, static files included.
    from web.gateways import GatewayDispatch, create_gateway_app

    gateways = create_gateway_app(app)
    app.extensions["layanan.gateways"] = gateways
    app.wsgi_app = GatewayDispatch(app.wsgi_app, gateways)
    return app
