"""Configuration as data: defaults, then environment variables, then the caller's dict."""

import json
import os
from pathlib import Path

DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 (refused outside demo and tests)
# A session cookie signed with a key this short, or one anybody could guess,
# can be forged offline: an administrator's cookie included.
MIN_SECRET_BYTES = 32
# "k" * 32 is long enough and still a placeholder; any random key has far more.
MIN_DISTINCT_BYTES = 8
PLACEHOLDER_SECRETS = {DEFAULT_SECRET_KEY, "x", "secret", "changeme", "change-me", "dev",
                       "development", "test", "password", "secret-key", "your-secret-key"}


class UnsafeSettings(RuntimeError):
    """Settings a production instance must not start with; the message is the one-line reason."""

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
    # The number citizens text LAPOR and CEK to; the PWA's waiting screen offers
    # it ("Kirim lewat SMS") when a report cannot go over the data network.
    "SMS_SHORTCODE": "",
    "AT_BASE_URL": "",
    # Where rate-limit counters live: memory:// is per process; use
    # redis://127.0.0.1:6379 when several workers serve the app.
    "RATELIMIT_STORAGE_URI": "memory://",
    # How many proxies (load balancer, nginx) stand in front of the app and set
    # X-Forwarded-For and X-Forwarded-Proto: with 1, the address a proxy saw is
    # the client's for rate limits and logs. 0 trusts no such header, since a
    # client could write them itself.
    "TRUSTED_PROXIES": 0,
    # Where USSD sessions live: "database", or a redis:// URL (no database
    # transaction on a hop that only moves through the menus), with the
    # prefix of its keys so that several deployments can share one server.
    "USSD_SESSION_STORE": "database",
    "USSD_REDIS_PREFIX": "layanan:ussd:",
    # Whether the USSD session store runs a hop's statements at the database
    # driver (its short path, in core/sessions/) rather than through
    # SQLAlchemy's execution layer: the same rows, in less time per hop.
    "USSD_DRIVER_SQL": True,
    # Seconds each worker keeps the catalogue its USSD menus list before reading
    # it again: how long a back-office edit takes to show on USSD.
    "USSD_CATALOGUE_SECONDS": 60,
    # Days a citizen may answer the SMS satisfaction survey of a completed request.
    "SURVEY_VALID_DAYS": 7,
    # Retention, enforced by the retention duty (`layanan jobs`): sent and failed
    # outbox rows, ended USSD sessions, and sign-in codes (their rows, and the
    # text of a code's message that never reached a final status).
    "RETENTION_OUTBOX_DAYS": 90,
    "RETENTION_USSD_SESSION_DAYS": 7,
    "RETENTION_SIGN_IN_CODE_HOURS": 24,
    # Local hour (0-23) at which the daily duties (overdue digest, statistics
    # snapshot) fall due.
    "DIGEST_HOUR": 7,
    # /metrics answers a loopback address, or a request carrying
    # "Authorization: Bearer <token>" when this is set; nobody else.
    "METRICS_TOKEN": "",
    # /readyz fails when the oldest message waiting in the outbox is older.
    "READY_OUTBOX_SECONDS": 600,
    # "json": one JSON object a line (production); "text": plain lines.
    "LOG_FORMAT": "json",
    # Web Push for ticket news (SMS when it fails): the VAPID key pair made by
    # `layanan push keys`, and a mailto: or https: address of the operator the
    # push services may write to. Unset, push is off; demo mode makes a pair.
    "VAPID_PUBLIC_KEY": "",
    "VAPID_PRIVATE_KEY": "",
    "VAPID_SUBJECT": "",
}
# Where demo mode keeps the VAPID pair it made, in the instance folder.
DEMO_VAPID_FILE = "vapid.json"
# The demo's VAPID subject when none is set: a reserved domain, never mailed.
DEMO_VAPID_SUBJECT = "mailto:demo@layanan.invalid"

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
    # Gunicorn's own variable for its worker count; `layanan serve --workers N`
    # sets it, so that each worker's app knows how many share the counters.
    config["WORKERS"] = _parse(os.environ.get("WEB_CONCURRENCY", "1"), 1)
    config.update(overrides or {})
    # Session cookies: out of scripts' reach, not sent on cross-site posts, and
    # HTTPS-only except for the demo on plain http://127.0.0.1 and the tests.
    config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    # Flask-Limiter's one limiter object keeps the last app's switch as its
    # default: say it each time, so that no app inherits another's "off".
    config.setdefault("RATELIMIT_ENABLED", True)
    config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    config.setdefault("SESSION_COOKIE_SECURE", not (config["DEMO"] or config.get("TESTING")))
    if config["DEMO"]:
        _demo_vapid_keys(config, Path(instance_path))
    return config


