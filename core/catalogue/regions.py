"""The kabupaten's kecamatan, desa and kelurahan, by their Kemendagri codes (docs/domain.md §11)."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue.fields import UNKNOWN, FieldError
from core.i18n import N_
from core.models import Region

KECAMATAN = "kecamatan"
VILLAGE_LEVELS = ("desa", "kelurahan")


def list_kecamatan(session: Session) -> list[Region]:
    """Every kecamatan, by name."""
    query = select(Region).where(Region.level == KECAMATAN).order_by(Region.name)
    return list(session.scalars(query))


def list_villages(session: Session, *, kecamatan_code: str) -> list[Region]:
    """The desa and kelurahan of one kecamatan, by name."""
    query = (select(Region).where(Region.parent_code == kecamatan_code,
                                  Region.level.in_(VILLAGE_LEVELS))
             .order_by(Region.name))
    return list(session.scalars(query))


def villages_by_kecamatan(session: Session) -> dict[str, list[Region]]:
    """Every desa and kelurahan by kecamatan code, each list by name: one read for a form."""
    query = (select(Region).where(Region.level.in_(VILLAGE_LEVELS))
             .order_by(Region.parent_code, Region.name))
    grouped: dict[str, list[Region]] = {}
    for village in session.scalars(query):
        grouped.setdefault(village.parent_code or "", []).append(village)
    return grouped


def region_names(session: Session, codes: Iterable[str | None] | None = None) -> dict[str, str]:
    """Every region's name by code (a few hundred rows for a kabupaten), or those of `codes`."""
    query = select(Region.code, Region.name)
    if codes is not None:
        query = query.where(Region.code.in_({code for code in codes if code}))
    return {code: name for code, name in session.execute(query)}


@dataclass(frozen=True)
class Place:
    """Where something happened, as filed: codes (when picked from the lists) and names."""

    kecamatan_code: str | None = None
    desa_code: str | None = None
    kecamatan: str | None = None
    desa: str | None = None


# A region's (level, parent code) by its code, or None when unknown.
RegionLookup = Callable[[str], tuple[str, str | None] | None]
NOT_IN_KECAMATAN = N_("Desa ini tidak terletak di kecamatan yang dipilih.")


def region_lookup(session: Session) -> RegionLookup:
    """Look regions up in the database, one code at a time (a form's one or two)."""
    def lookup(code: str) -> tuple[str, str | None] | None:
        row = session.execute(select(Region.level, Region.parent_code)
                              .where(Region.code == code)).first()
        return tuple(row) if row else None
    return lookup


def check_place(regions: RegionLookup, kecamatan_code, desa_code) -> tuple[str | None, str | None]:
    """Checked kecamatan and desa codes; a desa must lie in the kecamatan given, and a desa
    alone brings its kecamatan. `regions` is a lookup: the database's, or the import's maps."""
    kecamatan_code, desa_code = kecamatan_code or None, desa_code or None
    if desa_code is not None:
        found = regions(desa_code) if isinstance(desa_code, str) else None
        if found is None or found[0] not in VILLAGE_LEVELS:
            raise FieldError("desa_code", UNKNOWN)
        if kecamatan_code is not None and found[1] != kecamatan_code:
            raise FieldError("desa_code", NOT_IN_KECAMATAN)
        kecamatan_code = found[1]
    if kecamatan_code is not None:
        found = regions(kecamatan_code) if isinstance(kecamatan_code, str) else None
        if found is None or found[0] != KECAMATAN:
            raise FieldError("kecamatan_code", UNKNOWN)
    return kecamatan_code, desa_code


def resolve_place(session: Session, *, kecamatan_code: str | None, desa_code: str | None,
                  kecamatan: str | None = None, desa: str | None = None) -> Place:
    """Check picked codes (check_place) and take their official names; free-text names pass
    as typed."""
    kecamatan_code, desa_code = check_place(region_lookup(session), kecamatan_code, desa_code)
    names = region_names(session, (kecamatan_code, desa_code)) if kecamatan_code else {}
    return Place(kecamatan_code, desa_code, _tidy(names.get(kecamatan_code) or kecamatan),
                 _tidy(names.get(desa_code) or desa))


def _tidy(name: str | None) -> str | None:
    return (name or "").strip()[:80] or None


# Words that announce a place in a citizen's own text: "desa Kalimook",
# "kec. Talango", "di Ra'as". A region's name elsewhere in the text is not
# taken: many desa names are also ordinary words.
VILLAGE_MARKERS = frozenset({"desa", "ds", "kelurahan", "kel"})
KECAMATAN_MARKERS = frozenset({"kecamatan", "kec"})
ANY_MARKERS = frozenset({"di"})
LONGEST_NAME = 3


def place_named_in(session: Session, text: str) -> Place:
    """The kecamatan and desa a text names after a marker word, as codes; empty when unsure.

    A desa named in two kecamatan counts only when the text names its
    kecamatan too; a kecamatan alone is kept.
    """
    words = _plain(text).split()
    named = _named_regions(session, words)
    kecamatan = {code for code, level, _ in named if level == KECAMATAN}
    villages = {(code, parent) for code, level, parent in named if level in VILLAGE_LEVELS}
    if kecamatan:
        villages = {(code, parent) for code, parent in villages if parent in kecamatan}
    if len(villages) == 1:
        code, parent = villages.pop()
        return Place(kecamatan_code=parent, desa_code=code)
    if len(kecamatan) == 1:
        return Place(kecamatan_code=kecamatan.pop())
    return Place()


def _named_regions(session: Session, words: list[str]) -> set[tuple[str, str, str | None]]:
    """(code, level, parent) of each region named right after a marker word."""
    index: dict[str, list[tuple[str, str, str | None]]] = {}
    rows = session.execute(select(Region.name, Region.code, Region.level, Region.parent_code)
                           .where(Region.level.in_((KECAMATAN, *VILLAGE_LEVELS))))
    for name, code, level, parent in rows:
        index.setdefault(_plain(name), []).append((code, level, parent))
    found = set()
    for position, word in enumerate(words):
        levels = _levels_after(word)
        for length in range(LONGEST_NAME, 0, -1):
            phrase = " ".join(words[position + 1:position + 1 + length])
            matches = [row for row in index.get(phrase, ()) if row[1] in levels]
            if matches:
                found.update(matches)
                break
    return found


def _levels_after(word: str) -> tuple[str, ...]:
    if word in VILLAGE_MARKERS:
        return VILLAGE_LEVELS
    if word in KECAMATAN_MARKERS:
        return (KECAMATAN,)
    return (KECAMATAN, *VILLAGE_LEVELS) if word in ANY_MARKERS else ()


def _plain(text: str) -> str:
    """Lower case words without apostrophes: "Ra'as" is "raas", "Guluk-Guluk" "guluk guluk"."""
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower().replace("'", "")).strip()
