"""Installable and offline, in a real browser: manifest, service worker, the offline outbox."""

from sqlalchemy import func, select

from core.models import Ticket
from tests.browser.conftest import controlled

COUNT_WEB_COMPLAINTS = (select(func.count()).select_from(Ticket)
                        .where(Ticket.kind == "complaint", Ticket.channel == "web"))


def web_complaints(demo_db) -> int:
    """Complaints filed on the web so far."""
    with demo_db() as session:
        return session.scalar(COUNT_WEB_COMPLAINTS)


def test_installable_and_controlled_by_the_service_worker(context, page):
    """Chromium finds no installability error and the worker controls the page."""
    controlled(page)
    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [] and manifest["url"].endswith("/manifest.webmanifest")
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope.endswith("/") and scope.count("/") == 3


def test_a_visited_page_reloads_offline_from_the_worker(context, page):
    """Offline, a page seen before comes from the worker; an unseen one gets the offline page."""
    controlled(page)
    page.goto("/katalog")
    context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    assert page.locator("h1").inner_text() == "Katalog layanan"
    assert page.locator("link[rel=stylesheet][href^='/static/app.']").count() == 1
    page.goto("/belum-pernah-dibuka")
    assert page.locator("h1").inner_text() == "Tidak ada sinyal"
    context.set_offline(False)


def test_a_complaint_sent_offline_is_filed_once_when_signal_returns(context, page, demo_db):
    """Kept on the device, "menunggu sinyal", sent when online: one complaint, its ticket shown."""
    before = web_complaints(demo_db)
    controlled(page)
    page.goto("/pengaduan")
    context.set_offline(True)
    page.select_option("#category", "kesehatan")
    page.fill("#description", "Obat di pustu Talango habis sejak minggu lalu.")
    # Offline, the kecamatan's own desa list cannot come: the full grouped list stays.
    page.select_option("#kecamatan_code", label="Talango")
    page.select_option("#desa_code", label="Padike")
    page.click("button[type=submit]")
    page.get_by_role("heading", name="Menunggu sinyal").wait_for()
    assert page.evaluate("LayananOutbox.all().then(e => e.length)") == 1
    assert web_complaints(demo_db) == before
    context.set_offline(False)
    page.wait_for_url("**/tiket/*", timeout=20000)
    assert "Terima kasih, kiriman Anda sudah diterima." in page.content()
    assert web_complaints(demo_db) == before + 1
    number = page.url.split("/tiket/")[1].split("?")[0]
    with demo_db() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.number == number)).one()
        assert (ticket.channel, ticket.kecamatan, ticket.desa) == ("web", "Talango", "Padike")
        assert ticket.kecamatan_code == "35.29.04" and ticket.client_key
    assert page.evaluate("LayananOutbox.all().then(e => e.length)") == 0
    # A second replay of the same stored form (the worker's Background Sync) adds nothing.
    page.evaluate("""key => LayananOutbox.put({key: key, url: '/pengaduan', fields: [
        ['csrf_token', ''], ['client_key', key], ['complaint_type', 'pengaduan'],
        ['category', 'kesehatan'], ['description', 'lagi']]})
        .then(() => LayananOutbox.flush())""", ticket.client_key)
    assert web_complaints(demo_db) == before + 1
    # Not signed in, so no SMS will carry the number: the device keeps it for its home page.
    assert page.evaluate("JSON.parse(localStorage.getItem('layanan-tickets'))")[0] == number
    page.goto("/")
    page.get_by_role("link", name=number).wait_for()


def test_forms_work_without_javascript(playwright_api, server, tmp_path, demo_db):
    """No script at all: the complaint form posts and the ticket page follows."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    before = web_complaints(demo_db)
    context = playwright_api.chromium.launch_persistent_context(
        str(tmp_path / "nojs"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
        java_script_enabled=False, locale="id-ID", base_url=server)
    page = context.pages[0]
    page.goto("/pengaduan")
    page.select_option("#category", "infrastruktur")
    page.fill("#description", "Jembatan desa retak.")
    page.click("button[type=submit]")
    page.wait_for_url("**/tiket/*")
    assert "Terima kasih, kiriman Anda sudah diterima." in page.content()
    context.close()
    assert web_complaints(demo_db) == before + 1


def test_the_kecamatan_narrows_the_desa_list_and_the_location_is_filed(context, page, demo_db):
    """Online: a kecamatan swaps in its own desa; "Gunakan lokasi saya" fills the position."""
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": -7.0613, "longitude": 113.9712})
    page.goto("/pengaduan")
    assert page.locator("#desa_code optgroup").count() > 20
    page.select_option("#kecamatan_code", label="Talango")
    page.wait_for_function("() => !document.querySelector('#desa_code optgroup')")
    labels = page.locator("#desa_code option").all_inner_texts()
    assert "Padike" in labels and "Marengan Laok" not in labels
    page.select_option("#desa_code", label="Padike")
    page.select_option("#category", "infrastruktur")
    page.fill("#description", "Dermaga Talango rusak.")
    page.get_by_role("button", name="Gunakan lokasi saya").click()
    page.get_by_text("Lokasi tersimpan: -7.061300, 113.971200").wait_for()
    page.click("button[type=submit]")
    page.wait_for_url("**/tiket/*")
    number = page.url.split("/tiket/")[1].split("?")[0]
    with demo_db() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.number == number)).one()
        assert (ticket.desa_code, ticket.desa) == ("35.29.04.2002", "Padike")
        assert (ticket.latitude, ticket.longitude) == (-7.0613, 113.9712)
