"""The home page's search: ranked results under the box, each with unit and category, and an
empty state that helps."""

from tests.search_catalogue import make_search_catalogue

HX = {"HX-Request": "true"}


def test_results_are_ranked_with_unit_and_category(client, session):
    """The best match first, each with where it is offered and its category."""
    make_search_catalogue(session)
    page = client.get("/?q=akta+lahir", headers=HX).get_data(as_text=True)
    assert page.lstrip().startswith('<div id="catalogue">')
    assert page.index("Penerbitan Akta Kelahiran") < page.index("Penerbitan Akta Kematian")
    assert "Dinas Kependudukan" in page and "Administrasi kependudukan" in page
    health = client.get("/?q=vaksin", headers=HX).get_data(as_text=True)
    assert "Dinas Kesehatan &middot; Kesehatan &middot; tersedia di 3 unit" in health
    assert 'Hasil pencarian "akta lahir"' in page


def test_a_corrected_typo_is_shown(client, session):
    """The citizen sees how a mistyped word was read."""
    make_search_catalogue(session)
    page = client.get("/?q=imunisai").get_data(as_text=True)
    assert "Pelayanan Imunisasi Rutin Lengkap Bayi dan Anak" in page
    assert "<strong>imunisasi</strong> (imunisai)" in page


def test_results_matching_only_some_words_say_so(client, session):
    """No service has every word: the closest ones, and a line saying they are only close."""
    make_search_catalogue(session)
    page = client.get("/?q=akta+kelahiran+kucing", headers=HX).get_data(as_text=True)
    assert "Penerbitan Akta Kelahiran" in page
    assert "Tidak ada layanan yang cocok dengan semua kata" in page
    exact = client.get("/?q=akta+kelahiran", headers=HX).get_data(as_text=True)
    assert "Tidak ada layanan yang cocok dengan semua kata" not in exact


def test_the_empty_state_helps(client, session):
    """Nothing found: what was searched, the synonyms tried, categories, SMS INFO."""
    make_search_catalogue(session)
    page = client.get("/?q=darah+tinggi", headers=HX).get_data(as_text=True)
    assert 'Tidak ada layanan yang cocok dengan "darah tinggi"' in page
    assert "Kata lain yang sudah dicoba: hipertensi" in page
    assert "/katalog/kesehatan" in page and "/katalog\"" in page
    assert "INFO akta lahir" in page


def test_the_english_page_names_things_in_english(client, session):
    """Names, categories and the empty state in the visitor's language."""
    make_search_catalogue(session)
    client.get("/bahasa/en")
    page = client.get("/?q=vaccine", headers=HX).get_data(as_text=True)
    assert "Routine immunisation for babies and children" in page and "Health" in page
    empty = client.get("/?q=xqzv", headers=HX).get_data(as_text=True)
    assert 'No service matches "xqzv"' in empty


def test_without_a_query_the_catalogue_is_listed(client, session):
    """The box empty: the catalogue by category, as before."""
    make_search_catalogue(session)
    page = client.get("/").get_data(as_text=True)
    assert "Penerbitan Akta Kelahiran" in page and "Hasil pencarian" not in page
