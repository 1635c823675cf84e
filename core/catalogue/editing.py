"""Writing the catalogue: agencies, units and their maklumat, categories, services, standards.

The back office and the catalogue import write through these functions
(the import through the `*_values` checks and `write_*` parts, on rows it
has loaded in bulk), so there is one way to write each record. They flush,
never commit; the caller records the audit entry (core/staff is higher).
Errors are `FieldError`s (an `InvalidInput` naming the form's field).
"""

import json
from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.catalogue import fields
from core.catalogue.fields import FieldError
from core.catalogue.regions import RegionLookup, check_place, region_lookup
from core.catalogue.search.services import reindex_service
from core.catalogue.standards import COMPONENT_KEYS
from core.catalogue.versions import latest_versions, standard_content
from core.clock import local_date, now_utc
from core.i18n import N_
from core.models import (
    Agency,
    Category,
    Service,
    ServiceStandard,
    StandardVersion,
    Unit,
)
from core.models.catalogue import UNIT_KINDS

MAX_NAME = 120
MAX_CATEGORY_NAME = 80
MAX_SHORT_NAME = 40
MAX_ADDRESS = MAX_HOURS = 200
MAX_KEYWORDS = 300
MAX_TIME_DAYS = 365
MAX_COST = 1_000_000_000
MAX_POPULATION = 100_000_000
MAX_POSITION = 1000
MAX_MENU_ORDER = 999
MAX_LONG_TEXT = 4000
# Components kept as ordered lists, one item per line.
LIST_COMPONENTS = ("persyaratan", "prosedur")
TAKEN = N_("Kode sudah dipakai data lain.")
IN_THE_FUTURE = N_("Tanggal tidak boleh setelah hari ini.")


