"""Writing the catalogue: checks name the field and say why; standards version only on change."""

from datetime import date

import pytest

from core.catalogue.editing import (
    save_agency,
    save_category,
    save_service,
    save_unit,
    set_maklumat,
    set_standard,
    set_unit_offerings,
)
from core.catalogue.fields import FieldError
from core.catalogue.search.services import search_services
from core.catalogue.standards import COMPONENT_KEYS
from core.catalogue.versions import list_standard_versions, list_versions, version_content
from core.errors import InvalidInput
from core.models import Region

TODAY = date(2026, 11, 20)


@pytest.fixture
def regions(session):
    """A kecamatan with one desa, and another kecamatan."""
    session.add_all([
        Region(code="35.29.01", name="Kota Sumenep", level="kecamatan", parent_code="35.29"),
        Region(code="35.29.01.1015", name="Kepanjin", level="kelurahan", parent_code="35.29.01"),
        Region(code="35.29.02", name="Kalianget", level="kecamatan", parent_code="35.29"),
    ])
    session.flush()


@pytest.fixture
def unit(session, regions):
    """A puskesmas of Dinas Kesehatan."""
    save_agency(session, slug="dinkes", name="Dinas Kesehatan", region="Kabupaten Sumenep")
    return save_unit(session, slug="pkm-pandian", agency_slug="dinkes", name="Puskesmas Pandian",
                     kind="puskesmas", desa_code="35.29.01.1015", phone="+62328662211")


NAMES = {"name_id": "Imunisasi anak", "name_en": "Child immunisation",
         "short_name_id": "Imunisasi", "short_name_en": "Immunisation"}


def _service(session, unit, **changes):
    values = {"code": "imun", "unit_id": unit.id, "category": "kesehatan", "names": NAMES,
              "keywords": "Vaksin, suntik, vaksin", "time_days": 1, "cost_rupiah": 0,
              "offered_at": []} | changes
    return save_service(session, **values)


def _components(**changes):
    components = {key: (f"{key} teks", f"{key} text") for key in COMPONENT_KEYS}
    components["persyaratan"] = ("KTP-el\n\n  Kartu Keluarga ", "ID card\nFamily card")
    return components | changes


def test_unit_takes_kecamatan_from_its_desa(unit):
    """A desa alone brings its kecamatan; the unit belongs to its agency."""
    assert (unit.kecamatan_code, unit.desa_code) == ("35.29.01", "35.29.01.1015")
    assert unit.agency.slug == "dinkes"


@pytest.mark.parametrize(("changes", "field"), [
    ({"slug": "Pkm Pandian"}, "slug"),
    ({"name": " "}, "name"),
    ({"kind": "warung"}, "kind"),
    ({"agency_slug": "nope"}, "agency"),
    ({"kecamatan_code": "35.29.99"}, "kecamatan_code"),
    ({"kecamatan_code": "35.29.02", "desa_code": "35.29.01.1015"}, "desa_code"),
    ({"desa_code": "35.29.01"}, "desa_code"),
    ({"phone": "call me"}, "phone"),
    ({"latitude": -7.0}, "longitude"),
    ({"latitude": 91, "longitude": 113.8}, "latitude"),
    ({"service_population": -1}, "service_population"),
])
def test_unit_errors_name_the_field(session, unit, changes, field):
    """Every refused value names its form field and says why."""
    values = {"slug": "pkm-baru", "agency_slug": "dinkes", "name": "Puskesmas Baru",
              "kind": "puskesmas"} | changes
    with pytest.raises(FieldError) as error:
        save_unit(session, **values)
    assert error.value.field == field
    assert isinstance(error.value, InvalidInput)
    assert error.value.message


def test_unit_slug_taken_by_another(session, unit):
    """Renaming a unit to another unit's slug is refused."""
    other = save_unit(session, slug="pkm-lain", agency_slug="dinkes", name="Lain", kind="loket")
    with pytest.raises(FieldError) as error:
        save_unit(session, unit_id=other.id, slug="pkm-pandian", agency_slug="dinkes",
                  name="Lain", kind="loket")
    assert error.value.field == "slug"


