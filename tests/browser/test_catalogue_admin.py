"""An administrator builds a unit with two services entirely in the browser; citizens then
find them on the public pages and by the home page's search, and request them by USSD and SMS."""

import urllib.parse
import urllib.request
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from core.demo.loader import ADMIN_EMAIL, ADMIN_PASSWORD
from core.models import Region, Service, Ticket, Unit
from tests.browser.test_pwa_pages import violations

UNIT = "Puskesmas Uji Peramban"
SERVICES = (
    # code, Indonesian name, English name, short name, keywords, requirements (one a line)
    ("MATABR", "Pemeriksaan mata peramban", "Browser eye check", "Periksa mata",
     "mata minus, kacamata", ["KTP-el", "Kartu BPJS Kesehatan", "Surat rujukan"]),
    ("GIGIBR", "Perawatan gigi peramban", "Browser dental care", "Perawatan gigi",
     "sakit gigi, cabut gigi", ["KTP-el", "Kartu berobat"]),
)


@pytest.fixture
def place(demo_db):
    """A kecamatan of the demo and one of its desa, as codes."""
    with demo_db() as session:
        kecamatan = session.scalars(select(Region).where(Region.level == "kecamatan")
                                    .order_by(Region.code)).first()
        desa = session.scalars(select(Region).where(Region.parent_code == kecamatan.code)
                               .order_by(Region.code)).first()
        return kecamatan.code, desa.code


def sign_in(page) -> None:
    """Sign in as the demo's administrator through the form."""
    page.goto("/staff/masuk")
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/")


def add_unit(page, place) -> None:
    """The unit form, filled in and saved; a wrong phone is refused first, next to the field."""
    page.get_by_role("link", name="Katalog", exact=True).click()
    page.get_by_role("link", name="Tambah unit").click()
    page.select_option("#agency", index=0)
    page.fill("#slug", "pkm-uji-peramban")
    page.fill("#name", UNIT)
    page.select_option("#kind", "puskesmas")
    page.fill("#region", "Kecamatan Uji")
    page.fill("#address", "Jl. Peramban 1")
    page.select_option("#kecamatan_code", place[0])
    page.select_option("#desa_code", place[1])
    page.fill("#opening_hours", "Senin-Kamis 07.30-14.00")
    page.fill("#phone", "12")
    page.fill("#latitude", "-7.0")
    page.fill("#longitude", "113.9")
    page.click("form[novalidate] button[type=submit]")
    assert page.locator("#phone-error").inner_text() == "Nomor telepon tidak valid."
    page.fill("#phone", "0328 662211")
    page.click("form[novalidate] button[type=submit]")
    page.locator("text=Unit disimpan.").wait_for()


def add_service(page, unit_id: int, service) -> None:
    """The service form, then its standard: 14 components, requirements one a line."""
    code, name_id, name_en, short, keywords, requirements = service
    page.goto("/staff/katalog")
    page.get_by_role("link", name="Tambah layanan").first.click()
    page.fill("#code", code)
    page.select_option("#unit", str(unit_id))
    page.select_option("#category", "kesehatan")
    page.fill("#name_id", name_id)
    page.fill("#name_en", name_en)
    page.fill("#short_name_id", short)
    page.fill("#short_name_en", name_en[:24])
    page.fill("#keywords", keywords)
    page.fill("#time_days", "1")
    page.fill("#cost_rupiah", "0")
    page.click("form[novalidate] button[type=submit]")
    page.wait_for_url("**/standar")
    for textarea in page.locator("textarea[id$='_id']").all():
        textarea.fill("Sesuai ketentuan.")
    page.fill("#persyaratan_id", "\n".join(requirements))
    page.fill("#prosedur_id", "Datang ke loket\nDiperiksa petugas\nMenerima hasil")
    page.fill("#biaya_id", "Gratis")
    page.fill("#effective_from", date.today().isoformat())
    page.fill("#note", "Standar awal")
    page.get_by_role("button", name="Pratinjau daftar").click()
    preview = page.locator("#komponen-persyaratan .preview li")
    assert preview.all_inner_texts() == requirements
    page.get_by_role("button", name="Simpan sebagai versi baru").click()
    page.locator("text=Standar pelayanan disimpan sebagai versi baru.").wait_for()
    assert page.locator("#riwayat + div tbody tr").count() == 1


def gateway_post(url: str, fields: dict) -> str:
    """Post a form as Africa's Talking does and return the body of the answer."""
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(url, data, timeout=10) as response:  # noqa: S310 (local)
        return response.read().decode()


def pick(screen: str, label: str) -> str:
    """The number of the line showing `label`, or 98 (the next page) when none does."""
    for line in screen.splitlines():
        number, _, text = line.partition(" ")
        if number.isdigit() and label in text:
            return number
    return "98"


