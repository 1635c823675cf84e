"""Officer accounts: creation and password checks (hashes only, never the password)."""

from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from core.errors import InvalidInput, NotFound
from core.models import Officer, Unit
from core.models.staff import ROLES

MIN_PASSWORD = 10
# Roles that work one unit's tickets; admins and auditors see every unit.
UNIT_ROLES = ("unit_head", "officer")


def create_officer(
    session: Session, *, email: str, name: str, password: str, role: str,
    unit_id: int | None = None, min_password: int = MIN_PASSWORD,
) -> Officer:
    """Create an account with a hashed password, or update the one with that email."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise InvalidInput("email")
    if role not in ROLES:
        raise InvalidInput("role")
    if len(password) < min_password:
        raise InvalidInput("password")
    if role in UNIT_ROLES and (unit_id is None or session.get(Unit, unit_id) is None):
        raise NotFound("unit")
    officer = session.scalars(select(Officer).where(Officer.email == email)).one_or_none()
    if officer is not None:
        # A new password ends every session signed with the old one.
        officer.session_version += 1
    officer = officer or Officer(email=email)
    officer.name = name.strip() or email
    officer.password_hash = generate_password_hash(password)
    officer.role = role
    officer.unit_id = unit_id if role in UNIT_ROLES else None
    session.add(officer)
    session.flush()
    return officer


def find_officer(session: Session, *, email: str) -> Officer | None:
    """The account with this email, active or not, or None."""
    return session.scalars(
        select(Officer).where(Officer.email == (email or "").strip().lower())
    ).one_or_none()


def password_matches(officer: Officer | None, password: str) -> bool:
    """Whether the password opens the account; no account costs the same hash check.

    Without the stand-in check an unknown email answers many times faster
    than a known one, and the answer time tells which emails have accounts.
    """
    stored = officer.password_hash if officer is not None else _stand_in_hash()
    return check_password_hash(stored, password or "") and officer is not None


def authenticate_officer(session: Session, *, email: str, password: str) -> Officer | None:
    """The active officer with these credentials, or None (the same work either way)."""
    officer = find_officer(session, email=email)
    matches = password_matches(officer, password)
    return officer if matches and officer.active else None


@cache
def _stand_in_hash() -> str:
    """A hash made as real accounts' are (same method and cost), of no one's password."""
    return generate_password_hash("stand-in password of no account")


def officer_names(session: Session, officer_ids) -> dict[int, str]:
    """The names of some officers by id (who set a standard, say); unknown ids are left out."""
    ids = {officer_id for officer_id in officer_ids if officer_id is not None}
    if not ids:
        return {}
    query = select(Officer.id, Officer.name).where(Officer.id.in_(ids))
    return {officer_id: name for officer_id, name in session.execute(query)}
