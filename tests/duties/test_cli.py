"""`layanan jobs run | list | serve`, and the scheduler `layanan serve` starts in demo mode."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from core.duties.schedule import NAMES
from core.models import Duty
from layanan.cli import cli
from tests.servers import free_port, get_when_up


def test_jobs_run_runs_everything_due_once(runner, session):
    """A fresh database: every duty runs at the first pass, none at the second."""
    first = runner.invoke(cli, ["jobs", "run"])
    assert first.exit_code == 0, first.output
    assert [line.split()[:2] for line in first.output.splitlines()] == [
        [name, "ok"] for name in NAMES]
    again = runner.invoke(cli, ["jobs", "run"])
    assert (again.exit_code, again.output) == (0, "Nothing due.\n")
    rows = session.scalars(select(Duty).order_by(Duty.name)).all()
    assert [(row.name, row.runs, row.lease_owner) for row in rows] == [
        (name, 1, None) for name in sorted(NAMES)]


def test_jobs_run_one_duty_forced(runner):
    """--duty NAME --force runs that duty now, though it is not due."""
    runner.invoke(cli, ["jobs", "run"])
    forced = runner.invoke(cli, ["jobs", "run", "--duty", "retention", "--force"])
    assert forced.exit_code == 0, forced.output
    assert forced.output.startswith("retention") and "outbox 0, ussd 0, codes 0" in forced.output
    unknown = runner.invoke(cli, ["jobs", "run", "--duty", "nope"])
    assert unknown.exit_code == 2


def test_jobs_list_shows_each_duty(runner):
    """Never run at first; after a pass, its outcome, result and next run."""
    before = runner.invoke(cli, ["jobs", "list"])
    assert before.exit_code == 0 and before.output.count("never run") == len(NAMES)
    runner.invoke(cli, ["jobs", "run", "--duty", "survey_expiry"])
    after = runner.invoke(cli, ["jobs", "list"]).output.splitlines()
    line = next(line for line in after if line.startswith("survey_expiry"))
    assert " ok " in line and "next " in line and "expired 0" in line


def test_serve_in_demo_mode_runs_the_scheduler(tmp_path):
    """`layanan serve` in demo mode starts `jobs serve`: the duties run without anyone asking."""
    port = free_port()
    database = tmp_path / "j.db"
    env = os.environ | {"LAYANAN_DEMO": "1", "DATABASE_URL": f"sqlite:///{database}"}
    layanan = str(Path(sys.executable).with_name("layanan"))
    subprocess.run([layanan, "db", "upgrade"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([layanan, "serve", "--port", str(port), "--workers", "1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ran: list = []
    try:
        get_when_up(f"http://127.0.0.1:{port}/healthz")
        # Generous: the child starts a Python and an app of its own, on a busy machine too.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(ran) < len(NAMES):
            time.sleep(0.3)
            with sqlite3.connect(database) as connection:
                ran = connection.execute(
                    "SELECT name FROM duties WHERE last_outcome = 'ok'").fetchall()
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert sorted(name for (name,) in ran) == sorted(NAMES)


def test_jobs_run_exits_1_when_a_duty_failed(runner, monkeypatch):
    """A failed duty is printed with its reason, and the exit code says so (cron mails it)."""
    from core.duties import work

    def broken(_ctx):
        raise RuntimeError("figures table missing")

    monkeypatch.setitem(work.WORK, "statistics", broken)
    result = runner.invoke(cli, ["jobs", "run", "--duty", "statistics"])
    assert result.exit_code == 1
    assert "statistics      failed" in result.output
    assert "RuntimeError: figures table missing" in result.output