def apply_values(row, values: dict) -> bool:
    """Set the attributes that differ; whether any did (unchanged rows get no UPDATE)."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _today(today: date | None) -> date:
    return today or local_date(now_utc())


# --- agencies --------------------------------------------------------------------------------

def agency_values(*, slug, name, region) -> dict:
    """Checked values of an agency."""
    return {
        "slug": fields.pattern(slug, "slug", regex=fields.SLUG, limit=fields.MAX_SLUG),
        "name": fields.text(name, "name", limit=MAX_NAME),
        "region": fields.text(region, "region", limit=MAX_NAME, required=False),
    }


def save_agency(session: Session, *, slug, name, region, agency_id: int | None = None,
                create: bool = False) -> Agency:
    """Create or update an agency (by id when given, else by slug; `create`: new only)."""
    values = agency_values(slug=slug, name=name, region=region)
    agency = _row_to_write(session, Agency, agency_id, create=create, slug=values["slug"])
    apply_values(agency, values)
    session.add(agency)
    session.flush()
    return agency


def _row_to_write(session: Session, model, row_id: int | None, *, create: bool = False, **key):
    """The row to update (by id, or by its natural key), or a new one (not added yet, so no
    autoflush writes it half-filled); its key must be free. With `create` (a form for a new
    record) a key already in use is refused rather than its record updated."""
    (name, value), = key.items()
    holder = session.scalars(select(model).filter_by(**key)).one_or_none()
    if create and holder is not None:
        raise FieldError(name, TAKEN)
    if row_id is None:
        row = holder
    else:
        row = session.get(model, row_id)
        if row is None:
            raise FieldError("id", fields.UNKNOWN)
    if holder is not None and holder is not row:
        raise FieldError(name, TAKEN)
    if row is None:
        row = model(**{name: value})
    return row


# --- units -----------------------------------------------------------------------------------

def unit_values(*, slug, name, kind, regions: RegionLookup, region="", address="",
                kecamatan_code=None, desa_code=None, opening_hours="", phone="", whatsapp="",
                latitude=None, longitude=None, service_population=0) -> dict:
    """Checked values of a unit (without its agency)."""
    kecamatan_code, desa_code = check_place(regions, kecamatan_code, desa_code)
    latitude = fields.coordinate(latitude, "latitude", bound=90)
    longitude = fields.coordinate(longitude, "longitude", bound=180)
    if (latitude is None) != (longitude is None):
        raise FieldError("longitude" if longitude is None else "latitude", fields.REQUIRED)
    return {
        "slug": fields.pattern(slug, "slug", regex=fields.SLUG, limit=fields.MAX_SLUG),
        "name": fields.text(name, "name", limit=MAX_NAME),
        "kind": fields.choice(kind, "kind", choices=UNIT_KINDS),
        "region": fields.text(region, "region", limit=MAX_NAME, required=False),
        "address": fields.text(address, "address", limit=MAX_ADDRESS, required=False),
        "kecamatan_code": kecamatan_code, "desa_code": desa_code,
        "opening_hours": fields.text(opening_hours, "opening_hours", limit=MAX_HOURS,
                                     required=False),
        "phone": fields.optional_phone(phone, "phone"),
        "whatsapp": fields.optional_phone(whatsapp, "whatsapp"),
        "latitude": latitude, "longitude": longitude,
        "service_population": fields.number(service_population, "service_population",
                                            low=0, high=MAX_POPULATION),
    }


def save_unit(session: Session, *, slug, name, kind, agency_slug: str | None = None,
              agency_id: int | None = None, unit_id: int | None = None, create: bool = False,
              **details) -> Unit:
    """Create or update a unit (by id when given, else by slug; `create`: new only).

    `details` are the other columns: region, address, kecamatan_code, desa_code,
    opening_hours, phone, whatsapp, latitude, longitude, service_population.
    """
    agency = _agency(session, agency_slug, agency_id)
    values = unit_values(slug=slug, name=name, kind=kind, regions=region_lookup(session),
                         **details)
    unit = _row_to_write(session, Unit, unit_id, create=create, slug=values["slug"])
    renamed = unit.id is not None and unit.name != values["name"]
    apply_values(unit, values | {"agency_id": agency.id})
    session.add(unit)
    session.flush()
    if renamed:
        # Unit names are in the search text of the services offered there.
        for service in {*unit.offered, *_own_services(session, unit.id)}:
            reindex_service(session, service)
    return unit


def _own_services(session: Session, unit_id: int) -> list[Service]:
    return list(session.scalars(select(Service).where(Service.unit_id == unit_id)))


def _agency(session: Session, slug: str | None, agency_id: int | None) -> Agency:
    if agency_id is not None:
        agency = session.get(Agency, agency_id)
    else:
        agency = session.scalars(select(Agency).where(Agency.slug == (slug or ""))).one_or_none()
    if agency is None:
        raise FieldError("agency", fields.UNKNOWN)
    return agency


def maklumat_values(*, text, signatory, signed_on, today: date | None = None) -> dict:
    """Checked maklumat pelayanan; an empty text clears it, a text needs signatory and date."""
    text = fields.text(text, "text", limit=MAX_LONG_TEXT, required=False)
    signatory = fields.text(signatory, "signatory", limit=MAX_NAME, required=bool(text))
    signed_on = fields.day(signed_on, "signed_on", required=bool(text))
    if signed_on is not None and signed_on > _today(today):
        raise FieldError("signed_on", IN_THE_FUTURE)
    return {"maklumat_text": text, "maklumat_signatory": signatory,
            "maklumat_signed_on": signed_on}


def set_maklumat(session: Session, *, unit_id: int, text, signatory, signed_on,
                 today: date | None = None) -> Unit:
    """Set (or clear, with an empty text) the unit's maklumat pelayanan."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise FieldError("unit", fields.UNKNOWN)
    apply_values(unit, maklumat_values(text=text, signatory=signatory, signed_on=signed_on,
                                       today=today))
    session.flush()
    return unit


# --- categories ------------------------------------------------------------------------------

def category_values(*, code, name_id, name_en, position) -> dict:
    """Checked values of a category."""
    return {
        "code": fields.pattern(code, "code", regex=fields.CATEGORY_CODE, limit=40),
        "name_id": fields.text(name_id, "name_id", limit=MAX_CATEGORY_NAME),
        "name_en": fields.text(name_en, "name_en", limit=MAX_CATEGORY_NAME, required=False),
        "position": fields.number(position, "position", low=0, high=MAX_POSITION),
    }


def save_category(session: Session, *, code, name_id, name_en, position,
                  create: bool = False) -> Category:
    """Create or update a category by code (`create`: a new one only)."""
    values = category_values(code=code, name_id=name_id, name_en=name_en, position=position)
    category = _row_to_write(session, Category, None, create=create, code=values["code"])
    apply_values(category, values)
    session.add(category)
    session.flush()
    return category


# --- services --------------------------------------------------------------------------------

