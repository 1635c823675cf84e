"""/healthz, /readyz and /metrics: what process managers, load balancers and Prometheus ask.

/healthz says the process answers (it touches nothing else). /readyz says
whether this instance can serve: the database answers, Redis answers when a
setting names it, and the outbox is moving (its oldest waiting message is
younger than READY_OUTBOX_SECONDS). It answers 200 or 503, never 500: a
database that is down is a failed check, not an error. /metrics is for
Prometheus only (layanan/metrics.py: may_scrape); anyone else gets a 404.
"""

import logging
import time

from flask import Blueprint, Response, abort, current_app

from core.messaging.health import oldest_waiting_seconds
from layanan import metrics
from layanan.database import unit_of_work

bp = Blueprint("ops", __name__)
# A readiness probe must answer well before the prober's own timeout.
REDIS_TIMEOUT_SECONDS = 0.5
REDIS_SCHEMES = ("redis://", "rediss://")
NO_STORE = {"Cache-Control": "no-store"}

log = logging.getLogger(__name__)


@bp.get("/healthz")
def health():
    """Liveness: the process answers. No database, so a database outage restarts nothing."""
    return {"status": "ok"}


@bp.get("/readyz")
def ready():
    """Readiness: each check's result; 200 when all pass, 503 naming those that failed."""
    checks = {"database": _check_database()}
    checks["outbox"] = _check_outbox() if checks["database"]["ok"] else {"skipped": True}
    for url in redis_urls(current_app.config):
        checks.setdefault("redis", {"ok": True})
        if not (result := _check_redis(url))["ok"]:
            checks["redis"] = result
    failed = [name for name, check in checks.items() if check.get("ok") is False]
    body = {"status": "failed" if failed else "ok", "failed": failed, "checks": checks}
    return body, 503 if failed else 200, NO_STORE


@bp.get("/metrics")
def scrape():
    """Prometheus exposition, for a local scraper or one with the token; 404 for anyone else."""
    if not metrics.may_scrape():
        abort(404)
    body, content_type = metrics.exposition()
    return Response(body, content_type=content_type, headers=NO_STORE)


def _failure(name: str, error: Exception) -> dict:
    # The error's class only: a message may carry a host name or a password.
    log.warning("readyz: %s check failed: %s", name, type(error).__name__)
    return {"ok": False, "error": type(error).__name__}


def _check_database() -> dict:
    started = time.perf_counter()
    try:
        # Infrastructure, not domain: does a connection from the pool answer at all?
        with current_app.extensions["layanan.engine"].connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except Exception as error:  # noqa: BLE001 (any failure is "not ready", never a 500)
        return _failure("database", error)
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _check_outbox() -> dict:
    limit = current_app.config["READY_OUTBOX_SECONDS"]
    try:
        with unit_of_work() as session:
            oldest = oldest_waiting_seconds(session)
    except Exception as error:  # noqa: BLE001 (as above)
        return _failure("outbox", error)
    result = {"ok": oldest < limit, "oldest_seconds": round(oldest), "limit_seconds": limit}
    if not result["ok"]:
        log.warning("readyz: the oldest waiting SMS is %d s old (limit %d s)", oldest, limit)
    return result


def redis_urls(config) -> list[str]:
    """The Redis servers the settings name (rate limits, USSD sessions), each once."""
    urls = (config.get("RATELIMIT_STORAGE_URI") or "", config.get("USSD_SESSION_STORE") or "")
    return list(dict.fromkeys(url for url in urls if url.startswith(REDIS_SCHEMES)))


def _check_redis(url: str) -> dict:
    from redis import Redis

    clients = current_app.extensions.setdefault("layanan.ready_redis", {})
    if url not in clients:
        clients[url] = Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_SECONDS,
                                      socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
    try:
        clients[url].ping()
    except Exception as error:  # noqa: BLE001 (as above)
        return _failure("redis", error)
    return {"ok": True}
