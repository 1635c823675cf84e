"""Finding services by what citizens type: synonyms, stemming, typos, full-text rank.

Each service has one row in `service_search` (reindex_service writes it
after every service write): its stemmed words, the title (names, code,
keywords) apart from the rest (category, units, the standard's requirements,
procedure and product), so that the title weighs more. Migration 0009 puts
the database's own full-text index over it: FTS5 ranked by bm25 on SQLite,
a GIN-indexed tsvector ranked by ts_rank on PostgreSQL.

A query asks first for services matching every word typed (each word or
phrase by any of its synonyms); when none does, for services matching any.
"""

import time
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload

from core.catalogue.regions import region_names
from core.catalogue.search.words import ParsedQuery, parse_query, stemmed, words_of
from core.models import Category, Region, Service, ServiceSearch, Unit
from core.models.catalogue import unit_services

# The standard's components that say what a service is about; the others
# (cost, complaints, legal basis...) read alike for every service.
INDEXED_COMPONENTS = ("persyaratan", "prosedur", "produk")
# The title counts this many times the rest in the rank (bm25 column weight;
# PostgreSQL's weights A and D are 1.0 and 0.1).
TITLE_WEIGHT = 10.0
# How long a process trusts its copy of the vocabulary another process may change.
VOCABULARY_SECONDS = 60.0
# Bumped by every reindex in this process: its next search reloads the vocabulary.
_vocabulary_version = 0
_vocabularies: dict[str, tuple[int, float, frozenset[str]]] = {}


@dataclass(frozen=True)
class ServiceHit:
    """A service found, in the language asked, with its unit and category for the list."""

    service_id: int
    code: str
    name: str
    short_name: str
    unit_id: int
    unit_name: str
    category: str
    category_name: str
    # Higher is better; only comparable within one search.
    score: float
    # How many of the words or phrases typed its names and code hold, and its title (names,
    # code and keywords): how surely it is the one meant (clear_winner).
    in_name: int = 0
    in_title: int = 0
    # How many units offer it (its own among them): "and 30 other places".
    offered_at: int = 1


@dataclass(frozen=True)
class SearchResult:
    """The services found, and how the query was read: for an empty state that helps."""

    hits: list[ServiceHit]
    corrections: tuple[tuple[str, str], ...]
    synonyms: tuple[str, ...]
    # True when the code typed is a service's own (INFO IMUN): no doubt which one.
    exact_code: bool = False
    # True when no service matched every word typed, and these match some of them.
    partial: bool = False


def reindex_service(session: Session, service: Service) -> None:
    """Rewrite the service's search document (called after every service write)."""
    session.flush()
    category = session.scalar(select(Category).where(Category.code == service.category))
    _write_document(session, service, category, session.get(ServiceSearch, service.id))
    session.flush()
    _index_changed()


def reindex_all(session: Session) -> int:
    """Rewrite every service's search document (after a bulk import); how many there are."""
    session.flush()
    query = select(Service).options(selectinload(Service.standards),
                                    selectinload(Service.unit), selectinload(Service.offered_at))
    services = list(session.scalars(query))
    categories = {category.code: category for category in session.scalars(select(Category))}
    rows = {row.service_id: row for row in session.scalars(select(ServiceSearch))}
    for service in services:
        _write_document(session, service, categories.get(service.category),
                        rows.get(service.id))
    session.flush()
    _index_changed()
    return len(services)


def reindex_missing(session: Session) -> int:
    """Index the services that have no search row yet: after an upgrade from before 0009.

    The migration cannot stem (it must not import application code), so
    `layanan db upgrade` calls this once the schema is current.
    """
    missing = select(Service.id).where(~Service.id.in_(select(ServiceSearch.service_id)))
    if session.scalar(select(func.count()).select_from(missing.subquery())) == 0:
        return 0
    return reindex_all(session)


def _write_document(session: Session, service: Service, category: Category | None,
                    row: ServiceSearch | None) -> None:
    """Put the service's words in its row of service_search (added when None)."""
    if row is None:
        row = ServiceSearch(service_id=service.id)
        session.add(row)
    title = _title_text(service)
    row.title, row.document = stemmed(title), stemmed(_document_text(service, category))
    row.words = " ".join(sorted(set(words_of(title))))


def _index_changed() -> None:
    """Make this process's next search reload the vocabulary."""
    global _vocabulary_version
    _vocabulary_version += 1


def search_services(session: Session, text: str, *, language: str,
                    limit: int = 20) -> list[ServiceHit]:
    """Services matching the text, best first (ties by name)."""
    return search_catalogue(session, text, language=language, limit=limit).hits


def search_catalogue(session: Session, text: str, *, language: str,
                     limit: int = 20) -> SearchResult:
    """Services matching the text, best first, with the corrections and synonyms tried."""
    exact = _by_code(session, text)
    parsed = parse_query(text, _vocabulary(session))
    ranked, partial = _ranked(session, parsed, limit)
    if exact is not None:
        ranked = [(exact, float("inf"))] + [hit for hit in ranked if hit[0] != exact][:limit - 1]
    hits = _hits(session, ranked, language, parsed)
    return SearchResult(hits, parsed.corrections, parsed.synonyms, exact_code=exact is not None,
                        partial=partial and exact is None)