def service_values(*, code, category, names: dict, keywords, time_days, cost_rupiah,
                   known_category: Callable[[str], bool]) -> dict:
    """Checked values of a service (without its units and menu order).

    `names` holds name_id, name_en, short_name_id and short_name_en.
    """
    code = code.strip().upper() if isinstance(code, str) else code
    if not isinstance(category, str) or not known_category(category):
        raise FieldError("category", fields.NOT_A_CHOICE)
    names = names if isinstance(names, dict) else {}
    return {
        "code": fields.pattern(code, "code", regex=fields.SERVICE_CODE,
                               limit=fields.MAX_SERVICE_CODE),
        "category": category,
        "name_id": fields.text(names.get("name_id"), "name_id", limit=MAX_NAME),
        "name_en": fields.text(names.get("name_en"), "name_en", limit=MAX_NAME, required=False),
        "short_name_id": fields.text(names.get("short_name_id"), "short_name_id",
                                     limit=MAX_SHORT_NAME),
        "short_name_en": fields.text(names.get("short_name_en"), "short_name_en",
                                     limit=MAX_SHORT_NAME, required=False),
        "keywords": fields.keywords(keywords, "keywords", limit=MAX_KEYWORDS),
        "time_days": fields.number(time_days, "time_days", low=0, high=MAX_TIME_DAYS),
        "cost_rupiah": fields.number(cost_rupiah, "cost_rupiah", low=0, high=MAX_COST),
    }


def write_service(service: Service, values: dict, *, unit: Unit, offered: list[Unit]) -> bool:
    """Write checked values, the answerable unit and where it is offered (always at its own
    unit); whether anything changed."""
    changed = apply_values(service, values | {"unit_id": unit.id})
    places = {place.id: place for place in offered} | {unit.id: unit}
    if {place.id for place in service.offered_at} != set(places):
        service.offered_at = sorted(places.values(), key=lambda place: place.id)
        changed = True
    return changed


def save_service(session: Session, *, code, unit_id: int, category, names: dict, keywords,
                 time_days, cost_rupiah, offered_at: list[int], menu_order: int | None = None,
                 service_id: int | None = None, create: bool = False) -> Service:
    """Create or update a service (by id when given, else by code; `create`: new only).

    A new service, or one moved to another category, takes the next free menu
    place of its category unless `menu_order` says otherwise.
    """
    values = service_values(code=code, category=category, names=names, keywords=keywords,
                            time_days=time_days, cost_rupiah=cost_rupiah,
                            known_category=lambda c: _category_exists(session, c))
    unit = session.get(Unit, unit_id) if isinstance(unit_id, int) else None
    if unit is None:
        raise FieldError("unit", fields.UNKNOWN)
    offered = _units(session, offered_at)
    service = _row_to_write(session, Service, service_id, create=create, code=values["code"])
    if menu_order is not None:
        values["menu_order"] = fields.number(menu_order, "menu_order", low=1, high=MAX_MENU_ORDER)
    elif service.menu_order is None or service.category != values["category"]:
        values["menu_order"] = _next_menu_order(session, values["category"])
    changed = write_service(service, values, unit=unit, offered=offered)
    session.add(service)
    session.flush()
    if changed:
        reindex_service(session, service)
    return service


def set_unit_offerings(session: Session, *, unit_id: int, service_ids: list[int]) -> Unit:
    """Set which services a unit offers, from the unit's side; its own services always stay."""
    unit = session.get(Unit, unit_id) if isinstance(unit_id, int) else None
    if unit is None:
        raise FieldError("unit", fields.UNKNOWN)
    ids = set(service_ids or ())
    wanted = list(session.scalars(select(Service).where(
        Service.id.in_(ids) | (Service.unit_id == unit.id)).order_by(Service.id)))
    if not ids <= {service.id for service in wanted}:
        raise FieldError("offered", fields.UNKNOWN)
    before = {service.id for service in unit.offered}
    if before == {service.id for service in wanted}:
        return unit
    touched = [s for s in wanted if s.id not in before] + [
        s for s in unit.offered if s.id not in {w.id for w in wanted}]
    unit.offered = wanted
    session.flush()
    for service in touched:
        reindex_service(session, service)
    return unit


def _category_exists(session: Session, code: str) -> bool:
    return session.scalar(select(Category.id).where(Category.code == code)) is not None


