"""The app factory, its configuration, and the public catalogue pages."""

import pytest

from core.catalogue.standards import COMPONENTS
from layanan.config import DEFAULT_SECRET_KEY
from layanan.factory import create_app
from tests.factories import make_service


def test_refuses_default_secret_outside_demo(monkeypatch, database_url):
    """Outside demo mode and tests the app will not start with the published key."""
    monkeypatch.delenv("LAYANAN_DEMO", raising=False)
    monkeypatch.delenv("LAYANAN_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="LAYANAN_SECRET_KEY"):
        create_app({"DATABASE_URL": database_url})


def test_demo_mode_accepts_default_secret(monkeypatch, database_url):
    """LAYANAN_DEMO=1 turns demo mode on, and then the default key is allowed."""
    monkeypatch.setenv("LAYANAN_DEMO", "1")
    app = create_app({"DATABASE_URL": database_url})
    assert app.config["DEMO"] is True
    assert app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY


def test_configuration_precedence(monkeypatch, tmp_path):
    """Defaults, then LAYANAN_* and DATABASE_URL from the environment, then the test dict."""
    monkeypatch.setenv("LAYANAN_SECRET_KEY", "from-environment-" + "0123456789abcdef" * 2)
    monkeypatch.setenv("LAYANAN_CALLBACK_TOKEN", "from-environment-token")
    monkeypatch.setenv("LAYANAN_IKM_WEIGHT", "printed")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    app = create_app({"IKM_WEIGHT": "exact"})
    assert app.config["SECRET_KEY"].startswith("from-environment-")
    assert app.config["DATABASE_URL"].endswith("env.db")
    assert app.config["IKM_WEIGHT"] == "exact"


def test_default_database_is_sqlite_in_instance(monkeypatch):
    """Without DATABASE_URL the app uses instance/layanan.db."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("LAYANAN_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["DATABASE_URL"] == f"sqlite:///{app.instance_path}/layanan.db"


def test_channels_are_registered(app):
    """Every channel answers on the one app; the gateways' callbacks through their own."""
    gateways = app.extensions["layanan.gateways"]
    assert "public" in app.blueprints and not {"ussd", "sms"} & set(app.blueprints)
    assert {"ussd", "sms"} == set(gateways.blueprints)
    assert gateways.extensions["layanan.engine"] is app.extensions["layanan.engine"]


@pytest.mark.parametrize(("path", "gateway"), [
    ("/ussd", True), ("/ussd/events", True), ("/sms/inbound", True), ("/sms", True),
    ("/ussdx", False), ("/smsfoo/inbound", False), ("/", False), ("/static/app.css", False),
    ("/simulator", False),
])
def test_gateway_paths(path, gateway):
    """Only the callbacks' own paths go to the gateways' app."""
    from layanan.gateways import is_gateway_path

    assert is_gateway_path(path) is gateway


def test_gateway_replies_carry_no_cookie_or_compression(client):
    """A USSD hop gets plain text: no session cookie, no compression, whatever it asks."""
    response = client.post("/ussd", headers={"Accept-Encoding": "gzip, br"}, data={
        "sessionId": "ATUid_plain", "phoneNumber": "+6281234500009", "text": ""})
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith("CON ")
    assert "Set-Cookie" not in response.headers
    assert "Content-Encoding" not in response.headers


def test_home_lists_services_by_category(client, session):
    """The home page shows the catalogue, health first."""
    make_service(session, name_id="Imunisasi anak", category="kesehatan")
    make_service(session, name_id="Akta kelahiran", category="administrasi_kependudukan")
    page = client.get("/").get_data(as_text=True)
    assert page.index("Kesehatan") < page.index("Administrasi kependudukan")
    assert "Imunisasi anak" in page and "Akta kelahiran" in page


def test_search_finds_service_by_keyword(client, session):
    """Searching for an SMS keyword finds its service."""
    make_service(session, code="IMUN", name_id="Imunisasi anak")
    make_service(session, code="AKTA", name_id="Akta kelahiran")
    page = client.get("/?q=imun").get_data(as_text=True)
    assert "Imunisasi anak" in page and "Akta kelahiran" not in page


def test_service_page_shows_every_standard_component(client, session):
    """The six public components are shown, the internal eight too (folded)."""
    service = make_service(session)
    page = client.get(f"/layanan/{service.id}").get_data(as_text=True)
    for component in COMPONENTS:
        assert f"{component.key} (id)" in page
    assert page.index("persyaratan (id)") < page.index("dasar_hukum (id)")


def test_unknown_service_is_404_in_indonesian(client):
    """An unknown service gets a short page in the visitor's language."""
    response = client.get("/layanan/999999")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_language_switch_sticks(client, session):
    """Choosing English keeps English on the next pages."""
    service = make_service(session, name_id="Imunisasi anak", name_en="Child immunisation")
    response = client.get("/bahasa/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get(f"/layanan/{service.id}").get_data(as_text=True)
    assert "Child immunisation" in page and "Requirements" in page
    assert '<html lang="en">' in page


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:1"])
def test_language_switch_is_no_open_redirect(client, target):
    """The switch only ever sends the visitor back into this site."""
    response = client.get("/bahasa/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_indonesian_is_the_default_whatever_the_browser_says(client, session):
    """A phone set to English still gets Indonesian until its owner switches."""
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="id">' in page


def test_a_requests_unfinished_work_is_rolled_back(app):
    """What a request began and did not commit is undone when the request ends."""
    from sqlalchemy import func, select

    from core.models import Citizen
    from layanan.database import db_session

    with app.app_context():
        session = db_session()
        session.add(Citizen(phone="+6281234500077", language="en"))
        session.flush()
        assert session.in_transaction()
    assert not session.in_transaction()
    with app.app_context():
        count = db_session().scalar(select(func.count()).select_from(Citizen))
    assert count == 0
