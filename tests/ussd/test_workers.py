"""Session state lives in the database or Redis: any process may serve any hop of a session."""

import itertools
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from core.models import Ticket
from layanan.factory import create_app
from tests.factories import make_service
from tests.servers import free_port
from tests.ussd.conftest import Phone, check_screen, wait_until_serving

# A complaint with a free text containing '*', a wrong choice, a step back.
HOPS = ["2", "1", "1", "x", "2", "0", "1", "Sampah*menumpuk di pasar", "2", "1"]
LAYANAN = Path(sys.executable).with_name("layanan")
TOKEN = "gateway-token"  # noqa: S105 (a test's own)


class AlternatingPhone(Phone):
    """A phone whose hops are served by each of several apps in turn."""

    def __init__(self, clients):
        super().__init__(None)
        self.clients = itertools.cycle(clients)

    def hop(self, text):
        """Post the hop to the next app."""
        self.client = next(self.clients)
        return super().hop(text)


def _ticket(session, client_key):
    return session.scalars(select(Ticket).where(Ticket.client_key == client_key)).one()


def test_two_app_instances_serve_alternate_hops(database_url, engine, session, store_settings):
    """Two apps (two engines, no shared memory) take turns; the complaint is filed once."""
    make_service(session)
    apps = [create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": database_url,
                        **store_settings}) for _ in range(2)]
    phone = AlternatingPhone([app.test_client() for app in apps])
    phone.dial()
    assert phone.send(*HOPS).startswith("END ")
    ticket = _ticket(session, phone.session_id)
    assert (ticket.description, ticket.unit_id) == ("Sampah*menumpuk di pasar", None)
    for app in apps:
        app.extensions["layanan.engine"].dispose()


@pytest.fixture
def two_servers(database_url, engine, tmp_path, store_settings, redis_url):
    """Two `layanan serve --workers 2` on the test database, each on its own port.

    Production settings, which several workers may only run with: rate limits
    counted in Redis, a long key, a callback token.
    """
    environment = {**os.environ, "DATABASE_URL": database_url,
                   "LAYANAN_SECRET_KEY": "two-servers-0123456789abcdef-key", "LAYANAN_DEMO": "0",
                   "LAYANAN_CALLBACK_TOKEN": TOKEN,
                   "LAYANAN_RATELIMIT_STORAGE_URI": redis_url,
                   **{f"LAYANAN_{name}": str(value) for name, value in store_settings.items()}}
    servers = []
    for number in range(2):
        port = free_port()
        log = (tmp_path / f"server{number}.log").open("wb")
        process = subprocess.Popen(
            [str(LAYANAN), "serve", "--port", str(port), "--workers", "2"],
            env=environment, stdout=log, stderr=subprocess.STDOUT,
        )
        servers.append((port, process, log))
    try:
        for port, process, _ in servers:
            wait_until_serving(port, process)
        yield [port for port, _, _ in servers]
    finally:
        for _, process, log in servers:
            process.terminate()
            process.wait(timeout=30)
            log.close()


def test_two_gunicorn_servers_serve_alternate_hops(two_servers, session):
    """Real processes, four workers between them, alternate hops of one session."""
    make_service(session)
    ports = itertools.cycle(two_servers)
    session_id, inputs = "ATUid_gunicorn", []

    def hop(text):
        form = urllib.parse.urlencode({"sessionId": session_id, "serviceCode": "*123#",
                                       "phoneNumber": "+6281234500009", "networkCode": "99999",
                                       "text": text}).encode()
        url = f"http://127.0.0.1:{next(ports)}/ussd?token={TOKEN}"
        with urllib.request.urlopen(url, data=form, timeout=10) as response:
            assert response.status == 200
            return check_screen(response.read().decode())

    body = hop("")
    for value in HOPS:
        inputs.append(value)
        body = hop("*".join(inputs))
    assert body.startswith("END ")
    assert _ticket(session, session_id).description == "Sampah*menumpuk di pasar"
