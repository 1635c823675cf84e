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

    from sms import bp as sms_bp
    from ussd import bp as ussd_bp
    from web.public import bp as public_bp

    app.register_blueprint(public_bp)
    from web import api, practices, staff, transparency

    staff.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(transparency.bp)
    app.register_blueprint(practices.bp)
    # Gateways cannot hold a CSRF token; their callbacks carry a shared secret,
    # and what limits them is the per-phone limit of the outbox, so the
    # per-address limiter (one gateway address for every citizen) stays off.
    app.register_blueprint(limiter.exempt(csrf.exempt(ussd_bp)))
    app.register_blueprint(limiter.exempt(csrf.exempt(sms_bp)))
    if app.config["DEMO"]:
        from web.simulator import bp as simulator_bp

        app.register_blueprint(simulator_bp)
    return app
