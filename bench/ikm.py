"""Time a unit's IKM report for one period over 1,000,000 survey responses.

Usage: python bench/ikm.py [--rows N]
Runs on a fresh SQLite file, and also on DATABASE_URL when that is PostgreSQL
(its survey table is emptied and refilled: point it at a scratch database).
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, insert, text

from core.db import make_engine, make_session_factory
from core.migrate import upgrade_database
from core.models import Agency, SurveyResponse, Unit
from core.surveys.ikm import compute_ikm

UNITS = 50
BATCH = 20_000


def fill(url: str, rows: int) -> int:
    """Migrate, add units, and insert `rows` responses spread over two years; return a unit id."""
    upgrade_database(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as session:
        session.execute(delete(SurveyResponse))
        session.execute(delete(Unit).where(Unit.slug.like("bench-%")))
        session.execute(delete(Agency).where(Agency.slug == "bench"))
        agency = Agency(slug="bench", name="Bench", region="Bench")
        units = [Unit(agency=agency, slug=f"bench-{i}", name=f"Unit {i}", region="x")
                 for i in range(UNITS)]
        session.add_all(units)
        session.commit()
        unit_ids = [unit.id for unit in units]
    rng = random.Random(1)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    channels = ("web", "ussd", "sms", "counter")
    with engine.begin() as connection:
        for offset in range(0, rows, BATCH):
            batch = [
                # Counted responses (docs/domain.md §3.6): the index reads these.
                {"unit_id": rng.choice(unit_ids), "channel": channels[i % 4], "tally": "phone",
                 "created_at": start + timedelta(minutes=rng.randrange(730 * 24 * 60)),
                 **{f"u{k}": rng.randint(1, 4) for k in range(1, 10)}}
                for i in range(offset, min(offset + BATCH, rows))
            ]
            connection.execute(insert(SurveyResponse), batch)
        if engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE survey_responses"))
        else:
            connection.execute(text("ANALYZE"))
    engine.dispose()
    return unit_ids[0]


def time_report(url: str, unit_id: int, runs: int = 7) -> tuple[float, int]:
    """Median seconds of one quarter's report for one unit, and its respondent count."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    timings, n = [], 0
    with factory() as session:
        for _ in range(runs):
            began = time.perf_counter()
            report = compute_ikm(session, unit_id=unit_id, start=date(2026, 1, 1),
                                 end=date(2026, 3, 31))
            timings.append(time.perf_counter() - began)
            n = report.n
    engine.dispose()
    return statistics.median(timings), n


def main() -> None:
    """Fill each database and print the report time."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    urls = [f"sqlite:///{tempfile.mkdtemp()}/bench.db"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql")):
        urls.append(os.environ["DATABASE_URL"])
    for url in urls:
        began = time.perf_counter()
        unit_id = fill(url, args.rows)
        load = time.perf_counter() - began
        median, n = time_report(url, unit_id)
        backend = url.split(":", 1)[0]
        print(f"{backend}: {args.rows:,} responses loaded in {load:.1f} s; "
              f"IKM of one unit for one quarter (n={n:,}): median {median * 1000:.1f} ms")


if __name__ == "__main__":
    main()