def test_maklumat_needs_signatory_and_a_past_date(session, unit):
    """A maklumat is signed by someone on a day that has come; an empty text clears it."""
    with pytest.raises(FieldError) as error:
        set_maklumat(session, unit_id=unit.id, text="Kami sanggup...", signatory="",
                     signed_on=TODAY, today=TODAY)
    assert error.value.field == "signatory"
    with pytest.raises(FieldError) as error:
        set_maklumat(session, unit_id=unit.id, text="Kami sanggup...", signatory="Kepala",
                     signed_on="2026-12-01", today=TODAY)
    assert error.value.field == "signed_on"
    set_maklumat(session, unit_id=unit.id, text="Kami sanggup...", signatory="dr. A",
                 signed_on="2026-01-05", today=TODAY)
    assert (unit.maklumat_signatory, unit.maklumat_signed_on) == ("dr. A", date(2026, 1, 5))
    set_maklumat(session, unit_id=unit.id, text="", signatory="", signed_on=None)
    assert unit.maklumat_signed_on is None


def test_category_upsert_by_code(session):
    """Saving a category code twice updates the one row."""
    first = save_category(session, code="air_bersih", name_id="Air bersih", name_en="",
                          position=20)
    again = save_category(session, code="air_bersih", name_id="Air bersih",
                          name_en="Clean water", position=3)
    assert first is again and again.name("en") == "Clean water"


def test_new_service_gets_next_menu_place_and_its_own_unit(session, unit):
    """A new service is offered at its own unit and takes the next place of its category."""
    first = _service(session, unit)
    second = _service(session, unit, code="GIGI")
    assert first.code == "IMUN" and first.keywords == "vaksin, suntik"
    assert second.menu_order == first.menu_order + 1
    assert [place.slug for place in first.offered_at] == ["pkm-pandian"]


def test_service_offered_at_other_units(session, unit):
    """Offered elsewhere too: the list holds both, and saving again keeps it."""
    other = save_unit(session, slug="pkm-lain", agency_slug="dinkes", name="Lain",
                      kind="puskesmas")
    service = _service(session, unit, offered_at=[other.id])
    service = _service(session, unit, offered_at=[other.id, unit.id])
    assert {place.slug for place in service.offered_at} == {"pkm-pandian", "pkm-lain"}


@pytest.mark.parametrize(("changes", "field"), [
    ({"code": "IMUN-1"}, "code"),
    ({"code": "ABCDEFGHIJKLM"}, "code"),
    ({"category": "warung"}, "category"),
    ({"names": NAMES | {"short_name_id": "x" * 41}}, "short_name_id"),
    ({"names": NAMES | {"name_id": ""}}, "name_id"),
    ({"time_days": "lama"}, "time_days"),
    ({"cost_rupiah": -5}, "cost_rupiah"),
    ({"keywords": "x" * 301}, "keywords"),
    ({"offered_at": [987654]}, "offered_at"),
    ({"unit_id": 987654}, "unit"),
])
def test_service_errors_name_the_field(session, unit, changes, field):
    """Every refused service value names its field."""
    with pytest.raises(FieldError) as error:
        _service(session, unit, **changes)
    assert error.value.field == field


def test_standard_versions_only_on_change(session, unit):
    """The first standard is version 1; the same again is no version; a change is version 2."""
    service = _service(session, unit)
    first = set_standard(session, service_id=service.id, components=_components(),
                         effective_from=date(2026, 1, 5), officer_id=None, today=TODAY)
    assert first.number == 1 and service.standard_version == 1
    assert service.standard_since == date(2026, 1, 5)
    assert service.standard_text("persyaratan", "id") == "KTP-el\nKartu Keluarga"
    assert set_standard(session, service_id=service.id, components=_components(),
                        effective_from=date(2026, 2, 1), today=TODAY) is None
    second = set_standard(session, service_id=service.id,
                          components=_components(biaya=("Rp 5.000", "IDR 5,000")),
                          effective_from="2026-03-01", source="import", today=TODAY)
    assert (second.number, service.standard_version) == (2, 2)
    assert service.standard_text("biaya", "en") == "IDR 5,000"
    versions = list_versions(session, service_id=service.id)
    assert [v.number for v in versions] == [2, 1]
    assert version_content(versions[1])["persyaratan"]["id"] == "KTP-el\nKartu Keluarga"


