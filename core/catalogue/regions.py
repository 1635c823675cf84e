"""The kabupaten's kecamatan, desa and kelurahan, by their Kemendagri codes (docs/domain.md §11)."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import InvalidInput
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


def region_names(session: Session) -> dict[str, str]:
    """Every region's name by code: a few hundred rows for a kabupaten."""
    return dict(session.execute(select(Region.code, Region.name)).tuples())


@dataclass(frozen=True)
class Place:
    """Where something happened, as filed: codes (when picked from the lists) and names."""

    kecamatan_code: str | None = None
    desa_code: str | None = None
    kecamatan: str | None = None
    desa: str | None = None


def resolve_place(session: Session, *, kecamatan_code: str | None, desa_code: str | None,
                  kecamatan: str | None = None, desa: str | None = None) -> Place:
    """Check picked codes and take their official names; free-text names pass as typed.

    A desa must lie in the kecamatan given; a desa alone brings its kecamatan.
    """
    kecamatan_code, desa_code = kecamatan_code or None, desa_code or None
    if desa_code is not None:
        village = _region(session, desa_code, VILLAGE_LEVELS, "desa")
        if kecamatan_code is not None and village.parent_code != kecamatan_code:
            raise InvalidInput("desa")
        kecamatan_code, desa = village.parent_code, village.name
    if kecamatan_code is not None:
        kecamatan = _region(session, kecamatan_code, (KECAMATAN,), "kecamatan").name
    return Place(kecamatan_code, desa_code, _tidy(kecamatan), _tidy(desa))


def _region(session: Session, code: str, levels: tuple[str, ...], field: str) -> Region:
    region = session.scalars(select(Region).where(Region.code == code)).one_or_none()
    if region is None or region.level not in levels:
        raise InvalidInput(field)
    return region


def _tidy(name: str | None) -> str | None:
    return (name or "").strip()[:80] or None
