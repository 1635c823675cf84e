"""Web Push at the protocol: a status change reaches a (fake) push service encrypted and signed.

The browser side is played by the test: a real P-256 key pair and auth
secret, as PushManager.subscribe() makes them, with an endpoint on a local
fake push service. What arrives must carry the RFC 8030 and 8291 headers and
a VAPID token (RFC 8292) that verifies with our public key, and decrypt with
the browser's private key into JSON naming the ticket. A push service that
answers 404 or 410 drops the subscription and the SMS goes instead.
"""

import json
import os
import time

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from sqlalchemy import select

from core.db import unit_of_work
from core.messaging.outbox import queue_message
from core.messaging.push import PUSH_GATEWAY, PUSH_TTL_SECONDS, save_subscription
from core.messaging.vapid import VapidKeys, b64url_decode, b64url_encode, generate_vapid_keys
from core.models import Citizen, OutboundMessage, PushSubscription
from core.tickets.actions import apply_ticket_action
from layanan.cli import cli
from sms.gateways.africastalking import AfricasTalkingGateway
from sms.worker import drain_once
from tests.factories import make_complaint
from tests.push.fake_push import FakePushService
from tests.servers import free_port

SUBJECT = "mailto:ops@layanan.example"


class Browser:
    """What a browser keeps for one push subscription: its ECDH key pair and auth secret."""

    def __init__(self):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    @property
    def p256dh(self) -> str:
        """The public key as PushSubscription.toJSON() gives it."""
        return b64url_encode(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    @property
    def auth(self) -> str:
        """The auth secret as PushSubscription.toJSON() gives it."""
        return b64url_encode(self.auth_secret)

    def decrypt(self, body: bytes) -> dict:
        """Decrypt an aes128gcm push (RFC 8291) and read its JSON."""
        plain = http_ece.decrypt(body, private_key=self.private_key,
                                 auth_secret=self.auth_secret, version="aes128gcm")
        return json.loads(plain)


@pytest.fixture
def push_service():
    """A fake push service on a free local port."""
    fake = FakePushService().start()
    yield fake
    fake.stop()


@pytest.fixture
def keys():
    """A VAPID pair of this test's own."""
    public, private = generate_vapid_keys()
    return VapidKeys(public, private, SUBJECT)


@pytest.fixture
def sms_gateway(fake_at):
    """The Africa's Talking gateway pointed at the fake SMS API."""
    return AfricasTalkingGateway("sandbox", "key", base_url=fake_at.url, timeout=(1.0, 0.3))


def file_complaint(sessions):
    """A complaint filed on the web from a confirmed phone: (ticket id, number, citizen id)."""
    with sessions() as session:
        ticket = make_complaint(session)
        return ticket.id, ticket.number, ticket.citizen_id


def subscribe(sessions, citizen_id, endpoint, browser):
    """Store the browser's subscription for the citizen, as the web endpoint does."""
    with sessions() as session, unit_of_work(session):
        save_subscription(session, citizen_id=citizen_id, endpoint=endpoint,
                          p256dh=browser.p256dh, auth=browser.auth, allow_loopback=True)


def verify_ticket(sessions, ticket_id):
    """An officer verifies the ticket: the citizen's status news is queued."""
    with sessions() as session, unit_of_work(session):
        apply_ticket_action(session, ticket_id=ticket_id, action="verify")


def last_message(sessions) -> OutboundMessage:
    """The newest outbox row."""
    with sessions() as session:
        return session.scalars(select(OutboundMessage).order_by(OutboundMessage.id.desc())).first()


def subscription_endpoints(sessions) -> list[str]:
    """Every stored subscription's endpoint."""
    with sessions() as session:
        return list(session.scalars(select(PushSubscription.endpoint)
                                    .order_by(PushSubscription.id)))


def vapid_claims(authorization: str, public_key: str) -> dict:
    """The claims of a `vapid t=<JWT>, k=<key>` header, once its ES256 signature verified."""
    scheme, _, rest = authorization.partition(" ")
    assert scheme == "vapid"
    parts = dict(part.strip().split("=", 1) for part in rest.split(","))
    assert parts["k"] == public_key
    header, claims, signature = parts["t"].split(".")
    raw = b64url_decode(signature)
    assert len(raw) == 64
    point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(parts["k"]))
    point.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"),
                                      int.from_bytes(raw[32:], "big")),
                 f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    assert json.loads(b64url_decode(header)) == {"typ": "JWT", "alg": "ES256"}
    return json.loads(b64url_decode(claims))


def test_status_news_is_pushed_encrypted_and_signed_and_no_sms_goes(
        sessions, push_service, keys, sms_gateway, fake_at):
    """RFC 8030/8291/8292 on the wire; the body decrypts to the ticket's news; no SMS."""
    ticket_id, number, citizen_id = file_complaint(sessions)
    browser = Browser()
    subscribe(sessions, citizen_id, push_service.endpoint("a"), browser)
    # The receipt is not ticket news pushed: it goes by SMS, as the citizen filed it.
    drain_once(sessions, sms_gateway, push=keys)
    assert len(fake_at.texts()) == 1 and push_service.received == []

    verify_ticket(sessions, ticket_id)
    assert drain_once(sessions, sms_gateway, push=keys) == 1

    assert len(fake_at.texts()) == 1, "no SMS for news a push service took"
    [push] = push_service.received
    assert (push.method, push.path) == ("POST", "/push/a")
    assert push.headers["content-encoding"] == "aes128gcm"
    assert push.headers["ttl"] == str(PUSH_TTL_SECONDS)
    claims = vapid_claims(push.headers["authorization"], keys.public_key)
    assert claims["aud"] == push_service.origin and claims["sub"] == SUBJECT
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    news = browser.decrypt(push.body)
    assert news["url"] == f"/tiket/{number}"
    assert news["title"] and news["body"] == last_message(sessions).text
    message = last_message(sessions)
    assert (message.status, message.gateway, message.purpose) == ("sent", PUSH_GATEWAY, "status")


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_forgot_is_dropped_and_the_sms_goes(
        sessions, push_service, keys, sms_gateway, fake_at, status):
    """404 or 410: the row is deleted, and the news goes by SMS at once."""
    ticket_id, _number, citizen_id = file_complaint(sessions)
    drain_once(sessions, sms_gateway, push=keys)
    subscribe(sessions, citizen_id, push_service.endpoint("gone"), Browser())
    push_service.answer("gone", status)

    verify_ticket(sessions, ticket_id)
    drain_once(sessions, sms_gateway, push=keys)

    assert len(push_service.received) == 1
    assert subscription_endpoints(sessions) == []
    message = last_message(sessions)
    assert fake_at.texts()[-1] == message.text
    assert (message.status, message.gateway) == ("sent", sms_gateway.name)


