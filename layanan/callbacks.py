"""Gateway callbacks carry a shared secret in the callback URL (?token=...)."""

import hmac

from flask import abort, current_app, request


def require_callback_token() -> None:
    """Refuse the callback with 403 when a token is configured and this one differs."""
    expected = current_app.config["CALLBACK_TOKEN"]
    if not expected:
        return
    given = request.args.get("token", "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        abort(403)