def _title_text(service: Service) -> str:
    """The words that name the service, in both languages, and its keywords."""
    return " ".join((_name_text(service), (service.keywords or "").replace(",", " ")))


def _name_text(service: Service) -> str:
    """The service's code and names, in both languages."""
    return " ".join((service.code, service.name_id, service.name_en, service.short_name_id,
                     service.short_name_en))


def _document_text(service: Service, category: Category | None) -> str:
    """The words around it: category, the units answering for and offering it, the standard."""
    category_names = (category.name_id, category.name_en) if category else (service.category,)
    units = {service.unit.name, *(unit.name for unit in service.offered_at)}
    standards = (s.text_id for s in service.standards if s.component in INDEXED_COMPONENTS)
    return " ".join((*category_names, *sorted(units), *standards))


def _by_code(session: Session, text: str) -> int | None:
    """The service whose code is the whole text ("IMUN", "imun"), if any."""
    words = (text or "").split()
    if len(words) != 1 or len(words[0]) > 12 or not words[0].isalnum():
        return None
    return session.scalar(select(Service.id).where(Service.code == words[0].upper()))


def _ranked(session: Session, parsed: ParsedQuery,
            limit: int) -> tuple[list[tuple[int, float]], bool]:
    """(service id, score) pairs: every group matching, else any (then partial: True)."""
    if not parsed.groups:
        return [], False
    run = _RANKERS[session.get_bind().dialect.name]
    found = run(session, parsed.groups, every=True, limit=limit)
    if found or len(parsed.groups) == 1:
        return found, False
    return run(session, parsed.groups, every=False, limit=limit), True


def _sqlite_ranked(session, groups, *, every: bool, limit: int):
    """FTS5: MATCH with quoted stems, bm25 (lower is better) with the title weighed up."""
    match = (" AND " if every else " OR ").join(
        "(" + " OR ".join("(" + " AND ".join(f'"{w}"' for w in alt) + ")" for alt in group) + ")"
        for group in groups)
    rows = session.execute(text(
        "SELECT s.id, bm25(service_search_fts, :weight, 1.0) AS rank "
        "FROM service_search_fts JOIN services s ON s.id = service_search_fts.rowid "
        "WHERE service_search_fts MATCH :match ORDER BY rank, s.name_id, s.id LIMIT :limit"),
        {"match": match, "weight": TITLE_WEIGHT, "limit": limit})
    return [(service_id, -rank) for service_id, rank in rows]


def _postgresql_ranked(session, groups, *, every: bool, limit: int):
    """tsvector: @@ a tsquery of the stems, ts_rank (higher is better, per log of length)."""
    query = (" & " if every else " | ").join(
        "(" + " | ".join("(" + " & ".join(alt) + ")" for alt in group) + ")" for group in groups)
    rows = session.execute(text(
        "SELECT s.id, ts_rank(ss.terms, query, 1) AS rank "
        "FROM service_search ss JOIN services s ON s.id = ss.service_id "
        "CROSS JOIN to_tsquery('simple', :query) AS query "
        "WHERE ss.terms @@ query ORDER BY rank DESC, s.name_id, s.id LIMIT :limit"),
        {"query": query, "limit": limit})
    return [(service_id, rank) for service_id, rank in rows]


_RANKERS = {"sqlite": _sqlite_ranked, "postgresql": _postgresql_ranked}


def _hits(session: Session, ranked: list[tuple[int, float]], language: str,
          parsed: ParsedQuery) -> list[ServiceHit]:
    """The ranked services as hits, in rank order, named in the language."""
    if not ranked:
        return []
    query = (select(Service, Unit.name, Category, ServiceSearch.title)
             .join(Unit, Unit.id == Service.unit_id)
             .outerjoin(Category, Category.code == Service.category)
             .outerjoin(ServiceSearch, ServiceSearch.service_id == Service.id)
             .where(Service.id.in_([service_id for service_id, _ in ranked])))
    found = {row[0].id: row for row in session.execute(query)}
    offered = dict(session.execute(
        select(unit_services.c.service_id, func.count()).where(
            unit_services.c.service_id.in_(found)).group_by(unit_services.c.service_id)).all())
    hits = []
    for service_id, score in ranked:
        service, unit_name, category, title = found[service_id]
        hits.append(ServiceHit(
            service_id=service.id, code=service.code, name=service.name(language),
            short_name=service.short_name(language), unit_id=service.unit_id,
            unit_name=unit_name, category=service.category,
            category_name=category.name(language) if category else service.category,
            score=score, in_name=_groups_in(parsed, set(stemmed(_name_text(service)).split())),
            in_title=_groups_in(parsed, set((title or "").split())),
            offered_at=max(offered.get(service.id, 0), 1)))
    return hits


