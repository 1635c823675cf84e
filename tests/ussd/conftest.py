"""Fixtures for the USSD channel: the app and client of tests/web, the demo data, a phone."""

import itertools
import re
import socket
import time
import urllib.request

import pytest

from core.demo.loader import load_demo
from core.gsm import is_gsm_basic
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


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


@pytest.fixture
def phone(client):
    """A phone that has never dialled before."""
    return Phone(client)


@pytest.fixture
def demo(session, monkeypatch):
    """The Sumenep demo data (with cheap password hashes: these tests never log in)."""
    monkeypatch.setattr("core.officers.generate_password_hash", lambda password: "x")
    load_demo(session)
    # End the counting transaction: on SQLite it holds the one write lock.
    session.commit()
    return session
