"""The SMS gateway down for an hour, and a worker killed mid-send: nothing lost, order kept.

The worker speaks to the fake Africa's Talking server (tests/sms/fake_gateway.py)
through the real SDK; the clock is moved by hand (drain_once's `now`).
"""

import os
import signal
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from core.citizens.registry import citizen_for_phone
from core.messaging.outbox import CLAIM_LEASE, queue_message
from core.models import OutboundMessage
from sms.gateways.africastalking import AfricasTalkingGateway
from sms.worker import drain_once

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
STEP = timedelta(seconds=30)
OUTAGE = timedelta(hours=1)
# Sooner than the first retry of a refused message (the outbox's BACKOFF_BASE).
SOON = timedelta(seconds=10)
# (minutes after T0, phone): when each message is queued, to whom. The gateway
# is down for the first hour; messages queued early back off to the hour's cap,
# later ones retry sooner, so without the per-phone rule a later message to
# +6281200000001 would reach the phone before the earlier ones.
SCHEDULE = [(0, "081200000001"), (0, "081200000002"), (5, "081200000003"),
            (10, "081200000001"), (30, "081200000002"), (50, "081200000001"),
            (59, "081200000003"), (59, "081200000003"), (61, "081200000001")]


def at_gateway(fake):
    """The Africa's Talking gateway pointed at the fake."""
    return AfricasTalkingGateway("sandbox", "key", base_url=fake.url, timeout=(1.0, 1.0))


def queue(sessions, phone, text, now):
    """Queue one message as an event's transaction would."""
    with sessions() as session:
        queue_message(session, citizen=citizen_for_phone(session, phone), text=text,
                      purpose="status", now=now)
        session.commit()


def messages(sessions):
    """Every outbox row, in id order."""
    with sessions() as session:
        return list(session.scalars(select(OutboundMessage).order_by(OutboundMessage.id)))


def received(fake):
    """What each phone received, in the order the gateway accepted it."""
    by_phone = defaultdict(list)
    for accepted in fake.accepted:
        by_phone[accepted.to].append(accepted.text)
    return dict(by_phone)


def test_after_an_hour_down_everything_arrives_in_order_per_phone(sessions, fake_at):
    """HTTP 500 for an hour of retries, then recovery: all delivered, once, in queued order."""
    gateway, sent = at_gateway(fake_at), defaultdict(list)
    fake_at.go_down(500)
    schedule, now = list(enumerate(SCHEDULE)), T0
    while now < T0 + 4 * OUTAGE:
        if now >= T0 + OUTAGE:
            fake_at.recover()
        while schedule and T0 + timedelta(minutes=schedule[0][1][0]) <= now:
            number, (_, phone) = schedule.pop(0)
            text = f"Pesan {number}"
            queue(sessions, phone, text, now)
            sent["+62" + phone[1:]].append(text)
        drain_once(sessions, gateway, now=now)
        now += STEP

    assert {m.status for m in messages(sessions)} == {"sent"}
    assert received(fake_at) == dict(sent)
    assert fake_at.requests > 2 * len(SCHEDULE), "the outage was never felt"


def _worker_killed_mid_send(database_url: str, fake_url: str, now: datetime):
    """Run one drain in a child that kills itself once the gateway took its second message."""
    script = (
        "import os, signal, sys\n"
        "from datetime import datetime\n"
        "from core.db import make_engine, make_session_factory\n"
        "from sms.gateways.africastalking import AfricasTalkingGateway\n"
        "from sms.worker import drain_once\n"
        "url, fake, now = sys.argv[1:4]\n"
        "real = AfricasTalkingGateway('sandbox', 'key', base_url=fake)\n"
        "class Dying:\n"
        "    name, sent = real.name, 0\n"
        "    def send(self, phone, text):\n"
        "        outcome = real.send(phone, text)\n"
        "        Dying.sent += 1\n"
        "        if Dying.sent == 2:\n"
        "            os.kill(os.getpid(), signal.SIGKILL)\n"
        "        return outcome\n"
        "drain_once(make_session_factory(make_engine(url)), Dying(), batch=5,\n"
        "           now=datetime.fromisoformat(now))\n"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAYANAN_")}
    return subprocess.run([sys.executable, "-c", script, database_url, fake_url,
                           now.isoformat()], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


def test_a_worker_killed_mid_send_sends_that_message_again_after_the_lease(
        sessions, fake_at, database_url):
    """At least once: the message in flight goes twice, after CLAIM_LEASE; the rest once."""
    phones = ["081200000001", "081200000002", "081200000003", "081200000004"]
    for number, phone in enumerate([*phones, phones[0]]):
        queue(sessions, phone, f"Pesan {number}", T0)

    child = _worker_killed_mid_send(database_url, fake_at.url, T0)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert fake_at.texts() == ["Pesan 0", "Pesan 1"]

    gateway = at_gateway(fake_at)
    drain_once(sessions, gateway, now=T0 + CLAIM_LEASE - timedelta(seconds=1))
    # Only the first phone's second message: the claimed rest wait for their lease.
    assert fake_at.texts()[2:] == ["Pesan 4"]
    drain_once(sessions, gateway, now=T0 + CLAIM_LEASE)

    assert Counter(fake_at.texts()) == {"Pesan 0": 1, "Pesan 1": 2, "Pesan 2": 1,
                                        "Pesan 3": 1, "Pesan 4": 1}
    assert {m.status for m in messages(sessions)} == {"sent"}
    assert received(fake_at)["+6281200000001"] == ["Pesan 0", "Pesan 4"]


def test_a_sign_in_code_does_not_wait_behind_a_message_stuck_in_retries(sessions, fake_at):
    """A code is useful for minutes: it goes out while an older message to the phone retries,
    and the messages after the code still keep their order."""
    gateway = at_gateway(fake_at)
    queue(sessions, "081200000001", "Pesan lama", T0)
    fake_at.go_down(500)
    drain_once(sessions, gateway, now=T0)
    fake_at.recover()
    with sessions() as session:
        queue_message(session, citizen=citizen_for_phone(session, "081200000001"),
                      text="Kode masuk 123456", purpose="otp", now=T0 + SOON)
        session.commit()
    queue(sessions, "081200000001", "Pesan baru", T0 + SOON)
    drain_once(sessions, gateway, now=T0 + SOON)
    assert fake_at.texts() == ["Kode masuk 123456"]
    drain_once(sessions, gateway, now=T0 + OUTAGE)
    assert fake_at.texts() == ["Kode masuk 123456", "Pesan lama", "Pesan baru"]
