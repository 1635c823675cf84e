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
}

_TRUE = {"1", "true", "yes", "on"}


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Defaults, then LAYANAN_* variables (and DATABASE_URL), then the overrides."""
    config = dict(SETTINGS)
    for key, default in SETTINGS.items():
        raw = os.environ.get(f"LAYANAN_{key}")
        if raw is not None:
            config[key] = raw.strip().lower() in _TRUE if isinstance(default, bool) else raw
    config["DATABASE_URL"] = (
        os.environ.get("DATABASE_URL")
        or config["DATABASE_URL"]
        or f"sqlite:///{Path(instance_path) / 'layanan.db'}"
    )
    config.update(overrides or {})
    return config


def check_config(config: dict) -> None:
    """Refuse settings that are unsafe or meaningless before anything is served."""
    if config["SECRET_KEY"] == DEFAULT_SECRET_KEY and not (config["DEMO"] or config.get("TESTING")):
        raise RuntimeError(
            "LAYANAN_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_hex(32))') or run with LAYANAN_DEMO=1."
        )
    if config["IKM_WEIGHT"] not in ("exact", "printed"):
        raise RuntimeError("LAYANAN_IKM_WEIGHT must be 'exact' or 'printed'.")
