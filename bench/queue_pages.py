"""Time the officers' queue and the IKM report over 1,000,000 tickets and 1,000,000 responses.

Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_queue python bench/queue_pages.py
(Not named queue.py: scripts in bench/ run with this folder first on sys.path, where
that name would shadow the standard library module.)
PostgreSQL only, on a scratch database: its tickets, citizens and survey
responses are emptied and refilled (generate_series, a minute or so).

Printed: the first page and the 10,000th page of the busiest unit's queue
(newest first and most urgent first) and of the every-unit queue, each as the
core call and as the whole HTTP page; the 10,000th page is reached by seeking
to the cursor of the last row of page 9,999 (found once with OFFSET, untimed),
exactly what following the links would give. Then the SKM report of that
unit for one quarter (NRR, IKM, grade, breakdowns by channel and profile,
trend over four previous quarters) and its page.
"""

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, and this file's
# name would hide the standard library's queue module: the project root goes there.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402

from sqlalchemy import case, select, text  # noqa: E402

from core.casework.queue import QueueFilter, encode_cursor, list_queue  # noqa: E402
from core.db import make_engine, make_session_factory  # noqa: E402
from core.migrate import upgrade_database  # noqa: E402
from core.models import Officer, Ticket  # noqa: E402
from core.staff.access import Principal  # noqa: E402
from core.surveys.reports import build_report  # noqa: E402
from layanan.factory import create_app  # noqa: E402

UNITS = 10
PAGE = 25
DEEP_PAGE = 10_000
TODAY = date(2026, 11, 28)
QUARTER = (date(2026, 7, 1), date(2026, 9, 30))
PASSWORD = "bench-password"  # noqa: S105 (scratch database)

FILL = """
TRUNCATE ticket_events, attachments, survey_invitations, outbound_messages, survey_responses,
         tickets, citizens, audit_entries, practice_adoptions, best_practices, officers,
         services, units, agencies RESTART IDENTITY CASCADE;
INSERT INTO agencies (slug, name, region) VALUES ('bench', 'Dinas Bench', 'Bench');
INSERT INTO units (agency_id, slug, name, region, service_population)
  SELECT 1, 'bench-' || i, 'Unit ' || i, 'x', 20000 FROM generate_series(1, :units) i;
INSERT INTO citizens (phone, language, opted_out, created_at)
  SELECT '+62812' || lpad(i::text, 8, '0'), 'id', false, now() FROM generate_series(1, 20000) i;
-- Unit 1 gets 40% of the tickets (400,000: 16,000 pages), 1% wait unrouted; timestamps
-- fall on whole minutes, so many tickets share one and the id breaks the tie.
INSERT INTO tickets (number, kind, complaint_type, citizen_id, unit_id, category, description,
                     anonymous, confidential, channel, status, due_on, created_at, updated_at)
  SELECT lpad(i::text, 9, '0'),
         CASE WHEN i % 3 = 0 THEN 'request' ELSE 'complaint' END,
         CASE WHEN i % 3 = 0 THEN NULL
              ELSE (ARRAY['pengaduan','aspirasi','informasi'])[i % 3 + 1] END,
         1 + i % 20000,
         CASE WHEN i % 100 = 0 THEN NULL WHEN i % 10 < 4 THEN 1 ELSE 2 + i % 9 END,
         'kesehatan', 'Keluhan nomor ' || i, i % 7 = 0, i % 11 = 0,
         (ARRAY['web','ussd','sms','counter'])[i % 4 + 1],
         (ARRAY['received','verified','in_progress','followed_up','completed','completed',
                'completed','rejected'])[i % 8 + 1],
         CASE WHEN i % 8 < 4 THEN date '2024-12-01' + (i::bigint * 730 / :tickets)::int + 5 END,
         timestamptz '2024-12-01 00:00+00'
           + (i::bigint * 730 * 1440 / :tickets) * interval '1 minute',
         now()
  FROM generate_series(1, :tickets) i;
INSERT INTO survey_responses (unit_id, channel, u1, u2, u3, u4, u5, u6, u7, u8, u9,
                              sex, age, education, occupation, created_at)
  SELECT 1 + i % :units, (ARRAY['web','ussd','sms','counter'])[i % 4 + 1],
         1 + (i * 7) % 4, 1 + (i * 11) % 4, 1 + (i * 13) % 4, 1 + (i * 17) % 4, 1 + (i * 19) % 4,
         1 + (i * 23) % 4, 1 + (i * 29) % 4, 1 + (i * 31) % 4, 1 + (i * 37) % 4,
         (ARRAY['L','P'])[i % 2 + 1], 18 + i % 60, (ARRAY['sd','smp','sma','d3','s1'])[i % 5 + 1],
         (ARRAY['petani','pns','swasta','wirausaha','lainnya'])[i % 5 + 1],
         timestamptz '2025-01-01 00:00+00'
           + (i::bigint * 730 * 1440 / :responses) * interval '1 minute'
  FROM generate_series(1, :responses) i;
ANALYZE;
"""