@pytest.mark.parametrize("trouble", ["http 500", "unreachable", "redirect"])
def test_a_push_service_in_trouble_keeps_the_subscription_and_the_sms_goes(
        sessions, push_service, keys, sms_gateway, fake_at, trouble):
    """A 5xx, no answer or a redirect says nothing about the subscription: kept; SMS sends."""
    ticket_id, _number, citizen_id = file_complaint(sessions)
    drain_once(sessions, sms_gateway, push=keys)
    endpoint = push_service.endpoint("busy")
    if trouble == "unreachable":
        endpoint = f"http://127.0.0.1:{free_port()}/push/busy"
    push_service.answer("busy", 307 if trouble == "redirect" else 500)
    subscribe(sessions, citizen_id, endpoint, Browser())

    verify_ticket(sessions, ticket_id)
    drain_once(sessions, sms_gateway, push=keys)

    assert subscription_endpoints(sessions) == [endpoint]
    assert fake_at.texts()[-1] == last_message(sessions).text
    assert last_message(sessions).gateway == sms_gateway.name
    # A redirect is not followed.
    assert [push.path for push in push_service.received] == (
        [] if trouble == "unreachable" else ["/push/busy"])


def test_one_browser_taking_it_is_enough(sessions, push_service, keys, sms_gateway, fake_at):
    """Two browsers: one gone (dropped), one accepting: sent by push, no SMS."""
    ticket_id, _number, citizen_id = file_complaint(sessions)
    drain_once(sessions, sms_gateway, push=keys)
    kept, dropped = Browser(), Browser()
    subscribe(sessions, citizen_id, push_service.endpoint("old"), dropped)
    subscribe(sessions, citizen_id, push_service.endpoint("new"), kept)
    push_service.answer("old", 410)

    verify_ticket(sessions, ticket_id)
    drain_once(sessions, sms_gateway, push=keys)

    assert sorted(push.path for push in push_service.received) == ["/push/new", "/push/old"]
    assert subscription_endpoints(sessions) == [push_service.endpoint("new")]
    assert len(fake_at.texts()) == 1
    assert last_message(sessions).gateway == PUSH_GATEWAY


def test_push_off_sends_the_sms_as_before(sessions, push_service, sms_gateway, fake_at):
    """Without VAPID keys the worker never pushes, subscriptions or not."""
    ticket_id, _number, citizen_id = file_complaint(sessions)
    subscribe(sessions, citizen_id, push_service.endpoint("a"), Browser())

    verify_ticket(sessions, ticket_id)
    assert drain_once(sessions, sms_gateway) == 2

    assert push_service.received == []
    assert len(fake_at.texts()) == 2
    assert last_message(sessions).gateway == sms_gateway.name


@pytest.mark.parametrize(("purpose", "with_ticket"), [
    ("otp", False), ("receipt", True), ("reply", True), ("survey", True), ("status", False)])
def test_only_ticket_news_is_pushed(sessions, push_service, keys, sms_gateway, fake_at,
                                    purpose, with_ticket):
    """Sign-in codes, receipts, replies, surveys and news without a ticket go by SMS."""
    ticket_id, _number, citizen_id = file_complaint(sessions)
    drain_once(sessions, sms_gateway, push=keys)
    subscribe(sessions, citizen_id, push_service.endpoint("a"), Browser())
    with sessions() as session, unit_of_work(session):
        queue_message(session, citizen=session.get(Citizen, citizen_id), text="Pesan uji",
                      purpose=purpose, ticket_id=ticket_id if with_ticket else None)

    drain_once(sessions, sms_gateway, push=keys)

    assert push_service.received == []
    assert fake_at.texts()[-1] == "Pesan uji"


def test_the_worker_command_pushes_with_the_configured_keys(make_app, push_service, sessions):
    """`layanan sms worker --once` reads LAYANAN_VAPID_* and pushes ticket news."""
    public, private = generate_vapid_keys()
    app = make_app(VAPID_PUBLIC_KEY=public, VAPID_PRIVATE_KEY=private, VAPID_SUBJECT=SUBJECT)
    ticket_id, number, citizen_id = file_complaint(sessions)
    browser = Browser()
    subscribe(sessions, citizen_id, push_service.endpoint("cli"), browser)
    verify_ticket(sessions, ticket_id)

    result = app.test_cli_runner().invoke(cli, ["sms", "worker", "--once"])

    assert result.exit_code == 0, result.output
    [push] = push_service.received
    assert browser.decrypt(push.body)["url"] == f"/tiket/{number}"
    assert vapid_claims(push.headers["authorization"], public)["sub"] == SUBJECT
