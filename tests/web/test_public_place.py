"""The public unit page (what, where, how to reach it, its maklumat) and the service page
(ordered requirements and procedure, the version in force, where it is offered)."""

from datetime import date

from core.models import ServiceStandard
from tests.factories import make_offered_service, make_regions, make_service, make_unit


def a_puskesmas(session, **kwargs):
    make_regions(session)
    values = {"name": "Puskesmas Kalianget", "kind": "puskesmas",
              "address": "Jl. Raya Kalianget 1", "kecamatan_code": "35.29.02",
              "desa_code": "35.29.02.2003", "opening_hours": "Senin-Kamis 07.30-14.00",
              "phone": "+62328662211", "whatsapp": "+6281234567890",
              "latitude": -7.0512, "longitude": 113.9301,
              "maklumat_text": "Kami sanggup melayani sesuai standar.\nBila tidak, kami siap "
                               "menerima sanksi.",
              "maklumat_signatory": "dr. Siti Aminah, Kepala Puskesmas",
              "maklumat_signed_on": date(2026, 1, 5)}
    return make_unit(session, **(values | kwargs))


def test_the_unit_page_shows_its_key_facts(web, session):
    unit = a_puskesmas(session)
    page = web.get(f"/unit/{unit.id}").get_data(as_text=True)
    assert "<h1>Puskesmas Kalianget</h1>" in page and "Puskesmas, Dinas Uji" in page
    assert "Jl. Raya Kalianget 1" in page and "Marengan Laok, Kalianget" in page
    assert "Senin-Kamis 07.30-14.00" in page
    assert '<a href="tel:+62328662211">' in page
    assert '<a href="https://wa.me/6281234567890"' in page
    assert "https://www.openstreetmap.org/?mlat=-7.0512&amp;mlon=113.9301" in page


def test_the_unit_page_shows_its_maklumat(web, session):
    """UU 25/2009 art. 22: the promise, who signed it and when."""
    unit = a_puskesmas(session)
    page = web.get(f"/unit/{unit.id}").get_data(as_text=True)
    assert "Maklumat pelayanan" in page
    assert "<p>Kami sanggup melayani sesuai standar.</p>" in page
    assert "dr. Siti Aminah, Kepala Puskesmas, ditetapkan 5 Januari 2026" in page


def test_a_unit_without_maklumat_or_contacts_says_so(web, session):
    unit = make_unit(session, name="Loket Uji", kind="loket")
    page = web.get(f"/unit/{unit.id}").get_data(as_text=True)
    assert "Unit ini belum mengumumkan maklumat pelayanannya." in page
    assert "tel:" not in page and "wa.me" not in page and "openstreetmap" not in page


def test_the_unit_page_lists_the_services_offered_there(web, session):
    unit = a_puskesmas(session)
    office = make_unit(session, name="Dinas Kesehatan")
    offered = make_service(session, unit=office, name_id="Imunisasi dasar")
    offered.offered_at = [office, unit]
    own = make_service(session, unit=unit, name_id="Surat keterangan sehat")
    elsewhere = make_service(session, unit=office, name_id="Izin apotek")
    session.commit()
    page = web.get(f"/unit/{unit.id}").get_data(as_text=True)
    assert "Imunisasi dasar" in page and "Surat keterangan sehat" in page
    assert "Izin apotek" not in page and f"/layanan/{own.id}" in page
    assert elsewhere.id != own.id


def lines(session, service, key, text_id, text_en):
    standard = session.query(ServiceStandard).filter_by(service_id=service.id,
                                                        component=key).one()
    standard.text_id, standard.text_en = text_id, text_en


def test_the_service_page_lists_requirements_and_procedure_in_order(web, session):
    service = make_service(session)
    lines(session, service, "persyaratan", "KTP-el\nKartu Keluarga\n", "ID card\nFamily card")
    lines(session, service, "prosedur", "Ambil antrean\nSerahkan berkas", "Queue\nHand in")
    session.commit()
    page = web.get(f"/layanan/{service.id}").get_data(as_text=True)
    # Requirements are a checklist, the procedure numbered steps.
    assert '<ul class="needs"><li>KTP-el</li><li>Kartu Keluarga</li></ul>' in page
    assert '<ol class="steps"><li>Ambil antrean</li><li>Serahkan berkas</li></ol>' in page
    web.get("/bahasa/en")
    page = web.get(f"/layanan/{service.id}").get_data(as_text=True)
    assert '<ul class="needs"><li>ID card</li><li>Family card</li></ul>' in page


def test_the_service_page_says_which_version_is_in_force(web, session):
    service = make_service(session, standard_version=3, standard_since=date(2026, 2, 1))
    page = web.get(f"/layanan/{service.id}").get_data(as_text=True)
    assert "Standar pelayanan versi 3, berlaku sejak 1 Februari 2026" in page
    web.get("/bahasa/en")
    page = web.get(f"/layanan/{service.id}").get_data(as_text=True)
    assert "Service standard version 3, in force since February 1, 2026" in page


def test_the_service_page_lists_where_it_is_offered_by_kecamatan(web, session):
    service, _office, _far, near = make_offered_service(session)
    page = web.get(f"/layanan/{service.id}").get_data(as_text=True)
    kalianget, kota = page.index("Kecamatan Kalianget"), page.index("Kecamatan Kota Sumenep")
    assert kalianget < page.index("Puskesmas Kalianget") < kota
    assert kota < page.index("Dinas Kesehatan</a></li>") and f"/unit/{near.id}" in page
