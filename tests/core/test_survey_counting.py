"""One voice once: which survey responses the official index counts (docs/domain.md §3.6)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core.errors import NotFound
from core.models import Officer, SurveyResponse
from core.models.tickets import COMPLETED
from core.staff.access import Forbidden, Principal
from core.statistics.live import unit_performance
from core.surveys.devices import (
    enroll_counter_device,
    hash_device_token,
    list_counter_devices,
    revoke_counter_device,
)
from core.surveys.ikm import answer_aggregates, compute_ikm, ikm_from_row
from core.surveys.reports import build_report
from core.surveys.responses import record_survey_response
from tests.factories import make_request, make_service, make_unit, respondent_phone

Q4 = (date(2026, 10, 1), date(2026, 12, 31))
NOVEMBER = datetime(2026, 11, 10, 3, tzinfo=UTC)
ADMIN = Principal(1, "admin", None)


def index(session, unit_id):
    """The unit's official index for the fourth quarter of 2026."""
    return compute_ikm(session, start=Q4[0], end=Q4[1], unit_id=unit_id)


def every_response(session, unit_id):
    """The index as the old code computed it: every stored response, tied or not."""
    row = session.execute(select(*answer_aggregates())
                          .where(SurveyResponse.unit_id == unit_id)).one()
    return ikm_from_row(row)


def counted_base(session, service):
    """Eighteen respondents with confirmed phones: a unit graded C (72.84), as in issue 12."""
    for number in range(18):
        answers = [2, 3, 3, 3, 3, 3, 3, 2, 3] if number < 7 else [3] * 9
        record_survey_response(session, answers=answers, channel="web",
                               service_id=service.id, phone=respondent_phone(number),
                               now=NOVEMBER + timedelta(minutes=number))


def officer(session, role, unit=None):
    """An officer row (devices name who enrolled and revoked them) as a principal."""
    unit_id = unit.id if unit is not None else None
    row = Officer(email=f"{role}-{unit_id}@uji.go.id", name=role, password_hash="-", role=role,
                  unit_id=unit_id)
    session.add(row)
    session.flush()
    return Principal(row.id, role, unit_id)


def test_forty_anonymous_web_surveys_do_not_move_the_index(session):
    """The attack of issue 12: 40 all-worst anonymous answers; report and public figures hold."""
    service = make_service(session)
    unit_id = service.unit_id
    counted_base(session, service)
    before = index(session, unit_id)
    assert (before.n, before.ikm_converted, before.grade) == (18, Decimal("72.84"), "C")
    for number in range(40):
        record_survey_response(session, answers=[1] * 9, channel="web", service_id=service.id,
                               client_key=f"attack-{number:04d}", now=NOVEMBER)
    # Counting every stored answer, as before, the same rows fall to grade D.
    stuffed = every_response(session, unit_id)
    assert (stuffed.ikm_converted, stuffed.grade) == (Decimal("39.85"), "D")
    assert index(session, unit_id) == before
    report = build_report(session, principal=ADMIN, unit_id=unit_id, start=Q4[0], end=Q4[1])
    assert report.overall == before
    assert sum(item.n for _key, item in report.by_channel) == 18
    assert report.uncounted == {"anonymous": 40, "replaced": 0}
    public = {f.unit.id: f.ikm for f in unit_performance(session, start=date(2026, 1, 1),
                                                         end=date(2026, 12, 31))}
    assert public[unit_id] == before


def test_a_confirmed_phone_counts_once_per_subject_and_quarter_the_later(session):
    """Answering again replaces the earlier answer; another quarter or service counts apart."""
    service = make_service(session)
    other = make_service(session, unit=service.unit)
    phone = "081299990001"
    first = record_survey_response(session, answers=[1] * 9, channel="web", phone=phone,
                                   service_id=service.id, now=NOVEMBER)
    later = record_survey_response(session, answers=[4] * 9, channel="web", phone=phone,
                                   service_id=service.id, now=NOVEMBER + timedelta(days=3))
    assert (first.tally, later.tally) == ("replaced", "phone")
    report = index(session, service.unit_id)
    assert (report.n, report.ikm_converted) == (1, 100)
    record_survey_response(session, answers=[4] * 9, channel="web", phone=phone,
                           service_id=other.id, now=NOVEMBER)
    record_survey_response(session, answers=[4] * 9, channel="web", phone=phone,
                           service_id=service.id, now=datetime(2026, 9, 1, 3, tzinfo=UTC))
    assert index(session, service.unit_id).n == 2
    report = build_report(session, principal=ADMIN, unit_id=service.unit_id,
                          start=Q4[0], end=Q4[1])
    assert report.uncounted == {"anonymous": 0, "replaced": 1}


