"""Web Push for ticket news: a citizen's browsers first, their phone's SMS when push fails.

A signed-in citizen may turn notifications on; each browser's subscription
(RFC 8030) is one row. The outbox worker offers every claimed message to
`plan_push`: only ticket news (purpose "status") to a citizen with
subscriptions is pushed, never a sign-in code, a reply or a survey. The
worker sends the plan with `push_message` (HTTP only, no transaction held,
the payload encrypted for each browser per RFC 8291 and signed with our
VAPID key per RFC 8292), then `record_push_results`: a push service that
answers 404 or 410 has dropped the subscription, so the row goes. One
subscription that accepts (2xx) makes the message sent by "webpush" and no
SMS goes; when none does, the SMS gateway sends it as before.
"""

import ipaddress
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.errors import InvalidInput
from core.i18n import N_, translate
from core.messaging.outbox import ClaimedMessage
from core.messaging.vapid import PUBLIC_KEY_BYTES, VapidKeys, b64url_decode, b64url_encode
from core.models import OutboundMessage, PushSubscription, Ticket

log = logging.getLogger(__name__)

# The outbox's gateway word for a message a push service accepted.
PUSH_GATEWAY = "webpush"
# Ticket news only: a sign-in code must reach the phone being proven, and a
# receipt or reply answers what the citizen just did on that phone.
PUSH_PURPOSES = ("status",)
# The citizen's ticket page in the PWA (web/pwa/tickets.py), opened by a tap.
TICKET_PATH = "/tiket/{number}"
NOTIFICATION_TITLE = N_("Kabar tiket Anda")
# How long a push service keeps a push for a browser that is offline: the
# news is on the ticket page anyway after that.
PUSH_TTL_SECONDS = 3 * 24 * 3600
# Per subscription; well inside the worker's hold on a claimed batch (sms/worker.py).
PUSH_TIMEOUT_SECONDS = 10
# One message is one HTTP request per browser: a citizen's newest few only.
MAX_SUBSCRIPTIONS = 5
MAX_ENDPOINT_CHARS = 2000
AUTH_SECRET_BYTES = 16
GONE_STATUSES = (404, 410)
LOOPBACK_NAMES = ("localhost",)


class InvalidSubscription(InvalidInput):
    """What the browser sent is not a Web Push subscription we can send to."""

    message = N_("Langganan notifikasi tidak valid. Matikan lalu nyalakan lagi notifikasi.")


@dataclass(frozen=True)
class PushTarget:
    """One browser's subscription, as plain values for the HTTP side."""

    id: int
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True)
class PushPlan:
    """What to push for one outbox message, and to which browsers."""

    message_id: int
    payload: str
    targets: tuple[PushTarget, ...]


@dataclass(frozen=True)
class PushResult:
    """A push service's answer for one subscription; status None when none came."""

    subscription_id: int
    status: int | None

    @property
    def accepted(self) -> bool:
        """The push service took the message for delivery."""
        return self.status is not None and 200 <= self.status < 300

    @property
    def gone(self) -> bool:
        """The push service no longer knows the subscription."""
        return self.status in GONE_STATUSES


def save_subscription(
    session: Session, *, citizen_id: int, endpoint, p256dh, auth,
    allow_loopback: bool = False, now: datetime | None = None,
) -> PushSubscription:
    """Store a browser's subscription for the citizen; the same endpoint again moves to them.

    `allow_loopback` lets http://127.0.0.1 endpoints through (tests, the demo).
    """
    endpoint = checked_endpoint(endpoint, allow_loopback=allow_loopback)
    p256dh, auth = checked_keys(p256dh, auth)
    row = session.scalars(select(PushSubscription)
                          .where(PushSubscription.endpoint == endpoint)).first()
    if row is None:
        row = PushSubscription(endpoint=endpoint, created_at=now or now_utc())
        session.add(row)
    row.citizen_id, row.p256dh, row.auth = citizen_id, p256dh, auth
    session.flush()
    _keep_newest(session, citizen_id)
    return row


def _keep_newest(session: Session, citizen_id: int) -> None:
    """Drop the citizen's subscriptions beyond the newest MAX_SUBSCRIPTIONS."""
    kept = select(PushSubscription.id).where(PushSubscription.citizen_id == citizen_id) \
        .order_by(PushSubscription.id.desc()).limit(MAX_SUBSCRIPTIONS)
    session.execute(delete(PushSubscription).where(
        PushSubscription.citizen_id == citizen_id,
        PushSubscription.id.not_in(kept.scalar_subquery())))


def delete_subscription(session: Session, *, citizen_id: int, endpoint) -> bool:
    """Forget the citizen's subscription at this endpoint; False when they had none there."""
    if not isinstance(endpoint, str):
        raise InvalidSubscription("endpoint")
    gone = session.execute(delete(PushSubscription).where(
        PushSubscription.citizen_id == citizen_id, PushSubscription.endpoint == endpoint))
    return gone.rowcount > 0


