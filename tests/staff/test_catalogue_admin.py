"""The catalogue in the back office: who may edit what, forms, errors, versions, import, export.

An administrator edits everything; a unit head their own unit and the
services it answers for, never another unit's by changing the id in a URL;
officers and auditors read. Errors stand next to their field, in the
officer's language. Each change is audited; standards are versioned.
"""

import io
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.catalogue.standards import COMPONENT_KEYS, COMPONENTS
from core.errors import NotFound
from core.models import Agency, AuditEntry, Category, Service, StandardVersion, Unit
from core.staff.access import CAPABILITIES, Forbidden, Principal, can, require
from tests.factories import make_regions
from web.staff.queue import today

ROLES = ("admin", "auditor", "head_a", "officer_a", "head_b")


def error_of(html: str, field_id: str) -> str:
    """The error shown next to a field (its element tied to the field by id), or ''."""
    found = re.search(rf'<span class="late field-error" id="{re.escape(field_id)}-error">'
                      r"([^<]*)</span>", html)
    return found.group(1) if found else ""


def rows(session, query) -> list:
    """A query's rows, ending the test's transaction (on SQLite it holds the write lock)."""
    found = session.scalars(query).all()
    session.commit()
    return found


def fresh(session, model, row_id):
    """A row as the database has it now, the test's transaction ended."""
    session.expire_all()
    row = session.get(model, row_id)
    session.commit()
    return row


def unit_data(**changes) -> dict:
    """A complete unit form."""
    return {"slug": "pkm-marengan", "name": "Puskesmas Marengan", "kind": "puskesmas",
            "region": "Kecamatan Kalianget", "address": "Jl. Raya Marengan 1",
            "kecamatan_code": "35.29.02", "desa_code": "35.29.02.2003",
            "opening_hours": "Senin-Kamis 07.30-14.00", "phone": "0328 662211",
            "whatsapp": "081234567890", "latitude": "-7.05", "longitude": "113.93",
            "service_population": "12000"} | changes


def service_data(unit_id: int, **changes) -> dict:
    """A complete service form."""
    return {"code": "KIA", "unit": str(unit_id), "category": "kesehatan",
            "name_id": "Pemeriksaan ibu hamil", "name_en": "Antenatal check-up",
            "short_name_id": "Periksa hamil", "short_name_en": "Antenatal check",
            "keywords": "hamil, bumil", "time_days": "1", "cost_rupiah": "0",
            "offered_at": [str(unit_id)]} | changes


def standard_data(**changes) -> dict:
    """A complete standard form: every component in both languages, dated today."""
    data = {f"{key}_{language}": f"{key} {language}" for key in COMPONENT_KEYS
            for language in ("id", "en")}
    data |= {"persyaratan_id": "KTP-el\nKartu Keluarga\n\nBuku KIA",
             "persyaratan_en": "ID card\nFamily card\nMCH book",
             "effective_from": today().isoformat(), "note": "Standar awal"}
    return data | changes


@pytest.fixture
def regions(session):
    """Two kecamatan of Sumenep with their desa."""
    return make_regions(session)


# --- the capability table --------------------------------------------------------------------

@pytest.mark.parametrize(("role", "read", "edit", "admin"), [
    ("admin", True, True, True), ("unit_head", True, True, False),
    ("officer", True, False, False), ("auditor", True, False, False),
])
def test_catalogue_capabilities(role, read, edit, admin):
    """Everyone reads the catalogue; admins and unit heads edit; only admins run all of it."""
    principal = Principal(officer_id=1, role=role, unit_id=None if role == "admin" else 7)
    assert (can(principal, "catalogue"), can(principal, "catalogue_edit"),
            can(principal, "catalogue_admin")) == (read, edit, admin)
    assert CAPABILITIES["catalogue_admin"] == frozenset({"admin"})


def test_a_unit_head_edits_only_their_own_unit():
    """Another unit is out of sight (not found); a role without the capability is forbidden."""
    head = Principal(officer_id=1, role="unit_head", unit_id=7)
    require(head, "catalogue_edit", 7)
    with pytest.raises(NotFound):
        require(head, "catalogue_edit", 8)
    with pytest.raises(Forbidden):
        require(Principal(officer_id=2, role="auditor", unit_id=None), "catalogue_edit", 7)


