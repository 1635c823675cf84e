"""Survey responses: nine answers from 1 to 4, one per completed request, safe to repeat."""

import pytest
from sqlalchemy import func, select

from core.errors import InvalidInput, NotFound
from core.models import SurveyResponse
from core.models.surveys import UNSUR_COLUMNS
from core.surveys.questionnaire import UNSUR
from core.surveys.responses import AlreadyRated, record_survey_response
from tests.factories import make_request, make_service, make_unit

ANSWERS = [4, 3, 4, 4, 2, 3, 4, 1, 3]


def responses(session):
    """Number of stored survey responses."""
    return session.scalar(select(func.count()).select_from(SurveyResponse))


def completed_request(session, service=None):
    """A service request that has been completed."""
    ticket = make_request(session, service=service)
    ticket.status = "completed"
    session.commit()
    return ticket


def test_answers_are_stored_in_order(session):
    """The nine answers come back in the official unsur order."""
    unit = make_unit(session)
    response = record_survey_response(session, answers=ANSWERS, channel="ussd", unit_id=unit.id)
    session.expire_all()
    assert response.answers() == tuple(ANSWERS)
    assert (response.unit_id, response.service_id, response.ticket_id) == (unit.id, None, None)


@pytest.mark.parametrize("answers", [
    [4] * 8,
    [4] * 10,
    [],
    [0, 4, 4, 4, 4, 4, 4, 4, 4],
    [4, 4, 4, 4, 5, 4, 4, 4, 4],
    [4, 4, 4, 4, 4, 4, 4, 4, -1],
    ["4", 4, 4, 4, 4, 4, 4, 4, 4],
    [4, 4, 3.0, 4, 4, 4, 4, 4, 4],
    [True, 4, 4, 4, 4, 4, 4, 4, 4],
    [4, 4, 4, None, 4, 4, 4, 4, 4],
])
def test_invalid_answers_are_refused(session, answers):
    """Anything but nine integers from 1 to 4 raises InvalidInput and stores nothing."""
    unit = make_unit(session)
    with pytest.raises(InvalidInput, match="answers"):
        record_survey_response(session, answers=answers, channel="web", unit_id=unit.id)
    assert responses(session) == 0


@pytest.mark.parametrize("status", ["received", "postponed", "verified", "in_progress",
                                    "followed_up", "rejected"])
def test_only_a_completed_request_can_be_rated(session, status):
    """Rating a ticket that is not completed raises InvalidInput."""
    ticket = make_request(session)
    ticket.status = status
    session.commit()
    with pytest.raises(InvalidInput, match="ticket"):
        record_survey_response(session, answers=ANSWERS, channel="sms", ticket_id=ticket.id)
    assert responses(session) == 0


def test_second_rating_of_a_request_is_refused(session):
    """A request is rated once; another response with another key raises AlreadyRated."""
    ticket = completed_request(session)
    record_survey_response(session, answers=ANSWERS, channel="sms", client_key="a",
                           ticket_id=ticket.id)
    with pytest.raises(AlreadyRated):
        record_survey_response(session, answers=[4] * 9, channel="web", client_key="b",
                               ticket_id=ticket.id)
    assert responses(session) == 1


def test_response_rates_the_tickets_unit_and_service(session):
    """A response about a request counts for the request's unit and service, whatever is passed."""
    service = make_service(session)
    ticket = completed_request(session, service)
    other = make_service(session)
    response = record_survey_response(session, answers=ANSWERS, channel="ussd",
                                      ticket_id=ticket.id, unit_id=other.unit_id,
                                      service_id=other.id)
    assert (response.unit_id, response.service_id, response.ticket_id) == (
        service.unit_id, service.id, ticket.id)


def test_response_about_a_service_counts_for_its_unit(session):
    """A response about a service, without a ticket, counts for the service's unit."""
    service = make_service(session)
    response = record_survey_response(session, answers=ANSWERS, channel="web",
                                      service_id=service.id)
    assert (response.unit_id, response.service_id) == (service.unit_id, service.id)


@pytest.mark.parametrize("subject", [{}, {"unit_id": 987654}, {"service_id": 987654},
                                     {"ticket_id": 987654}])
def test_response_needs_an_existing_subject(session, subject):
    """A response must rate an existing unit, service or ticket."""
    with pytest.raises(NotFound):
        record_survey_response(session, answers=ANSWERS, channel="web", **subject)


@pytest.mark.parametrize("record", [
    lambda session, unit, ticket, channel: record_survey_response(
        session, answers=ANSWERS, channel=channel, client_key="uuid-1", unit_id=unit.id),
    lambda session, unit, ticket, channel: record_survey_response(
        session, answers=ANSWERS, channel=channel, client_key="uuid-1", ticket_id=ticket.id),
], ids=["unit", "ticket"])
def test_same_client_key_twice_gives_one_response(session, record):
    """A repeated submission returns the first response instead of a second row."""
    ticket = completed_request(session)
    first = record(session, ticket.unit, ticket, "web")
    again = record(session, ticket.unit, ticket, "web")
    assert again.id == first.id
    assert responses(session) == 1


def test_same_key_on_another_channel_is_another_response(session):
    """Client keys are unique per channel only."""
    unit = make_unit(session)
    first = record_survey_response(session, answers=ANSWERS, channel="web", client_key="k",
                                   unit_id=unit.id)
    other = record_survey_response(session, answers=ANSWERS, channel="sms", client_key="k",
                                   unit_id=unit.id)
    assert other.id != first.id
    assert responses(session) == 2


@pytest.mark.parametrize(("profile", "stored"), [
    ({"sex": "P", "age": 34, "education": "sma", "occupation": "petani"},
     ("P", 34, "sma", "petani")),
    ({"sex": "", "age": None, "education": "", "occupation": None}, (None, None, None, None)),
])
def test_profile_is_stored(session, profile, stored):
    """Known profile codes are stored; blanks are absent."""
    unit = make_unit(session)
    response = record_survey_response(session, answers=ANSWERS, channel="web", unit_id=unit.id,
                                      **profile)
    assert (response.sex, response.age, response.education, response.occupation) == stored


@pytest.mark.parametrize(("field", "value"), [("sex", "X"), ("education", "phd"),
                                              ("occupation", "astronot"), ("age", 9),
                                              ("age", 121)])
def test_unknown_profile_values_are_refused(session, field, value):
    """A profile code outside the questionnaire's lists raises InvalidInput."""
    unit = make_unit(session)
    with pytest.raises(InvalidInput, match=field):
        record_survey_response(session, answers=ANSWERS, channel="web", unit_id=unit.id,
                               **{field: value})


def test_the_schema_stores_exactly_the_questionnaires_unsur():
    """survey_responses has one answer column per unsur of the questionnaire, in its order."""
    assert tuple(unsur.column for unsur in UNSUR) == UNSUR_COLUMNS
    assert all(column in SurveyResponse.__table__.c for column in UNSUR_COLUMNS)
