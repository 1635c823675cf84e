"""Reading agencies: the back office lists them and opens one with its units."""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.errors import NotFound
from core.models import Agency


def list_agencies(session: Session) -> list[Agency]:
    """Every agency with its units, by name."""
    query = select(Agency).options(selectinload(Agency.units)).order_by(Agency.name)
    return list(session.scalars(query))


def get_agency(session: Session, *, agency_id: int) -> Agency:
    """One agency, or NotFound."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("agency")
    return agency
