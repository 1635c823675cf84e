"""The citizen's public pages: home, catalogue, service page, htmx fragments, compression."""

import pytest

from core.db import unit_of_work
from core.publishing.practices import publish_practice
from tests.factories import make_service, make_unit

HX = {"HX-Request": "true"}
BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}


def test_home_has_search_tracking_actions_and_recent_practices(client, session):
    """Search, track a ticket, file a complaint, the survey, and the three newest practices."""
    unit = make_unit(session)
    make_service(session, unit=unit, name_id="Imunisasi anak")
    with unit_of_work(session):
        for n in range(4):
            publish_practice(session, unit_id=unit.id, title=f"Praktik {n}", summary="Ringkas",
                             body="Isi")
    page = client.get("/").get_data(as_text=True)
    assert 'role="search"' in page and 'name="nomor"' in page
    assert 'href="/pengaduan"' in page and 'href="/survei"' in page
    practices = [f"Praktik {n}" for n in range(4) if f"Praktik {n}" in page]
    assert len(practices) == 3 and "/praktik-baik/" in page


def test_catalogue_lists_categories_health_first_and_units(client, session):
    """The catalogue offers both ways in: by category and by unit."""
    unit = make_unit(session, name="Puskesmas Talango")
    make_service(session, unit=unit, category="administrasi_kependudukan")
    make_service(session, unit=unit, category="kesehatan")
    page = client.get("/katalog").get_data(as_text=True)
    assert page.index("/katalog/kesehatan") < page.index("/katalog/administrasi_kependudukan")
    assert f"/unit/{unit.id}" in page and "Puskesmas Talango" in page


def test_category_and_unit_pages_list_their_services(client, session):
    """A category page and a unit page each list only their services."""
    unit, other = make_unit(session), make_unit(session)
    mine = make_service(session, unit=unit, name_id="Surat rujukan", category="kesehatan")
    theirs = make_service(session, unit=other, name_id="Akta kelahiran",
                          category="administrasi_kependudukan")
    health = client.get("/katalog/kesehatan").get_data(as_text=True)
    assert "Surat rujukan" in health and "Akta kelahiran" not in health
    at_unit = client.get(f"/unit/{unit.id}").get_data(as_text=True)
    assert mine.name_id in at_unit and theirs.name_id not in at_unit
    assert client.get("/katalog/tidak-ada").status_code == 404
    assert client.get("/unit/999999").status_code == 404


def test_service_page_shows_the_six_public_components_and_a_request_link(client, session):
    """The public standard first and plainly, then how to request the service."""
    service = make_service(session)
    page = client.get(f"/layanan/{service.id}").get_data(as_text=True)
    for label in ("Persyaratan", "Sistem, mekanisme dan prosedur", "Jangka waktu penyelesaian",
                  "Biaya/tarif", "Produk pelayanan", "Penanganan pengaduan, saran dan masukan"):
        assert label in page
    assert page.index("pengaduan (id)") < page.index("<details>")
    assert f"/layanan/{service.id}/ajukan" in page


def test_search_as_htmx_fragment_and_as_full_page(client, session):
    """htmx gets only the results; a boosted or plain request gets the whole page."""
    make_service(session, code="IMUN", name_id="Imunisasi anak")
    fragment = client.get("/?q=imun", headers=HX).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="catalogue">') and "<html" not in fragment
    assert "Imunisasi anak" in fragment
    for headers in (BOOSTED, {}):
        page = client.get("/?q=imun", headers=headers).get_data(as_text=True)
        assert page.startswith("<!doctype html>")


def test_pages_vary_on_htmx_and_may_be_kept_offline(client):
    """Public pages revalidate but may be stored; caches keep fragments apart."""
    response = client.get("/")
    assert response.headers["Cache-Control"] == "no-cache"
    assert "HX-Request" in response.headers["Vary"]


def test_html_is_compressed(client):
    """Pages travel Brotli- or gzip-compressed when the browser accepts it."""
    for encoding in ("br", "gzip"):
        response = client.get("/", headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding


def test_static_files_have_hashed_names_and_long_lifetimes(client):
    """Every static URL carries its content hash and may be cached for a year or more."""
    page = client.get("/").get_data(as_text=True)
    css = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert css.startswith("/static/app.") and css.count(".") == 2
    response = client.get(css, headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert int(response.headers["Cache-Control"].split("max-age=")[1].split(",")[0]) >= 31536000
    assert response.headers["Content-Encoding"] == "br"
    response.close()


def test_english_switch_sticks_on_new_pages(client, session):
    """The language chosen once stays for every page after it."""
    service = make_service(session, name_id="Imunisasi anak", name_en="Child immunisation")
    client.get("/bahasa/en?next=/katalog")
    page = client.get(f"/layanan/{service.id}").get_data(as_text=True)
    assert '<html lang="en">' in page and "Child immunisation" in page


@pytest.mark.parametrize("target", ["/\\evil.example", "//evil.example", "http://evil.example/"])
def test_language_switch_refuses_foreign_targets(client, target):
    """Backslash tricks included: the switch stays on this site."""
    assert client.get("/bahasa/id", query_string={"next": target}).headers["Location"] == "/"
