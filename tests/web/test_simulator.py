"""The phone simulator's message API: demo mode only."""

from datetime import UTC, datetime, timedelta

import pytest

from core.citizens.registry import citizen_for_phone
from core.messaging.outbox import queue_message
from layanan.factory import create_app

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def demo_client(database_url, engine):
    """A client of the app in demo mode."""
    app = create_app({"TESTING": True, "DEMO": True, "DATABASE_URL": database_url})
    yield app.test_client()
    app.extensions["layanan.engine"].dispose()


def test_messages_for_a_phone_oldest_first(demo_client, session):
    """Queued and sent messages for the number, in any format, oldest first."""
    citizen = citizen_for_phone(session, "081234567890")
    later = queue_message(session, citizen=citizen, text="Kedua", purpose="reply",
                          now=T0 + timedelta(minutes=1))
    later.status = "sent"
    queue_message(session, citizen=citizen, text="Pertama", purpose="reply", now=T0)
    other = citizen_for_phone(session, "085712345678")
    queue_message(session, citizen=other, text="Bukan untukmu", purpose="reply", now=T0)
    session.commit()

    response = demo_client.get("/simulator/api/messages?phone=0812-3456-7890")

    assert response.status_code == 200
    assert response.get_json() == [
        {"to": "+6281234567890", "text": "Pertama", "status": "queued",
         "created_at": T0.isoformat()},
        {"to": "+6281234567890", "text": "Kedua", "status": "sent",
         "created_at": (T0 + timedelta(minutes=1)).isoformat()},
    ]


@pytest.mark.parametrize("phone", ["", "12345", "bukan nomor"])
def test_invalid_phone_is_a_400(demo_client, phone):
    """A number that is not one gets a JSON error."""
    response = demo_client.get("/simulator/api/messages", query_string={"phone": phone})

    assert response.status_code == 400
    assert response.get_json() == {"error": "invalid phone"}


def test_no_simulator_outside_demo_mode(client):
    """Outside demo mode the URL does not exist."""
    assert client.get("/simulator/api/messages?phone=081234567890").status_code == 404
