"""The service page at a glance: a key-facts box first (cost, time, where, hours, contact,
map), then requirements and steps as lists split from what the officer typed."""

import re
from datetime import UTC, datetime

import pytest

from core.db import unit_of_work
from core.models import ServiceStandard
from core.publishing.practices import adopt_practice, publish_practice
from tests.factories import make_offered_service, make_service, make_unit
from web.pwa.standard_view import list_items, map_link, whatsapp_number


@pytest.mark.parametrize(("typed", "items"), [
    ("KTP-el\nKartu Keluarga", ["KTP-el", "Kartu Keluarga"]),
    ("1. KTP-el\n2) Kartu Keluarga\n\n", ["KTP-el", "Kartu Keluarga"]),
    ("- KTP-el\n\u2022 Surat pengantar RT/RW", ["KTP-el", "Surat pengantar RT/RW"]),
    ("KTP-el; Kartu Keluarga; pas foto 3x4", ["KTP-el", "Kartu Keluarga", "pas foto 3x4"]),
    # A date or an amount at the start is the officer's text, not a list marker.
    ("2026 formulir baru\n-5 derajat", ["2026 formulir baru", "-5 derajat"]),
    ("", []),
])
def test_list_items_keep_what_the_officer_wrote(typed, items):
    assert list_items(typed) == items


def test_whatsapp_numbers_become_wa_me_digits_and_maps_need_both_coordinates():
    assert whatsapp_number("+62 812-3456-7890") == "6281234567890"
    assert whatsapp_number("0812 3456 7890") == "6281234567890"
    assert map_link(-7.05, None) is None
    assert map_link(-7.0512, 113.9301).startswith(
        "https://www.openstreetmap.org/?mlat=-7.0512&mlon=113.9301")


def a_service(session, **unit_values):
    unit = make_unit(session, name="Puskesmas Kalianget", address="Jl. Raya Kalianget 1",
                     opening_hours="Senin-Kamis 07.30-14.00", **unit_values)
    service = make_service(session, unit=unit)
    texts = {"biaya": "Rp 0 (gratis)", "jangka_waktu": "1 hari kerja",
             "persyaratan": "1. KTP-el\n2. Kartu Keluarga", "prosedur": "Ambil antrean\nTunggu"}
    for standard in session.query(ServiceStandard).filter_by(service_id=service.id):
        standard.text_id = texts.get(standard.component, standard.text_id)
    session.commit()
    return service


def key_facts(page: str) -> str:
    return page[page.index('<dl class="keyfacts">'):page.index("</dl>", page.index("keyfacts"))]


def test_the_key_facts_come_first_with_cost_time_place_hours_and_contacts(web, session):
    service = a_service(session, phone="+62328662211", whatsapp="081234567890",
                        latitude=-7.0512, longitude=113.9301)
    page = web.get(f"/layanan/{service.id}").get_data(as_text=True)
    facts = key_facts(page)
    assert page.index("keyfacts") < page.index('class="needs"') < page.index('class="steps"')
    for text in ("Biaya/tarif", "Rp 0 (gratis)", "Jangka waktu penyelesaian", "1 hari kerja",
                 "Puskesmas Kalianget", "Jl. Raya Kalianget 1", "Senin-Kamis 07.30-14.00",
                 'href="tel:+62328662211"', 'href="https://wa.me/6281234567890"',
                 "https://www.openstreetmap.org/?mlat=-7.0512&amp;mlon=113.9301"):
        assert text in facts
    # Cost and time are in the box, not said twice.
    assert page.count("Biaya/tarif") == 1 and page.count("Jangka waktu penyelesaian") == 1
    assert '<ul class="needs"><li>KTP-el</li><li>Kartu Keluarga</li></ul>' in page


def test_without_coordinates_or_contacts_there_is_no_map_and_no_empty_row(web, session):
    service = a_service(session)
    facts = key_facts(web.get(f"/layanan/{service.id}").get_data(as_text=True))
    assert "openstreetmap" not in facts and "wa.me" not in facts and "tel:" not in facts
    assert "<dt>Kontak</dt><dd>Belum dicatat.</dd>" in facts
    assert not re.search(r"<dd>\s*</dd>", facts)


def test_the_unit_page_opens_with_its_key_facts(web, session):
    unit = make_unit(session, address="Jl. Raya 1", whatsapp="+6281234567890",
                     latitude=-7.0, longitude=113.9)
    page = web.get(f"/unit/{unit.id}").get_data(as_text=True)
    facts = key_facts(page)
    assert "Jl. Raya 1" in facts and "https://wa.me/6281234567890" in facts
    assert "https://www.openstreetmap.org/?mlat=-7.0&amp;mlon=113.9" in facts
    assert page.index("keyfacts") < page.index("Maklumat pelayanan")


def practice_with_adoptions(session, count):
    owner = make_unit(session, name="Puskesmas Asal")
    with unit_of_work(session):
        practice = publish_practice(session, unit_id=owner.id, title="Antrean SMS",
                                    summary="Ringkas", body="Isi")
    for n in range(count):
        other = make_unit(session, name=f"Unit {n}")
        with unit_of_work(session):
            adopt_practice(session, practice_id=practice.id, unit_id=other.id, note="")
    return practice


@pytest.mark.parametrize(("count", "indonesian", "english"), [
    (0, "Belum ada unit lain yang menerapkan", "No other unit has adopted it yet"),
    (1, "1 unit lain menerapkan", "1 other unit adopted it"),
    (3, "3 unit lain menerapkan", "3 other units adopted it"),
])
def test_practices_count_adoptions_with_plurals_in_both_languages(web, session, count,
                                                                   indonesian, english):
    practice = practice_with_adoptions(session, count)
    for path in ("/praktik-baik", f"/praktik-baik/{practice.id}"):
        assert indonesian in web.get(path).get_data(as_text=True)
    web.get("/bahasa/en")
    for path in ("/praktik-baik", f"/praktik-baik/{practice.id}"):
        assert english in web.get(path).get_data(as_text=True)


def test_practice_dates_are_local_days_with_month_names_in_the_visitors_language(web, session):
    """Published 20:00 UTC on 31 January is 1 February in Sumenep (WIB)."""
    owner = make_unit(session)
    with unit_of_work(session):
        practice = publish_practice(session, unit_id=owner.id, title="Loket ramah",
                                    summary="Ringkas", body="Isi",
                                    now=datetime(2026, 1, 31, 20, tzinfo=UTC))
    for path in ("/praktik-baik", f"/praktik-baik/{practice.id}"):
        assert "1 Februari 2026" in web.get(path).get_data(as_text=True)
    web.get("/bahasa/en")
    for path in ("/praktik-baik", f"/praktik-baik/{practice.id}"):
        assert "February 1, 2026" in web.get(path).get_data(as_text=True)


def test_a_service_offered_in_many_places_says_how_many_and_links_to_the_list(web, session):
    service, *_units = make_offered_service(session)
    facts = key_facts(web.get(f"/layanan/{service.id}").get_data(as_text=True))
    count = len(service.offered_at)
    assert f'<a href="#tempat-layanan">Tersedia di {count} tempat</a>' in facts
    web.get("/bahasa/en")
    facts = key_facts(web.get(f"/layanan/{service.id}").get_data(as_text=True))
    assert f"Offered at {count} places" in facts
