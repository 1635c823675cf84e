"""Reading the service catalogue: agencies, units, categories and services."""

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.catalogue.categories import category_codes, list_categories
from core.catalogue.regions import KECAMATAN, VILLAGE_LEVELS
from core.errors import NotFound
from core.i18n import N_, in_language
from core.models import Agency, Region, Service, Unit

# What each kind of unit (core/models/catalogue.py UNIT_KINDS) is called.
UNIT_KIND_LABELS = {
    "puskesmas": N_("Puskesmas"), "rumah_sakit": N_("Rumah sakit"), "kantor": N_("Kantor"),
    "loket": N_("Loket pelayanan"), "kecamatan": N_("Kantor kecamatan"),
    "desa": N_("Kantor desa/kelurahan"),
}

def list_service_categories(session: Session) -> list[str]:
    """Category codes that have at least one service, in the catalogue's order."""
    used = set(session.scalars(select(Service.category).distinct()))
    return [code for code in category_codes(session) if code in used]


def list_services(
    session: Session, *, category: str | None = None, unit_id: int | None = None
) -> list[Service]:
    """Services, by category menu order, optionally of one category or unit."""
    query = select(Service).order_by(Service.category, Service.menu_order)
    if category is not None:
        query = query.where(Service.category == category)
    if unit_id is not None:
        query = query.where(Service.unit_id == unit_id)
    return list(session.scalars(query))


def get_service(session: Session, *, service_id: int) -> Service:
    """One service with its standard and unit loaded."""
    query = (
        select(Service)
        .where(Service.id == service_id)
        .options(selectinload(Service.standards), selectinload(Service.unit))
    )
    service = session.scalars(query).one_or_none()
    if service is None:
        raise NotFound("service")
    return service


def list_units(session: Session) -> list[Unit]:
    """All units with their agency, by agency then unit name."""
    query = (
        select(Unit).join(Agency).options(selectinload(Unit.agency))
        .order_by(Agency.name, Unit.name)
    )
    return list(session.scalars(query))


def get_unit(session: Session, *, unit_id: int) -> Unit:
    """One unit, or NotFound."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("unit")
    return unit


@dataclass(frozen=True)
class MenuCategory:
    """A category as menus list it, named in both languages."""

    code: str
    name_id: str
    name_en: str

    def name(self, language: str) -> str:
        """The name in the language (English falls back to Indonesian)."""
        return in_language(language, self.name_id, self.name_en)


@dataclass(frozen=True)
class MenuPlace:
    """A kecamatan or desa as menus list it: its Kemendagri code and name."""

    code: str
    name: str


@dataclass(frozen=True)
class MenuUnit:
    """A unit as menus list it: where it is and which categories of service it offers."""

    id: int
    name: str
    kind: str
    kecamatan_code: str | None
    categories: frozenset[str]


@dataclass(frozen=True)
class MenuService:
    """A service as keypad menus show it: plain values, usable after the session is gone."""

    id: int
    category: str
    unit_id: int
    unit_name: str
    short_name_id: str
    short_name_en: str
    requirements_id: str
    requirements_en: str
    time_days: int
    cost_rupiah: int
    # The units a citizen may ask for it at (the service's own unit among them).
    offered_at: tuple[int, ...] = ()

    def short_name(self, language: str) -> str:
        """Short name in the language (English falls back to Indonesian)."""
        return in_language(language, self.short_name_id, self.short_name_en)

    def requirements(self, language: str) -> str:
        """The requirements (persyaratan) in the language."""
        return in_language(language, self.requirements_id, self.requirements_en)


@dataclass(frozen=True)
class MenuCatalogue:
    """Categories, services by menu order, units by agency, and the kabupaten's places."""

    categories: tuple[MenuCategory, ...]
    services: tuple[MenuService, ...]
    units: tuple[MenuUnit, ...]
    kecamatan: tuple[MenuPlace, ...] = ()
    # The desa and kelurahan of each kecamatan, by the kecamatan's code.
    villages: dict[str, tuple[MenuPlace, ...]] = field(default_factory=dict)

    def service_categories(self) -> list[MenuCategory]:
        """The categories that have services, in menu order."""
        used = {service.category for service in self.services}
        return [category for category in self.categories if category.code in used]

    def category_name(self, code: str, language: str) -> str:
        """A category's name in the language (its code when unknown)."""
        for category in self.categories:
            if category.code == code:
                return category.name(language)
        return code

    def services_in(self, category: str) -> list[MenuService]:
        """The services of a category, in menu order."""
        return [service for service in self.services if service.category == category]

    def service(self, service_id: int) -> MenuService:
        """One service, or NotFound (asked on most hops of a request: a dict, not a scan)."""
        service = self._services_by_id.get(service_id)
        if service is None:
            raise NotFound("service")
        return service

    @cached_property
    def _services_by_id(self) -> dict[int, MenuService]:
        return {service.id: service for service in self.services}

    @cached_property
    def _units_by_id(self) -> dict[int, MenuUnit]:
        return {unit.id: unit for unit in self.units}

    @cached_property
    def _kecamatan_names(self) -> dict[str, str]:
        return {place.code: place.name for place in self.kecamatan}

    def unit(self, unit_id: int) -> MenuUnit:
        """One unit, or NotFound."""
        unit = self._units_by_id.get(unit_id)
        if unit is None:
            raise NotFound("unit")
        return unit

    def unit_name(self, unit_id: int) -> str:
        """A unit's name, or NotFound."""
        return self.unit(unit_id).name

    def units_offering(self, category: str | None) -> list[MenuUnit]:
        """The units offering services of a category; every unit when none does."""
        found = [unit for unit in self.units if category in unit.categories]
        return found or list(self.units)

    def offering(self, service_id: int) -> list[MenuUnit]:
        """The units a service may be asked for at, in the order of `units`."""
        offered = set(self.service(service_id).offered_at)
        return [unit for unit in self.units if unit.id in offered]

    def kecamatan_name(self, code: str | None) -> str:
        """A kecamatan's name ('' when unknown)."""
        return self._kecamatan_names.get(code, "") if code else ""


