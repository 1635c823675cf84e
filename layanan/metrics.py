"""Prometheus metrics: what each process counts as it serves, and what the database says at scrape.

Requests (by route pattern, method and status) and their durations are
counted by every app process; the USSD hop's own histogram too. Under
`layanan serve` several gunicorn workers count side by side: in multiprocess
mode (PROMETHEUS_MULTIPROC_DIR, set by layanan/server.py) each writes its
figures to a file there and a scrape sums them all. The outbox, tickets and
duties are read from the database when scraped (core does the reading), so
every host reports the same figures and nothing is counted twice.
"""

import functools
import hmac
import ipaddress
import logging
import os
import time
from dataclasses import dataclass

from flask import Flask, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily

from core.casework.queue import open_tickets_by_unit
from core.clock import local_date, now_utc
from core.duties.status import last_successes
from core.messaging.health import outbox_summary
from layanan.database import unit_of_work
from layanan.logs import request_route

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
# A hop costs 5-50 ms here (bench/ussd_load.sh); the gateway gives up after a few seconds.
HOP_BUCKETS = (0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 2.5)
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Any other method a client sends is counted under one label: labels stay few.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
USSD_HOP_ENDPOINT = "ussd.callback"
# How long a process serves the database's figures it read before reading them again.
DATABASE_FIGURES_SECONDS = 10
# Headers a proxy writes the client's address into: a request that came through
# one is not a local scrape, whatever the proxy's own address.
FORWARDING_HEADERS = ("X-Forwarded-For", "X-Real-IP")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Instruments:
    """The metrics each process records while it serves."""

    requests: object
    request_seconds: object
    ussd_hop_seconds: object


def multiprocess_dir() -> str | None:
    """The directory the workers share their figures through, when several serve."""
    return os.environ.get(MULTIPROCESS_DIR) or None


@functools.cache
def instruments() -> Instruments:
    """The process's metrics, made on first use: in a gunicorn worker, after the fork."""
    # prometheus_client picks its storage when first imported, which the
    # `layanan serve` process does before it sets the directory for its workers.
    if multiprocess_dir() and values.ValueClass is values.MutexValue:
        values.ValueClass = values.get_value_class()
    return Instruments(
        requests=Counter("layanan_http_requests", "HTTP requests answered.",
                         ["route", "method", "status"]),
        request_seconds=Histogram("layanan_http_request_seconds",
                                  "Time to answer an HTTP request.", ["route"],
                                  buckets=REQUEST_BUCKETS),
        ussd_hop_seconds=Histogram("layanan_ussd_hop_seconds",
                                   "Time to answer one USSD hop (the gateway's callback).",
                                   buckets=HOP_BUCKETS),
    )


def init_app(app: Flask) -> None:
    """Count every request the app answers (after layanan.logs has stamped its start)."""
    app.after_request(_observe)


def _observe(response):
    metrics = instruments()
    route = request_route()
    method = request.method if request.method in METHODS else "other"
    metrics.requests.labels(route, method, str(response.status_code)).inc()
    started = g.get("request_started")
    if started is not None:
        seconds = time.perf_counter() - started
        metrics.request_seconds.labels(route).observe(seconds)
        if request.endpoint == USSD_HOP_ENDPOINT:
            metrics.ussd_hop_seconds.observe(seconds)
    return response


def may_scrape() -> bool:
    """A loopback client that came through no proxy, or one with the bearer token when set."""
    token = current_app.config.get("METRICS_TOKEN") or ""
    if token:
        given = request.headers.get("Authorization", "").encode()
        if hmac.compare_digest(given, f"Bearer {token}".encode()):
            return True
    if any(request.headers.get(header) for header in FORWARDING_HEADERS):
        return False
    # Behind ProxyFix, remote_addr is the forwarded client: the socket's own
    # peer (kept by ProxyFix) must be loopback too.
    original = request.environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR")
    return _is_loopback(request.remote_addr) and (original is None or _is_loopback(original))


