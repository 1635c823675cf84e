"""Versions of a service's standard: what each says, and which is the latest.

A version's content holds all 14 components in both languages plus the
service's time limit and cost, so two versions compare as plain values.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import Officer, StandardVersion


def standard_content(components: dict[str, tuple[str, str]], *, time_days: int,
                     cost_rupiah: int) -> dict:
    """The content a version stores: {key: {"id", "en"}, ..., time_days, cost_rupiah}."""
    content: dict = {key: {"id": text_id, "en": text_en}
                     for key, (text_id, text_en) in sorted(components.items())}
    content.update(time_days=time_days, cost_rupiah=cost_rupiah)
    return content


def version_content(version: StandardVersion) -> dict:
    """The stored content of a version, as a dict."""
    return json.loads(version.content)


def list_versions(session: Session, *, service_id: int) -> list[StandardVersion]:
    """Every version of a service's standard, newest first."""
    query = (select(StandardVersion).where(StandardVersion.service_id == service_id)
             .order_by(StandardVersion.number.desc()))
    return list(session.scalars(query))


@dataclass(frozen=True)
class VersionEntry:
    """A version as the history lists it: when, from which day, by whom, and what it says."""

    number: int
    effective_from: date
    created_at: datetime
    source: str
    officer_id: int | None
    officer_name: str | None
    content: dict


def list_standard_versions(session: Session, *, service_id: int) -> list[VersionEntry]:
    """Every version of a service's standard with its officer's name, newest first."""
    query = (select(StandardVersion, Officer.name)
             .outerjoin(Officer, Officer.id == StandardVersion.officer_id)
             .where(StandardVersion.service_id == service_id)
             .order_by(StandardVersion.number.desc()))
    return [VersionEntry(v.number, v.effective_from, v.created_at, v.source, v.officer_id, name,
                         version_content(v))
            for v, name in session.execute(query)]


def latest_versions(session: Session, service_ids=None) -> dict[int, StandardVersion]:
    """The newest version of each service's standard (of the given services, or all)."""
    newest = select(StandardVersion.service_id, func.max(StandardVersion.number).label("number"))
    if service_ids is not None:
        newest = newest.where(StandardVersion.service_id.in_(list(service_ids)))
    newest = newest.group_by(StandardVersion.service_id).subquery()
    query = select(StandardVersion).join(
        newest, (StandardVersion.service_id == newest.c.service_id)
        & (StandardVersion.number == newest.c.number))
    return {version.service_id: version for version in session.scalars(query)}
