"""Checking each row of a catalogue document, before anything is written.

Every section's rows go through the same checks as the back office's forms
(core/catalogue/editing.py); references between rows (a unit's agency, a
service's units and category, a unit's kecamatan) are resolved against the
document and what the database already holds, from maps loaded once. A row
that fails becomes a `Problem` with its place in the document; a row that
passes becomes a `Plan`: what to write, and the row it would update.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from core.catalogue import editing, fields
from core.catalogue.exchange.lines import LineOf
from core.catalogue.fields import FieldError
from core.catalogue.standards import COMPONENT_KEYS
from core.i18n import N_
from core.models.catalogue import REGION_LEVELS

REGION_CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
# A region's level by the number of parts of its code; four parts: desa or kelurahan.
LEVELS_BY_PARTS = {2: ("kabupaten",), 3: ("kecamatan",), 4: ("desa", "kelurahan")}
DUPLICATE = N_("Muncul lebih dari sekali dalam berkas.")
NOT_AN_OBJECT = N_("Harus berupa objek JSON.")
NOT_A_LIST = N_("Harus berupa daftar.")
BAD_ITEM = N_("Setiap butir harus teks satu baris yang tidak kosong.")
# The document's field for each form field the checks name.
JSON_FIELDS = {"name_id": "name.id", "name_en": "name.en", "short_name_id": "short_name.id",
               "short_name_en": "short_name.en", "kecamatan_code": "kecamatan",
               "desa_code": "desa", "text": "maklumat.text", "signatory": "maklumat.signatory",
               "signed_on": "maklumat.signed_on"}


@dataclass(frozen=True)
class Problem:
    """A bad row: where it is in the document, which field, and why (a message id)."""

    path: str
    line: int | None
    key: str | None
    field: str
    reason: str
    params: dict = field(default_factory=dict)


@dataclass
class Plan:
    """A checked row: its natural key, the values to write and the row it would update."""

    key: str
    values: dict
    row: object | None
    refs: dict = field(default_factory=dict)


@dataclass
class Context:
    """What the checks look references up in: the database's rows and the document's keys."""

    line_of: LineOf
    today: date
    regions: dict[str, tuple]          # code -> (id, name, level, parent_code) in the database
    categories: dict[str, object]
    agencies: dict[str, object]
    units: dict[str, object]
    services: dict[str, object]
    document_regions: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    document_keys: dict[str, set] = field(default_factory=dict)
    latest: dict[int, object] = field(default_factory=dict)  # service id -> latest version
    problems: list[Problem] = field(default_factory=list)

    def region(self, code: str) -> tuple[str, str | None] | None:
        """A region's (level, parent code), from the document first."""
        if code in self.document_regions:
            return self.document_regions[code]
        known = self.regions.get(code)
        return (known[2], known[3]) if known else None

    def knows(self, section: str, key) -> bool:
        """Whether a key names a row of the document's section or of the database."""
        existing = {"categories": self.categories, "agencies": self.agencies,
                    "units": self.units}[section]
        return isinstance(key, str) and (key in self.document_keys.get(section, ())
                                         or key in existing)


def json_field(name: str) -> str:
    """The document's name of a field the checks name (standard.persyaratan.id, ...)."""
    stem, _, language = name.rpartition("_")
    if stem in COMPONENT_KEYS and language in ("id", "en"):
        return f"standard.{stem}.{language}"
    return JSON_FIELDS.get(name, name)


def check_section(context: Context, document: dict, section: str, key_field: str,
                  check) -> list[Plan]:
    """Check every row of a section; the good ones as plans, the bad ones as problems."""
    plans, seen = [], set()
    rows = document.get(section) or []
    for index, item in enumerate(rows if isinstance(rows, list) else []):
        key = item.get(key_field) if isinstance(item, dict) else None
        try:
            if not isinstance(item, dict):
                raise FieldError("", NOT_AN_OBJECT)
            if key in seen:
                raise FieldError(key_field, DUPLICATE)
            seen.add(key)
            plans.append(check(context, item))
        except FieldError as error:
            context.problems.append(Problem(
                f"{section}[{index}]", context.line_of(item), key if isinstance(key, str) else None,
                json_field(error.field), error.message, dict(error.params)))
    return plans


def document_keys(document: dict, section: str, key_field: str) -> set:
    """The keys a section's rows give, good or bad, for references from other sections."""
    rows = document.get(section)
    return {item.get(key_field) for item in rows if isinstance(item, dict)} if isinstance(
        rows, list) else set()


def _pair(value, name: str) -> dict:
    """The {"id": ..., "en": ...} of a name, as editing's name_id/name_en."""
    if not isinstance(value, dict):
        raise FieldError(f"{name}_id", NOT_AN_OBJECT)
    return {f"{name}_id": value.get("id"), f"{name}_en": value.get("en", "")}


def parent_code(code: str) -> str | None:
    """The code of the region a region lies in; None for a kabupaten (35.29)."""
    parts = code.split(".")
    return ".".join(parts[:-1]) if len(parts) > 2 else None