def request_by_ussd(server: str, phone: str, category: str, service: str) -> str:
    """Dial, choose "Minta layanan", the category and the service, then confirm: the last screen."""
    session_id, inputs = f"browser-{uuid.uuid4().hex}", []

    def hop(choice: str | None = None) -> str:
        if choice is not None:
            inputs.append(choice)
        return gateway_post(f"{server}/ussd", {
            "sessionId": session_id, "phoneNumber": phone, "serviceCode": "*123#",
            "networkCode": "51010", "text": "*".join(inputs)})

    hop()
    screen = hop("1")
    for label in (category, service):
        for _ in range(10):
            choice = pick(screen, label)
            screen = hop(choice)
            if choice != "98":
                break
    for _ in range(4):  # requirements, then the confirmation
        if screen.startswith("END"):
            break
        screen = hop("1")
    return screen


def requested(demo_db, code: str, channel: str) -> list[tuple[int, int]]:
    """The (service, unit) of each request of this service filed on this channel."""
    with demo_db() as session:
        return [tuple(row) for row in session.execute(
            select(Ticket.service_id, Ticket.unit_id).join(Service, Ticket.service_id == Service.id)
            .where(Service.code == code, Ticket.channel == channel))]


def test_an_admin_builds_a_unit_with_two_services_in_the_browser(page, demo_db, place, axe_source,
                                                                 server):
    """Unit, two services with their standards, the maklumat; then the public pages show them,
    the home page's search finds them, and citizens request them by USSD and by SMS."""
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page)
    add_unit(page, place)
    with demo_db() as session:
        unit_id = session.scalars(select(Unit.id).where(Unit.slug == "pkm-uji-peramban")).one()
    for service in SERVICES:
        add_service(page, unit_id, service)

    page.goto(f"/staff/katalog/unit/{unit_id}/maklumat")
    page.fill("#text", "Kami sanggup menyelenggarakan pelayanan sesuai standar.")
    page.fill("#signatory", "dr. Uji Peramban")
    page.fill("#signed_on", date.today().isoformat())
    page.click("form[novalidate] button[type=submit]")
    page.locator("text=Maklumat pelayanan disimpan.").wait_for()
    assert violations(page, axe_source) == []

    with demo_db() as session:
        services = {s.code: s.id for s in session.scalars(
            select(Service).where(Service.code.in_([s[0] for s in SERVICES])))}
    assert set(services) == {"MATABR", "GIGIBR"}

    page.goto(f"/unit/{unit_id}")
    body = page.locator("main").inner_text()
    assert UNIT in body and "dr. Uji Peramban" in body
    assert "Pemeriksaan mata peramban" in body and "Perawatan gigi peramban" in body

    page.goto(f"/layanan/{services['MATABR']}")
    body = page.locator("main").inner_text()
    assert "Pemeriksaan mata peramban" in body and "Kartu BPJS Kesehatan" in body
    assert page.locator("main ul.needs li", has_text="Surat rujukan").count() == 1

    page.goto("/")
    page.fill("#q", "kacamata")
    page.press("#q", "Enter")
    page.locator("#catalogue a", has_text="Pemeriksaan mata peramban").first.wait_for()

    # Feature phones: the new service is in the keypad menus of its category.
    screen = request_by_ussd(server, "+6281299990001", "Kesehatan", "Periksa mata")
    assert screen.startswith("END Permohonan diterima. Tiket:"), screen
    assert requested(demo_db, "MATABR", "ussd") == [(services["MATABR"], unit_id)]
    # SMS: MINTA with one of the words the admin gave it finds it and files the request.
    assert gateway_post(f"{server}/sms/inbound", {
        "from": "+6281299990002", "to": "1708", "text": "MINTA sakit gigi",
        "id": f"ATXid_{uuid.uuid4().hex}", "date": "2026-11-29 08:00:00"}) is not None
    assert requested(demo_db, "GIGIBR", "sms") == [(services["GIGIBR"], unit_id)]


def test_the_catalogue_forms_with_errors_are_accessible(page, demo_db, axe_source):
    """The unit form showing its errors, the index, a service and its standard pass axe."""
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page)
    page.goto("/staff/katalog/unit/baru")
    page.click("form[novalidate] button[type=submit]")
    page.locator("#name-error").wait_for()
    assert violations(page, axe_source) == []
    with demo_db() as session:
        service_id = session.scalars(select(Service.id).order_by(Service.id)).first()
    for path in ("/staff/katalog", f"/staff/katalog/layanan/{service_id}",
                 f"/staff/katalog/layanan/{service_id}/standar"):
        page.goto(path)
        assert violations(page, axe_source) == [], path
