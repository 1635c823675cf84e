"""Factories with sensible defaults; pass keyword arguments to change any field."""

import itertools
from datetime import date

from core.catalogue.search.services import reindex_service
from core.catalogue.standards import COMPONENT_KEYS
from core.citizens.registry import citizen_for_phone
from core.db import unit_of_work
from core.models import Agency, Region, Service, ServiceStandard, Ticket, Unit
from core.tickets.filing import create_complaint, create_service_request

_sequence = itertools.count(1)


def make_agency(session, **kwargs) -> Agency:
    """An agency, committed."""
    n = next(_sequence)
    values = {"slug": f"agency-{n}", "name": f"Dinas Uji {n}", "region": "Kabupaten Sumenep"}
    agency = Agency(**(values | kwargs))
    session.add(agency)
    session.commit()
    return agency


def make_unit(session, **kwargs) -> Unit:
    """A unit of a new agency unless one is given, committed."""
    n = next(_sequence)
    agency = kwargs.pop("agency", None) or make_agency(session)
    values = {"slug": f"unit-{n}", "name": f"Puskesmas Uji {n}", "region": "Kecamatan Kalianget",
              "service_population": 1000}
    unit = Unit(agency_id=agency.id, **(values | kwargs))
    session.add(unit)
    session.commit()
    return unit


def make_service(session, **kwargs) -> Service:
    """A health service with all 14 standard components in both languages, committed."""
    n = next(_sequence)
    unit = kwargs.pop("unit", None) or make_unit(session)
    values = {
        "code": f"UJI{n}", "category": "kesehatan", "menu_order": n % 999 + 1,
        "name_id": f"Layanan uji {n}", "name_en": f"Test service {n}",
        "short_name_id": f"Uji {n}", "short_name_en": f"Test {n}",
        "time_days": 3, "cost_rupiah": 0,
        # As every write through core/catalogue/editing.py sets it.
        "standard_since": date(2026, 1, 5),
    }
    service = Service(unit_id=unit.id, **(values | kwargs))
    service.standards = [
        ServiceStandard(component=key, text_id=f"{key} (id)", text_en=f"{key} (en)")
        for key in COMPONENT_KEYS
    ]
    session.add(service)
    # Searchable, as every service written through core/catalogue/editing.py is.
    reindex_service(session, service)
    session.commit()
    return service


def make_request(session, **kwargs) -> Ticket:
    """A service request filed on the web for a new service unless one is given, committed."""
    service = kwargs.pop("service", None) or make_service(session)
    values = {"phone": "081234567890", "channel": "web"}
    with unit_of_work(session):
        return create_service_request(session, service_id=service.id, **(values | kwargs))


def make_complaint(session, **kwargs) -> Ticket:
    """A complaint filed on the web about a new unit unless unit_id is given (None: unrouted);
    committed."""
    if "unit_id" not in kwargs:
        kwargs["unit_id"] = make_unit(session).id
    values = {"phone": "081234567890", "channel": "web", "complaint_type": "pengaduan",
              "description": "Antrean obat terlalu lama."}
    with unit_of_work(session):
        return create_complaint(session, **(values | kwargs))


def sign_in_citizen(client, phone: str):
    """Sign the web client in as the phone, as a verified one-time code would (by record id)."""
    # Imported here: the core tests use this module and need no app.
    from web.pwa.pages import SIGNED_IN

    factory = client.application.extensions["layanan.sessions"]
    with factory() as session, unit_of_work(session):
        citizen_id = citizen_for_phone(session, phone).id
    with client.session_transaction() as cookie:
        cookie[SIGNED_IN] = citizen_id
    return client


def respondent_phone(index: int) -> str:
    """A distinct confirmed number per index: a survey respondent whose answer counts once."""
    return f"0813{index:08d}"


# A slice of Sumenep's regions (core/demo/regions_35_29.csv): two kecamatan, their desa.
REGIONS = (
    ("35.29", "Kabupaten Sumenep", "kabupaten"),
    ("35.29.01", "Kota Sumenep", "kecamatan"),
    ("35.29.01.1015", "Kepanjin", "kelurahan"),
    ("35.29.01.2007", "Marengan Daya", "desa"),
    ("35.29.02", "Kalianget", "kecamatan"),
    ("35.29.02.2003", "Marengan Laok", "desa"),
    ("35.29.02.2005", "Kalimook", "desa"),
)


def make_regions(session, rows=REGIONS) -> dict[str, Region]:
    """Regions by code (the parent taken from the code), committed."""
    regions = {code: Region(code=code, name=name, level=level,
                            parent_code=None if level == "kabupaten" else code.rpartition(".")[0])
               for code, name, level in rows}
    session.add_all(regions.values())
    session.commit()
    return regions


def make_offered_service(session):
    """A service of the health office offered there and at two puskesmas in two kecamatan.

    Returns the service, the office, the far puskesmas (Kalianget) and the near one (Pandian).
    """
    make_regions(session)
    office = make_unit(session, name="Dinas Kesehatan", kecamatan_code="35.29.01")
    service = make_service(session, unit=office)
    far = make_unit(session, name="Puskesmas Kalianget", kecamatan_code="35.29.02")
    near = make_unit(session, name="Puskesmas Pandian", kecamatan_code="35.29.01")
    service.offered_at = [office, far, near]
    session.commit()
    return service, office, far, near