# --- who reaches which page ------------------------------------------------------------------

def pages(w):
    """Every catalogue page of the matrix, by name."""
    a, b, sa, sb = w.unit_a.id, w.unit_b.id, w.service_a.id, w.service_b.id
    return {
        "index": "/staff/katalog", "new_unit": "/staff/katalog/unit/baru",
        "unit_a": f"/staff/katalog/unit/{a}", "unit_b": f"/staff/katalog/unit/{b}",
        "maklumat_a": f"/staff/katalog/unit/{a}/maklumat",
        "maklumat_b": f"/staff/katalog/unit/{b}/maklumat",
        "new_service": "/staff/katalog/layanan/baru",
        "service_a": f"/staff/katalog/layanan/{sa}", "service_b": f"/staff/katalog/layanan/{sb}",
        "standard_a": f"/staff/katalog/layanan/{sa}/standar",
        "standard_b": f"/staff/katalog/layanan/{sb}/standar",
        "new_agency": "/staff/katalog/instansi/baru",
        "new_category": "/staff/katalog/kategori/baru",
        "import": "/staff/katalog/impor", "export": "/staff/katalog/ekspor",
    }


# Expected status per page for:  admin auditor head_a officer_a head_b
MATRIX = {
    "index":        (200, 200, 200, 200, 200),
    "new_unit":     (200, 403, 403, 403, 403),
    "unit_a":       (200, 403, 200, 403, 404),
    "unit_b":       (200, 403, 404, 403, 200),
    "maklumat_a":   (200, 403, 200, 403, 404),
    "maklumat_b":   (200, 403, 404, 403, 200),
    "new_service":  (200, 403, 200, 403, 200),
    "service_a":    (200, 403, 200, 403, 404),
    "service_b":    (200, 403, 404, 403, 200),
    "standard_a":   (200, 200, 200, 200, 200),
    "standard_b":   (200, 200, 200, 200, 200),
    "new_agency":   (200, 403, 403, 403, 403),
    "new_category": (200, 403, 403, 403, 403),
    "import":       (200, 403, 403, 403, 403),
    "export":       (200, 403, 403, 403, 403),
}


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_catalogue_pages_by_role(staff, world, role_index):
    """The matrix, walked for each role."""
    client = staff(world.emails[ROLES[role_index]])
    urls = pages(world)
    got = {name: client.get(urls[name]).status_code for name in MATRIX}
    assert got == {name: row[role_index] for name, row in MATRIX.items()}


def test_only_editors_see_the_standard_form(staff, world):
    """Readers see the standard and its history; only who may edit it gets the form."""
    url = f"/staff/katalog/layanan/{world.service_a.id}/standar"
    assert 'name="persyaratan_id"' in staff(world.emails["head_a"]).get(url).get_data(True)
    for reader in ("head_b", "officer_a", "auditor"):
        html = staff(world.emails[reader]).get(url).get_data(as_text=True)
        assert 'name="persyaratan_id"' not in html and "persyaratan (id)" in html


def test_the_staff_navigation_links_the_catalogue(staff, world):
    """Every officer finds the catalogue from the menu."""
    html = staff(world.emails["officer_a"]).get("/staff/").get_data(as_text=True)
    assert 'href="/staff/katalog"' in html


# --- an administrator builds the catalogue ---------------------------------------------------

