"""Offline from the first visit, server side: what the worker keeps, what it must not,
the SMS number offered on the waiting screen, and the GSM rules the page mirrors."""

import json
import re
from pathlib import Path

from core import gsm
from tests.factories import sign_in_citizen
from web.pwa.shell import sms_shortcode

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"


def _worker_list(script: str, name: str):
    return json.loads(script.split(f"var {name} = ")[1].split(";\n")[0].split(".map(")[0])


def test_the_worker_keeps_home_catalogue_and_forms_at_install(client):
    """Home, catalogue, complaint and survey forms, besides the shell; all answer 200 and
    may be kept ("no-cache")."""
    script = client.get("/sw.js").get_data(as_text=True)
    pages = _worker_list(script, "MAIN_PAGES")
    assert pages == ["/", "/katalog", "/pengaduan", "/survei"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    precache = _worker_list(script, "PRECACHE")
    assert any(url.startswith("/static/offline.") for url in precache)
    assert "MAX_PAGES = 40" in script and "/layanan/$1/ajukan" in script


def test_the_worker_version_changes_with_the_page_frame(app, client, monkeypatch):
    """Kept pages embed base.html: a new frame is a new version, so old copies are dropped."""
    before = _worker_list(client.get("/sw.js").get_data(as_text=True), "VERSION")
    loader = app.jinja_env.loader
    original = loader.get_source

    def changed(environment, name):
        source, filename, uptodate = original(environment, name)
        return (source + "<!-- new -->" if name == "base.html" else source), filename, uptodate

    monkeypatch.setattr(loader, "get_source", changed)
    assert _worker_list(client.get("/sw.js").get_data(as_text=True), "VERSION") != before


def test_pages_of_a_signed_in_citizen_are_never_kept(client, session):
    """Their phone is on the form: no-store, so no worker or shared cache keeps them."""
    assert client.get("/pengaduan").headers["Cache-Control"] == "no-cache"
    sign_in_citizen(client, "081234567890")
    for path in ("/", "/pengaduan", "/survei", "/katalog"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store, private", path
    assert client.get("/sw.js").headers["Cache-Control"] == "no-cache"


def test_the_sms_number_is_the_short_code_else_a_numeric_sender_id():
    """LAYANAN_SMS_SHORTCODE first; a sender id that is a number is where replies go too."""
    assert sms_shortcode({"SMS_SHORTCODE": "1708", "AT_SENDER_ID": "99999"}) == "1708"
    assert sms_shortcode({"AT_SENDER_ID": "98765"}) == "98765"
    assert sms_shortcode({"AT_SENDER_ID": "LAYANAN"}) == ""
    assert sms_shortcode({"SMS_SHORTCODE": "+6281234567890"}) == "+6281234567890"
    assert sms_shortcode({"SMS_SHORTCODE": "12\u00b2"}) == ""
    assert sms_shortcode({}) == ""


def test_the_waiting_screen_offers_sms_only_with_a_number(make_app):
    """No number configured: no SMS button; with one: the button and the discard choice."""
    without = make_app().test_client().get("/pengaduan").get_data(as_text=True)
    assert "data-sms-link" not in without and 'id="tpl-waiting"' in without
    page = make_app(AT_SENDER_ID="98765").test_client().get("/pengaduan").get_data(as_text=True)
    assert 'data-sms="98765"' in page and 'href="sms:98765"' in page
    assert "Kirim lewat SMS" in page and "Sudah saya kirim lewat SMS" in page
    assert "tidak tercatat dua kali" in page
    chosen = make_app(SMS_SHORTCODE="1708", AT_SENDER_ID="98765").test_client()
    assert 'href="sms:1708"' in chosen.get("/survei").get_data(as_text=True)


def test_the_page_mirrors_the_gsm_rules_of_core():
    """offline.js writes the SMS text with core/gsm.py's basic set and replacements."""
    source = (STATIC / "offline.js").read_text(encoding="utf-8")
    basic = re.search(r'var GSM_BASIC = (".*?") \+\s*(".*?");', source, re.S)
    mirrored = json.loads(basic.group(1)) + json.loads(basic.group(2))
    assert set(mirrored) == gsm.GSM_BASIC and len(mirrored) == len(gsm.GSM_BASIC)
    table = re.search(r"var REPLACEMENTS = (\{.*?\});", source, re.S).group(1)
    assert json.loads(table) == gsm._REPLACEMENTS
    assert "SMS_LIMIT = 306" in source and gsm.sms_segments("x" * 306) == 2
