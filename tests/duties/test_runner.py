"""The runner: due duties run, a failure is recorded and the others still run, one log line each."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.duties import work
from core.duties.runner import describe_failure, run_due, serve_duties
from core.duties.schedule import NAMES
from core.models import Duty

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def stand_ins(monkeypatch):
    """Every duty replaced by one that records its call; survey_expiry fails with a phone."""
    called = []

    def ok(name):
        return lambda ctx: called.append(name) or f"did {name}"

    def fails(ctx):
        called.append("survey_expiry")
        raise ValueError("no reply from +6281234500001\nat all")

    for name in NAMES:
        monkeypatch.setitem(work.WORK, name, ok(name))
    monkeypatch.setitem(work.WORK, "survey_expiry", fails)
    return called


def rows(sessions) -> dict[str, Duty]:
    """Each duty's row as committed."""
    with sessions() as other:
        return {duty.name: duty for duty in other.scalars(select(Duty))}


def test_a_failing_duty_is_recorded_and_the_others_run(sessions, config, stand_ins, caplog):
    """Four ok, one failed with its type and message on one line, no phone number."""
    with caplog.at_level(logging.INFO, logger="layanan.duties"):
        runs = run_due(sessions, owner="a:1", config=config, now=NOW)
    assert stand_ins == list(NAMES)
    assert {run.duty: run.outcome for run in runs} == {
        name: "failed" if name == "survey_expiry" else "ok" for name in NAMES}
    failed = rows(sessions)["survey_expiry"]
    assert failed.last_result == "ValueError: no reply from [nomor] at all"
    assert (failed.failures, failed.lease_owner, failed.last_success_at) == (1, None, None)
    assert failed.next_run_at == NOW + timedelta(minutes=15)
    lines = [r for r in caplog.records if r.name == "layanan.duties"]
    assert [(r.duty, r.outcome) for r in lines] == [(run.duty, run.outcome) for run in runs]
    assert all(isinstance(r.duration_ms, int) and r.result for r in lines)
    assert "+62812" not in caplog.text


def test_a_second_pass_runs_nothing_not_yet_due(sessions, config, stand_ins):
    """A minute later nothing is due; the failed duty is tried again 15 minutes later."""
    run_due(sessions, owner="a:1", config=config, now=NOW)
    stand_ins.clear()
    assert run_due(sessions, owner="a:1", config=config, now=NOW + timedelta(minutes=1)) == []
    later = run_due(sessions, owner="b:2", config=config, now=NOW + timedelta(minutes=15))
    assert [run.duty for run in later] == ["survey_expiry"]


def test_only_and_force(sessions, config, stand_ins):
    """--duty runs that one; --force runs it though not due."""
    run_due(sessions, owner="a:1", config=config, now=NOW)
    stand_ins.clear()
    soon = NOW + timedelta(minutes=1)
    assert run_due(sessions, owner="a:1", config=config, now=soon, only="statistics") == []
    runs = run_due(sessions, owner="a:1", config=config, now=soon, only="statistics", force=True)
    assert [run.duty for run in runs] == ["statistics"] and stand_ins == ["statistics"]


def test_a_duty_held_by_another_host_is_not_run_even_forced(sessions, config, stand_ins):
    """The lease wins over --force."""
    from core.duties.lease import take

    with sessions() as session:
        take(session, "retention", owner="b:2", now=NOW, lease=timedelta(minutes=10))
    runs = run_due(sessions, owner="a:1", config=config, now=NOW, only="retention", force=True)
    assert runs == [] and stand_ins == []


def test_the_scheduler_survives_a_broken_database(config, caplog):
    """A round that raises (database down) is logged, and the loop goes on."""

    def broken():
        raise RuntimeError("database down")

    with caplog.at_level(logging.ERROR, logger="layanan.duties"):
        serve_duties(broken, owner="a:1", config=config, interval=0, max_rounds=2)
    assert caplog.text.count("duties round failed") == 2


def test_failures_never_carry_a_phone_number():
    """Any long run of digits (a phone, grouped or not) is hidden."""
    text = describe_failure(RuntimeError("0812 3450 0001 and 6281234500001, id 42"))
    assert text == "RuntimeError: [nomor] and [nomor], id 42"