def test_admin_creates_an_agency_a_unit_and_services(staff, world, regions, session):
    """Agency, unit with place and contacts, two services offered there: all saved, audited."""
    admin = staff(world.emails["admin"])
    admin.get("/staff/katalog/instansi/baru")
    response = admin.post("/staff/katalog/instansi/baru", {
        "slug": "dinkes-uji", "name": "Dinas Kesehatan Uji", "region": "Kabupaten Sumenep"})
    assert response.status_code == 302
    agency = rows(session, select(Agency).where(Agency.slug == "dinkes-uji"))[0]

    admin.get("/staff/katalog/unit/baru")
    response = admin.post("/staff/katalog/unit/baru", unit_data(agency=str(agency.id)))
    assert response.status_code == 302, response.get_data(as_text=True)
    unit = rows(session, select(Unit).where(Unit.slug == "pkm-marengan"))[0]
    assert (unit.agency_id, unit.kind, unit.kecamatan_code, unit.desa_code) == (
        agency.id, "puskesmas", "35.29.02", "35.29.02.2003")
    assert (unit.phone, unit.whatsapp) == ("+62328662211", "+6281234567890")
    assert (unit.latitude, unit.longitude, unit.service_population) == (-7.05, 113.93, 12000)

    for code, name in (("KIA", "Pemeriksaan ibu hamil"), ("GIZI", "Konsultasi gizi")):
        admin.get("/staff/katalog/layanan/baru")
        response = admin.post("/staff/katalog/layanan/baru",
                              service_data(unit.id, code=code.lower(), name_id=name))
        assert response.status_code == 302, response.get_data(as_text=True)
        service = rows(session, select(Service).where(Service.code == code))[0]
        # A new service goes on to its standard.
        assert response.location.endswith(f"/staff/katalog/layanan/{service.id}/standar")
        assert [place.id for place in service.offered_at] == [unit.id]
        session.commit()
    assert sorted(s.code for s in fresh(session, Unit, unit.id).offered) == ["GIZI", "KIA"]

    actions = rows(session, select(AuditEntry.action).order_by(AuditEntry.id))
    assert [a for a in actions if a.startswith("catalogue_")] == [
        "catalogue_agency", "catalogue_unit", "catalogue_service", "catalogue_service"]
    target = rows(session, select(AuditEntry.target)
                             .where(AuditEntry.action == "catalogue_unit"))[0]
    assert target == "Unit: Puskesmas Marengan"


def test_admin_adds_and_edits_a_category_whose_code_stays(staff, world, session):
    """A category in both languages; editing it keeps its code, whatever is posted."""
    admin = staff(world.emails["admin"])
    admin.get("/staff/katalog/kategori/baru")
    data = {"code": "air_bersih", "name_id": "Air bersih", "name_en": "Clean water",
            "position": "15"}
    assert admin.post("/staff/katalog/kategori/baru", data).status_code == 302
    category = rows(session, select(Category).where(Category.code == "air_bersih"))[0]
    url = f"/staff/katalog/kategori/{category.id}"
    admin.get(url)
    response = admin.post(url, data | {"code": "dicuri", "name_en": "Drinking water"})
    assert response.status_code == 302
    category = fresh(session, Category, category.id)
    assert (category.code, category.name_en, category.position) == (
        "air_bersih", "Drinking water", 15)
    admin.get("/staff/katalog/kategori/baru")
    response = admin.post("/staff/katalog/kategori/baru", data)
    assert error_of(response.get_data(as_text=True), "code") == "Kode sudah dipakai data lain."


def test_a_new_unit_never_overwrites_one_with_the_same_slug(staff, world, regions, session):
    """The form for a new unit refuses a slug already taken, next to the field."""
    admin = staff(world.emails["admin"])
    admin.get("/staff/katalog/unit/baru")
    response = admin.post("/staff/katalog/unit/baru", unit_data(
        slug=world.unit_b.slug, agency=str(world.unit_b.agency_id)))
    assert response.status_code == 400
    assert error_of(response.get_data(as_text=True), "slug") == "Kode sudah dipakai data lain."
    assert fresh(session, Unit, world.unit_b.id).name == "Puskesmas Beta"


def test_the_index_lists_units_with_their_kecamatan_and_filters(staff, world, regions, session):
    """Units show their kecamatan; search and the kecamatan filter narrow the lists."""
    world.unit_a.kecamatan_code = "35.29.02"
    session.commit()
    admin = staff(world.emails["admin"])
    html = admin.get("/staff/katalog").get_data(as_text=True)
    assert "Puskesmas Alfa" in html and "Puskesmas Beta" in html and "Kalianget" in html
    html = admin.get("/staff/katalog?kecamatan=35.29.02").get_data(as_text=True)
    assert "Puskesmas Alfa" in html and "Puskesmas Beta" not in html
    html = admin.get("/staff/katalog?q=beta").get_data(as_text=True)
    assert "Layanan Beta" in html and "Layanan Alfa" not in html


# --- a unit head edits their own unit only ---------------------------------------------------

