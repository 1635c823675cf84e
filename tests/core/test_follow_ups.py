"""The SKM follow-up plan (docs/domain.md §3.7): recorded by the unit head, moved on, public."""

from datetime import UTC, date, datetime
from itertools import count

import pytest
from sqlalchemy import func, select

from core.errors import InvalidInput, NotFound
from core.models import AuditEntry, Officer
from core.staff.access import Forbidden, Principal
from core.surveys.follow_up import (
    follow_up_version,
    list_follow_ups,
    record_follow_up,
    set_follow_up_state,
    unit_follow_ups,
    weakest_unsur,
)
from core.surveys.responses import record_survey_response
from tests.factories import make_unit, respondent_phone

IN_2026 = datetime(2026, 5, 4, 3, tzinfo=UTC)
_officers = count(1)


def officer(session, role, unit=None) -> Principal:
    """A stored officer of the role, as the rules see them."""
    person = Officer(email=f"{role}-{next(_officers)}@uji.go.id", name=role, role=role,
                     unit_id=unit.id if unit else None, password_hash="x")
    session.add(person)
    session.flush()
    return Principal(person.id, role, person.unit_id)


def plan(session, principal, unit, **kwargs):
    """Record one action with sensible defaults."""
    values = {"year": 2026, "unsur": "U8", "action": "Kursi ruang tunggu ditambah.",
              "owner": "Pengurus barang", "deadline": date(2027, 3, 31)} | kwargs
    return record_follow_up(session, principal=principal, unit_id=unit.id, **values)


def test_the_unit_head_records_an_action_planned_and_audited(session):
    """The head's action lands planned, with who recorded it, and the audit trail says so."""
    unit = make_unit(session)
    head = officer(session, "unit_head", unit)
    item = plan(session, head, unit, action="  Kursi ruang tunggu ditambah.  ")
    assert (item.state, item.recorded_by, item.action) == (
        "planned", head.officer_id, "Kursi ruang tunggu ditambah.")
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.target, entry.officer_id) == (
        "follow_up_add", f"unit:{unit.id}", head.officer_id)


def test_the_head_moves_an_action_on_and_each_move_is_audited(session):
    """planned -> underway -> done, each an audit entry naming both states."""
    unit = make_unit(session)
    head = officer(session, "unit_head", unit)
    item = plan(session, head, unit)
    before = follow_up_version(session, 2026)
    for state in ("underway", "done"):
        set_follow_up_state(session, principal=head, follow_up_id=item.id, state=state,
                            now=datetime(2026, 6, 1, tzinfo=UTC))
    assert item.state == "done"
    details = session.scalars(select(AuditEntry.detail).where(
        AuditEntry.action == "follow_up_state").order_by(AuditEntry.id)).all()
    assert details == [f"#{item.id} planned -> underway", f"#{item.id} underway -> done"]
    assert follow_up_version(session, 2026) != before
    # Saving the same state again moves nothing and adds no entry.
    set_follow_up_state(session, principal=head, follow_up_id=item.id, state="done")
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 3


def test_only_the_own_unit_head_or_an_admin_may_change_a_plan(session):
    """Another unit's head is told 'not found'; an officer and an auditor may not write."""
    unit, other = make_unit(session), make_unit(session)
    admin = officer(session, "admin")
    item = plan(session, admin, unit)
    with pytest.raises(NotFound):
        plan(session, officer(session, "unit_head", other), unit)
    with pytest.raises(NotFound):
        set_follow_up_state(session, principal=officer(session, "unit_head", other),
                            follow_up_id=item.id, state="done")
    with pytest.raises(Forbidden):
        plan(session, officer(session, "officer", unit), unit)
    with pytest.raises(Forbidden):
        set_follow_up_state(session, principal=officer(session, "auditor"),
                            follow_up_id=item.id, state="done")
    # The auditor reads every unit's plan.
    assert unit_follow_ups(session, principal=officer(session, "auditor"), unit_id=unit.id,
                           year=2026)[1] == [item]


@pytest.mark.parametrize(("field", "value"), [
    ("unsur", "U10"), ("unsur", "u1"), ("action", "   "), ("action", "x" * 1001),
    ("owner", ""), ("owner", "x" * 121), ("deadline", date(2025, 12, 31)),
])
def test_bad_values_are_refused(session, field, value):
    """An unknown unsur, an empty or overlong text, a deadline before the year: refused."""
    unit = make_unit(session)
    with pytest.raises(InvalidInput):
        plan(session, officer(session, "unit_head", unit), unit, **{field: value})


def test_a_bad_state_is_refused(session):
    """Only planned, underway and done."""
    unit = make_unit(session)
    head = officer(session, "unit_head", unit)
    item = plan(session, head, unit)
    with pytest.raises(InvalidInput):
        set_follow_up_state(session, principal=head, follow_up_id=item.id, state="completed")


def test_the_plan_lists_per_unit_and_year_by_deadline(session):
    """A year's plan of one unit, or of all; other years stay apart."""
    unit, other = make_unit(session), make_unit(session)
    admin = officer(session, "admin")
    late = plan(session, admin, unit, deadline=date(2027, 6, 30))
    early = plan(session, admin, unit, deadline=date(2026, 12, 31))
    elsewhere = plan(session, admin, other)
    plan(session, admin, unit, year=2025, deadline=date(2025, 12, 31))
    assert list_follow_ups(session, year=2026, unit_id=unit.id) == [early, late]
    assert list_follow_ups(session, year=2026) == [early, late, elsewhere]


def test_the_weakest_unsur_is_suggested(session):
    """The unsur with the lowest NRR of the unit's counted responses of the year."""
    unit = make_unit(session)
    assert weakest_unsur(session, unit_id=unit.id, year=2026) is None
    for index, answers in enumerate(([4, 4, 3, 4, 4, 4, 4, 2, 4], [4, 3, 3, 4, 4, 4, 4, 3, 4])):
        record_survey_response(session, answers=answers, channel="web", unit_id=unit.id,
                               now=IN_2026, phone=respondent_phone(900 + index))
    # U8: 2.5, the lowest; U3: 3.0.
    assert weakest_unsur(session, unit_id=unit.id, year=2026) == "U8"
    assert weakest_unsur(session, unit_id=unit.id, year=2025) is None


def test_a_tie_goes_to_the_earlier_unsur(session):
    """Every unsur equal: U1, the same on every load."""
    unit = make_unit(session)
    record_survey_response(session, answers=[3] * 9, channel="web", unit_id=unit.id,
                           now=IN_2026, phone=respondent_phone(950))
    assert weakest_unsur(session, unit_id=unit.id, year=2026) == "U1"
