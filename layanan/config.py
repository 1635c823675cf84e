"""Configuration as data: defaults, then environment variables, then the caller's dict."""

import os
from pathlib import Path

DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 (refused outside demo and tests)

# Every setting, its default, and the environment variable that overrides it.
# The README's configuration table mirrors this list.
SETTINGS = {
    "SECRET_KEY": DEFAULT_SECRET_KEY,
    "DEMO": False,
    "DATABASE_URL": "",
    "IKM_WEIGHT": "exact",
    "USSD_CODE": "*123#",
    "CALLBACK_TOKEN": "",
    # Which module of sms/gateways/ (and of ussd/gateways/) speaks to the gateway.
    "SMS_GATEWAY": "console",
    "USSD_GATEWAY": "africastalking",
    "AT_USERNAME": "sandbox",
    "AT_API_KEY": "",
    "AT_SENDER_ID": "",
    "AT_BASE_URL": "",
    # Where rate-limit counters live: memory:// is per process; use
    # redis://127.0.0.1:6379 when several workers serve the app.
    "RATELIMIT_STORAGE_URI": "memory://",
    # Where USSD sessions live: "database", or a redis:// URL (no database
    # transaction on a hop that only moves through the menus), with the
    # prefix of its keys so that several deployments can share one server.
    "USSD_SESSION_STORE": "database",
    "USSD_REDIS_PREFIX": "layanan:ussd:",
    # Whether the USSD session store runs a hop's statements at the database
    # driver (its short path, in core/sessions/) rather than through
    # SQLAlchemy's execution layer: the same rows, in less time per hop.
    "USSD_DRIVER_SQL": True,
    # Days a citizen may answer the SMS satisfaction survey of a completed request.
    "SURVEY_VALID_DAYS": 7,
}

_TRUE = {"1", "true", "yes", "on"}


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Defaults, then LAYANAN_* variables (and DATABASE_URL), then the overrides."""
    config = dict(SETTINGS)
    for key, default in SETTINGS.items():
        raw = os.environ.get(f"LAYANAN_{key}")
        if raw is not None:
            config[key] = _parse(raw, default)
    config["DATABASE_URL"] = (
        os.environ.get("DATABASE_URL")
        or config["DATABASE_URL"]
        or f"sqlite:///{Path(instance_path) / 'layanan.db'}"
    )
    config.update(overrides or {})
    # Session cookies: out of scripts' reach, not sent on cross-site posts, and
    # HTTPS-only except for the demo on plain http://127.0.0.1 and the tests.
    config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    config.setdefault("SESSION_COOKIE_SECURE", not (config["DEMO"] or config.get("TESTING")))
    return config


def _parse(raw: str, default):
    """An environment value read as the type of the setting's default."""
    if isinstance(default, bool):
        return raw.strip().lower() in _TRUE
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise RuntimeError(f"Expected a whole number, got {raw!r}.") from None
    return raw


def check_config(config: dict) -> None:
    """Refuse settings that are unsafe or meaningless before anything is served."""
    if config["SECRET_KEY"] == DEFAULT_SECRET_KEY and not (config["DEMO"] or config.get("TESTING")):
        raise RuntimeError(
            "LAYANAN_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_hex(32))') or run with LAYANAN_DEMO=1."
        )
    _check_gateways(config)
    if config["IKM_WEIGHT"] not in ("exact", "printed"):
        raise RuntimeError("LAYANAN_IKM_WEIGHT must be 'exact' or 'printed'.")


def _check_gateways(config: dict) -> None:
    """Each channel names a gateway its table knows, and that gateway has its settings."""
    # Imported here, not at the top: loading the settings needs no channel (nor Flask).
    from sms.gateways import GATEWAYS as SMS_GATEWAYS
    from sms.gateways import gateway_module
    from ussd.gateways import GATEWAYS as USSD_GATEWAYS

    for setting, table in (("SMS_GATEWAY", SMS_GATEWAYS), ("USSD_GATEWAY", USSD_GATEWAYS)):
        if config[setting] not in table:
            names = " or ".join(f"'{name}'" for name in table)
            raise RuntimeError(f"LAYANAN_{setting} must be {names}.")
    gateway_module(config["SMS_GATEWAY"]).check_settings(config)
