"""Where it happened: the unit's kecamatan offered first, then the list; a desa of the
kecamatan; either may be skipped. The codes go to create_complaint, which stores the
official names too.
"""

from core.i18n import N_
from ussd.screens import Visit

SKIP = N_("Lewati")


def _unit_kecamatan(visit: Visit) -> str | None:
    unit_id = visit.values.get("unit_id")
    if unit_id is None:
        return None
    code = visit.catalogue.unit(unit_id).kecamatan_code
    return code if visit.catalogue.kecamatan_name(code) else None


def complaint_place(visit: Visit) -> str:
    """Ask where it happened when the kabupaten's kecamatan are known."""
    visit.values.pop("kecamatan_code", None)
    visit.values.pop("desa_code", None)
    if not visit.catalogue.kecamatan:
        return "cmp_privacy"
    return "cmp_place_unit" if _unit_kecamatan(visit) else "cmp_kecamatan"


def unit_place(visit: Visit) -> dict:
    """The kecamatan of the unit reported."""
    return {"kecamatan": visit.catalogue.kecamatan_name(_unit_kecamatan(visit))}


def at_unit_place(visit: Visit) -> str:
    """It happened in the unit's kecamatan: on to its desa."""
    visit.values["kecamatan_code"] = _unit_kecamatan(visit)
    return after_kecamatan(visit)


def after_kecamatan(visit: Visit) -> str:
    """The desa of the kecamatan picked, unless it was skipped or has none listed."""
    visit.values.pop("desa_code", None)
    code = visit.values.get("kecamatan_code")
    return "cmp_desa" if code and visit.catalogue.villages.get(code) else "cmp_privacy"


def kecamatan_places(visit: Visit) -> list[tuple[str | None, str]]:
    """"Skip" first, then every kecamatan by name."""
    return [(None, visit.t(SKIP)), *((p.code, p.name) for p in visit.catalogue.kecamatan)]


def village_places(visit: Visit) -> list[tuple[str | None, str]]:
    """"Skip" first, then the desa and kelurahan of the kecamatan picked."""
    villages = visit.catalogue.villages.get(visit.values.get("kecamatan_code"), ())
    return [(None, visit.t(SKIP)), *((p.code, p.name) for p in villages)]
