"""The demo phone simulator page: only in demo mode, posting to /ussd as the gateway does."""

import re
from pathlib import Path

import pytest

from layanan.factory import create_app

SCRIPT = Path(__file__).resolve().parents[2] / "web" / "static" / "simulator.js"


@pytest.fixture
def make_client(database_url, engine):
    """A client for an app with the given settings."""
    apps = []

    def make(**settings):
        app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": database_url,
                          **settings})
        apps.append(app)
        return app.test_client()

    yield make
    for app in apps:
        app.extensions["layanan.engine"].dispose()


def test_simulator_page_in_demo_mode(make_client):
    """A phone with labelled controls, the short code, and the gateway's URLs."""
    page = make_client(DEMO=True, USSD_CODE="*555#").get("/simulator").get_data(as_text=True)
    for control in ("sim-number", "sim-input"):
        assert re.search(f'<label for="{control}">', page)
    assert 'data-ussd-url="/ussd"' in page and 'data-events-url="/ussd/events"' in page
    assert 'data-code="*555#"' in page and "+6281234500001" in page
    assert 'aria-live="polite"' in page
    assert re.search(r'<script src="/static/simulator\.(\w+\.)?js" defer>', page)


def test_simulator_carries_the_callback_token(make_client):
    """With a token configured, the page calls the callbacks with it, as the gateway would."""
    page = make_client(DEMO=True, CALLBACK_TOKEN="s3cret").get("/simulator").get_data(as_text=True)
    assert 'data-ussd-url="/ussd?token=s3cret"' in page
    assert 'data-events-url="/ussd/events?token=s3cret"' in page


def test_no_simulator_outside_demo_mode(make_client):
    """Outside demo mode the page does not exist (and no token is ever rendered)."""
    assert make_client(CALLBACK_TOKEN="s3cret").get("/simulator").status_code == 404


def test_script_posts_the_gateway_fields():
    """The script sends the five gateway fields, form-encoded, inputs joined with '*'."""
    script = SCRIPT.read_text(encoding="utf-8")
    for field in ("sessionId", "serviceCode", "phoneNumber", "networkCode", "text"):
        assert f"{field}:" in script
    assert "new URLSearchParams" in script and 'inputs.join("*")' in script
    assert not re.search(r"https?://", script), "no CDN, no other host"
