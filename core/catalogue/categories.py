"""Complaint and service categories: rows of `categories`, as the agency keeps them.

The SP4N-LAPOR! set below is what migration 0008 seeded; it stays here so
that an emptied database (a test, a fresh demo) can be given it again.
Complaint types are not data: their labels stay in code.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import NotFound
from core.i18n import N_
from core.models import Category

# (code, Indonesian name, English name), health first: the order of the menus.
SP4N_LAPOR_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("kesehatan", "Kesehatan", "Health"),
    ("administrasi_kependudukan", "Administrasi kependudukan", "Civil registration"),
    ("perizinan", "Perizinan", "Licensing"),
    ("sosial", "Sosial", "Social"),
    ("pendidikan", "Pendidikan", "Education"),
    ("infrastruktur", "Infrastruktur", "Infrastructure"),
    ("transportasi", "Transportasi", "Transport"),
    ("lingkungan", "Lingkungan", "Environment"),
    ("pariwisata", "Pariwisata", "Tourism"),
    ("pembangunan_daerah", "Pembangunan daerah", "Local development"),
    ("dana_desa", "Dana desa", "Village funds"),
    ("ketenagakerjaan", "Ketenagakerjaan", "Employment"),
    ("kominfo", "Komunikasi dan informatika", "Communications and IT"),
    ("perbankan", "Perbankan", "Banking"),
)

COMPLAINT_TYPE_LABELS: dict[str, str] = {
    "pengaduan": N_("Pengaduan"),
    "aspirasi": N_("Aspirasi"),
    "informasi": N_("Permintaan informasi"),
}


def list_categories(session: Session) -> list[Category]:
    """Every category, in menu order (position, then code)."""
    return list(session.scalars(select(Category).order_by(Category.position, Category.code)))


def get_category(session: Session, *, category_id: int) -> Category:
    """One category, or NotFound."""
    category = session.get(Category, category_id)
    if category is None:
        raise NotFound("category")
    return category


def category_codes(session: Session) -> list[str]:
    """Every category code, in menu order."""
    query = select(Category.code).order_by(Category.position, Category.code)
    return list(session.scalars(query))


def category_names(session: Session, language: str) -> dict[str, str]:
    """Each category's name in the language, by code, in menu order."""
    return {category.code: category.name(language) for category in list_categories(session)}


def category_exists(session: Session, code: str | None) -> bool:
    """Whether a category has this code."""
    if not code:
        return False
    return session.scalar(select(Category.id).where(Category.code == code)) is not None


def seed_categories(session: Session) -> None:
    """Give an empty table the SP4N-LAPOR! set (what a freshly migrated database has)."""
    if session.scalar(select(Category.id).limit(1)) is not None:
        return
    session.add_all(
        Category(code=code, name_id=name_id, name_en=name_en, position=position)
        for position, (code, name_id, name_en) in enumerate(SP4N_LAPOR_CATEGORIES, start=1)
    )
    session.flush()
