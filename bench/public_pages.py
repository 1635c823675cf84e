"""Time /transparansi and /api/v1/ikm over 1,000,000 tickets and 1,000,000 survey answers.

Usage: python bench/public_pages.py [--database-url URL] [--tickets N] [--responses N]
                                    [--requests N] [--no-fill]

Fills a database (a fresh SQLite file unless --database-url names another,
e.g. postgresql://postgres@127.0.0.1:5432/bench_public: a scratch database,
its tables are emptied) with the demo (its units, services and kecamatan),
then bulk-inserts the tickets and answers spread over the last 365 days. It
times the live computation a page did before (once), the refresh the
statistics duty runs, then the pages through the Flask test client: p50,
p99 and max in milliseconds.
"""

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta

from sqlalchemy import insert, select, text

from core.clock import local_date, now_utc
from core.db import Base, make_engine, make_session_factory
from core.demo.loader import load_demo
from core.migrate import upgrade_database
from core.models import Region, Service, SurveyResponse, Ticket, Unit
from core.models.tickets import COMPLETED, IN_PROGRESS, RECEIVED, REJECTED
from core.statistics.figures import refresh_public_figures
from core.statistics.live import kecamatan_performance, unit_performance
from layanan.factory import create_app

BATCH = 20_000
DAY_SECONDS = 86_400


def prepare(url: str) -> None:
    """Migrate, empty every table, load the demo (its refresh included)."""
    upgrade_database(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    with make_session_factory(engine)() as session:
        load_demo(session)
        session.commit()
    engine.dispose()


def fill(url: str, tickets: int, responses: int) -> None:
    """Bulk-insert the tickets and the answers, in batches, and analyse the tables."""
    engine = make_engine(url)
    with engine.connect() as connection:
        units = connection.execute(select(Unit.id)).scalars().all()
        services = connection.execute(select(Service.id, Service.unit_id)).all()
        codes = connection.execute(select(Region.code).where(Region.level == "kecamatan")
                                   ).scalars().all()
    rng, end = random.Random(14), now_utc()
    indexes = [index for model in (Ticket, SurveyResponse) for index in model.__table__.indexes]
    with engine.begin() as connection:
        # Indexes are built once after the load: far faster than kept up row by row.
        for index in indexes:
            index.drop(connection)
        for offset in range(0, tickets, BATCH):
            rows = [_ticket(rng, number, end, units, services, codes)
                    for number in range(offset, min(offset + BATCH, tickets))]
            connection.execute(insert(Ticket), rows)
        for offset in range(0, responses, BATCH):
            rows = [_response(rng, end, units) for _ in range(min(BATCH, responses - offset))]
            connection.execute(insert(SurveyResponse), rows)
        for index in indexes:
            index.create(connection)
        connection.execute(text("ANALYZE"))
    engine.dispose()


def _ticket(rng, number, end, units, services, codes) -> dict:
    """A request (half) or a complaint filed in the last year; 70% completed, 10% rejected."""
    created = end - timedelta(seconds=rng.randrange(365 * DAY_SECONDS))
    request = rng.random() < 0.5
    service_id, unit_id = rng.choice(services) if request else (None, rng.choice(units))
    fate = rng.random()
    status = COMPLETED if fate < 0.7 else REJECTED if fate < 0.8 else (
        IN_PROGRESS if fate < 0.9 else RECEIVED)
    closed = (min(end, created + timedelta(seconds=rng.randrange(90 * DAY_SECONDS)))
              if status in (COMPLETED, REJECTED) else None)
    return {"number": f"B{number:08d}", "kind": "request" if request else "complaint",
            "complaint_type": None if request else "pengaduan", "unit_id": unit_id,
            "service_id": service_id, "description": "",
            "kecamatan_code": None if request else rng.choice(codes),
            "anonymous": False, "confidential": rng.random() < 0.05, "channel": "ussd",
            "status": status, "created_at": created, "updated_at": closed or created,
            "closed_at": closed}


def _response(rng, end, units) -> dict:
    """An answer of the last year; four in five counted (a confirmed phone)."""
    return {"unit_id": rng.choice(units), "channel": "sms",
            "tally": "phone" if rng.random() < 0.8 else "anonymous",
            "created_at": end - timedelta(seconds=rng.randrange(365 * DAY_SECONDS)),
            **{f"u{k}": rng.randint(1, 4) for k in range(1, 10)}}


def timed(label: str, work) -> object:
    """Run `work` once and print how long it took."""
    began = time.perf_counter()
    result = work()
    print(f"  {label}: {time.perf_counter() - began:.1f} s")
    return result


def measure(client, urls: list[str], requests: int) -> str:
    """p50, p99 and max in ms of `requests` GETs cycling through the urls (all must be 200),
    as elapsed time and as this process's CPU time (which other work on the machine
    does not inflate)."""
    for url in urls:
        assert client.get(url).status_code == 200, url
    elapsed, cpu = [], []
    for index in range(requests):
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(urls[index % len(urls)])
        elapsed.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        assert response.status_code == 200
    return f"{_spread(elapsed)}; CPU {_spread(cpu)} ({requests} requests)"


def _spread(timings: list[float]) -> str:
    timings = sorted(timings)
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    return (f"p50 {statistics.median(timings):.1f} ms, p99 {p99:.1f} ms, "
            f"max {timings[-1]:.1f} ms")


def run(url: str, args) -> None:
    """Fill, refresh, and measure the pages on one database."""
    print(f"{url.split(':', 1)[0]}: {args.tickets:,} tickets, {args.responses:,} answers")
    if not args.no_fill:
        timed("demo loaded", lambda: prepare(url))
        timed("bulk insert", lambda: fill(url, args.tickets, args.responses))
    engine = make_engine(url)
    factory = make_session_factory(engine)
    year = local_date(now_utc()).year
    with factory() as session:
        timed("live figures of this year (what each page view cost before)", lambda: (
            unit_performance(session, start=date(year, 1, 1), end=date(year, 12, 31)),
            kecamatan_performance(session, start=date(year, 1, 1), end=date(year, 12, 31))))
        session.rollback()
        written = timed("refresh_public_figures", lambda: refresh_public_figures(session))
        session.commit()
        units = session.scalars(select(Unit.id).order_by(Unit.id)).all()
    engine.dispose()
    print(f"  rows written by the refresh: {written:,}")
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "bench",
                      "RATELIMIT_ENABLED": False})
    client = app.test_client()
    print("  /transparansi: " + measure(
        client, ["/transparansi", f"/transparansi?tahun={year - 1}"], args.requests))
    print("  /api/v1/ikm: " + measure(client, _api_urls(units, local_date(now_utc())),
                                      args.requests))
    # The floor: a public page that reads nothing.
    print("  /lacak (reference, no data read): " + measure(client, ["/lacak"], args.requests))
    app.extensions["layanan.engine"].dispose()


def _api_urls(units: list[int], today: date) -> list[str]:
    """Several units, each for a month, a quarter, the last year and the last 10 days."""
    periods = [(today.replace(day=1), today), (today - timedelta(days=90), today),
               (today - timedelta(days=365), today), (today - timedelta(days=10), today),
               (today - timedelta(days=200), today - timedelta(days=100))]
    return [f"/api/v1/ikm?unit={unit}&from={start}&to={end}"
            for unit in units[:6] for start, end in periods]


def main() -> None:
    """Parse the arguments and run on the chosen database."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--no-fill", action="store_true",
                        help="measure a database this script filled before, as it is")
    args = parser.parse_args()
    run(args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db", args)


if __name__ == "__main__":
    main()
