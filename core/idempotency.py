"""Client keys make every create safe to repeat: the same key returns the same record."""

from sqlalchemy import select
from sqlalchemy.orm import Session


def find_by_client_key(session: Session, model, channel: str, client_key: str | None):
    """The record this channel already created with this key, or None."""
    if not client_key:
        return None
    query = select(model).where(model.channel == channel, model.client_key == client_key)
    return session.scalars(query).one_or_none()
