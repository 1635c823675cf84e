"""The `layanan` command: migrations, demo data, holidays, ticket duties and the server."""

import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, func, select

from core.catalogue.search.services import search_services
from core.models import Officer, Service, ServiceSearch, SurveyResponse, Ticket
from core.models.tickets import COMPLETED, FOLLOWED_UP
from core.tickets.actions import apply_ticket_action
from layanan.cli import cli
from tests.factories import make_complaint, make_service
from tests.servers import free_port, get_when_up


def test_db_upgrade_creates_the_schema(app, tmp_path):
    """`layanan db upgrade` migrates an empty database to the newest revision."""
    app.config["DATABASE_URL"] = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = app.test_cli_runner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Database at head" in result.output
    assert (tmp_path / "fresh.db").stat().st_size > 0


def test_demo_load_is_idempotent(app, runner, session):
    """Loading the demo twice leaves the same records, with the promised amounts."""
    app.config["DEMO"] = True
    first = runner.invoke(cli, ["demo", "load"])
    assert first.exit_code == 0, first.output
    counts = {model: session.scalar(select(func.count()).select_from(model))
              for model in (Service, Officer, Ticket, SurveyResponse)}
    # End the read transaction: on SQLite it holds the write lock the CLI needs.
    session.rollback()
    second = runner.invoke(cli, ["demo", "load"])
    assert second.exit_code == 0, second.output
    assert second.output == first.output
    assert counts[Service] >= 12 and counts[SurveyResponse] >= 300 and counts[Ticket] >= 5
    assert counts == {model: session.scalar(select(func.count()).select_from(model))
                      for model in counts}


def test_demo_load_is_refused_outside_demo_mode(app, runner, session):
    """Demo accounts with published passwords never reach a real deployment."""
    result = runner.invoke(cli, ["demo", "load"])
    assert result.exit_code != 0
    assert "LAYANAN_DEMO" in result.output
    assert session.scalar(select(func.count()).select_from(Officer)) == 0


def test_holidays_add_and_list(runner):
    """Holidays are data an administrator can add."""
    added = runner.invoke(cli, ["holidays", "add", "2026-12-25", "Hari Raya Natal"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, ["holidays", "list", "--year", "2026"])
    assert "2026-12-25 Hari Raya Natal" in listed.output


def test_tickets_auto_close_closes_each_silent_ticket_once(runner, session):
    """`layanan tickets auto-close` closes followed-up tickets silent past the limit, once
    (it is the auto_close duty, run now)."""
    silent, recent = make_complaint(session), make_complaint(session)
    for ticket, moment in ((silent, datetime(2025, 1, 6, 2, tzinfo=UTC)), (recent, None)):
        for action in ("verify", "follow_up"):
            apply_ticket_action(session, ticket_id=ticket.id, action=action,
                                note="Lampu sudah diganti.", now=moment)
    # Commit and end the transaction: on SQLite it would hold the lock the CLI needs.
    session.commit()
    first = runner.invoke(cli, ["tickets", "auto-close"])
    assert first.exit_code == 0, first.output
    assert first.output.split()[:2] == ["auto_close", "ok"]
    assert first.output.rstrip().endswith("closed 1")
    session.expire_all()
    assert (silent.status, recent.status) == (COMPLETED, FOLLOWED_UP)
    session.rollback()
    again = runner.invoke(cli, ["tickets", "auto-close"])
    assert again.exit_code == 0, again.output
    assert again.output.rstrip().endswith("closed 0")


def test_serve_runs_gunicorn_and_answers(tmp_path):
    """`layanan serve` starts gunicorn workers that answer on the chosen port."""
    port = free_port()
    env = os.environ | {"LAYANAN_DEMO": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
    layanan = str(Path(sys.executable).with_name("layanan"))
    subprocess.run([layanan, "db", "upgrade"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([layanan, "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        body = get_when_up(f"http://127.0.0.1:{port}/healthz")
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert body == b'{"status":"ok"}\n'


def test_serve_in_demo_mode_drains_the_outbox(tmp_path):
    """In demo mode `layanan serve` also sends queued SMS, so a reply shows within seconds."""
    port = free_port()
    env = os.environ | {"LAYANAN_DEMO": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}"}
    layanan = str(Path(sys.executable).with_name("layanan"))
    subprocess.run([layanan, "db", "upgrade"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([layanan, "serve", "--port", str(port), "--workers", "1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        get_when_up(f"{base}/healthz")
        form = urllib.parse.urlencode({"from": "081234567890", "to": "1708", "text": "BANTUAN",
                                       "id": "drain-1", "date": "2026-11-28"}).encode()
        with urllib.request.urlopen(f"{base}/sms/inbound", data=form, timeout=5):  # noqa: S310
            pass
        statuses = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and statuses != ["sent"]:
            time.sleep(0.3)
            body = get_when_up(f"{base}/simulator/api/messages?phone=%2B6281234567890")
            statuses = [message["status"] for message in json.loads(body)]
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert statuses == ["sent"]


def test_db_upgrade_indexes_services_the_search_index_lacks(app, runner, session):
    """A database upgraded from before the search index gets its services indexed."""
    service = make_service(session, name_id="Pemeriksaan mata keliling")
    session.execute(delete(ServiceSearch))
    session.commit()
    result = runner.invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Search index built for 1 services." in result.output
    found = search_services(session, "mata keliling", language="id")
    assert [hit.service_id for hit in found] == [service.id]
    again = runner.invoke(cli, ["db", "upgrade"])
    assert "Search index" not in again.output
