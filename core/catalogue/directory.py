"""Reading the service catalogue: agencies, units, categories and services."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from core.catalogue.categories import CATEGORIES
from core.errors import NotFound
from core.i18n import in_language
from core.models import Agency, Service, Unit


def list_service_categories(session: Session) -> list[str]:
    """Category codes that have at least one service, in the catalogue's order."""
    used = set(session.scalars(select(Service.category).distinct()))
    return [code for code in CATEGORIES if code in used]


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


def find_services(session: Session, *, text: str, limit: int = 5) -> list[Service]:
    """Services whose keyword or name matches the text, exact keyword first."""
    words = (text or "").strip()[:60]
    if not words:
        return []
    exact = session.scalars(select(Service).where(Service.code == words.upper())).all()
    if exact:
        return list(exact)
    pattern = f"%{words.lower()}%"
    query = (
        select(Service)
        .where(or_(func.lower(Service.name_id).like(pattern),
                   func.lower(Service.name_en).like(pattern),
                   func.lower(Service.short_name_id).like(pattern),
                   func.lower(Service.short_name_en).like(pattern)))
        .order_by(Service.category, Service.menu_order)
        .limit(limit)
    )
    return list(session.scalars(query))


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

    def short_name(self, language: str) -> str:
        """Short name in the language (English falls back to Indonesian)."""
        return in_language(language, self.short_name_id, self.short_name_en)

    def requirements(self, language: str) -> str:
        """The requirements (persyaratan) in the language."""
        return in_language(language, self.requirements_id, self.requirements_en)


@dataclass(frozen=True)
class MenuCatalogue:
    """Categories with services, services by menu order, and units by agency."""

    categories: tuple[str, ...]
    services: tuple[MenuService, ...]
    units: tuple[tuple[int, str], ...]

    def services_in(self, category: str) -> list[MenuService]:
        """The services of a category, in menu order."""
        return [service for service in self.services if service.category == category]

    def service(self, service_id: int) -> MenuService:
        """One service, or NotFound."""
        for service in self.services:
            if service.id == service_id:
                return service
        raise NotFound("service")

    def unit_name(self, unit_id: int) -> str:
        """A unit's name, or NotFound."""
        for known_id, name in self.units:
            if known_id == unit_id:
                return name
        raise NotFound("unit")


def read_menu_catalogue(session: Session) -> MenuCatalogue:
    """The whole catalogue as plain values, for menus that cache it between requests."""
    query = (
        select(Service)
        .options(selectinload(Service.standards), selectinload(Service.unit))
        .order_by(Service.category, Service.menu_order)
    )
    services = tuple(
        MenuService(
            id=s.id, category=s.category, unit_id=s.unit_id, unit_name=s.unit.name,
            short_name_id=s.short_name_id, short_name_en=s.short_name_en,
            requirements_id=s.standard_text("persyaratan", "id"),
            requirements_en=s.standard_text("persyaratan", "en"),
            time_days=s.time_days, cost_rupiah=s.cost_rupiah,
        )
        for s in session.scalars(query)
    )
    used = {service.category for service in services}
    return MenuCatalogue(
        categories=tuple(code for code in CATEGORIES if code in used),
        services=services,
        units=tuple((unit.id, unit.name) for unit in list_units(session)),
    )