def _groups_in(parsed: ParsedQuery, stems: set[str]) -> int:
    """How many groups of the query some alternative of which the stems hold entirely."""
    return sum(1 for group in parsed.groups
               if any(set(alternative) <= stems for alternative in group))


def _vocabulary(session: Session) -> frozenset[str]:
    """The words the index knows (title stems and words as written, and every stem), cached."""
    key = str(session.get_bind().url)
    cached = _vocabularies.get(key)
    now = time.monotonic()
    if cached and cached[0] == _vocabulary_version and now - cached[1] < VOCABULARY_SECONDS:
        return cached[2]
    words: set[str] = set()
    for title, written in session.execute(select(ServiceSearch.title, ServiceSearch.words)):
        words.update(title.split(), written.split())
    words.update(_index_terms(session))
    vocabulary = frozenset(words)
    _vocabularies[key] = (_vocabulary_version, now, vocabulary)
    return vocabulary


def _index_terms(session: Session) -> list[str]:
    """Every stem of the full-text index, as the database counts them."""
    if session.get_bind().dialect.name == "sqlite":
        return list(session.scalars(text("SELECT term FROM service_search_fts_vocab")))
    statement = "SELECT word FROM ts_stat('SELECT terms FROM service_search')"
    return list(session.scalars(text(statement)))


# A channel with room for one answer (SMS) gives the first service only when
# its score is at least this many times the second's; else it offers a choice.
CLEAR_LEAD = 2.0
# Words of unit and place names that say what a unit is, not which one.
GENERIC_PLACE_WORDS = frozenset({
    "puskesmas", "pustu", "polindes", "kantor", "kecamatan", "desa", "kelurahan", "dinas",
    "kabupaten", "upt", "unit", "rumah", "sakit", "rsud", "mal", "pelayanan", "publik", "di",
})
# How alike (rapidfuzz ratio) a typed place word and a unit's must be.
PLACE_SCORE = 85


def clear_winner(result: SearchResult) -> ServiceHit | None:
    """The one service a short reply may answer with, or None when the citizen should choose.

    The code typed; else, among the services whose names hold most of what
    was typed (then whose keywords do), the only one, or one scoring far above
    the next: "surat sehat" is Surat keterangan sehat, not the pre-marriage
    check whose keywords say "surat sehat nikah"; "kis" may be two services.
    """
    hits = result.hits
    if not hits:
        return None
    if result.exact_code:
        return hits[0]
    best = max((hit.in_name, hit.in_title) for hit in hits)
    leaders = [hit for hit in hits if (hit.in_name, hit.in_title) == best]
    if len(leaders) == 1 or leaders[0].score >= CLEAR_LEAD * leaders[1].score:
        return leaders[0]
    return None


def offering_unit(session: Session, *, service_id: int, text: str) -> int | None:
    """The unit offering the service that the text names, by its name or kecamatan; None if
    the text names none of them (or two alike): the request then goes to the service's own."""
    typed = set(words_of(text)) - GENERIC_PLACE_WORDS
    service = session.get(Service, service_id)
    if service is None or not typed:
        return None
    kecamatan = region_names(session, (unit.kecamatan_code for unit in service.offered_at))
    scored = []
    for unit in service.offered_at:
        # A unit's own name counts twice its kecamatan's: "Kalianget" is Puskesmas
        # Kalianget before any other unit that lies in Kecamatan Kalianget.
        score = 2 * _place_matches(typed, unit.name) + _place_matches(
            typed, kecamatan.get(unit.kecamatan_code or "", ""))
        scored.append((score, unit.id))
    scored.sort(reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _place_matches(typed: set[str], name: str) -> int:
    """How many of a name's distinctive words were typed (a letter or two off is fine)."""
    words = set(words_of(name)) - GENERIC_PLACE_WORDS
    return sum(1 for word in words
               if any(fuzz.ratio(word, other) >= PLACE_SCORE for other in typed))


def without_place(session: Session, text: str) -> str | None:
    """The text without the unit or place it ends with ("imunisasi di puskesmas gapura" ->
    "imunisasi"), or None when it ends with none: what to search for when the whole text
    finds no one service. Place words are those of units' and regions' names; one word
    always stays."""
    words = words_of(text)
    places = _place_words(session)
    end = len(words)
    while end > 1 and (words[end - 1] in GENERIC_PLACE_WORDS or process.extractOne(
            words[end - 1], places, scorer=fuzz.ratio, score_cutoff=PLACE_SCORE,
            processor=None)):
        end -= 1
    return " ".join(words[:end]) if end < len(words) else None


def _place_words(session: Session) -> list[str]:
    """The distinctive words of every unit's and region's name, in a fixed order."""
    names = [*session.scalars(select(Unit.name)), *session.scalars(select(Region.name))]
    return sorted({word for name in names for word in words_of(name)} - GENERIC_PLACE_WORDS)