def checked_endpoint(endpoint, *, allow_loopback: bool) -> str:
    """The endpoint when it is an https URL of a public host (or loopback when allowed).

    The worker posts to whatever is stored here, so a citizen must not be able
    to point it at the host's own network.
    """
    if not isinstance(endpoint, str) or not 0 < len(endpoint) <= MAX_ENDPOINT_CHARS:
        raise InvalidSubscription("endpoint")
    try:
        url = urlsplit(endpoint)
        host = url.hostname or ""
        url.port  # noqa: B018 (a port out of range raises here)
    except ValueError:
        raise InvalidSubscription("endpoint") from None
    if url.username or url.password or not host:
        raise InvalidSubscription("endpoint")
    if allow_loopback and _is_loopback(host) and url.scheme in ("http", "https"):
        return endpoint
    if url.scheme != "https" or not _is_public_name(host):
        raise InvalidSubscription("endpoint")
    return endpoint


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_public_name(host: str) -> bool:
    """A dotted host name, or a global IP address; not localhost nor a private network."""
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return "." in host.strip(".") and host not in LOOPBACK_NAMES


def checked_keys(p256dh, auth) -> tuple[str, str]:
    """The browser's public key (a P-256 point) and auth secret (16 bytes), base64url."""
    try:
        point, secret = b64url_decode(p256dh), b64url_decode(auth)
    except (ValueError, AttributeError, TypeError):
        raise InvalidSubscription("keys") from None
    if len(point) != PUBLIC_KEY_BYTES or len(secret) != AUTH_SECRET_BYTES:
        raise InvalidSubscription("keys")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        raise InvalidSubscription("keys") from None
    return b64url_encode(point), b64url_encode(secret)


def may_push(message: ClaimedMessage) -> bool:
    """Whether the message is ticket news for a known citizen, the only kind pushed."""
    return (message.purpose in PUSH_PURPOSES and message.ticket_id is not None
            and message.citizen_id is not None)


def plan_push(session: Session, *, message: ClaimedMessage) -> PushPlan | None:
    """What to push for a claimed message; None when it goes by SMS only."""
    if not may_push(message):
        return None
    rows = session.scalars(
        select(PushSubscription).where(PushSubscription.citizen_id == message.citizen_id)
        .order_by(PushSubscription.id.desc()).limit(MAX_SUBSCRIPTIONS)).all()
    if not rows:
        return None
    number, language = session.execute(
        select(Ticket.number, OutboundMessage.language)
        .join(OutboundMessage, OutboundMessage.ticket_id == Ticket.id)
        .where(OutboundMessage.id == message.id)).one()
    payload = json.dumps({"title": translate(language, NOTIFICATION_TITLE), "body": message.text,
                          "url": TICKET_PATH.format(number=number), "lang": language},
                         ensure_ascii=False)
    targets = tuple(PushTarget(row.id, row.endpoint, row.p256dh, row.auth) for row in rows)
    return PushPlan(message.id, payload, targets)


def push_message(plan: PushPlan, keys: VapidKeys, *,
                 timeout: float = PUSH_TIMEOUT_SECONDS) -> list[PushResult]:
    """Push the plan's payload to each of its browsers; HTTP only, call it outside a transaction."""
    # Imported here: pywebpush brings requests and aiohttp, which the web
    # workers (they only store subscriptions) need not load.
    import requests
    from py_vapid import Vapid

    vapid = Vapid.from_raw(keys.private_key.encode())
    with requests.Session() as http:
        # A push service answers; it never redirects. An endpoint that does is
        # refused rather than followed (to a host the citizen chose).
        http.max_redirects = 0
        return [PushResult(target.id,
                           _post(http, target, plan.payload, vapid, keys.subject, timeout))
                for target in plan.targets]


def _post(http, target: PushTarget, payload: str, vapid, subject: str,
          timeout: float) -> int | None:
    """One encrypted, signed POST (aes128gcm); the push service's status, None without one."""
    from pywebpush import WebPushException, webpush

    subscription = {"endpoint": target.endpoint,
                    "keys": {"p256dh": target.p256dh, "auth": target.auth}}
    try:
        response = webpush(subscription, data=payload, vapid_private_key=vapid,
                           vapid_claims={"sub": subject}, content_encoding="aes128gcm",
                           ttl=PUSH_TTL_SECONDS, timeout=timeout, requests_session=http)
    except WebPushException as error:
        return error.status_code
    except Exception as error:
        # A push service out of reach (or a bug) must not stop the message: SMS takes it.
        log.warning("web push to subscription %s failed: %s", target.id, type(error).__name__)
        return None
    return response.status_code


def record_push_results(session: Session, results: list[PushResult], *,
                        now: datetime | None = None) -> bool:
    """Drop the subscriptions push services no longer know; True when one took the message."""
    gone = [result.subscription_id for result in results if result.gone]
    accepted = [result.subscription_id for result in results if result.accepted]
    if gone:
        session.execute(delete(PushSubscription).where(PushSubscription.id.in_(gone)))
    if accepted:
        session.execute(update(PushSubscription).where(PushSubscription.id.in_(accepted))
                        .values(last_pushed_at=now or now_utc()))
    return bool(accepted)


def count_push_sent(session: Session) -> int:
    """Messages a push service took instead of the SMS gateway: the SMS saved (kept rows)."""
    return session.scalar(select(func.count()).select_from(OutboundMessage).where(
        OutboundMessage.gateway == PUSH_GATEWAY,
        OutboundMessage.status.in_(("sent", "delivered")))) or 0

