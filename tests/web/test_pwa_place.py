"""Where it happened, on the web: kecamatan and desa from the lists, the device's position,
and a request at the unit the citizen picks among those offering the service."""

import uuid

import pytest
from sqlalchemy import select

from core.models import Ticket
from tests.factories import (
    make_offered_service,
    make_regions,
    make_service,
    make_unit,
    sign_in_citizen,
)


def complaint(**overrides):
    """A complaint picked from the region lists; override any field."""
    form = {"complaint_type": "pengaduan", "category": "kesehatan", "unit_id": "",
            "description": "Jalan ke pustu rusak.", "kecamatan_code": "35.29.02",
            "desa_code": "35.29.02.2003", "client_key": str(uuid.uuid4())}
    return form | overrides


def filed(session) -> Ticket:
    ticket = session.scalars(select(Ticket)).one()
    session.commit()
    return ticket


def test_the_form_lists_kecamatan_and_every_desa_grouped(web, session):
    """Without script the citizen picks from all desa, grouped under their kecamatan."""
    make_regions(session)
    page = web.get("/pengaduan").get_data(as_text=True)
    assert '<option value="35.29.02">Kalianget</option>' in page
    assert '<optgroup label="Kalianget"><option value="35.29.02.2005">Kalimook' in page
    assert '<option value="35.29.02.2003">Marengan Laok</option></optgroup>' in page
    assert '<optgroup label="Kota Sumenep">' in page and 'name="kecamatan"' not in page
    # With htmx, a new kecamatan swaps in its own desa list.
    assert 'hx-get="/pengaduan/desa"' in page and 'hx-target="#desa-field"' in page
    assert 'id="desa-field"' in page and 'name="latitude"' in page


def test_choosing_a_kecamatan_narrows_the_desa_list(web, session):
    """The fragment htmx swaps in: only the kecamatan's desa, no groups."""
    make_regions(session)
    part = web.get("/pengaduan/desa?kecamatan_code=35.29.01",
                   headers={"HX-Request": "true"}).get_data(as_text=True)
    assert part.lstrip().startswith('<div id="desa-field">')
    assert "Kepanjin" in part and "Marengan Daya" in part
    assert "Marengan Laok" not in part and "<optgroup" not in part


def test_kecamatan_and_desa_are_stored_with_their_codes_and_names(web, session):
    make_regions(session)
    response = web.post("/pengaduan", data=complaint())
    assert response.status_code == 303
    ticket = filed(session)
    assert (ticket.kecamatan_code, ticket.kecamatan) == ("35.29.02", "Kalianget")
    assert (ticket.desa_code, ticket.desa) == ("35.29.02.2003", "Marengan Laok")


def test_a_desa_alone_brings_its_kecamatan(web, session):
    make_regions(session)
    web.post("/pengaduan", data=complaint(kecamatan_code="", desa_code="35.29.01.1015"))
    ticket = filed(session)
    assert (ticket.kecamatan, ticket.desa) == ("Kota Sumenep", "Kepanjin")


def test_a_desa_outside_the_kecamatan_is_refused_next_to_the_desa(web, session):
    make_regions(session)
    response = web.post("/pengaduan", data=complaint(desa_code="35.29.01.2007"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert ('<p class="error" id="desa_code-error">Desa/kelurahan ini tidak berada di '
            "kecamatan yang dipilih.</p>") in page
    assert session.scalars(select(Ticket)).first() is None


def test_the_refusal_follows_the_language(web, session):
    make_regions(session)
    web.get("/bahasa/en")
    page = web.post("/pengaduan", data=complaint(desa_code="35.29.01.2007")).get_data(
        as_text=True)
    assert "This village is not in the chosen kecamatan." in page


def test_an_unknown_kecamatan_is_an_invalid_choice(web, session):
    make_regions(session)
    response = web.post("/pengaduan", data=complaint(kecamatan_code="35.29.99"))
    assert response.status_code == 422
    assert '<p class="error" id="kecamatan_code-error">Pilihan tidak valid.</p>' in (
        response.get_data(as_text=True))


def test_the_devices_position_is_stored(web, session):
    make_regions(session)
    response = web.post("/pengaduan", data=complaint(latitude="-7.0123456",
                                                     longitude="113.8601"))
    assert response.status_code == 303
    ticket = filed(session)
    assert (ticket.latitude, ticket.longitude) == (pytest.approx(-7.012346),
                                                   pytest.approx(113.8601))


def test_half_a_position_is_no_position(web, session):
    web.post("/pengaduan", data=complaint(kecamatan_code="", desa_code="", latitude="-7.01"))
    ticket = filed(session)
    assert (ticket.latitude, ticket.longitude) == (None, None)


@pytest.mark.parametrize(("field", "value"), [
    ("latitude", "91"), ("longitude", "-180.5"), ("latitude", "nan"), ("longitude", "timur"),
])
def test_a_position_out_of_range_is_refused_next_to_the_location(web, session, field, value):
    make_regions(session)
    form = complaint(latitude="-7.01", longitude="113.86") | {field: value}
    response = web.post("/pengaduan", data=form)
    assert response.status_code == 422
    assert (f'<p class="error" id="{field}-error">Lokasi dari HP tidak dapat dipakai. '
            "Hapus lokasi atau coba lagi.</p>") in response.get_data(as_text=True)
    assert session.scalars(select(Ticket)).first() is None


def test_the_location_button_waits_for_script(web, session):
    """Hidden until location.js finds geolocation; the page allows it on this origin only."""
    response = web.get("/pengaduan")
    page = response.get_data(as_text=True)
    assert '<button type="button" class="alt" hidden data-locate' in page
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]
    assert "/static/location." in page and "onclick" not in page and "<script>" not in page


def test_free_text_place_remains_where_no_regions_are_loaded(web, session):
    """Before the kabupaten's regions are loaded the form asks for names."""
    page = web.get("/pengaduan").get_data(as_text=True)
    assert 'name="kecamatan"' in page and 'name="kecamatan_code"' not in page


def offered_twice(session):
    """A service of the health office offered at two puskesmas in two kecamatan."""
    service, _office, far, _near = make_offered_service(session)
    return service, far


def test_a_service_offered_at_several_units_asks_where(web, session):
    service, far = offered_twice(session)
    page = web.get(f"/layanan/{service.id}/ajukan").get_data(as_text=True)
    assert f'<optgroup label="Kalianget"><option value="{far.id}">Puskesmas Kalianget' in page
    assert f'<option selected value="{service.unit_id}">Dinas Kesehatan' in page


def test_a_request_goes_to_the_unit_picked(web, session):
    service, far = offered_twice(session)
    sign_in_citizen(web, "081234567890")
    response = web.post(f"/layanan/{service.id}/ajukan",
                        data={"unit_id": str(far.id), "client_key": str(uuid.uuid4())})
    assert response.status_code == 303
    assert filed(session).unit_id == far.id


def test_a_unit_not_offering_the_service_is_refused(web, session):
    service, _far = offered_twice(session)
    other = make_unit(session)
    response = web.post(f"/layanan/{service.id}/ajukan",
                        data={"unit_id": str(other.id), "client_key": str(uuid.uuid4())})
    assert response.status_code == 422
    assert '<p class="error" id="unit_id-error">Pilihan tidak valid.</p>' in (
        response.get_data(as_text=True))


def test_a_service_at_one_unit_asks_nothing(web, session):
    service = make_service(session)
    page = web.get(f"/layanan/{service.id}/ajukan").get_data(as_text=True)
    assert 'name="unit_id"' not in page
