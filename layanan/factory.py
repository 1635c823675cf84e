"""The app factory: the web pages, and the gateways' USSD and SMS callbacks, on one core."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import web
from layanan import database, health, logs, metrics
from layanan.config import check_config, load_config
from layanan.gateways import GatewayDispatch, create_gateway_app
from layanan.numbers import bound_route_numbers


def create_app(config: dict | None = None) -> Flask:
    """Create the app: defaults, then environment, then `config` (for tests)."""
    # Named for the web package: its templates and static files are the app's.
    app = Flask(web.__name__, instance_relative_config=True)
    app.config.from_mapping(load_config(app.instance_path, config))
    check_config(app.config)
    logs.configure_logging(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    database.init_app(app)
    # Before any route: an id past what a column holds is a 404, not a 500.
    bound_route_numbers(app)
    web.init_app(app)
    # Request ids, the request's log line and its metrics; /healthz, /readyz, /metrics.
    logs.init_app(app)
    metrics.init_app(app)
    app.register_blueprint(health.bp)
    # The gateways' callbacks (ussd/, sms/): an app of their own
    # (layanan/gateways.py), ahead of everything else, static files included.
    gateways = create_gateway_app(app)
    app.extensions["layanan.gateways"] = gateways
    app.wsgi_app = GatewayDispatch(app.wsgi_app, gateways)
    if proxies := app.config["TRUSTED_PROXIES"]:
        # Outermost, so both apps (and gunicorn's access log, which reads the
        # same environ) see the client's address. Not X-Forwarded-Host: a proxy
        # passes Host on, and one that does not set that header would let a
        # client choose the host of the links the app builds.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    return app
