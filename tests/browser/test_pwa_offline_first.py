"""Offline from the first visit, in a real browser: the main pages without signal after one
visit, the "terkirim" note that outlives the waiting page, and the SMS way out."""

import time
import urllib.parse

import pytest
from sqlalchemy import func, select

from core.catalogue.regions import place_named_in
from core.gsm import is_gsm_basic, shorten, to_gsm
from core.models import Citizen, Service, Ticket
from sms.keywords import parse_command
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MOBILE, controlled, serving
from tests.browser.helpers import sign_in_citizen, violations

SHORT_CODE = "98765"
OFFLINE_PAGE = "Tidak ada sinyal"
# Every page that must open without signal after the first visit, by its heading.
MAIN_PAGES = {"/": "Layanan publik", "/pengaduan": "Buat laporan",
              "/survei": "Survei kepuasan masyarakat", "/katalog": "Katalog layanan"}


def web_complaints(demo_db) -> int:
    """Complaints filed on the web so far."""
    with demo_db() as session:
        return session.scalar(select(func.count()).select_from(Ticket)
                              .where(Ticket.kind == "complaint", Ticket.channel == "web"))


def a_service(demo_db) -> Service:
    """A service of the demo catalogue, offered at one unit or several."""
    with demo_db() as session:
        return session.scalars(select(Service).order_by(Service.id)).first()


def kept(page, path: str) -> bool:
    """Whether the worker's page store holds this path."""
    return page.evaluate("""path => caches.keys().then(names => Promise.all(names
        .filter(n => n.startsWith('pages-')).map(n => caches.open(n)
        .then(c => c.match(new URL(path, location.origin).href, {ignoreVary: true})))))
        .then(hits => hits.some(Boolean))""", path)


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def test_home_forms_and_catalogue_open_offline_after_one_visit(context, page):
    """One visit to the home page on signal; offline, reload it and open the forms and the
    catalogue, never visited: each is itself, not the offline page."""
    controlled(page)
    context.set_offline(True)
    try:
        response = page.reload()
        assert response.from_service_worker and heading(page) == "Layanan publik"
        for path, title in MAIN_PAGES.items():
            page.goto(path)
            assert heading(page) == title, path
        # A boosted tap (htmx) offline gets the kept page too.
        page.locator("nav.tabs").get_by_role("link", name="Lapor").click()
        page.wait_for_url("**/pengaduan")
        page.get_by_role("heading", name="Buat laporan").wait_for()
        assert page.locator("#description").count() == 1
    finally:
        context.set_offline(False)


def test_the_first_page_and_a_service_request_form_open_offline(context, page, demo_db,
                                                                axe_source):
    """Arriving on a service's page: it is kept at install, with its request form."""
    service = a_service(demo_db)
    path = f"/layanan/{service.id}"
    controlled(page, path)
    # The worker controls the page; the request form is fetched beside it.
    deadline = time.monotonic() + 10
    while not kept(page, f"{path}/ajukan") and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    context.set_offline(True)
    try:
        page.reload()
        assert heading(page) != OFFLINE_PAGE
        page.goto(f"{path}/ajukan")
        assert heading(page) == "Ajukan permohonan"
        assert page.locator("form[data-offline] button[type=submit]").count() == 1
        page.goto("/layanan/999999/ajukan")
        assert heading(page) == OFFLINE_PAGE
        assert page.get_by_role("link", name="Buat laporan").count() == 1
        assert violations(page, axe_source) == []
    finally:
        context.set_offline(False)


def test_pages_seen_signed_in_are_not_kept_for_the_next_person(context, page, demo_db):
    """Signed in, the form names the phone; offline (a shared phone, say) the worker has
    only the copy anyone gets: no phone, no "Tiket saya"."""
    with demo_db() as session:
        phone = session.scalars(select(Citizen.phone).order_by(Citizen.id)).first()
    controlled(page)
    page.goto("/masuk")
    sign_in_citizen(page, demo_db, phone)
    page.get_by_role("link", name="Tiket saya").first.wait_for()
    page.goto("/pengaduan")
    local = "0" + phone[3:]
    assert "Anda masuk dengan nomor" in page.content()
    context.set_offline(True)
    try:
        page.reload()
        assert heading(page) == "Buat laporan"
        content = page.content()
        assert phone not in content and local not in content
        assert "Anda masuk dengan nomor" not in content and "Tiket saya" not in content
    finally:
        context.set_offline(False)


def test_a_form_kept_offline_still_sends_with_a_stale_token(context, page, demo_db):
    """A form from the worker's store gets a current token when signal returns; one the
    server refuses all the same is sent once more with a fresh one: filed once."""
    before = web_complaints(demo_db)
    posts = []
    page.on("response", lambda r: posts.append(r.status) if r.request.method == "POST" else None)
    controlled(page)
    context.set_offline(True)
    page.goto("/pengaduan")
    assert heading(page) == "Buat laporan"
    with page.expect_response("**/token"):
        context.set_offline(False)
    page.wait_for_timeout(500)  # the fresh token is in the form
    page.evaluate("() => document.querySelector('input[name=csrf_token]').value = 'basi'")
    page.select_option("#category", "kesehatan")
    page.fill("#description", "Formulir dari simpanan HP, token sudah basi.")
    page.click("button[type=submit]")
    page.wait_for_url("**/tiket/*", timeout=20000)
    assert web_complaints(demo_db) == before + 1
    assert posts == [400, 303]


