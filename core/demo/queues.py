"""The demo's counter queues: two units hand out numbers, so ANTRE works from the first dial."""

from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import QueueSetting, Unit

# A puskesmas (morning clinic hours) and the Dukcapil office, which the demo's
# tickets and officers use too.
DEMO_QUEUES = {
    "pkm-talango": {"daily_capacity": 40, "slot_minutes": 30, "opens_at": time(7, 30),
                    "closes_at": time(12, 0)},
    "dukcapil-kantor": {"daily_capacity": 60, "slot_minutes": 30, "opens_at": time(8, 0),
                        "closes_at": time(15, 0)},
}


def load_queues(session: Session, units: dict[str, Unit]) -> None:
    """Turn the demo units' queues on, once; units the catalogue lacks are skipped."""
    for slug, values in DEMO_QUEUES.items():
        unit = units.get(slug)
        if unit is None or session.scalars(select(QueueSetting).where(
                QueueSetting.unit_id == unit.id, QueueSetting.service_id.is_(None))).first():
            continue
        session.add(QueueSetting(unit_id=unit.id, enabled=True, near_when_ahead=3, **values))
