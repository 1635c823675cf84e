"""The whole catalogue as one JSON document: export it, import it (docs/catalogue-format.md).

Import checks the whole document first and writes nothing when any row is
bad; the report names every bad row with its place, line, field and reason.
Rows are matched by their codes and slugs, so importing the same document
again changes nothing (and makes no new standard version). Import never
deletes: what the document leaves out stays as it is.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, selectinload

from core.catalogue.categories import list_categories
from core.catalogue.editing import LIST_COMPONENTS, apply_values, write_service, write_standard
from core.catalogue.exchange import rows
from core.catalogue.exchange.lines import LineOf, no_lines, parse_with_lines
from core.catalogue.exchange.rows import Context, Plan, Problem
from core.catalogue.search.services import reindex_all, reindex_service
from core.catalogue.standards import COMPONENT_KEYS
from core.catalogue.versions import latest_versions, standard_content, version_content
from core.clock import local_date, now_utc
from core.i18n import N_, translate
from core.models import Agency, Category, Region, Service, Unit

FORMAT, VERSION = "layanan-paralel/catalogue", 1
# (section, key field, check), in the order rows are written.
SECTIONS = (("regions", "code", rows.check_region), ("categories", "code", rows.check_category),
            ("agencies", "slug", rows.check_agency), ("units", "slug", rows.check_unit),
            ("services", "code", rows.check_service))
OUTCOMES = ("created", "changed", "unchanged")
SECTION_LABELS = {"regions": N_("wilayah"), "categories": N_("kategori"),
                  "agencies": N_("instansi"), "units": N_("unit"), "services": N_("layanan")}
# Past this many services written, one rebuild of the search index beats one per service.
BULK_REINDEX = 50


@dataclass
class ImportReport:
    """What an import did (or, dry run, would do), or the problems that stopped it."""

    dry_run: bool
    problems: list[Problem] = field(default_factory=list)
    # Per section: Counter of created / changed / unchanged rows.
    counts: dict[str, Counter] = field(default_factory=dict)
    new_versions: int = 0

    @property
    def ok(self) -> bool:
        """Whether the document was accepted (and, unless a dry run, written)."""
        return not self.problems

    def problem_lines(self, language: str) -> list[str]:
        """Each problem as one line in the language: place, line, field, reason."""
        return [describe_problem(problem, language) for problem in self.problems]

    def summary(self, language: str) -> str:
        """One line of counts per outcome, e.g. for the command line and the back office."""
        parts = [translate(language, N_("%(section)s: %(created)d baru, %(changed)d diubah, "
                                        "%(unchanged)d tetap"),
                           section=translate(language, SECTION_LABELS[section]),
                           **{outcome: counts[outcome] for outcome in OUTCOMES})
                 for section, counts in self.counts.items()]
        parts.append(translate(language, N_("versi standar baru: %(count)d"),
                               count=self.new_versions))
        return "; ".join(parts)


def describe_problem(problem: Problem, language: str) -> str:
    """`services[12] (IMUN), baris 480, name.id: Wajib diisi.` in the language."""
    where = problem.path + (f" ({problem.key})" if problem.key else "")
    if problem.line is not None:
        where += ", " + translate(language, N_("baris %(line)d"), line=problem.line)
    reason = translate(language, problem.reason, **problem.params)
    return f"{where}, {problem.field or '-'}: {reason}" if problem.field else f"{where}: {reason}"


# --- import ----------------------------------------------------------------------------------

def import_catalogue_text(session: Session, text: str | bytes, *, dry_run: bool = False,
                          today: date | None = None) -> ImportReport:
    """Import a document given as JSON text (a file, an upload): problems name their lines."""
    try:
        document, line_of = parse_with_lines(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        line = getattr(error, "lineno", None)
        return ImportReport(dry_run, [Problem("$", line, None, "", N_(
            "Berkas bukan JSON yang sah."))])
    return import_catalogue(session, document, dry_run=dry_run, line_of=line_of, today=today)


def import_catalogue(session: Session, document, *, dry_run: bool = False,
                     line_of: LineOf = no_lines, today: date | None = None,
                     source: str = "import") -> ImportReport:
    """Check the whole document; unless a row is bad or it is a dry run, write it all.

    `source` is recorded on the standard versions it makes ("import", "demo").
    """
    report = ImportReport(dry_run)
    header = _header_problem(document)
    if header is not None:
        report.problems.append(header)
        return report
    context = _context(session, document, line_of, today or local_date(now_utc()))
    plans = {section: rows.check_section(context, document, section, key, check)
             for section, key, check in SECTIONS}
    report.problems = context.problems
    if report.problems:
        return report
    outcomes = _outcomes(context, plans)
    report.counts = {section: _tally(outcomes[section].values()) for section, _, _ in SECTIONS}
    report.new_versions = sum(1 for plan in plans["services"] if _standard_differs(context, plan))
    if not dry_run:
        _write(session, context, plans, outcomes, source)
    return report


def _tally(outcomes) -> Counter:
    tally = Counter(dict.fromkeys(OUTCOMES, 0))
    tally.update(outcomes)
    return tally


def _header_problem(document) -> Problem | None:
    if not isinstance(document, dict):
        return Problem("$", None, None, "", rows.NOT_AN_OBJECT)
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        return Problem("$", None, None, "format", N_(
            "Bukan katalog Layanan Paralel versi 1 (format, version)."))
    for section, _, _ in SECTIONS:
        if not isinstance(document.get(section, []), list):
            return Problem(section, None, None, "", rows.NOT_A_LIST)
    return None


def _context(session: Session, document: dict, line_of: LineOf, today: date) -> Context:
    """The database's catalogue in maps, loaded once: no query per row."""
    services = session.scalars(select(Service).options(
        selectinload(Service.offered_at), selectinload(Service.standards),
        selectinload(Service.unit)))
    context = Context(
        line_of=line_of, today=today,
        regions={row[1]: row for row in session.execute(
            select(Region.id, Region.code, Region.name, Region.level, Region.parent_code))},
        categories={c.code: c for c in session.scalars(select(Category))},
        agencies={a.slug: a for a in session.scalars(select(Agency))},
        units={u.slug: u for u in session.scalars(select(Unit))},
        services={s.code: s for s in services})
    context.document_keys = {section: rows.document_keys(document, section, key)
                             for section, key, _ in SECTIONS}
    context.document_regions = {
        item["code"]: (item.get("level"), rows.parent_code(item["code"]))
        for item in document.get("regions") or [] if isinstance(item, dict)
        and isinstance(item.get("code"), str)}
    context.latest = latest_versions(session)
    return context


