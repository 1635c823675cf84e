"""Choosing a unit at a kabupaten's size: by category and kecamatan, or by typed name.

Each journey has its candidates: the units offering the service asked for,
the units offering the complaint's category (every unit when none does),
every unit for a survey. When they take more than UNIT_PAGES screens (and
the kecamatan list shortens the way), the citizen first picks the kecamatan
(only those with a candidate; the kabupaten's offices as one group) and may
type a unit's name there at once; a kecamatan with one candidate picks it.
Items return (value, label) pairs, routes the next screen. The queue's journey
(ussd/queue.py) narrows its own candidates with the same four steps.
"""

from collections.abc import Callable

from core.catalogue.directory import MenuUnit
from core.i18n import N_
from ussd.layout import page_count
from ussd.screens import Visit

UNKNOWN_UNIT = N_("Tidak tahu")
# The group of units that lie in no kecamatan of the list (the kabupaten's offices).
DISTRICT = "kab"
DISTRICT_UNITS = N_("Kantor kabupaten")
# A list of units longer than this many screens is narrowed by kecamatan first.
UNIT_PAGES = 2
UNIT_KECAMATAN = "unit_kecamatan"


def _grouper(visit: Visit) -> Callable[[MenuUnit], str]:
    """The kecamatan a unit is listed under, or DISTRICT (the catalogue looked up once:
    a list of units asks it of every unit, on most hops)."""
    catalogue = visit.catalogue

    def group(unit: MenuUnit) -> str:
        return unit.kecamatan_code if catalogue.kecamatan_name(unit.kecamatan_code) else DISTRICT

    return group


def narrow_units(visit: Visit, units: list[MenuUnit], unit_screen: str,
                 kecamatan_screen: str, *, first: tuple[str, ...] = ()) -> str:
    """The kecamatan first when the units fill more than UNIT_PAGES screens and it shortens
    the way to the furthest unit (a province's hundreds of kecamatan would not)."""
    visit.values.pop(UNIT_KECAMATAN, None)
    flat = page_count([*first, *(unit.name for unit in units)])
    groups: dict[str, list[str]] = {}
    group = _grouper(visit)
    for unit in units:
        groups.setdefault(group(unit), []).append(unit.name)
    if flat <= UNIT_PAGES or len(groups) < 2:
        return unit_screen
    labels = [*first, *(label for _, label in unit_groups(visit, units))]
    furthest = max(page_count([*first, *names]) for names in groups.values())
    return kecamatan_screen if page_count(labels) + furthest < flat else unit_screen


def unit_groups(visit: Visit, units: list[MenuUnit]) -> list[tuple[str, str]]:
    """The kabupaten's offices first, then each kecamatan with a unit, by name."""
    used = set(map(_grouper(visit), units))
    groups = [(DISTRICT, visit.t(DISTRICT_UNITS))] if DISTRICT in used else []
    return groups + [(place.code, place.name) for place in visit.catalogue.kecamatan
                     if place.code in used]


def listed_units(visit: Visit, units: list[MenuUnit]) -> list[tuple[int, str]]:
    """The units of the kecamatan picked (all when none was)."""
    picked, group = visit.values.get(UNIT_KECAMATAN), _grouper(visit)
    return [(unit.id, unit.name) for unit in units if picked is None or group(unit) == picked]


def single_unit_or_list(visit: Visit, units: list[MenuUnit], unit_screen: str,
                        picked: str) -> str:
    """After the kecamatan: its only unit is picked at once, else its list."""
    listed = listed_units(visit, units)
    if len(listed) != 1:
        return unit_screen
    visit.values["unit_id"] = listed[0][0]
    return picked


def _requested(visit: Visit) -> list[MenuUnit]:
    return visit.catalogue.offering(visit.values.get("service_id"))


def request_unit(visit: Visit) -> str:
    """Where to ask for the service: chosen when it is offered at more than one unit."""
    offering = _requested(visit)
    if len(offering) > 1:
        return narrow_units(visit, offering, "req_unit", "req_unit_kec")
    visit.values.pop(UNIT_KECAMATAN, None)
    visit.values["unit_id"] = offering[0].id if offering else None
    return "req_confirm"


def request_unit_groups(visit: Visit) -> list[tuple[str, str]]:
    """The kecamatan where the service is offered."""
    return unit_groups(visit, _requested(visit))


def request_unit_group(visit: Visit) -> str:
    """The kecamatan's units, or the confirmation when it has one."""
    return single_unit_or_list(visit, _requested(visit), "req_unit", "req_confirm")


def request_units(visit: Visit) -> list[tuple[int, str]]:
    """The units offering the service (in the kecamatan picked)."""
    return listed_units(visit, _requested(visit))


def request_units_all(visit: Visit) -> list[tuple[int, str]]:
    """Every unit offering the service: found by name from the kecamatan list."""
    return [(unit.id, unit.name) for unit in _requested(visit)]


def _reported(visit: Visit) -> list[MenuUnit]:
    return visit.catalogue.units_offering(visit.values.get("category"))


def complaint_unit(visit: Visit) -> str:
    """The units of the category, or their kecamatan first when they are many."""
    return narrow_units(visit, _reported(visit), "cmp_unit", "cmp_unit_kec",
                   first=(visit.t(UNKNOWN_UNIT),))


def complaint_unit_groups(visit: Visit) -> list[tuple[str | None, str]]:
    """"Don't know" first (officers route it), then the kecamatan with such units."""
    return [(None, visit.t(UNKNOWN_UNIT)), *unit_groups(visit, _reported(visit))]


def complaint_unit_group(visit: Visit) -> str:
    """After the kecamatan: its units, or the description when the unit is not known."""
    if visit.values.get(UNIT_KECAMATAN) is None:
        visit.values["unit_id"] = None
        return "cmp_description"
    return single_unit_or_list(visit, _reported(visit), "cmp_unit", "cmp_description")


def complaint_units(visit: Visit) -> list[tuple[int | None, str]]:
    """"Don't know" first (officers route it), then the units of the category."""
    return [(None, visit.t(UNKNOWN_UNIT)), *listed_units(visit, _reported(visit))]


def complaint_units_all(visit: Visit) -> list[tuple[int, str]]:
    """Every unit of the category: found by name from the kecamatan list."""
    return [(unit.id, unit.name) for unit in _reported(visit)]


def survey_unit(visit: Visit) -> str:
    """Every unit, or their kecamatan first when they are many."""
    return narrow_units(visit, list(visit.catalogue.units), "srv_unit", "srv_unit_kec")


def survey_unit_groups(visit: Visit) -> list[tuple[str, str]]:
    """The kecamatan with units."""
    return unit_groups(visit, list(visit.catalogue.units))


def survey_unit_group(visit: Visit) -> str:
    """The kecamatan's units, or the first question when it has one."""
    return single_unit_or_list(visit, list(visit.catalogue.units), "srv_unit", "srv_q1")


def survey_units(visit: Visit) -> list[tuple[int, str]]:
    """The units (of the kecamatan picked)."""
    return listed_units(visit, list(visit.catalogue.units))


def units(visit: Visit) -> list[tuple[int, str]]:
    """Every unit, by agency."""
    return [(unit.id, unit.name) for unit in visit.catalogue.units]
