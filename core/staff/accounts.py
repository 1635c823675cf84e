"""Officer accounts as the back office uses them: sign-in, loading, creation, deactivation.

Every sign-in attempt and account change lands in the audit trail. Demo
accounts (published passwords) are refused outside demo mode, whoever asks.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.db import begin_read_only
from core.errors import DomainError, InvalidInput, NotFound
from core.i18n import N_
from core.models import Officer
from core.phones import mask_phone, normalise_phone
from core.staff.access import Principal, require
from core.staff.audit import add_audit_entry, audited
from core.staff.officers import create_officer, find_officer, password_matches

DEMO_DOMAIN = "@sumenep.demo"
# The audit target of a failed sign-in whose email matched no account.
UNKNOWN_ACCOUNT = "account:unknown"


class AccountExists(DomainError):
    """An account with this email already exists."""

    message = N_("Akun dengan email ini sudah ada.")


def is_demo_account(email: str) -> bool:
    """Whether the address belongs to the published demo accounts."""
    return (email or "").strip().lower().endswith(DEMO_DOMAIN)


def principal_of(officer: Officer) -> Principal:
    """The rules' view of an officer."""
    return Principal(officer.id, officer.role, officer.unit_id)


def sign_in_officer(
    session: Session, *, email: str, password: str, allow_demo: bool, source: str = ""
) -> Officer | None:
    """The officer these credentials open, or None; the attempt is audited either way.

    A refusal is returned, not raised, so that the entry point commits the
    audit entry of a failed attempt too. Every attempt checks one password
    hash, whether the account exists, is inactive or is a refused demo one:
    the answer time tells nothing. A failure names the account it was for,
    never the typed text of an email that matched none (it may be a password
    typed in the wrong field, or someone's private address).
    """
    address = (email or "").strip().lower()[:254]
    account = find_officer(session, email=address)
    matches = password_matches(account, password)
    allowed = account is not None and account.active and (
        allow_demo or not is_demo_account(address))
    officer = account if matches and allowed else None
    if officer is None:
        add_audit_entry(session, officer_id=None, action="login_failed",
                        target=f"officer:{account.id}" if account else UNKNOWN_ACCOUNT,
                        detail=source)
    else:
        add_audit_entry(session, officer_id=officer.id, action="login",
                        target=f"officer:{officer.id}", detail=source)
    return officer


def load_officer(
    session: Session, *, officer_id: int, session_version: int, allow_demo: bool
) -> Officer | None:
    """The active officer behind a signed-in session, or None to end that session.

    A session signed before the account's last sign-out, deactivation or new
    password carries an older version, and ends. It runs on every back-office
    request, so it reads without a write lock. The caller gives it a unit of
    work of its own: what the request does next then starts its own
    transaction (a write lock at once on SQLite, core/db.py).
    """
    begin_read_only(session)
    officer = session.scalars(select(Officer).where(Officer.id == officer_id)
                              .options(selectinload(Officer.unit))).one_or_none()
    if officer is None or not officer.active or officer.session_version != session_version:
        return None
    if not allow_demo and is_demo_account(officer.email):
        return None
    return officer


def sign_out_officer(session: Session, *, officer_id: int) -> None:
    """End every session of the account, on every device, and audit the sign-out."""
    officer = session.get(Officer, officer_id)
    if officer is not None:
        officer.session_version += 1
    add_audit_entry(session, officer_id=officer_id, action="logout",
                    target=f"officer:{officer_id}")


def list_officers(session: Session, *, principal: Principal) -> list[Officer]:
    """Every account, by role then email (administrators only)."""
    require(principal, "accounts", any_unit=True)
    query = select(Officer).options(selectinload(Officer.unit)).order_by(Officer.role,
                                                                         Officer.email)
    return list(session.scalars(query))


def create_account(
    session: Session, *, principal: Principal | None, email: str, name: str, password: str,
    role: str, unit_id: int | None = None, allow_demo: bool = False, phone: str | None = None,
) -> Officer:
    """Create an account with a hashed password (principal None: the command line), audited.

    `phone` (optional, any common format) is where the daily digest of
    overdue tickets goes; InvalidPhoneNumber when it is not a phone number.
    """
    if principal is not None:
        require(principal, "accounts", any_unit=True)
    phone = officer_phone(phone)
    address = (email or "").strip().lower()
    if is_demo_account(address) and not allow_demo:
        raise InvalidInput("email")
    if session.scalars(select(Officer.id).where(Officer.email == address)).first():
        raise AccountExists(address)
    with audited(session, officer_id=principal.officer_id if principal else None,
                 action="account_create", target=f"email:{address}"[:80],
                 detail=f"role={role} unit={unit_id or '-'}"):
        officer = create_officer(session, email=address, name=name, password=password,
                                 role=role, unit_id=unit_id)
        officer.phone = phone
    return officer


def officer_phone(raw: str | None) -> str | None:
    """An officer's phone in E.164, None when left empty; InvalidPhoneNumber otherwise."""
    text = (raw or "").strip()
    return normalise_phone(text) if text else None


def set_account_phone(
    session: Session, *, principal: Principal, officer_id: int, phone: str | None
) -> Officer:
    """Set (or clear, when empty) the phone the digest goes to; audited, the number masked."""
    require(principal, "accounts", any_unit=True)
    number = officer_phone(phone)
    officer = session.get(Officer, officer_id)
    if officer is None:
        raise NotFound("officer")
    with audited(session, officer_id=principal.officer_id, action="account_phone",
                 target=f"officer:{officer.id}", detail=mask_phone(number) if number else "-"):
        officer.phone = number
    return officer


def set_account_active(
    session: Session, *, principal: Principal, officer_id: int, active: bool
) -> Officer:
    """Deactivate (or reactivate) another account; its sessions end at their next request."""
    require(principal, "accounts", any_unit=True)
    if officer_id == principal.officer_id:
        raise InvalidInput("officer_id")
    officer = session.get(Officer, officer_id)
    if officer is None:
        raise NotFound("officer")
    with audited(session, officer_id=principal.officer_id,
                 action="account_activate" if active else "account_deactivate",
                 target=f"officer:{officer.id}", detail=officer.email):
        officer.active = active
        officer.session_version += 1
    return officer