def _units(session: Session, unit_ids) -> list[Unit]:
    ids = set(unit_ids or ())
    if not all(isinstance(unit_id, int) for unit_id in ids):
        raise FieldError("offered_at", fields.UNKNOWN)
    units = list(session.scalars(select(Unit).where(Unit.id.in_(ids)))) if ids else []
    if len(units) != len(ids):
        raise FieldError("offered_at", fields.UNKNOWN)
    return units


def _next_menu_order(session: Session, category: str) -> int:
    highest = session.scalar(select(func.max(Service.menu_order))
                             .where(Service.category == category))
    return (highest or 0) + 1


# --- standards -------------------------------------------------------------------------------

def standard_components(components: dict) -> dict[str, tuple[str, str]]:
    """All 14 components checked, as (Indonesian, English); lists tidied to one item a line.

    The Indonesian text of each is required; errors name the field `<key>_id`/`<key>_en`.
    """
    checked = {}
    for key in COMPONENT_KEYS:
        pair = components.get(key) if isinstance(components, dict) else None
        text_id, text_en = pair if isinstance(pair, tuple | list) and len(pair) == 2 else ("", "")
        checked[key] = (_component(text_id, f"{key}_id", key, required=True),
                        _component(text_en, f"{key}_en", key, required=False))
    return checked


def _component(value, field: str, key: str, *, required: bool) -> str:
    value = fields.text(value, field, limit=MAX_LONG_TEXT, required=required)
    if key in LIST_COMPONENTS:
        value = "\n".join(line.strip() for line in value.splitlines() if line.strip())
    return value


def write_standard(session: Session, service: Service, components: dict[str, tuple[str, str]],
                   *, effective_from: date, latest: StandardVersion | None,
                   officer_id: int | None, source: str) -> StandardVersion | None:
    """Put checked components in force as a new version, unless they equal the latest."""
    content = standard_content(components, time_days=service.time_days,
                               cost_rupiah=service.cost_rupiah)
    if latest is not None and _same_content(latest.content, content):
        return None
    version = StandardVersion(
        service_id=service.id, number=(latest.number if latest else 0) + 1,
        effective_from=effective_from, content=json.dumps(content, ensure_ascii=False),
        officer_id=officer_id, source=source)
    session.add(version)
    existing = {standard.component: standard for standard in service.standards}
    for key, (text_id, text_en) in components.items():
        standard = existing.get(key)
        if standard is None:
            service.standards.append(ServiceStandard(component=key, text_id=text_id,
                                                     text_en=text_en))
        else:
            apply_values(standard, {"text_id": text_id, "text_en": text_en})
    service.standard_version, service.standard_since = version.number, effective_from
    return version


def _same_content(stored: str, content: dict) -> bool:
    return json.loads(stored) == content


def set_standard(session: Session, *, service_id: int, components: dict, effective_from,
                 officer_id: int | None = None, source: str = "admin",
                 today: date | None = None) -> StandardVersion | None:
    """Set a service's standard; a new version only when something changed.

    `components` maps each of the 14 keys to (Indonesian, English); requirements
    and procedure are newline-joined lists. The effective date may not be
    after today: the version set is the one in force.
    """
    service = session.get(Service, service_id) if isinstance(service_id, int) else None
    if service is None:
        raise FieldError("service", fields.UNKNOWN)
    effective_from = fields.day(effective_from, "effective_from")
    if effective_from > _today(today):
        raise FieldError("effective_from", IN_THE_FUTURE)
    checked = standard_components(components)
    latest = latest_versions(session, [service.id]).get(service.id)
    version = write_standard(session, service, checked, effective_from=effective_from,
                             latest=latest, officer_id=officer_id, source=source)
    session.flush()
    if version is not None:
        reindex_service(session, service)
    return version


def restate_standard(session: Session, *, service_id: int, officer_id: int | None = None,
                     source: str = "admin", today: date | None = None) -> StandardVersion | None:
    """After a service's time limit or cost changed: its standard as a new version from today.

    The time limit and the cost are components of the standard (jangka waktu,
    biaya): changing them on the service form changes the standard in force.
    """
    service = session.get(Service, service_id)
    if service is None or not service.standards:
        return None
    components = {standard.component: (standard.text_id, standard.text_en)
                  for standard in service.standards}
    return set_standard(session, service_id=service_id, components=components,
                        effective_from=_today(today), officer_id=officer_id, source=source,
                        today=today)
