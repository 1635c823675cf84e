"""The outbox worker: sends due messages once, retries with a capped backoff, gives up in time."""

import os
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

import core.messaging.outbox
import sms.worker
from core.citizens.registry import citizen_for_phone
from core.messaging.outbox import BACKOFF_CAP, MAX_ATTEMPTS, SendOutcome, queue_message
from core.models import OutboundMessage
from sms.gateways.africastalking import AfricasTalkingGateway
from sms.gateways.console import ConsoleGateway
from sms.worker import drain_once

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def queue_texts(sessions, count, *, purpose="status", opted_out=False, now=T0):
    """Queue `count` messages, one per phone number, and return their texts."""
    texts = [f"Pesan uji {i:03d}" for i in range(count)]
    with sessions() as session:
        for i, text in enumerate(texts):
            citizen = citizen_for_phone(session, f"0812345{i:05d}")
            citizen.opted_out = opted_out
            queue_message(session, citizen=citizen, text=text, purpose=purpose, now=now)
        session.commit()
    return texts


def all_messages(sessions):
    """Every outbox row, in id order, read in a short session."""
    with sessions() as session:
        return list(session.scalars(select(OutboundMessage).order_by(OutboundMessage.id)))


def at_gateway(fake):
    """The Africa's Talking gateway pointed at the fake, with a short read timeout."""
    return AfricasTalkingGateway("sandbox", "key", base_url=fake.url, timeout=(1.0, 0.3))


class AlwaysRetry:
    """A gateway that is always down; it counts the calls."""

    name = "down"

    def __init__(self):
        self.calls = 0

    def send(self, phone, text):
        """Ask for a retry."""
        self.calls += 1
        return SendOutcome("retry", reason="HTTP 503")


def test_console_gateway_marks_queued_messages_sent(sessions):
    """The demo gateway sends every queued message and leaves suppressed ones alone."""
    queue_texts(sessions, 3)
    with sessions() as session:
        citizen = citizen_for_phone(session, "085700000001")
        citizen.opted_out = True
        queue_message(session, citizen=citizen, text="Survei", purpose="survey")
        session.commit()

    assert drain_once(sessions, ConsoleGateway()) == 3

    messages = all_messages(sessions)
    assert [m.status for m in messages] == ["sent", "sent", "sent", "suppressed"]
    assert all(m.gateway_message_id.startswith("console-") for m in messages[:3])
    assert {m.gateway for m in messages[:3]} == {"console"}
    assert drain_once(sessions, ConsoleGateway()) == 0


def test_fault_then_recovery_delivers_every_message_exactly_once(sessions, fake_at):
    """The gateway fails for a while (HTTP 500s, a stall, no credit), then recovers."""
    texts = queue_texts(sessions, 8)
    fake_at.fail_http(times=10)
    fake_at.stall(seconds=0.8)
    fake_at.reject(405)
    gateway = at_gateway(fake_at)

    rounds, now = 0, T0
    while any(m.status in ("queued", "sending") for m in all_messages(sessions)):
        assert rounds < 10, "the queue never emptied"
        drain_once(sessions, gateway, now=now)
        rounds, now = rounds + 1, now + BACKOFF_CAP

    messages = all_messages(sessions)
    assert Counter(fake_at.texts()) == Counter(texts)
    assert {m.status for m in messages} == {"sent"}
    assert [m.gateway_message_id for m in messages] == [a.message_id for a in sorted(
        fake_at.accepted, key=lambda accepted: texts.index(accepted.text))]
    assert fake_at.requests == 8 + 12
    assert rounds == 3
    assert max(m.attempts for m in messages) == 3


@pytest.mark.parametrize(("code", "reason"), [(403, "InvalidPhoneNumber"),
                                              (406, "UserInBlacklist")])
def test_permanent_failure_is_not_retried(sessions, fake_at, code, reason):
    """An invalid or blacklisted number fails after one attempt and is never sent again."""
    queue_texts(sessions, 1)
    fake_at.reject(code)
    gateway = at_gateway(fake_at)

    drain_once(sessions, gateway, now=T0)
    drain_once(sessions, gateway, now=T0 + timedelta(days=1))

    [message] = all_messages(sessions)
    assert (message.status, message.attempts, message.failure_reason) == ("failed", 1, reason)
    assert fake_at.requests == 1


