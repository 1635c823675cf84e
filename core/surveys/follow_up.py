"""The SKM follow-up plan (rencana tindak lanjut): what a unit does about its weakest unsur.

PermenPANRB 14/2017 asks each unit to act on the survey's results and to
publish what it will do beside its index (docs/domain.md §3.7). The unit head
records actions (what, who, by when) for a year and moves each one from
planned to underway to done; an administrator may do so for any unit. The
plan is public, so reading it needs no one signed in.
"""

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.errors import InvalidInput, NotFound
from core.i18n import N_
from core.models import SurveyFollowUp, Unit
from core.models.surveys import FOLLOW_UP_STATES
from core.staff.access import Principal, require
from core.staff.audit import audited
from core.surveys.ikm import compute_ikm
from core.surveys.questionnaire import UNSUR

MAX_ACTION = 1000
MAX_OWNER = 120
# How each state reads on the back office and on /transparansi.
STATE_LABELS = {"planned": N_("Direncanakan"), "underway": N_("Sedang dikerjakan"),
                "done": N_("Terlaksana")}
UNSUR_CODES = tuple(unsur.code for unsur in UNSUR)
UNSUR_NAMES = {unsur.code: unsur.name for unsur in UNSUR}
FIRST_STATE = FOLLOW_UP_STATES[0]


def weakest_unsur(session: Session, *, unit_id: int, year: int,
                  weight: str = "exact") -> str | None:
    """The unsur with the lowest NRR in the unit's counted responses of the year.

    None without responses. A tie goes to the earlier unsur, so the suggestion
    does not change between two page loads.
    """
    report = compute_ikm(session, start=date(year, 1, 1), end=date(year, 12, 31),
                         unit_id=unit_id, weight=weight)
    if not report.n:
        return None
    lowest = min(range(len(UNSUR)), key=lambda index: (report.nrr[index], index))
    return UNSUR_CODES[lowest]


def record_follow_up(
    session: Session, *, principal: Principal, unit_id: int, year: int, unsur: str,
    action: str, owner: str, deadline: date, now: datetime | None = None,
) -> SurveyFollowUp:
    """Add a planned action to the unit's plan for the year, audited (flushed: it has its id)."""
    require(principal, "publish", unit_id)
    if session.get(Unit, unit_id) is None:
        raise NotFound("unit")
    action, owner = _checked_text(action, owner)
    if unsur not in UNSUR_CODES:
        raise InvalidInput("unsur")
    if not 2000 <= year <= 2100 or deadline.year < year:
        raise InvalidInput("deadline")
    moment = now or now_utc()
    follow_up = SurveyFollowUp(unit_id=unit_id, year=year, unsur=unsur, action=action,
                               owner=owner, deadline=deadline, state=FIRST_STATE,
                               recorded_by=principal.officer_id, created_at=moment,
                               updated_at=moment)
    with audited(session, officer_id=principal.officer_id, action="follow_up_add",
                 target=f"unit:{unit_id}", detail=f"{year} {unsur}: {action}"[:500]):
        session.add(follow_up)
        session.flush()
    return follow_up


def set_follow_up_state(
    session: Session, *, principal: Principal, follow_up_id: int, state: str,
    now: datetime | None = None,
) -> SurveyFollowUp:
    """Move an action to another state (planned, underway, done), audited."""
    follow_up = session.get(SurveyFollowUp, follow_up_id)
    if follow_up is None:
        raise NotFound("follow_up")
    require(principal, "publish", follow_up.unit_id)
    if state not in FOLLOW_UP_STATES:
        raise InvalidInput("state")
    if state == follow_up.state:
        return follow_up  # nothing moved: nothing to audit
    with audited(session, officer_id=principal.officer_id, action="follow_up_state",
                 target=f"unit:{follow_up.unit_id}",
                 detail=f"#{follow_up.id} {follow_up.state} -> {state}"):
        follow_up.state = state
        follow_up.updated_at = now or now_utc()
    return follow_up


def list_follow_ups(session: Session, *, year: int,
                    unit_id: int | None = None) -> list[SurveyFollowUp]:
    """The year's actions, of one unit or of all, by unit, deadline and id. Public."""
    query = select(SurveyFollowUp).where(SurveyFollowUp.year == year)
    if unit_id is not None:
        query = query.where(SurveyFollowUp.unit_id == unit_id)
    return list(session.scalars(query.order_by(SurveyFollowUp.unit_id, SurveyFollowUp.deadline,
                                               SurveyFollowUp.id)))


def follow_up_version(session: Session, year: int) -> tuple:
    """What changes whenever the year's plan does (an action added or moved): one small
    aggregate, so the public page may keep what it built until it changes."""
    return tuple(session.execute(select(
        func.count(), func.max(SurveyFollowUp.id), func.max(SurveyFollowUp.updated_at),
    ).where(SurveyFollowUp.year == year)).one())


def unit_follow_ups(session: Session, *, principal: Principal, unit_id: int,
                    year: int) -> tuple[Unit, list[SurveyFollowUp]]:
    """The unit and its plan for the year, for an officer who may read the unit's reports."""
    require(principal, "reports", unit_id)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("unit")
    return unit, list_follow_ups(session, year=year, unit_id=unit_id)


def _checked_text(action: str, owner: str) -> tuple[str, str]:
    """The action and its owner stripped, or InvalidInput naming the field."""
    action, owner = action.strip(), owner.strip()
    if not action or len(action) > MAX_ACTION:
        raise InvalidInput("action")
    if not owner or len(owner) > MAX_OWNER:
        raise InvalidInput("owner")
    return action, owner
