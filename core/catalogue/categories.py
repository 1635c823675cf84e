"""Complaint and service categories: rows of `categories`, as the agency keeps them.

Migration 0008 seeds the fourteen of SP4N-LAPOR!, health first; the agency
renames, reorders and adds to them in the back office. Complaint types
are not data: their labels stay in code.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import NotFound
from core.i18n import N_
from core.models import Category

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