def _outcomes(context: Context, plans: dict[str, list[Plan]]) -> dict[str, dict[str, str]]:
    """Each row's outcome: created, changed or unchanged."""
    agency_slugs = {agency.id: slug for slug, agency in context.agencies.items()}
    outcomes = {}
    for section, _, _ in SECTIONS:
        outcomes[section] = {}
        for plan in plans[section]:
            if plan.row is None:
                outcome = "created"
            elif _differs(context, section, plan, agency_slugs):
                outcome = "changed"
            else:
                outcome = "unchanged"
            outcomes[section][plan.key] = outcome
    return outcomes


def _differs(context: Context, section: str, plan: Plan, agency_slugs: dict) -> bool:
    if section == "regions":
        _, _, name, level, parent = plan.row
        return (name, level, parent) != tuple(plan.values[k] for k in ("name", "level",
                                                                         "parent_code"))
    if any(getattr(plan.row, name) != value for name, value in plan.values.items()):
        return True
    if section == "units":
        return agency_slugs.get(plan.row.agency_id) != plan.refs["agency"]
    if section == "services":
        return (plan.row.unit.slug != plan.refs["unit"]
                or sorted(u.slug for u in plan.row.offered_at) != plan.refs["offered"]
                or _standard_differs(context, plan))
    return False


def _standard_differs(context: Context, plan: Plan) -> bool:
    """Whether the service's standard would get a new version (checked once per plan)."""
    if "standard_differs" not in plan.refs:
        latest = context.latest.get(plan.row.id) if plan.row is not None else None
        content = standard_content(plan.refs["components"], time_days=plan.values["time_days"],
                                   cost_rupiah=plan.values["cost_rupiah"])
        plan.refs["standard_differs"] = latest is None or version_content(latest) != content
    return plan.refs["standard_differs"]


def _write(session: Session, context: Context, plans: dict[str, list[Plan]],
           outcomes: dict[str, dict[str, str]], source: str) -> None:
    """Write the rows that are new or changed, section by section, in bulk where it counts."""
    todo = {section: [plan for plan in plans[section]
                      if outcomes[section][plan.key] != "unchanged"] for section in plans}
    _write_regions(session, todo["regions"])
    for section, model, known in (("categories", Category, context.categories),
                                  ("agencies", Agency, context.agencies)):
        for plan in todo[section]:
            known[plan.key] = _written(session, plan.row or model(), plan.values)
    session.flush()
    for plan in todo["units"]:
        values = plan.values | {"agency_id": context.agencies[plan.refs["agency"]].id}
        context.units[plan.key] = _written(session, plan.row or Unit(), values)
    session.flush()
    _write_services(session, context, todo["services"], source)


