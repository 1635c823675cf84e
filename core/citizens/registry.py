"""Citizens: one record per phone number, whatever channel they come from."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db import begin_read_only
from core.i18n import normalise_language
from core.models import Citizen
from core.phones import normalise_phone


def citizen_for_phone(session: Session, phone: str, language: str | None = None) -> Citizen:
    """Find or add the citizen with this number, inside the caller's transaction."""
    e164 = normalise_phone(phone)
    citizen = session.scalars(select(Citizen).where(Citizen.phone == e164)).one_or_none()
    if citizen is not None:
        return citizen
    citizen = Citizen(phone=e164, language=normalise_language(language))
    # A savepoint, so that losing a race to a concurrent first contact from the
    # same phone does not undo the caller's work.
    try:
        with session.begin_nested():
            session.add(citizen)
    except IntegrityError:
        citizen = session.scalars(select(Citizen).where(Citizen.phone == e164)).one()
    return citizen


def phone_of_citizen(session: Session, *, citizen_id: int) -> str | None:
    """The E.164 number of the citizen with this id, or None; only reads."""
    begin_read_only(session)
    return session.scalar(select(Citizen.phone).where(Citizen.id == citizen_id))


def set_citizen_language(session: Session, *, phone: str, language: str) -> Citizen:
    """Record the language the citizen wants to be answered in."""
    citizen = citizen_for_phone(session, phone)
    citizen.language = normalise_language(language)
    return citizen


def set_citizen_opt_out(session: Session, *, phone: str, opted_out: bool) -> Citizen:
    """Opt the citizen out of (or back into) surveys and announcements."""
    citizen = citizen_for_phone(session, phone)
    citizen.opted_out = opted_out
    return citizen
