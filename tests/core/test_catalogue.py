"""The service catalogue: finding services and checking their standards."""

import pytest

from core.catalogue.directory import (
    get_service,
    list_service_categories,
    list_services,
)
from core.errors import NotFound
from tests.factories import make_service


@pytest.fixture
def services(session):
    """Three services in two categories."""
    return {
        "imun": make_service(session, code="IMUN", name_id="Imunisasi anak",
                             name_en="Child immunisation", short_name_id="Imunisasi"),
        "gigi": make_service(session, code="GIGI", name_id="Periksa gigi",
                             name_en="Dental check", short_name_id="Gigi"),
        "izin": make_service(session, code="IZIN", category="perizinan",
                             name_id="Izin praktik bidan", name_en="Midwife licence",
                             short_name_id="Izin bidan"),
    }


def test_categories_in_catalogue_order(session):
    """Only used categories are listed, health first whatever the insertion order."""
    make_service(session, category="perizinan")
    make_service(session, category="kesehatan")
    make_service(session, category="kesehatan")
    assert list_service_categories(session) == ["kesehatan", "perizinan"]


def test_list_services_by_category(session, services):
    """Listing by category gives that category's services only."""
    assert [s.code for s in list_services(session, category="perizinan")] == ["IZIN"]
    assert len(list_services(session)) == 3


def test_factory_service_has_a_complete_standard(session):
    """A factory service has all 14 components of the standard."""
    service = make_service(session)
    assert len(get_service(session, service_id=service.id).standards) == 14


def test_unknown_service_is_not_found(session):
    """Asking for a service that does not exist raises NotFound."""
    with pytest.raises(NotFound):
        get_service(session, service_id=987654)
