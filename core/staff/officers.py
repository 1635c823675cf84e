"""Officer accounts: creation and password checks (hashes only, never the password)."""

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
    officer = officer or Officer(email=email)
    officer.name = name.strip() or email
    officer.password_hash = generate_password_hash(password)
    officer.role = role
    officer.unit_id = unit_id if role in UNIT_ROLES else None
    session.add(officer)
    session.flush()
    return officer


def authenticate_officer(session: Session, *, email: str, password: str) -> Officer | None:
    """The active officer with these credentials, or None."""
    officer = session.scalars(
        select(Officer).where(Officer.email == (email or "").strip().lower())
    ).one_or_none()
    if officer is None or not officer.active:
        return None
    return officer if check_password_hash(officer.password_hash, password or "") else None
