"""The app factory: every channel is a blueprint on one Flask app."""

from pathlib import Path

from flask import Flask

from web import database, errors, i18n
from web.config import check_config, load_config


def create_app(config: dict | None = None) -> Flask:
    """Create the app: defaults, then environment, then `config` (for tests)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_config(app.instance_path, config))
    check_config(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    database.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)

    from sms import bp as sms_bp
    from ussd import bp as ussd_bp
    from web.public import bp as public_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(ussd_bp)
    app.register_blueprint(sms_bp)
    return app
