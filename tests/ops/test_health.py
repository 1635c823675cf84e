"""/healthz says the process answers; /readyz checks the database, Redis and the outbox."""

from datetime import timedelta

from core.clock import now_utc
from core.models import OutboundMessage


def test_healthz_answers_without_the_database(make_app, unreachable_url):
    """Liveness needs nothing else: even with the database out of reach it is 200."""
    client = make_app(DATABASE_URL=unreachable_url).test_client()
    response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})


def test_readyz_is_ok_with_each_check_named(client):
    """All checks pass: 200, each check's result in the body, nothing failed."""
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json
    assert (body["status"], body["failed"]) == ("ok", [])
    assert body["checks"]["database"]["ok"] and body["checks"]["outbox"]["ok"]
    assert "redis" not in body["checks"]  # no setting names a Redis server
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_503_naming_the_database_when_it_is_unreachable(make_app, unreachable_url):
    """A database that is down is a failed check (503), never a 500."""
    client = make_app(DATABASE_URL=unreachable_url).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == ["database"]
    assert response.json["checks"]["database"]["error"] == "OperationalError"
    assert response.json["checks"]["outbox"] == {"skipped": True}


def test_readyz_is_503_naming_the_outbox_when_a_message_waits_too_long(make_app, session):
    """The oldest queued message is older than READY_OUTBOX_SECONDS: the outbox is stuck."""
    old = now_utc() - timedelta(minutes=20)
    session.add(OutboundMessage(phone="+6281234500001", language="id", text="Tes", purpose="reply",
                                created_at=old, next_attempt_at=old))
    session.commit()
    stuck = make_app(READY_OUTBOX_SECONDS=600).test_client().get("/readyz")
    assert stuck.status_code == 503
    assert stuck.json["failed"] == ["outbox"]
    assert stuck.json["checks"]["outbox"]["oldest_seconds"] >= 1200
    patient = make_app(READY_OUTBOX_SECONDS=3600).test_client().get("/readyz")
    assert patient.status_code == 200


def test_readyz_is_503_naming_redis_when_its_server_is_down(make_app):
    """A Redis the settings name (rate limits here) that does not answer fails the check."""
    client = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1").test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == ["redis"]
    assert response.json["checks"]["database"]["ok"]


def test_readyz_checks_redis_when_it_answers(make_app, redis_url):
    """With the USSD sessions in a Redis that answers, the check is there and passes."""
    client = make_app(USSD_SESSION_STORE=redis_url).test_client()
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json["checks"]["redis"] == {"ok": True}
