"""The duties as the back office shows them, and its "run now" button."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.db import begin_read_only
from core.duties.lease import list_duty_rows, request_run
from core.duties.schedule import NAMES, SCHEDULE, DutySchedule
from core.models import Duty
from core.staff.access import Principal, require
from core.staff.audit import add_audit_entry


@dataclass(frozen=True)
class DutyView:
    """A duty of the table, and its row (None until it first runs or is asked to)."""

    schedule: DutySchedule
    row: Duty | None


def list_duties(session: Session, *, principal: Principal) -> list[DutyView]:
    """Every duty in the schedule's order, with how it last ran (administrators, auditors)."""
    require(principal, "duties", any_unit=True)
    begin_read_only(session)
    rows = list_duty_rows(session, NAMES)
    return [DutyView(duty, rows.get(duty.name)) for duty in SCHEDULE]


def run_duty_now(session: Session, *, principal: Principal, name: str) -> None:
    """Make the duty due now: the scheduler runs it at its next pass; audited. No commit."""
    require(principal, "duties_run", any_unit=True)
    request_run(session, name, names=NAMES)
    add_audit_entry(session, officer_id=principal.officer_id, action="duty_run_now",
                    target=f"duty:{name}")
