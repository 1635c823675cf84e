"""Turning notifications on and off on the web, the toggle, the service worker, the SMS saved."""

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from core.messaging.push import MAX_SUBSCRIPTIONS, PUSH_GATEWAY
from core.messaging.vapid import generate_vapid_keys
from core.models import Citizen, Officer, OutboundMessage, PushSubscription
from tests.factories import sign_in_citizen
from tests.push.test_protocol import Browser

PHONE = "081234567890"
OTHER_PHONE = "081298765432"
ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123"
PASSWORD = "sandi-uji-123"


@pytest.fixture
def push_app(make_app):
    """The app with a VAPID pair and CSRF checks off (the CSRF test builds its own)."""
    public, private = generate_vapid_keys()
    return make_app(VAPID_PUBLIC_KEY=public, VAPID_PRIVATE_KEY=private, WTF_CSRF_ENABLED=False)


def subscription_json(endpoint=ENDPOINT, browser=None) -> dict:
    """What PushSubscription.toJSON() gives the page."""
    browser = browser or Browser()
    return {"endpoint": endpoint, "expirationTime": None,
            "keys": {"p256dh": browser.p256dh, "auth": browser.auth}}


def stored(session) -> list[tuple[str, str]]:
    """(endpoint, citizen's phone) of every subscription."""
    rows = session.execute(select(PushSubscription.endpoint, Citizen.phone)
                           .join(Citizen).order_by(PushSubscription.id)).all()
    session.commit()
    return [tuple(row) for row in rows]


def test_the_public_key_is_served_and_absent_when_push_is_off(push_app, web):
    """GET the key the browser subscribes with; 404 with a message when push is off."""
    answer = push_app.test_client().get("/notifikasi/kunci")
    assert answer.status_code == 200
    assert answer.json == {"publicKey": push_app.config["VAPID_PUBLIC_KEY"]}
    assert answer.headers["Cache-Control"] == "no-store"
    off = web.get("/notifikasi/kunci")
    assert off.status_code == 404 and off.json["error"] == "Notifikasi belum tersedia."


def test_subscribing_needs_a_signed_in_citizen(push_app, session):
    """No citizen, no subscription: 401 with a message, nothing stored."""
    answer = push_app.test_client().post("/notifikasi/langganan", json=subscription_json())
    assert answer.status_code == 401
    assert "Masuk dulu" in answer.json["error"]
    assert stored(session) == []


def test_subscribe_stores_one_row_per_endpoint_and_moves_it(push_app, session):
    """Subscribing twice is one row; the same browser signed in as another citizen moves it."""
    first = sign_in_citizen(push_app.test_client(), PHONE)
    assert first.post("/notifikasi/langganan", json=subscription_json()).status_code == 201
    assert first.post("/notifikasi/langganan", json=subscription_json()).status_code == 201
    assert stored(session) == [(ENDPOINT, "+6281234567890")]

    second = sign_in_citizen(push_app.test_client(), OTHER_PHONE)
    answer = second.post("/notifikasi/langganan", json=subscription_json())
    assert answer.status_code == 201 and answer.json["ok"] is True
    assert stored(session) == [(ENDPOINT, "+6281298765432")]


def test_a_citizen_keeps_only_the_newest_subscriptions(push_app, session):
    """Each message is a request per browser: beyond the newest few, old ones go."""
    client = sign_in_citizen(push_app.test_client(), PHONE)
    for n in range(MAX_SUBSCRIPTIONS + 2):
        client.post("/notifikasi/langganan", json=subscription_json(f"{ENDPOINT}/{n}"))
    endpoints = [endpoint for endpoint, _phone in stored(session)]
    assert endpoints == [f"{ENDPOINT}/{n}" for n in range(2, MAX_SUBSCRIPTIONS + 2)]


def test_unsubscribe_deletes_only_the_citizens_own(push_app, session):
    """Turning off forgets this browser; another citizen cannot turn off someone else's."""
    owner = sign_in_citizen(push_app.test_client(), PHONE)
    owner.post("/notifikasi/langganan", json=subscription_json())
    stranger = sign_in_citizen(push_app.test_client(), OTHER_PHONE)
    assert stranger.post("/notifikasi/berhenti", json={"endpoint": ENDPOINT}).status_code == 200
    assert len(stored(session)) == 1

    answer = owner.post("/notifikasi/berhenti", json={"endpoint": ENDPOINT})
    assert answer.status_code == 200 and "SMS" in answer.json["message"]
    assert stored(session) == []


def _bad(**changes) -> dict:
    body = subscription_json()
    keys = body["keys"] | changes.pop("keys", {})
    return body | {"keys": keys} | changes


