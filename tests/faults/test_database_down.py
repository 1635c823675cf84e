"""The database away: USSD ends politely, SMS callbacks ask to be sent again, nothing is lost.

The app's engine points at a server that is not there (a closed port, or a
SQLite file in a missing directory), or on PostgreSQL through a relay that
is cut and restored, as a restart looks to the app.
"""

import pytest
from sqlalchemy import func, select

from core.citizens.registry import citizen_for_phone, set_citizen_language
from core.db import make_engine, make_session_factory, unit_of_work
from core.i18n import translate
from core.messaging.outbox import queue_message
from core.models import InboundMessage, OutboundMessage, Ticket, UssdSession
from sms import commands
from sms.gateways.console import ConsoleGateway
from sms.worker import run_worker
from tests.faults.conftest import CuttableProxy
from tests.ussd.conftest import Phone, check_screen
from ussd.views import TROUBLE

PHONE = "+6281234567890"
DATABASE_STORES = [
    {"USSD_SESSION_STORE": "database", "USSD_DRIVER_SQL": True},
    {"USSD_SESSION_STORE": "database", "USSD_DRIVER_SQL": False},
]


def inbound(text, message_id):
    """An Africa's Talking inbound SMS callback, as the gateway posts it."""
    return {"from": PHONE, "to": "1708", "text": text, "date": "2026-11-28 10:00:00",
            "id": message_id, "linkId": "SampleLinkId123", "networkCode": "51010"}


def count(session, model, *where):
    """How many rows a table has, read fresh."""
    found = session.scalar(select(func.count()).select_from(model).where(*where))
    session.commit()
    return found


def apology(language="id"):
    """The screen that ends a hop the app could not answer."""
    return "END " + translate(language, TROUBLE)


@pytest.mark.parametrize("store", DATABASE_STORES, ids=["driver", "sqlalchemy"])
def test_a_hop_with_the_database_down_ends_politely(make_app, dead_database_url, store):
    """Every hop gets 200 and a short END in plain GSM, never a 500 the gateway would drop."""
    phone = Phone(make_app(DATABASE_URL=dead_database_url, **store).test_client())
    assert check_screen(phone.dial()) == apology()
    assert check_screen(phone.send("1")) == apology()


def test_the_apology_is_in_the_citizens_language(make_app, dead_database_url, session,
                                                  redis_url, redis_prefix):
    """Sessions in Redis: the database going away mid-session ends it in the citizen's language."""
    with unit_of_work(session):
        set_citizen_language(session, phone=PHONE, language="en")
    store = {"USSD_SESSION_STORE": redis_url, "USSD_REDIS_PREFIX": redis_prefix}
    phone = Phone(make_app(**store).test_client(), number=PHONE)
    first = phone.dial()
    assert first.startswith("CON ") and translate("en", "Kirim pengaduan") in first
    phone.client = make_app(DATABASE_URL=dead_database_url, **store).test_client()
    screens = [phone.send("2")]
    while screens[-1].startswith("CON ") and len(screens) < 5:
        screens.append(phone.send("1"))
    assert check_screen(screens[-1]) == apology("en")


def test_an_sms_that_cannot_be_stored_is_asked_again_then_stored_once(
        make_app, dead_database_url, client, session):
    """503 while the database is down; the gateway's retry is stored and answered exactly once."""
    down = make_app(DATABASE_URL=dead_database_url).test_client()
    for _ in range(2):
        assert down.post("/sms/inbound", data=inbound("LAPOR Jalan rusak", "ATXid_9")
                         ).status_code == 503
    assert count(session, InboundMessage) == 0
    for _ in range(2):
        response = client.post("/sms/inbound", data=inbound("LAPOR Jalan rusak", "ATXid_9"))
        assert (response.status_code, response.data) == (200, b"OK")
    assert count(session, InboundMessage) == 1
    assert count(session, Ticket) == 1
    assert count(session, OutboundMessage) == 1  # the receipt, once


def test_a_database_lost_mid_command_is_not_answered_with_an_apology(
        client, session, dead_database_url, monkeypatch):
    """The connection drops while the command runs: 503, so the retry files the complaint.

    Answering 200 with an apology would lose the complaint for good: the
    gateway stops retrying, and the citizen's text is only an apology's cause.
    """
    report = commands.HANDLERS["report"]

    def connection_lost(*_args):
        with make_engine(dead_database_url).connect():
            pass

    monkeypatch.setitem(commands.HANDLERS, "report", connection_lost)
    assert client.post("/sms/inbound", data=inbound("LAPOR Lampu mati", "ATXid_7")
                       ).status_code == 503
    assert count(session, InboundMessage) == 0
    monkeypatch.setitem(commands.HANDLERS, "report", report)
    assert client.post("/sms/inbound", data=inbound("LAPOR Lampu mati", "ATXid_7")
                       ).status_code == 200
    assert count(session, Ticket) == 1
    assert count(session, InboundMessage, InboundMessage.outcome == "error") == 0


