"""Fixtures for the USSD channel: the app on each session store, the demo data, a phone.

Every test that uses `app` (or `client`, `phone`) runs three times: with
sessions in the database, its short path at the driver on and then off (the
setting USSD_DRIVER_SQL), and with sessions in Redis.
"""

import itertools
import json
import re
import time
import urllib.request
from datetime import datetime, timedelta

import pytest
import redis
from sqlalchemy import select

from core.demo.loader import load_demo
from core.gsm import is_gsm_basic
from core.models import UssdSession
from core.sessions.redis_store import KEEP_FOR
from tests.fixtures import SMALL_CATALOGUE
from tests.ussd.kabupaten import build_kabupaten
from ussd.layout import SCREEN_LIMIT

_sessions = itertools.count(1)


def check_screen(body: str) -> str:
    """Fail unless the body is a valid gateway reply: prefix, GSM 7-bit, at most 160 characters."""
    assert re.match(r"(CON|END) ", body), body
    assert len(body) <= SCREEN_LIMIT, f"{len(body)} characters: {body!r}"
    assert is_gsm_basic(body), body
    return body


class Phone:
    """A feature phone on the gateway: each send() is one hop, with every input joined by '*'."""

    def __init__(self, test_client, number="+6281234500009", token=None):
        self.client, self.number, self.token = test_client, number, token
        self.session_id, self.inputs = None, []

    def dial(self) -> str:
        """Start a new session (the gateway's first hop has an empty text)."""
        self.session_id, self.inputs = f"ATUid_test_{next(_sessions)}", []
        return self.hop("")

    def send(self, *inputs: str) -> str:
        """Type each input in turn; return the last screen."""
        for value in inputs:
            self.inputs.append(value)
            body = self.hop("*".join(self.inputs))
        return body

    def hop(self, text: str) -> str:
        """Post one callback as the gateway does and return the checked reply."""
        query = {"token": self.token} if self.token else {}
        response = self.client.post("/ussd", query_string=query, data={
            "sessionId": self.session_id, "serviceCode": "*123#", "phoneNumber": self.number,
            "networkCode": "99999", "text": text,
        })
        assert response.status_code == 200
        assert response.mimetype == "text/plain"
        return check_screen(response.get_data(as_text=True))

    def hang_up(self, status="Incomplete") -> None:
        """The gateway's end-of-session notification for this session."""
        response = self.client.post("/ussd/events", data={
            "sessionId": self.session_id, "status": status, "phoneNumber": self.number,
            "input": "*".join(self.inputs), "durationInMillis": "20000",
            "hopsCount": str(len(self.inputs) + 1), "errorMessage": "", "cost": "KES 0.0000",
            "date": "2026-11-28 10:00:00",
        })
        assert response.status_code == 200


def wait_until_serving(port: int, process) -> None:
    """Wait for a `layanan serve` child to answer its health check."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "layanan serve exited"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing serving on port {port}")


@pytest.fixture(params=["database-driver", "database-sqlalchemy", "redis"])
def store_settings(request):
    """The settings of one session store: the database (short path on or off), or Redis."""
    if request.param.startswith("database"):
        return {"USSD_SESSION_STORE": "database",
                "USSD_DRIVER_SQL": request.param == "database-driver"}
    return {"USSD_SESSION_STORE": request.getfixturevalue("redis_url"),
            "USSD_REDIS_PREFIX": request.getfixturevalue("redis_prefix")}


@pytest.fixture
def app(make_app, store_settings):
    """The app in testing mode, with sessions in the store of this run of the test."""
    return make_app(**store_settings)


@pytest.fixture
def saved_session(app, session):
    """Read a session back from the app's store: its state, or None when nothing was saved."""

    def read(session_id: str):
        state = app.extensions["layanan.gateways"].extensions["ussd.sessions"].load(
            session, session_id=session_id, phone="+6281234500009")
        return state if state.known else None

    return read


@pytest.fixture
def age_sessions(app, session, store_settings):
    """Make every saved session look `minutes` older, in whichever store holds them."""

    def age(minutes: int) -> None:
        store = app.extensions["layanan.gateways"].extensions["ussd.sessions"]
        if store_settings["USSD_SESSION_STORE"] == "database":
            for row in session.scalars(select(UssdSession)):
                row.updated_at = row.updated_at - timedelta(minutes=minutes)
            session.commit()
            return
        client = redis.Redis.from_url(store_settings["USSD_SESSION_STORE"])
        for key in client.scan_iter(match=store.key_prefix + "s:*"):
            document = json.loads(client.get(key))
            moment = datetime.fromisoformat(document["updated_at"]) - timedelta(minutes=minutes)
            document["updated_at"] = moment.isoformat()
            client.set(key, json.dumps(document), ex=KEEP_FOR)
        client.close()

    return age


@pytest.fixture
def phone(client):
    """A phone that has never dialled before."""
    return Phone(client)


@pytest.fixture
def demo(session, monkeypatch):
    """The Sumenep demo data (with cheap password hashes: these tests never log in)."""
    monkeypatch.setattr("core.staff.officers.generate_password_hash", lambda password: "x")
    load_demo(session, SMALL_CATALOGUE)
    # End the counting transaction: on SQLite it holds the one write lock.
    session.commit()
    return session


@pytest.fixture
def kabupaten(session):
    """A generated catalogue of a real kabupaten's size (tests/ussd/kabupaten.py)."""
    build_kabupaten(session)
    return session
