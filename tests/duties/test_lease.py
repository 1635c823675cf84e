"""The lease: one host runs a duty at a time, a dead host's lease ends, forced runs still wait."""

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.duties.lease import finish, request_run, take
from core.duties.schedule import NAMES
from core.models import Duty

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
LEASE = timedelta(minutes=10)


def row(sessions, name="auto_close") -> Duty:
    """The duty's row as another connection sees it (only what was committed)."""
    with sessions() as other:
        return other.scalars(select(Duty).where(Duty.name == name)).one()


def test_a_fresh_install_runs_a_duty_at_once(sessions):
    """The row is made on first use, due now: the first host takes it."""
    with sessions() as session:
        assert take(session, "auto_close", owner="a:1", now=NOW, lease=LEASE)
    taken = row(sessions)
    assert (taken.lease_owner, taken.lease_until, taken.last_started_at) == (
        "a:1", NOW + LEASE, NOW)


def test_of_two_owners_only_one_takes_the_duty(sessions):
    """The second host finds the lease held, committed by the first."""
    with sessions() as first, sessions() as second:
        results = [take(first, "retention", owner="a:1", now=NOW, lease=LEASE),
                   take(second, "retention", owner="b:2", now=NOW, lease=LEASE)]
    assert results == [True, False]
    assert row(sessions, "retention").lease_owner == "a:1"


def test_an_expired_lease_is_taken_over(sessions):
    """A host that died mid-run frees the duty when its lease ends, not before."""
    with sessions() as session:
        take(session, "auto_close", owner="a:1", now=NOW, lease=LEASE)
        assert not take(session, "auto_close", owner="b:2", now=NOW + LEASE, lease=LEASE,
                        force=True)
        assert take(session, "auto_close", owner="b:2", now=NOW + LEASE + timedelta(seconds=1),
                    lease=LEASE, force=True)
    assert row(sessions).lease_owner == "b:2"


def test_a_duty_not_due_runs_only_when_forced(sessions):
    """After a run the duty waits for next_run_at; --force runs it now, under the lease."""
    with sessions() as session:
        take(session, "auto_close", owner="a:1", now=NOW, lease=LEASE)
        finish(session, "auto_close", owner="a:1", now=NOW, outcome="ok", result="closed 0",
               next_run_at=NOW + timedelta(hours=1))
        assert not take(session, "auto_close", owner="a:1", now=NOW + timedelta(minutes=1),
                        lease=LEASE)
        assert take(session, "auto_close", owner="a:1", now=NOW + timedelta(minutes=1),
                    lease=LEASE, force=True)


def test_finish_records_the_run_and_releases_the_lease(sessions):
    """Outcome, result, last success, runs and failures in a row, next run."""
    with sessions() as session:
        take(session, "statistics", owner="a:1", now=NOW, lease=LEASE)
        finish(session, "statistics", owner="a:1", now=NOW, outcome="failed",
               result="OperationalError:\n  database is locked", next_run_at=NOW + LEASE)
        take(session, "statistics", owner="a:1", now=NOW + LEASE, lease=LEASE)
        finish(session, "statistics", owner="a:1", now=NOW + LEASE, outcome="failed",
               result="again", next_run_at=NOW + 2 * LEASE)
    failed = row(sessions, "statistics")
    assert (failed.runs, failed.failures, failed.last_outcome, failed.last_success_at) == (
        2, 2, "failed", None)
    with sessions() as session:
        take(session, "statistics", owner="a:1", now=NOW + 2 * LEASE, lease=LEASE)
        finish(session, "statistics", owner="a:1", now=NOW + 2 * LEASE, outcome="ok",
               result="rows 5", next_run_at=NOW + timedelta(days=1))
    done = row(sessions, "statistics")
    assert (done.runs, done.failures, done.last_outcome, done.last_result) == (
        3, 0, "ok", "rows 5")
    assert (done.last_success_at, done.next_run_at) == (NOW + 2 * LEASE, NOW + timedelta(days=1))
    assert (done.lease_owner, done.lease_until) == (None, None)


def test_a_run_that_lost_its_lease_records_nothing(sessions):
    """The host that took the duty over owns the row; the late one's outcome is dropped."""
    with sessions() as session:
        take(session, "retention", owner="a:1", now=NOW, lease=LEASE)
        take(session, "retention", owner="b:2", now=NOW + 2 * LEASE, lease=LEASE, force=True)
        assert not finish(session, "retention", owner="a:1", now=NOW + 2 * LEASE,
                          outcome="ok", result="late", next_run_at=NOW)
    assert row(sessions, "retention").lease_owner == "b:2"


def test_run_now_makes_a_duty_due_for_the_next_pass(sessions):
    """The back office's button: next_run_at = now; every duty gets its row."""
    later = NOW + timedelta(hours=3)
    with sessions() as session:
        take(session, "statistics", owner="a:1", now=NOW, lease=LEASE)
        finish(session, "statistics", owner="a:1", now=NOW, outcome="ok", result="",
               next_run_at=NOW + timedelta(days=1))
        request_run(session, "statistics", names=NAMES, now=later)
        session.commit()
        assert set(session.scalars(select(Duty.name))) == set(NAMES)
        assert take(session, "statistics", owner="b:2", now=later, lease=LEASE)


def test_of_many_hosts_taking_at_once_exactly_one_wins(sessions):
    """Eight threads, each its own connection, race for one duty: one lease, whatever the order."""
    barrier = threading.Barrier(8)
    won: list[str] = []

    def host(owner):
        with sessions() as session:
            barrier.wait()
            if take(session, "auto_close", owner=owner, now=NOW, lease=LEASE):
                won.append(owner)

    threads = [threading.Thread(target=host, args=(f"host:{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(won) == 1 and row(sessions).lease_owner == won[0]