def test_the_sent_note_shows_after_leaving_the_waiting_page(context, page, demo_db):
    """Queued offline, the citizen moves on; when signal returns the note "terkirim, tiket X"
    shows on the page open, stays across pages, and goes once that ticket is opened."""
    before = web_complaints(demo_db)
    controlled(page)
    context.set_offline(True)
    page.goto("/pengaduan")  # never opened on signal: the copy kept at install
    page.select_option("#category", "kesehatan")
    page.fill("#description", "Lampu puskesmas pembantu mati.")
    page.click("button[type=submit]")
    page.get_by_role("heading", name="Menunggu sinyal").wait_for()
    page.goto("/katalog")
    page.locator("#pending").get_by_text("Kiriman menunggu sinyal: 1").wait_for()
    context.set_offline(False)
    note = page.locator("#sent-notes .sent-note")
    note.wait_for(timeout=20000)
    assert web_complaints(demo_db) == before + 1
    with demo_db() as session:
        number = session.scalars(select(Ticket.number).where(
            Ticket.description == "Lampu puskesmas pembantu mati.")).one()
    grouped = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert note.inner_text().startswith(f"Kiriman Anda sudah terkirim, tiket {grouped}.")
    page.goto("/survei")
    note.wait_for()
    assert grouped in note.inner_text() and page.locator("#pending").is_hidden()
    page.goto("/")
    assert grouped in note.inner_text()
    note.get_by_role("link", name="Lihat tiket").click()
    page.wait_for_url(f"**/tiket/{number}")
    assert page.locator("#sent-notes .sent-note").count() == 0
    page.goto("/katalog")
    assert page.locator("#sent-notes .sent-note").count() == 0
    assert page.evaluate("localStorage.getItem('layanan-sent-notes')") is None


def test_a_note_is_closed_by_the_citizen(context, page, axe_source):
    """"Tutup catatan" removes the note for good (it is kept in localStorage until then)."""
    controlled(page)
    page.evaluate("""() => { localStorage.setItem('layanan-sent-notes', JSON.stringify([
        {key: 'k1', kind: 'ticket', number: '306169650', url: '/tiket/306169650'}])); }""")
    page.goto("/katalog")
    note = page.locator("#sent-notes .sent-note")
    assert "tiket 306 169 650" in note.inner_text()
    assert violations(page, axe_source) == []
    note.get_by_role("button", name="Tutup catatan").click()
    assert note.count() == 0
    page.goto("/")
    assert page.locator("#sent-notes .sent-note").count() == 0


@pytest.fixture(scope="module")
def sms_server(playwright_api, demo_db, database_url, tmp_path_factory):
    """A second `layanan serve` whose SMS short code is set (the shared one has none)."""
    log = tmp_path_factory.mktemp("sms-server") / "serve.log"
    with serving(database_url, log, 1, {"LAYANAN_SMS_SHORTCODE": SHORT_CODE}) as base:
        yield base


def expected_sms(description: str, place: str) -> str:
    """The LAPOR text as the page should write it (core/gsm.py's rules, two SMS at most)."""
    text = " ".join(to_gsm(description).split())
    return "LAPOR " + shorten(text, 306 - len("LAPOR ") - len(place)) + place


def test_the_waiting_screen_offers_the_report_by_sms(playwright_api, sms_server, demo_db,
                                                      tmp_path, axe_source):
    """An sms: link to the short code with the LAPOR text (GSM, shortened, place kept);
    "Sudah saya kirim lewat SMS" drops the queued copy, so nothing is filed twice."""
    before = web_complaints(demo_db)
    context = playwright_api.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
        headless=True, locale="id-ID", viewport=MOBILE, base_url=sms_server)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        controlled(page, "/pengaduan")
        context.set_offline(True)
        description = ("Obat \u201cparasetamol\u201d habis \u2014 sudah 2 minggu\u2026 "
                       * 12).strip()
        page.select_option("#category", "kesehatan")
        page.fill("#description", description)
        page.select_option("#kecamatan_code", label="Talango")
        page.select_option("#desa_code", label="Padike")
        page.click("button[type=submit]")
        page.get_by_role("heading", name="Menunggu sinyal").wait_for()
        link = page.get_by_role("link", name="Kirim lewat SMS")
        href = link.get_attribute("href")
        prefix = f"sms:{SHORT_CODE}?body="
        assert href.startswith(prefix)
        body = urllib.parse.unquote(href[len(prefix):])
        assert body == expected_sms(description, " di desa Padike kec. Talango")
        assert is_gsm_basic(body) and len(body) <= 306 and body.endswith("kec. Talango")
        assert page.locator("[data-sms-text]").inner_text() == body
        assert violations(page, axe_source) == []
        command = parse_command(body)
        assert command.handler == "report"
        with demo_db() as session:
            place = place_named_in(session, command.argument)
        assert (place.kecamatan_code, place.desa_code) == ("35.29.04", "35.29.04.2002")
        page.get_by_role("button", name="Sudah saya kirim lewat SMS").click()
        page.get_by_role("heading", name="Dikirim lewat SMS").wait_for()
        assert page.evaluate("LayananOutbox.all().then(e => e.length)") == 0
        context.set_offline(False)
        page.goto("/katalog")
        page.wait_for_timeout(1500)
        assert web_complaints(demo_db) == before
        assert page.locator("#pending").is_hidden()
    finally:
        context.close()