def _is_loopback(address: str | None) -> bool:
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    mapped = getattr(parsed, "ipv4_mapped", None)
    return (mapped or parsed).is_loopback


def exposition() -> tuple[bytes, str]:
    """The scrape's body and content type: this host's processes, then the database's figures."""
    instruments()
    if multiprocess_dir():
        live = CollectorRegistry()
        multiprocess.MultiProcessCollector(live)
    else:
        live = REGISTRY
    return generate_latest(_Joined(live, DatabaseCollector())), CONTENT_TYPE_LATEST


class _Joined:
    """Several collectors read as one registry."""

    def __init__(self, *sources):
        self.sources = sources

    def collect(self):
        """Every metric of every source, in order."""
        for source in self.sources:
            yield from source.collect()


class DatabaseCollector:
    """The outbox, the tickets and the duties, read at scrape time in one read-only transaction.

    What was read is kept for DATABASE_FIGURES_SECONDS by each process, so
    that scrapes in quick succession (two Prometheus servers, a person with
    curl) cost the database one read.
    """

    def collect(self):
        """The figures; with the database down, only layanan_metrics_database_up 0."""
        cache = current_app.extensions.setdefault("layanan.metrics_figures", {})
        if time.monotonic() - cache.get("read_at", -DATABASE_FIGURES_SECONDS) \
                >= DATABASE_FIGURES_SECONDS:
            cache.update(_read_database(), read_at=time.monotonic())
        up = GaugeMetricFamily("layanan_metrics_database_up",
                               "Whether the last read of the database for metrics succeeded.")
        up.add_metric([], 1 if cache["families"] else 0)
        spent = GaugeMetricFamily("layanan_metrics_database_seconds",
                                  "Time the last read of the database for metrics took.")
        spent.add_metric([], cache["seconds"])
        yield from (*cache["families"], up, spent)


def _read_database() -> dict:
    started = time.perf_counter()
    try:
        families = list(_database_families())
    except Exception:  # noqa: BLE001 (a scrape must answer whatever the database does)
        log.warning("metrics: the database could not be read", exc_info=True)
        families = []
    return {"families": families, "seconds": time.perf_counter() - started}


def _database_families():
    now = now_utc()
    with unit_of_work() as session:
        outbox = outbox_summary(session, now=now)
        units = open_tickets_by_unit(session, today=local_date(now))
        duties = last_successes(session)
    depth = GaugeMetricFamily("layanan_outbox_depth", "SMS queued or being sent.")
    depth.add_metric([], outbox.depth)
    oldest = GaugeMetricFamily("layanan_outbox_oldest_seconds",
                               "Age of the oldest SMS queued or being sent (0: none).")
    oldest.add_metric([], outbox.oldest_seconds)
    messages = GaugeMetricFamily("layanan_sms_messages", "Outbox rows by gateway and status.",
                                 labels=["gateway", "status"])
    for (gateway, status), count in sorted(outbox.by_gateway_status.items()):
        messages.add_metric([gateway, status], count)
    yield from (depth, oldest, messages, *_ticket_families(units), _duty_family(duties))


def _ticket_families(units):
    open_ = GaugeMetricFamily("layanan_tickets_open", "Open tickets by unit id ('none': not "
                              "routed yet).", labels=["unit"])
    overdue = GaugeMetricFamily("layanan_tickets_overdue", "Open tickets past their due date, "
                                "by unit id.", labels=["unit"])
    info = GaugeMetricFamily("layanan_unit_info", "A unit's name, to join on its id.",
                             labels=["unit", "name"])
    for unit_id, name, count, late in units:
        label = str(unit_id) if unit_id is not None else "none"
        open_.add_metric([label], count)
        overdue.add_metric([label], late)
        if unit_id is not None:
            info.add_metric([label, name or ""], 1)
    return open_, overdue, info


def _duty_family(duties):
    family = GaugeMetricFamily("layanan_duty_last_success_timestamp",
                               "Unix time of each duty's last successful run (0: never).",
                               labels=["duty"])
    for name, moment in duties.items():
        family.add_metric([name], moment.timestamp() if moment else 0)
    return family