def read_menu_catalogue(session: Session) -> MenuCatalogue:
    """The whole catalogue as plain values, for menus that cache it between requests."""
    services = _menu_services(session)
    offered: dict[int, set[str]] = {}
    for service in services:
        for unit_id in service.offered_at:
            offered.setdefault(unit_id, set()).add(service.category)
    units = tuple(
        MenuUnit(id=unit.id, name=unit.name, kind=unit.kind, kecamatan_code=unit.kecamatan_code,
                 categories=frozenset(offered.get(unit.id, ())))
        for unit in list_units(session)
    )
    kecamatan, villages = _menu_places(session)
    return MenuCatalogue(categories=_menu_categories(session), services=services, units=units,
                         kecamatan=kecamatan, villages=villages)


def _menu_services(session: Session) -> tuple[MenuService, ...]:
    query = (
        select(Service)
        .options(selectinload(Service.standards), selectinload(Service.unit),
                 selectinload(Service.offered_at))
        .order_by(Service.category, Service.menu_order, Service.id)
    )
    return tuple(
        MenuService(
            id=s.id, category=s.category, unit_id=s.unit_id, unit_name=s.unit.name,
            short_name_id=s.short_name_id, short_name_en=s.short_name_en,
            requirements_id=s.standard_text("persyaratan", "id"),
            requirements_en=s.standard_text("persyaratan", "en"),
            time_days=s.time_days, cost_rupiah=s.cost_rupiah,
            # The own unit always offers it, whether or not the offerings say so.
            offered_at=(s.unit_id, *(u.id for u in s.offered_at if u.id != s.unit_id)),
        )
        for s in session.scalars(query)
    )


def _menu_categories(session: Session) -> tuple[MenuCategory, ...]:
    return tuple(MenuCategory(c.code, c.name_id, c.name_en) for c in list_categories(session))


def _menu_places(session: Session) -> tuple[tuple[MenuPlace, ...], dict]:
    """Kecamatan by name, and the desa and kelurahan of each by name: one query, plain rows."""
    query = (select(Region.code, Region.name, Region.level, Region.parent_code)
             .where(Region.level.in_((KECAMATAN, *VILLAGE_LEVELS)))
             .order_by(Region.name, Region.code))
    kecamatan, villages = [], {}
    for code, name, level, parent_code in session.execute(query):
        if level == KECAMATAN:
            kecamatan.append(MenuPlace(code, name))
        else:
            villages.setdefault(parent_code, []).append(MenuPlace(code, name))
    return tuple(kecamatan), {code: tuple(places) for code, places in villages.items()}