def test_time_limit_change_makes_a_new_version(session, unit):
    """The version records the time limit and cost: changing them is a new version."""
    service = _service(session, unit)
    set_standard(session, service_id=service.id, components=_components(),
                 effective_from=TODAY, today=TODAY)
    _service(session, unit, time_days=3)
    version = set_standard(session, service_id=service.id, components=_components(),
                           effective_from=TODAY, today=TODAY)
    assert version.number == 2 and version_content(version)["time_days"] == 3


@pytest.mark.parametrize(("components", "effective_from", "field"), [
    (_components(), date(2026, 12, 1), "effective_from"),
    (_components(), "1 Januari", "effective_from"),
    (_components(prosedur=("", "Steps")), TODAY, "prosedur_id"),
    (_components(biaya=("Gratis", "x" * 4001)), TODAY, "biaya_en"),
    ({"persyaratan": ("KTP", "ID")}, TODAY, "prosedur_id"),
])
def test_standard_errors(session, unit, components, effective_from, field):
    """A future date, a missing Indonesian text or an overlong one is refused by field."""
    service = _service(session, unit)
    with pytest.raises(FieldError) as error:
        set_standard(session, service_id=service.id, components=components,
                     effective_from=effective_from, today=TODAY)
    assert error.value.field == field


def test_unit_offerings_keep_its_own_services(session, unit):
    """A unit offers the services chosen plus its own; the service side sees the same."""
    other = save_unit(session, slug="pkm-lain", agency_slug="dinkes", name="Lain",
                      kind="puskesmas")
    own = _service(session, unit)
    elsewhere = _service(session, other, code="GIGI")
    set_unit_offerings(session, unit_id=unit.id, service_ids=[elsewhere.id])
    assert {s.code for s in unit.offered} == {"IMUN", "GIGI"}
    assert {u.slug for u in elsewhere.offered_at} == {"pkm-lain", "pkm-pandian"}
    set_unit_offerings(session, unit_id=unit.id, service_ids=[])
    assert [s.id for s in unit.offered] == [own.id]
    with pytest.raises(FieldError):
        set_unit_offerings(session, unit_id=unit.id, service_ids=[987654])


def test_version_history_names_the_officer(session, unit):
    """The history lists versions newest first with who set them."""
    service = _service(session, unit)
    set_standard(session, service_id=service.id, components=_components(),
                 effective_from=TODAY, today=TODAY)
    history = list_standard_versions(session, service_id=service.id)
    assert [(v.number, v.officer_name, v.source) for v in history] == [(1, None, "admin")]


def test_renaming_a_unit_makes_its_services_findable_by_the_new_name(session, unit):
    """Unit names are searched too: a renamed unit's services are indexed again."""
    service = _service(session, unit)
    save_unit(session, slug="pkm-pandian", agency_slug="dinkes", name="Puskesmas Kolor Raya",
              kind="puskesmas", unit_id=unit.id)
    found = search_services(session, "kolor raya", language="id")
    assert [hit.service_id for hit in found] == [service.id]


def test_creating_refuses_a_code_in_use_instead_of_updating_its_record(session, unit):
    """A form for a new record (`create`) must not quietly overwrite the one with that key."""
    _service(session, unit)
    with pytest.raises(FieldError) as refused:
        _service(session, unit, names=NAMES | {"name_id": "Lain"}, create=True)
    assert refused.value.field == "code"
    with pytest.raises(FieldError) as refused:
        save_unit(session, slug="pkm-pandian", agency_slug="dinkes", name="Lain",
                  kind="puskesmas", create=True)
    assert refused.value.field == "slug"
    assert unit.name == "Puskesmas Pandian"