@pytest.mark.parametrize("body", [
    pytest.param("not json", id="not-json"),
    pytest.param(["a", "list"], id="a-list"),
    pytest.param(_bad(endpoint=None), id="no-endpoint"),
    pytest.param(_bad(endpoint=12), id="endpoint-number"),
    pytest.param(_bad(endpoint="http://push.example.com/x"), id="plain-http"),
    pytest.param(_bad(endpoint="ftp://push.example.com/x"), id="ftp"),
    pytest.param(_bad(endpoint="https://10.0.0.5/push"), id="private-address"),
    pytest.param(_bad(endpoint="https://intranet/push"), id="undotted-host"),
    pytest.param(_bad(endpoint="https://user:pw@push.example.com/x"), id="credentials"),
    pytest.param(_bad(endpoint="https://push.example.com:99999/x"), id="port-out-of-range"),
    pytest.param(_bad(endpoint="https://push.example.com/" + "x" * 2000), id="too-long"),
    pytest.param(_bad(keys={"p256dh": "not base64 !!"}), id="p256dh-not-base64"),
    pytest.param(_bad(keys={"p256dh": "BAAA"}), id="p256dh-short"),
    pytest.param(_bad(keys={"p256dh": "B" + "A" * 86}), id="p256dh-not-on-curve"),
    pytest.param(_bad(keys={"auth": "AAAA"}), id="auth-short"),
    pytest.param(_bad(keys={"auth": None}), id="auth-missing"),
    pytest.param({"endpoint": ENDPOINT, "keys": "x"}, id="keys-not-object"),
])
def test_what_is_not_a_subscription_is_a_400_with_a_message(push_app, session, body):
    """Invalid input is answered 400 with a sentence, never 500; nothing stored."""
    client = sign_in_citizen(push_app.test_client(), PHONE)
    if isinstance(body, str):
        answer = client.post("/notifikasi/langganan", data=body,
                             content_type="application/json")
    else:
        answer = client.post("/notifikasi/langganan", json=body)
    assert answer.status_code == 400
    assert answer.json["error"].startswith("Langganan notifikasi tidak valid.")
    assert stored(session) == []


def test_errors_speak_the_citizens_language(push_app):
    """The same refusal in English for a citizen who chose English."""
    client = sign_in_citizen(push_app.test_client(), PHONE)
    with client.session_transaction() as cookie:
        cookie["lang"] = "en"
    answer = client.post("/notifikasi/langganan", json=_bad(endpoint="http://x.example/p"))
    assert answer.status_code == 400
    assert answer.json["error"].startswith("This notification subscription is not valid.")


def test_loopback_endpoints_only_in_tests_and_the_demo(make_app, session):
    """http://127.0.0.1 is a fake push service's address: refused in production settings."""
    public, private = generate_vapid_keys()
    app = make_app(VAPID_PUBLIC_KEY=public, VAPID_PRIVATE_KEY=private, WTF_CSRF_ENABLED=False)
    client = sign_in_citizen(app.test_client(), PHONE)
    local = subscription_json("http://127.0.0.1:8999/push/a")
    assert client.post("/notifikasi/langganan", json=local).status_code == 201
    app.testing = False
    assert client.post("/notifikasi/langganan", json=local).status_code == 400


def test_subscribing_needs_the_csrf_token_in_a_header(make_app, session):
    """Without the token: 400 and a message; with the page's token in X-CSRFToken: stored."""
    public, private = generate_vapid_keys()
    app = make_app(VAPID_PUBLIC_KEY=public, VAPID_PRIVATE_KEY=private)
    client = sign_in_citizen(app.test_client(), PHONE)
    refused = client.post("/notifikasi/langganan", json=subscription_json())
    assert refused.status_code == 400 and "kedaluwarsa" in refused.json["error"]
    token = client.get("/token").json["csrf_token"]
    answer = client.post("/notifikasi/langganan", json=subscription_json(),
                         headers={"X-CSRFToken": token})
    assert answer.status_code == 201
    assert len(stored(session)) == 1


def test_the_toggle_shows_on_my_tickets_only_when_push_is_on(push_app, web):
    """The partial, its data and push.js appear with keys; nothing without."""
    page = sign_in_citizen(push_app.test_client(), PHONE).get("/tiket-saya")
    html = page.get_data(as_text=True)
    assert "data-push hidden" in html and "/notifikasi/langganan" in html
    assert "push." in html and "Nyalakan notifikasi" in html
    off = sign_in_citizen(web, PHONE).get("/tiket-saya").get_data(as_text=True)
    assert "data-push" not in off and "Nyalakan notifikasi" not in off


def test_the_service_worker_shows_pushes_and_opens_the_ticket(web):
    """sw.js ends with the push and notificationclick handlers, with the icon's URL."""
    script = web.get("/sw.js").get_data(as_text=True)
    assert 'addEventListener("push"' in script
    assert 'addEventListener("notificationclick"' in script
    assert "openWindow" in script and "/static/icons/icon-192." in script
    assert "{%" not in script


def _officer(session, role: str) -> str:
    email = f"{role}@uji.go.id"
    session.add(Officer(email=email, name=role, role=role,
                        password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")))
    session.commit()
    return email


def test_the_administrator_sees_the_sms_saved(web, session):
    """The count of messages sent by push is on /staff/tugas, for administrators only."""
    for gateway, status in ((PUSH_GATEWAY, "sent"), (PUSH_GATEWAY, "sent"),
                            ("console", "sent"), (PUSH_GATEWAY, "queued")):
        session.add(OutboundMessage(phone="+6281234567890", language="id", text="x",
                                    purpose="status", gateway=gateway, status=status))
    session.commit()
    for role, shown in (("admin", True), ("auditor", False)):
        client = web.application.test_client()
        client.post("/staff/masuk", data={"email": _officer(session, role),
                                          "password": PASSWORD})
        page = client.get("/staff/tugas").get_data(as_text=True)
        assert ("SMS dihemat lewat notifikasi: 2" in page) is shown, role


def test_the_endpoints_are_rate_limited_per_address(push_app):
    """Past the budget of the three together: 429, with a sentence, in JSON."""
    client = sign_in_citizen(push_app.test_client(), PHONE)
    for _ in range(30):
        assert client.get("/notifikasi/kunci").status_code == 200
    answer = client.post("/notifikasi/berhenti", json={"endpoint": ENDPOINT})
    assert answer.status_code == 429
    assert answer.json["error"].startswith("Terlalu banyak percobaan.")