def test_a_back_dated_answer_does_not_replace_a_later_one(session):
    """The latest answer of the quarter counts, whatever order they are recorded in."""
    service = make_service(session)
    later = record_survey_response(session, answers=[4] * 9, channel="ussd",
                                   phone="081299990002", service_id=service.id,
                                   now=NOVEMBER + timedelta(days=5))
    earlier = record_survey_response(session, answers=[1] * 9, channel="ussd",
                                     phone="081299990002", service_id=service.id, now=NOVEMBER)
    assert (later.tally, earlier.tally) == ("phone", "replaced")


def test_a_ticket_tied_response_counts_once(session):
    """A completed request's response counts, even from the web without a phone."""
    ticket = make_request(session)
    ticket.status = COMPLETED
    session.commit()
    response = record_survey_response(session, answers=[4] * 9, channel="web",
                                      ticket_id=ticket.id, now=NOVEMBER)
    assert (response.tally, response.counted) == ("ticket", True)
    assert index(session, ticket.unit_id).n == 1


def test_an_enrolled_device_counts_until_revoked(session):
    """Counter channel while enrolled; after revocation its new answers are kept, not counted."""
    service = make_service(session)
    head = officer(session, "unit_head", service.unit)
    device, token = enroll_counter_device(session, principal=head, unit_id=service.unit_id,
                                          name="Loket 1")
    assert device.token_hash == hash_device_token(token) and token not in device.token_hash
    at_counter = record_survey_response(session, answers=[4] * 9, channel="web",
                                        service_id=service.id, device_token=token, now=NOVEMBER)
    assert (at_counter.channel, at_counter.tally, at_counter.device_id) == (
        "counter", "counter", device.id)
    revoke_counter_device(session, principal=head, device_id=device.id)
    after = record_survey_response(session, answers=[1] * 9, channel="web",
                                   service_id=service.id, device_token=token, now=NOVEMBER)
    assert (after.channel, after.tally) == ("web", "anonymous")
    report = index(session, service.unit_id)
    assert (report.n, report.ikm_converted) == (1, 100)


def test_a_device_counts_only_for_its_own_unit_and_unknown_tokens_count_nothing(session):
    """Another unit's survey on the device, or a made-up token, is anonymous."""
    service = make_service(session)
    elsewhere = make_service(session)
    _device, token = enroll_counter_device(
        session, principal=officer(session, "unit_head", service.unit),
        unit_id=service.unit_id, name="Loket 2")
    for subject, device_token in ((elsewhere.id, token), (service.id, token + "x"),
                                  (service.id, "x" * 5000)):
        response = record_survey_response(session, answers=[4] * 9, channel="web",
                                          service_id=subject, device_token=device_token)
        assert response.tally == "anonymous"


def test_only_a_unit_head_or_admin_manages_devices_of_units_they_see(session):
    """An officer may not enroll; another unit's head neither enrolls nor revokes nor lists."""
    unit, other = make_unit(session), make_unit(session)
    with pytest.raises(Forbidden):
        enroll_counter_device(session, principal=officer(session, "officer", unit),
                              unit_id=unit.id, name="Loket")
    device, _token = enroll_counter_device(session, principal=officer(session, "admin"),
                                           unit_id=unit.id, name="Loket")
    stranger = officer(session, "unit_head", other)
    with pytest.raises(NotFound):
        enroll_counter_device(session, principal=stranger, unit_id=unit.id, name="Loket")
    with pytest.raises(NotFound):
        revoke_counter_device(session, principal=stranger, device_id=device.id)
    assert list_counter_devices(session, principal=stranger) == []
    assert session.get(type(device), device.id).revoked_at is None
    assert session.scalar(select(func.count()).select_from(type(device))) == 1