def fill(url: str, tickets: int, responses: int) -> None:
    """Migrate and refill the scratch database."""
    upgrade_database(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        for statement in FILL.split(";\n"):
            if statement.strip():
                connection.execute(text(statement), {"units": UNITS, "tickets": tickets,
                                                     "responses": responses})
    engine.dispose()


def median_ms(function, runs: int = 9) -> float:
    """Median wall time of a call, in milliseconds (one warm-up call first)."""
    function()
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings) * 1000


def deep_cursor(session, filters: QueueFilter, deep_page: int) -> str:
    """The cursor ending the page before `deep_page`, found with OFFSET (untimed) and checked."""
    order = filters.order
    query = select(Ticket)
    if filters.unit_ids is not None:
        query = query.where(Ticket.unit_id.in_(filters.unit_ids))
    if order == "newest":
        query = query.order_by(Ticket.created_at.desc(), Ticket.id.desc())
    else:
        # Dated tickets by due date then id; the undated after them, newest first.
        undated = Ticket.due_on.is_(None)
        query = query.order_by(Ticket.due_on.asc().nulls_last(),
                               case((undated, Ticket.created_at)).desc(),
                               case((undated, -Ticket.id), else_=Ticket.id).asc())
    rows = list(session.scalars(query.offset((deep_page - 1) * PAGE - 1).limit(PAGE + 1)))
    cursor = encode_cursor(rows[0], order)
    page = list_queue(session, filters=filters, today=TODAY, after=cursor, limit=PAGE)
    assert [t.id for t in page.tickets] == [t.id for t in rows[1:]], "seek != offset"
    return cursor


def main() -> None:
    """Fill, then print the timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--page", type=int, default=DEEP_PAGE, help="the deep page to time")
    parser.add_argument("--no-fill", action="store_true", help="reuse the rows already there")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql")):
        raise SystemExit("Set DATABASE_URL to a scratch PostgreSQL database.")
    if not args.no_fill:
        began = time.perf_counter()
        fill(url, args.tickets, args.responses)
        print(f"filled {args.tickets:,} tickets and {args.responses:,} survey responses "
              f"in {time.perf_counter() - began:.0f} s")

    engine = make_engine(url)
    session = make_session_factory(engine)()
    admin = Principal(0, "admin", None)
    cases = {
        "unit 1, newest first": QueueFilter(unit_ids=(1,)),
        "unit 1, most urgent first": QueueFilter(unit_ids=(1,), order="urgent"),
        "every unit, newest first": QueueFilter(),
    }
    cursors = {}
    for name, filters in cases.items():
        cursors[name] = deep_cursor(session, filters, args.page)
        first = median_ms(lambda f=filters: list_queue(session, filters=f, today=TODAY))
        deep = median_ms(lambda f=filters, c=cursors[name]: list_queue(
            session, filters=f, today=TODAY, after=c))
        print(f"queue ({name}): page 1 {first:.1f} ms, page {args.page:,} {deep:.1f} ms")
        session.rollback()
    report = median_ms(lambda: build_report(session, principal=admin, unit_id=1,
                                            start=QUARTER[0], end=QUARTER[1]), runs=5)
    result = build_report(session, principal=admin, unit_id=1, start=QUARTER[0], end=QUARTER[1])
    print(f"SKM report, unit 1, one quarter (n={result.overall.n:,}; channel, 4 profile "
          f"breakdowns, 5-quarter trend): {report:.1f} ms")
    session.close()
    engine.dispose()
    http(url, cursors, args.page)


def http(url: str, cursors: dict, deep_page: int) -> None:
    """The same pages through the whole app: sign-in, query, template."""
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    from core.staff.officers import create_officer

    with app.app_context():
        from layanan.database import db_session

        db = db_session()
        if db.scalars(select(Officer).where(Officer.email == "bench@bench.id")).first() is None:
            create_officer(db, email="bench@bench.id", name="Bench", password=PASSWORD,
                           role="admin")
    client = app.test_client()
    client.post("/staff/masuk", data={"email": "bench@bench.id", "password": PASSWORD})
    pages = {
        "queue page 1 (unit 1)": "/staff/?unit=1",
        f"queue page {deep_page:,} (unit 1)":
            f"/staff/?unit=1&after={cursors['unit 1, newest first']}",
        "queue page 1 (every unit)": "/staff/",
        f"queue page {deep_page:,} (every unit)":
            f"/staff/?after={cursors['every unit, newest first']}",
        "SKM report page (unit 1)": f"/staff/laporan?unit=1&dari={QUARTER[0]}&sampai={QUARTER[1]}",
    }
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        rows = len(re.findall(r"/staff/tiket/\d+", response.get_data(as_text=True)))
        took = median_ms(lambda p=path: client.get(p), runs=5)
        print(f"HTTP {name}: {took:.1f} ms" + (f" ({rows} tickets)" if rows else ""))
    app.extensions["layanan.engine"].dispose()


if __name__ == "__main__":
    main()