def test_a_unit_head_edits_their_unit_but_not_its_agency_or_slug(staff, world, regions, session):
    """The head changes details and offerings; agency and slug stay as they were."""
    head = staff(world.emails["head_a"])
    url = f"/staff/katalog/unit/{world.unit_a.id}"
    html = head.get(url).get_data(as_text=True)
    assert 'name="agency"' not in html and 'name="slug"' not in html
    data = unit_data(slug="dicuri", agency="999", name="Puskesmas Alfa Baru",
                     offered=[str(world.service_b.id)])
    response = head.post(url, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    unit = fresh(session, Unit, world.unit_a.id)
    assert (unit.name, unit.slug, unit.agency_id) == (
        "Puskesmas Alfa Baru", world.unit_a.slug, world.unit_a.agency_id)
    # Unit A now offers B's service too, and still its own.
    assert {s.id for s in unit.offered} == {world.service_a.id, world.service_b.id}


def test_a_unit_change_is_audited_with_the_labels_of_its_fields(staff, world, regions, session):
    """The audit trail names what changed as officers read it, not by column names."""
    head = staff(world.emails["head_a"])
    url = f"/staff/katalog/unit/{world.unit_a.id}"
    head.get(url)
    assert head.post(url, unit_data(name="Puskesmas Alfa")).status_code == 302
    entry = rows(session, select(AuditEntry).where(AuditEntry.action == "catalogue_unit"))[0]
    assert entry.target == "Unit: Puskesmas Alfa"
    assert "Alamat" in entry.detail and "Telepon" in entry.detail
    assert "Nama unit" not in entry.detail and "address" not in entry.detail


def test_control_characters_never_reach_the_catalogue(staff, world, regions, session):
    """A NUL (which PostgreSQL refuses in text) or another control character is dropped."""
    head = staff(world.emails["head_a"])
    url = f"/staff/katalog/unit/{world.unit_a.id}"
    head.get(url)
    assert head.post(url, unit_data(name="Puskesmas\x00 Alfa\x07 Baru")).status_code == 302
    assert fresh(session, Unit, world.unit_a.id).name == "Puskesmas Alfa Baru"


def test_a_unit_head_cannot_edit_another_unit_by_its_id(staff, world, regions, session):
    """Posting to unit B's form, maklumat or service with B's ids is 404; nothing changes."""
    head = staff(world.emails["head_a"])
    head.get(f"/staff/katalog/unit/{world.unit_a.id}")
    b, sb = world.unit_b.id, world.service_b.id
    attempts = [
        (f"/staff/katalog/unit/{b}", unit_data(name="Diambil alih")),
        (f"/staff/katalog/unit/{b}/maklumat",
         {"text": "Janji palsu", "signatory": "X", "signed_on": today().isoformat()}),
        (f"/staff/katalog/layanan/{sb}", service_data(b, code=world.service_b.code)),
        (f"/staff/katalog/layanan/{sb}/standar", standard_data()),
    ]
    for url, data in attempts:
        assert head.post(url, data).status_code == 404, url
    assert fresh(session, Unit, b).name == "Puskesmas Beta"
    assert fresh(session, Unit, b).maklumat_text == ""
    assert fresh(session, Service, sb).name_id == "Layanan Beta"
    assert rows(session, select(StandardVersion)) == []


def test_a_unit_head_cannot_move_a_service_to_another_unit(staff, world, session):
    """The own-unit list offers the head's unit only: naming unit B is refused at the field."""
    head = staff(world.emails["head_a"])
    url = f"/staff/katalog/layanan/{world.service_a.id}"
    head.get(url)
    response = head.post(url, service_data(world.unit_b.id, code=world.service_a.code))
    assert response.status_code == 400
    assert error_of(response.get_data(as_text=True), "unit") == "Pilihan tidak valid."
    head.get("/staff/katalog/layanan/baru")
    response = head.post("/staff/katalog/layanan/baru", service_data(world.unit_b.id))
    assert response.status_code == 400
    assert fresh(session, Service, world.service_a.id).unit_id == world.unit_a.id
    assert rows(session, select(Service).where(Service.code == "KIA")) == []


def test_a_unit_head_adds_a_service_for_their_unit(staff, world, session):
    """A new service answered for by the head's own unit."""
    head = staff(world.emails["head_a"])
    head.get("/staff/katalog/layanan/baru")
    response = head.post("/staff/katalog/layanan/baru", service_data(world.unit_a.id))
    assert response.status_code == 302, response.get_data(as_text=True)
    service = rows(session, select(Service).where(Service.code == "KIA"))[0]
    assert service.unit_id == world.unit_a.id


def test_auditors_and_officers_change_nothing(staff, world, session):
    """Posting a form without the capability is forbidden."""
    for reader in ("auditor", "officer_a"):
        client = staff(world.emails[reader])
        client.get("/staff/katalog")
        url = f"/staff/katalog/layanan/{world.service_a.id}/standar"
        assert client.post(url, standard_data()).status_code == 403
        assert client.post(f"/staff/katalog/unit/{world.unit_a.id}",
                           unit_data()).status_code == 403
    assert rows(session, select(StandardVersion)) == []


# --- errors next to their fields, in the officer's language ----------------------------------

ERRORS = {
    # field: (value, Indonesian, English)
    "phone": ("12", "Nomor telepon tidak valid.", "Invalid phone number."),
    "latitude": ("100", "Di luar rentang -90 sampai 90.", "Outside the range -90 to 90."),
    "longitude": ("timur", "Tulis angka desimal, misalnya -7.0123.",
                  "Write a decimal number, for example -7.0123."),
    "name": ("", "Wajib diisi.", "Required."),
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_form_errors_stand_next_to_their_fields(staff, world, regions, language):
    """Each refused field carries its own message, in the officer's language; 400."""
    admin = staff(world.emails["admin"])
    admin.client.get(f"/bahasa/{language}")
    url = f"/staff/katalog/unit/{world.unit_a.id}"
    admin.get(url)
    response = admin.post(url, unit_data(**{f: v for f, (v, _, _) in ERRORS.items()}))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    for field, (_value, indonesian, english) in ERRORS.items():
        assert error_of(html, field) == (english if language == "en" else indonesian), field
    assert 'aria-describedby="phone-error"' in html


@pytest.mark.parametrize(("language", "message"), [
    ("id", "Desa ini tidak terletak di kecamatan yang dipilih."),
    ("en", "This village is not in the chosen kecamatan."),
])
def test_a_refusal_by_core_stands_next_to_its_field(staff, world, regions, language, message):
    """A desa outside the chosen kecamatan: core names the field, the form shows it there."""
    admin = staff(world.emails["admin"])
    admin.client.get(f"/bahasa/{language}")
    url = f"/staff/katalog/unit/{world.unit_a.id}"
    admin.get(url)
    response = admin.post(url, unit_data(kecamatan_code="35.29.01",
                                         desa_code="35.29.02.2003"))
    assert response.status_code == 400
    assert error_of(response.get_data(as_text=True), "desa_code") == message


def test_a_taken_service_code_is_refused_at_the_code(staff, world):
    """Two services cannot share an SMS keyword."""
    admin = staff(world.emails["admin"])
    admin.get("/staff/katalog/layanan/baru")
    response = admin.post("/staff/katalog/layanan/baru",
                          service_data(world.unit_a.id, code=world.service_b.code))
    assert response.status_code == 400
    assert error_of(response.get_data(as_text=True), "code") == "Kode sudah dipakai data lain."


def test_short_names_keep_to_the_feature_phone_limit(staff, world):
    """A short name past 40 characters, or outside GSM 7-bit, is refused at its field."""
    admin = staff(world.emails["admin"])
    admin.get("/staff/katalog/layanan/baru")
    response = admin.post("/staff/katalog/layanan/baru", service_data(
        world.unit_a.id, short_name_id="x" * 41, short_name_en="Check ✓"))
    html = response.get_data(as_text=True)
    assert error_of(html, "short_name_id") == "Paling banyak 40 karakter."
    assert error_of(html, "short_name_en") == "Gunakan huruf, angka dan tanda baca biasa saja."


def test_every_form_needs_its_csrf_token(staff, world, session):
    """A post without the form's token is refused and changes nothing."""
    admin = staff(world.emails["admin"])
    response = admin.client.post(f"/staff/katalog/unit/{world.unit_a.id}",
                                 data=unit_data(name="Tanpa token"))
    assert response.status_code == 400
    assert fresh(session, Unit, world.unit_a.id).name == "Puskesmas Alfa"


# --- maklumat, standards and their versions --------------------------------------------------

def test_the_maklumat_is_saved_and_audited(staff, world, session):
    """Text, signatory and date; a date after today is refused next to it."""
    head = staff(world.emails["head_a"])
    url = f"/staff/katalog/unit/{world.unit_a.id}/maklumat"
    head.get(url)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    data = {"text": "Kami sanggup melayani sesuai standar.", "signatory": "dr. Alfa",
            "signed_on": tomorrow}
    response = head.post(url, data)
    assert response.status_code == 400
    assert error_of(response.get_data(as_text=True), "signed_on") == (
        "Tanggal tidak boleh setelah hari ini.")
    assert head.post(url, data | {"signed_on": today().isoformat()}).status_code == 302
    unit = fresh(session, Unit, world.unit_a.id)
    assert (unit.maklumat_signatory, unit.maklumat_signed_on) == ("dr. Alfa", today())
    assert rows(session, select(AuditEntry.action)
                           .where(AuditEntry.action == "catalogue_maklumat"))[0]


def test_standard_versions_are_kept_audited_and_listed(staff, world, session):
    """Each change is a new version with its date and author; no change, no version."""
    head = staff(world.emails["head_a"])
    url = f"/staff/katalog/layanan/{world.service_a.id}/standar"
    head.get(url)
    assert head.post(url, standard_data()).status_code == 302
    head.get(url)
    assert head.post(url, standard_data(biaya_id="Gratis", note="Biaya dihapus")).status_code == 302
    head.get(url)
    assert head.post(url, standard_data(biaya_id="Gratis")).status_code == 302  # no change

    versions = rows(session, select(StandardVersion).order_by(StandardVersion.number))
    assert [(v.number, v.effective_from, v.source) for v in versions] == [
        (1, today(), "admin"), (2, today(), "admin")]
    service = fresh(session, Service, world.service_a.id)
    assert (service.standard_version, service.standard_since) == (2, today())
    requirements = next(s for s in service.standards if s.component == "persyaratan")
    assert requirements.items("id") == ["KTP-el", "Kartu Keluarga", "Buku KIA"]

    details = rows(session, select(AuditEntry.detail)
                              .where(AuditEntry.action == "catalogue_standard")
                              .order_by(AuditEntry.id))
    assert len(details) == 2
    # Labels, not codes: the components changed, by the names officers know.
    assert "Biaya/tarif" in details[1] and "biaya_id" not in details[1]
    assert "versi 2" in details[1] and "Biaya dihapus" in details[1]

    html = head.get(url).get_data(as_text=True)
    history = html[html.index('id="riwayat"'):]
    assert "Nama head_a" in history and today().isoformat() in history
    assert "<li>KTP-el</li><li>Kartu Keluarga</li><li>Buku KIA</li>" in html


def test_a_new_time_limit_on_the_service_form_is_a_new_standard_version(staff, world, session):
    """Time limit and cost are components of the standard: changing them versions it."""
    head = staff(world.emails["head_a"])
    standard_url = f"/staff/katalog/layanan/{world.service_a.id}/standar"
    head.get(standard_url)
    assert head.post(standard_url, standard_data()).status_code == 302
    url = f"/staff/katalog/layanan/{world.service_a.id}"
    head.get(url)
    data = service_data(world.unit_a.id, code=world.service_a.code, time_days="9")
    assert head.post(url, data).status_code == 302
    head.get(url)
    assert head.post(url, data).status_code == 302  # the same again: no new version
    versions = rows(session, select(StandardVersion).order_by(StandardVersion.number))
    assert [(v.number, json.loads(v.content)["time_days"]) for v in versions][-1] == (2, 9)
    assert len(versions) == 2


def test_a_standard_cannot_take_effect_in_the_future(staff, world, session):
    """An effective date after today is refused next to the field; no version is made."""
    admin = staff(world.emails["admin"])
    url = f"/staff/katalog/layanan/{world.service_a.id}/standar"
    admin.client.get("/bahasa/en")
    admin.get(url)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = admin.post(url, standard_data(effective_from=tomorrow))
    assert response.status_code == 400
    assert error_of(response.get_data(as_text=True), "effective_from") == (
        "The date may not be after today.")
    assert rows(session, select(StandardVersion)) == []


def test_a_preview_shows_the_lists_without_saving(staff, world, session):
    """'Preview' numbers the typed requirements and saves nothing."""
    admin = staff(world.emails["admin"])
    url = f"/staff/katalog/layanan/{world.service_a.id}/standar"
    admin.get(url)
    response = admin.post(url, standard_data(pratinjau="1", persyaratan_id="Satu\nDua"))
    assert response.status_code == 200
    assert "<ol><li>Satu</li><li>Dua</li></ol>" in response.get_data(as_text=True)
    assert rows(session, select(StandardVersion)) == []


def test_every_component_is_labelled_in_both_languages(staff, world):
    """The form has a field per component and language, each with its label."""
    html = staff(world.emails["admin"]).get(
        f"/staff/katalog/layanan/{world.service_a.id}/standar").get_data(as_text=True)
    for component in COMPONENTS:
        for language in ("id", "en"):
            assert f'<label for="{component.key}_{language}">' in html
        assert component.label in html


# --- import and export -----------------------------------------------------------------------

def test_export_downloads_the_catalogue_and_is_audited(staff, world, session):
    """A JSON attachment of the documented format; the export is in the audit trail."""
    response = staff(world.emails["admin"]).get("/staff/katalog/ekspor")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.get_data(as_text=True))
    assert document["format"] == "layanan-paralel/catalogue"
    assert {s["code"] for s in document["services"]} >= {world.service_a.code}
    assert rows(session, select(AuditEntry.action)
                           .where(AuditEntry.action == "catalogue_export"))[0]


@pytest.fixture
def dated(world, session):
    """The world's services with the date their standard took effect, as real ones have."""
    for service in (world.service_a, world.service_b):
        service.standard_since = today()
    session.commit()
    return world


def _upload(client, content: bytes, *, dry_run: bool):
    client.get("/staff/katalog/impor")
    data = {"document": (io.BytesIO(content), "katalog.json")}
    if dry_run:
        data["dry_run"] = "y"
    return client.post("/staff/katalog/impor", data, content_type="multipart/form-data")


def test_a_bad_file_is_reported_row_by_row_and_nothing_is_written(staff, world, dated, session):
    """Each bad row with its line, field and reason; the good rows are not written either."""
    admin = staff(world.emails["admin"])
    document = admin.get("/staff/katalog/ekspor").get_json()
    document["agencies"].append({"slug": "dinsos", "name": "Dinas Sosial", "region": ""})
    code = world.service_a.code
    index = next(i for i, row in enumerate(document["services"]) if row["code"] == code)
    document["services"][index]["time_days"] = -3
    text = json.dumps(document, ensure_ascii=False, indent=2)
    # The line where the bad row begins: the one before its code (its first key).
    bad_line = next(n for n, line in enumerate(text.splitlines(), 1)
                    if f'"code": "{code}"' in line) - 1
    response = _upload(admin, text.encode(), dry_run=False)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    report = html[html.index('id="laporan"'):]
    assert (f"<td>{bad_line}</td><td>services[{index}] ({code})</td>"
            "<td>time_days</td><td>Harus bilangan bulat dari 0 sampai 365.</td>") in report
    assert rows(session, select(Agency).where(Agency.slug == "dinsos")) == []
    assert rows(session, select(AuditEntry).where(
        AuditEntry.action == "catalogue_import")) == []


def test_a_file_that_is_not_json_says_where(staff, world):
    """A syntax error is reported with its line."""
    response = _upload(staff(world.emails["admin"]), b'{\n"format": \n}', dry_run=True)
    assert response.status_code == 400
    assert "<td>3</td>" in response.get_data(as_text=True)


def test_a_clean_file_is_checked_then_imported(staff, world, dated, session):
    """A dry run writes nothing; without it the same file is imported and audited."""
    admin = staff(world.emails["admin"])
    document = admin.get("/staff/katalog/ekspor").get_json()
    document["agencies"].append({"slug": "dinsos", "name": "Dinas Sosial", "region": ""})
    content = json.dumps(document).encode()
    response = _upload(admin, content, dry_run=True)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert rows(session, select(Agency).where(Agency.slug == "dinsos")) == []
    response = _upload(admin, content, dry_run=False)
    assert response.status_code == 200
    assert "Katalog diimpor." in response.get_data(as_text=True)
    assert rows(session, select(Agency).where(Agency.slug == "dinsos"))[0]
    assert rows(session, select(AuditEntry).where(
        AuditEntry.action == "catalogue_import"))[0]