def _demo_vapid_keys(config: dict, instance: Path) -> None:
    """In demo mode push is on: a key pair made once and kept in the instance folder."""
    from core.messaging.vapid import generate_vapid_keys

    if config["VAPID_PUBLIC_KEY"] or config["VAPID_PRIVATE_KEY"]:
        return
    path = instance / DEMO_VAPID_FILE
    try:
        keys = json.loads(path.read_text())
    except (OSError, ValueError):
        public, private = generate_vapid_keys()
        keys = {"public": public, "private": private}
        instance.mkdir(parents=True, exist_ok=True)
        # Written aside and linked into place only if still absent: processes
        # starting together (app, outbox worker) all end up with the first pair.
        scratch = path.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_text(json.dumps(keys))
        scratch.chmod(0o600)
        try:
            os.link(scratch, path)
        except FileExistsError:
            pass
        finally:
            scratch.unlink()
        keys = json.loads(path.read_text())
    config["VAPID_PUBLIC_KEY"], config["VAPID_PRIVATE_KEY"] = keys["public"], keys["private"]
    config["VAPID_SUBJECT"] = config["VAPID_SUBJECT"] or DEMO_VAPID_SUBJECT


def vapid_keys(config: dict):
    """The VAPID keys the outbox worker pushes with; None when push is off."""
    from core.messaging.vapid import VapidKeys

    if not (config["VAPID_PUBLIC_KEY"] and config["VAPID_PRIVATE_KEY"]):
        return None
    return VapidKeys(config["VAPID_PUBLIC_KEY"], config["VAPID_PRIVATE_KEY"],
                     config["VAPID_SUBJECT"] or DEMO_VAPID_SUBJECT)


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
    if not (config["DEMO"] or config.get("TESTING")):
        _check_production(config)
    _check_gateways(config)
    _check_push(config)
    if config["IKM_WEIGHT"] not in ("exact", "printed"):
        raise RuntimeError("LAYANAN_IKM_WEIGHT must be 'exact' or 'printed'.")


def _check_production(config: dict) -> None:
    """Outside demo mode: a real secret key, authenticated callbacks, shared rate-limit counts."""
    key = config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else bytes(key)
    hint = "(python -c 'import secrets; print(secrets.token_hex(32))') or run with LAYANAN_DEMO=1."
    if key.decode(errors="replace").strip().lower() in PLACEHOLDER_SECRETS:
        raise UnsafeSettings(f"LAYANAN_SECRET_KEY is not set or is a published placeholder: "
                             f"set it to a long random value {hint}")
    if len(key) < MIN_SECRET_BYTES or len(set(key)) < MIN_DISTINCT_BYTES:
        raise UnsafeSettings(f"LAYANAN_SECRET_KEY is too short or too plain (at least "
                             f"{MIN_SECRET_BYTES} random bytes): set a long random value {hint}")
    if not config["CALLBACK_TOKEN"]:
        raise UnsafeSettings("LAYANAN_CALLBACK_TOKEN is not set, so anyone could post to the "
                             "gateway callbacks: set a long random value and add ?token=... to "
                             "the gateway's callback URLs, or run with LAYANAN_DEMO=1.")
    workers = config.get("WORKERS", 1)
    if config["RATELIMIT_STORAGE_URI"].startswith("memory://") and workers > 1:
        raise UnsafeSettings(f"LAYANAN_RATELIMIT_STORAGE_URI is memory:// (counted per process) "
                             f"with {workers} workers, which multiplies every rate limit: use "
                             f"redis://127.0.0.1:6379 or a single worker.")


def _check_push(config: dict) -> None:
    """Both VAPID keys or neither, one pair; outside demo and tests, a subject to write to."""
    from core.messaging.vapid import vapid_pair_problem

    public, private = config["VAPID_PUBLIC_KEY"], config["VAPID_PRIVATE_KEY"]
    if not (public or private):
        return
    if not (public and private):
        raise UnsafeSettings("LAYANAN_VAPID_PUBLIC_KEY and LAYANAN_VAPID_PRIVATE_KEY go together: "
                             "set both (from `layanan push keys`) or neither (push off).")
    if problem := vapid_pair_problem(public, private):
        raise UnsafeSettings(f"LAYANAN_VAPID_PRIVATE_KEY and LAYANAN_VAPID_PUBLIC_KEY are not "
                             f"one pair: {problem}; make a new pair with `layanan push keys`.")
    production = not (config["DEMO"] or config.get("TESTING"))
    if production and not config["VAPID_SUBJECT"].startswith(("mailto:", "https://")):
        raise UnsafeSettings("LAYANAN_VAPID_SUBJECT must be a mailto: or https:// address of "
                             "the operator when push is on (push services write to it).")


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