def check_region(context: Context, item: dict) -> Plan:
    """A region: a well-formed code whose parts agree with its level, and a name."""
    code = fields.pattern(item.get("code"), "code", regex=REGION_CODE, limit=20)
    name = fields.text(item.get("name"), "name", limit=editing.MAX_NAME)
    level = fields.choice(item.get("level"), "level", choices=REGION_LEVELS)
    parts = code.split(".")
    if level not in LEVELS_BY_PARTS.get(len(parts), ()):
        raise FieldError("level", fields.NOT_A_CHOICE)
    parent = parent_code(code)
    if parent is not None and context.region(parent) is None:
        raise FieldError("code", N_("Wilayah induknya tidak ada dalam berkas maupun basis data."))
    return Plan(code, {"code": code, "name": name, "level": level, "parent_code": parent},
                context.regions.get(code))


def check_category(context: Context, item: dict) -> Plan:
    """A category: code, names in both languages, position."""
    values = editing.category_values(code=item.get("code"), position=item.get("position", 0),
                                     **_pair(item.get("name"), "name"))
    return Plan(values["code"], values, context.categories.get(values["code"]))


def check_agency(context: Context, item: dict) -> Plan:
    """An agency: slug, name and region."""
    values = editing.agency_values(slug=item.get("slug"), name=item.get("name"),
                                   region=item.get("region", ""))
    return Plan(values["slug"], values, context.agencies.get(values["slug"]))


UNIT_DETAILS = ("region", "address", "opening_hours", "phone", "whatsapp", "latitude",
                "longitude", "service_population")


def check_unit(context: Context, item: dict) -> Plan:
    """A unit: its details, its agency (in the document or the database), its maklumat."""
    if not context.knows("agencies", item.get("agency")):
        raise FieldError("agency", fields.UNKNOWN)
    details = {name: item[name] for name in UNIT_DETAILS if item.get(name) is not None}
    values = editing.unit_values(
        slug=item.get("slug"), name=item.get("name"), kind=item.get("kind"),
        regions=context.region, kecamatan_code=item.get("kecamatan"),
        desa_code=item.get("desa"), **details)
    maklumat = item.get("maklumat") or {}
    if not isinstance(maklumat, dict):
        raise FieldError("text", NOT_AN_OBJECT)
    values |= editing.maklumat_values(text=maklumat.get("text", ""),
                                      signatory=maklumat.get("signatory", ""),
                                      signed_on=maklumat.get("signed_on"), today=context.today)
    return Plan(values["slug"], values, context.units.get(values["slug"]),
                {"agency": item["agency"]})


def check_service(context: Context, item: dict) -> Plan:
    """A service: its values, units, category, menu place and a whole standard."""
    names = _pair(item.get("name"), "name") | _pair(item.get("short_name"), "short_name")
    values = editing.service_values(
        code=item.get("code"), category=item.get("category"), names=names,
        keywords=item.get("keywords", []), time_days=item.get("time_days"),
        cost_rupiah=item.get("cost_rupiah", 0),
        known_category=lambda code: context.knows("categories", code))
    values["menu_order"] = fields.number(item.get("menu_order"), "menu_order", low=1,
                                         high=editing.MAX_MENU_ORDER)
    if not context.knows("units", item.get("unit")):
        raise FieldError("unit", fields.UNKNOWN)
    offered = item.get("offered_at", [])
    if not isinstance(offered, list):
        raise FieldError("offered_at", NOT_A_LIST)
    for index, slug in enumerate(offered):
        if not context.knows("units", slug):
            raise FieldError(f"offered_at[{index}]", fields.UNKNOWN)
    effective_from = fields.day(item.get("effective_from"), "effective_from")
    if effective_from > context.today:
        raise FieldError("effective_from", editing.IN_THE_FUTURE)
    refs = {"unit": item["unit"], "offered": sorted(set(offered) | {item["unit"]}),
            "components": check_standard(item.get("standard")),
            "effective_from": effective_from}
    return Plan(values["code"], values, context.services.get(values["code"]), refs)


def check_standard(standard) -> dict[str, tuple[str, str]]:
    """The 14 components as editing takes them: lists joined one item a line."""
    if not isinstance(standard, dict):
        raise FieldError("standard", NOT_AN_OBJECT)
    pairs = {}
    for key in COMPONENT_KEYS:
        value = standard.get(key)
        if not isinstance(value, dict):
            raise FieldError(f"{key}_id", NOT_AN_OBJECT if value is not None else fields.REQUIRED)
        pairs[key] = tuple(_component_text(key, language, value.get(language))
                           for language in ("id", "en"))
    return editing.standard_components(pairs)


def _component_text(key: str, language: str, value) -> str:
    if key not in editing.LIST_COMPONENTS:
        return value if value is not None else ""
    value = value if value is not None else []
    if not isinstance(value, list):
        raise FieldError(f"{key}_{language}", NOT_A_LIST)
    if not all(isinstance(line, str) and line.strip() and "\n" not in line for line in value):
        raise FieldError(f"{key}_{language}", BAD_ITEM)
    return "\n".join(line.strip() for line in value)