def test_backoff_doubles_and_is_capped(sessions, monkeypatch):
    """Each retry waits twice as long as the last, never more than BACKOFF_CAP."""
    monkeypatch.setattr(core.messaging.outbox, "MAX_ATTEMPTS", 12)
    queue_texts(sessions, 1)
    gateway, waits, now = AlwaysRetry(), [], T0

    for _ in range(11):
        drain_once(sessions, gateway, now=now)
        [message] = all_messages(sessions)
        waits.append(int((message.next_attempt_at - now).total_seconds()))
        now = message.next_attempt_at

    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600]
    drain_once(sessions, gateway, now=now)
    assert all_messages(sessions)[0].status == "failed"


def test_shipped_retries_reach_the_cap_and_last_hours():
    """The shipped policy retries past the cap for several hours before giving up."""
    waits = [min(core.messaging.outbox.BACKOFF_BASE * 2 ** (n - 1), BACKOFF_CAP)
             for n in range(1, MAX_ATTEMPTS)]
    assert waits[-1] == BACKOFF_CAP
    assert sum(waits, start=waits[0] * 0).total_seconds() >= 6 * 3600


def test_gives_up_after_max_attempts(sessions):
    """A message the gateway never takes fails after MAX_ATTEMPTS, keeping the last reason."""
    queue_texts(sessions, 1)
    gateway, now = AlwaysRetry(), T0

    for _ in range(MAX_ATTEMPTS + 3):
        drain_once(sessions, gateway, now=now)
        now += BACKOFF_CAP

    [message] = all_messages(sessions)
    assert (message.status, message.attempts, message.failure_reason) == (
        "failed", MAX_ATTEMPTS, "HTTP 503")
    assert gateway.calls == MAX_ATTEMPTS


def test_a_raising_gateway_is_retried(sessions):
    """A gateway bug is treated like a network failure, not a crash of the worker."""
    class Broken:
        name = "broken"

        def send(self, phone, text):
            raise RuntimeError("bug")

    queue_texts(sessions, 1)

    assert drain_once(sessions, Broken(), now=T0) == 1
    [message] = all_messages(sessions)
    assert (message.status, message.failure_reason) == ("queued", "RuntimeError")


def test_slow_gateway_leaves_the_rest_of_a_batch_to_its_lease(sessions, monkeypatch):
    """Past the safe part of the lease the worker stops sending, so no one sends twice."""
    monkeypatch.setattr(sms.worker, "SAFE_HOLD_SECONDS", -1)
    queue_texts(sessions, 2)
    gateway = AlwaysRetry()

    assert drain_once(sessions, gateway, now=T0) == 0

    assert gateway.calls == 0
    assert {(m.status, m.next_attempt_at) for m in all_messages(sessions)} == {
        ("sending", T0 + core.messaging.outbox.CLAIM_LEASE)}


def _worker(database_url, fake_url):
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAYANAN_")}
    env |= {"DATABASE_URL": database_url, "LAYANAN_SECRET_KEY": "outbox-worker-0123456789abcdefgh",
            "LAYANAN_CALLBACK_TOKEN": "test-token",
            "LAYANAN_SMS_GATEWAY": "africastalking", "LAYANAN_AT_API_KEY": "x",
            "LAYANAN_AT_BASE_URL": fake_url}
    command = [str(Path(sys.executable).with_name("layanan")), "sms", "worker", "--once",
               "--batch", "5"]
    return subprocess.Popen(command, cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_worker_processes_never_send_a_message_twice(database_url, sessions, fake_at):
    """Two `layanan sms worker --once` processes share 300 messages; each goes out once."""
    texts = queue_texts(sessions, 300)
    # Hold the first request until the other worker's arrives: both are then
    # provably sending at the same time. The wait stays under the workers' 10 s
    # read timeout, so a slow start cannot turn into a retry.
    fake_at.rendezvous(parties=2, timeout=8)

    workers = [_worker(database_url, fake_at.url) for _ in range(2)]
    outputs = [worker.communicate(timeout=180) for worker in workers]

    for worker, (_, stderr) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, stderr
    attempted = [int(re.search(r"Attempted (\d+)", stdout).group(1)) for stdout, _ in outputs]
    print(f"messages attempted per worker: {attempted}")
    assert Counter(fake_at.texts()) == Counter(texts)
    assert sum(attempted) == fake_at.requests == 300
    assert min(attempted) > 0
    messages = all_messages(sessions)
    assert {(m.status, m.attempts) for m in messages} == {("sent", 1)}
    assert len({m.gateway_message_id for m in messages}) == 300