def _written(session: Session, row, values: dict):
    apply_values(row, values)
    session.add(row)
    return row


def _write_regions(session: Session, plans: list[Plan]) -> None:
    """New regions inserted and changed ones updated, each in one statement."""
    new = [plan.values for plan in plans if plan.row is None]
    changed = [plan.values | {"id": plan.row[0]} for plan in plans if plan.row is not None]
    if new:
        session.execute(insert(Region), new)
    if changed:
        session.execute(update(Region), changed)


def _write_services(session: Session, context: Context, plans: list[Plan], source: str) -> None:
    """Services, then their standards (a new version only where the standard changed)."""
    written = []
    for plan in plans:
        # A new service's empty standard, set here, is not read back one query at a time.
        service = plan.row or Service(standards=[])
        write_service(service, plan.values, unit=context.units[plan.refs["unit"]],
                      offered=[context.units[slug] for slug in plan.refs["offered"]])
        session.add(service)
        written.append((plan, service))
    session.flush()
    for plan, service in written:
        if _standard_differs(context, plan):
            write_standard(session, service, plan.refs["components"],
                           effective_from=plan.refs["effective_from"],
                           latest=context.latest.get(service.id), officer_id=None,
                           source=source)
    session.flush()
    if len(written) > BULK_REINDEX:
        reindex_all(session)
        return
    for _, service in written:
        reindex_service(session, service)


# --- export ----------------------------------------------------------------------------------

def export_catalogue(session: Session) -> dict:
    """The whole catalogue as one document, rows sorted by their keys (stable diffs)."""
    return {
        "format": FORMAT, "version": VERSION,
        "regions": [{"code": code, "name": name, "level": level} for code, name, level in
                    session.execute(select(Region.code, Region.name, Region.level)
                                    .order_by(Region.code))],
        "categories": [{"code": c.code, "name": {"id": c.name_id, "en": c.name_en},
                        "position": c.position} for c in list_categories(session)],
        "agencies": [{"slug": a.slug, "name": a.name, "region": a.region}
                     for a in session.scalars(select(Agency).order_by(Agency.slug))],
        "units": [_unit_document(unit) for unit in session.scalars(
            select(Unit).options(selectinload(Unit.agency)).order_by(Unit.slug))],
        "services": [_service_document(service) for service in session.scalars(
            select(Service).options(selectinload(Service.offered_at), selectinload(Service.unit),
                                    selectinload(Service.standards)).order_by(Service.code))],
    }


def export_catalogue_text(session: Session) -> str:
    """The export as JSON text (UTF-8, one field a line): what a file or a download holds."""
    return json.dumps(export_catalogue(session), ensure_ascii=False, indent=1) + "\n"


def _unit_document(unit: Unit) -> dict:
    signed_on = unit.maklumat_signed_on
    return {
        "slug": unit.slug, "agency": unit.agency.slug, "name": unit.name, "kind": unit.kind,
        "region": unit.region, "kecamatan": unit.kecamatan_code, "desa": unit.desa_code,
        "address": unit.address, "opening_hours": unit.opening_hours, "phone": unit.phone,
        "whatsapp": unit.whatsapp, "latitude": unit.latitude, "longitude": unit.longitude,
        "service_population": unit.service_population,
        "maklumat": {"text": unit.maklumat_text, "signatory": unit.maklumat_signatory,
                     "signed_on": signed_on.isoformat() if signed_on else None},
    }


def _service_document(service: Service) -> dict:
    since = service.standard_since
    return {
        "code": service.code, "unit": service.unit.slug,
        "offered_at": sorted(unit.slug for unit in service.offered_at),
        "category": service.category, "menu_order": service.menu_order,
        "name": {"id": service.name_id, "en": service.name_en},
        "short_name": {"id": service.short_name_id, "en": service.short_name_en},
        "keywords": [word for word in service.keywords.split(", ") if word],
        "time_days": service.time_days, "cost_rupiah": service.cost_rupiah,
        "effective_from": since.isoformat() if since else None,
        "standard": {key: _component_document(service, key) for key in COMPONENT_KEYS},
    }


def _component_document(service: Service, key: str) -> dict:
    found = next((s for s in service.standards if s.component == key), None)
    if key in LIST_COMPONENTS:
        return {"id": found.items("id") if found else [],
                "en": [line.strip() for line in (found.text_en if found else "").splitlines()
                       if line.strip()]}
    return {"id": found.text_id if found else "", "en": found.text_en if found else ""}