@pytest.mark.parametrize(("path", "form"), [
    ("/sms/delivery", {"id": "ATXid_1", "status": "Success", "phoneNumber": PHONE}),
    ("/sms/optout", {"phoneNumber": PHONE, "senderId": "LAYANAN"}),
    ("/ussd/events", {"sessionId": "ATUid_1", "status": "Success", "phoneNumber": PHONE}),
])
def test_reports_that_cannot_be_stored_are_asked_again(make_app, dead_database_url, path, form):
    """Delivery reports, opt-outs and session ends get 503 (retry), not a 500 page."""
    response = make_app(DATABASE_URL=dead_database_url).test_client().post(path, data=form)
    assert (response.status_code, response.data) == (503, b"RETRY")


@pytest.fixture
def cuttable_database(database_url):
    """The test database behind a relay that can be cut (PostgreSQL only)."""
    if not database_url.startswith("postgres"):
        pytest.skip("a server to cut off: PostgreSQL only")
    proxy = CuttableProxy("127.0.0.1", make_engine(database_url).url.port or 5432)
    yield database_url.replace(f":{make_engine(database_url).url.port or 5432}/",
                               f":{proxy.port}/"), proxy
    proxy.close()


@pytest.mark.parametrize("store", DATABASE_STORES, ids=["driver", "sqlalchemy"])
def test_a_database_restart_ends_hops_politely_and_they_resume_after(
        make_app, cuttable_database, session, store):
    """Pooled connections die with the server: those hops END politely; later ones carry on."""
    url, proxy = cuttable_database
    app = make_app(DATABASE_URL=url, **store)
    phone = Phone(app.test_client())
    assert phone.dial().startswith("CON ")
    proxy.cut()
    assert check_screen(phone.send("1")) == apology()
    assert check_screen(Phone(app.test_client(), "+6281234500008").dial()) == apology()
    proxy.restore()
    assert Phone(app.test_client(), "+6281234500007").dial().startswith("CON ")
    assert count(session, UssdSession) == 2


def test_a_delivery_report_asked_again_is_applied_after_recovery(
        make_app, dead_database_url, client, session):
    """The report refused with 503 while the database was down is applied when posted again."""
    with unit_of_work(session):
        message = queue_message(session, citizen=citizen_for_phone(session, PHONE),
                                text="Pesan", purpose="status")
        message.status, message.gateway_message_id = "sent", "ATXid_5"
    report = {"id": "ATXid_5", "status": "Success", "phoneNumber": PHONE}
    down = make_app(DATABASE_URL=dead_database_url).test_client()
    assert down.post("/sms/delivery", data=report).status_code == 503
    assert count(session, OutboundMessage, OutboundMessage.status == "delivered") == 0
    for _ in range(2):
        assert client.post("/sms/delivery", data=report).status_code == 200
    assert count(session, OutboundMessage, OutboundMessage.status == "delivered") == 1


def test_the_sms_worker_outlives_the_database(dead_database_url, caplog):
    """Each round fails on a database that is away; the worker goes on, one line a round."""
    dead = make_engine(dead_database_url)
    run_worker(make_session_factory(dead), ConsoleGateway(), interval=0, max_rounds=3)
    failures = [record for record in caplog.records if "outbox round failed" in record.message]
    assert len(failures) == 3
    assert all(record.exc_info is None for record in failures)
    dead.dispose()


@pytest.mark.parametrize(("path", "language", "words"), [
    ("/katalog", "id", "gangguan sementara"), ("/katalog", "en", "briefly unavailable"),
    ("/transparansi", "id", "gangguan sementara")])
def test_a_page_with_the_database_down_says_so_with_503(make_app, dead_database_url,
                                                          path, language, words):
    """A web page that needs the database answers 503 with a retry hint, in the visitor's
    language, not the 500 of a fault in the page."""
    client = make_app(DATABASE_URL=dead_database_url).test_client()
    client.get(f"/bahasa/{language}")
    answer = client.get(path)
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "60"
    assert words in answer.get_data(as_text=True)
