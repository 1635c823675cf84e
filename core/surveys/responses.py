"""Recording satisfaction survey responses from any channel."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.citizens.registry import citizen_for_phone
from core.clock import local_date, now_utc
from core.errors import DomainError, InvalidInput, NotFound
from core.i18n import N_, in_language
from core.idempotency import find_by_client_key
from core.models import Citizen, Service, SurveyResponse, Ticket, Unit
from core.models.tickets import CHANNELS, COMPLETED
from core.phones import normalise_phone
from core.surveys.devices import enrolled_device
from core.surveys.questionnaire import (
    ANSWERS,
    EDUCATION,
    MAX_AGE,
    MIN_AGE,
    OCCUPATIONS,
    SEXES,
    UNSUR,
)
from core.surveys.reports import quarter_of, responses_between


class AlreadyRated(DomainError):
    """The request already has its survey response."""

    message = N_("Survei untuk tiket ini sudah diisi. Terima kasih.")


def record_survey_response(
    session: Session,
    *,
    answers: Sequence[int],
    channel: str,
    client_key: str | None = None,
    unit_id: int | None = None,
    service_id: int | None = None,
    ticket_id: int | None = None,
    phone: str | None = None,
    device_token: str | None = None,
    sex: str | None = None,
    age: int | None = None,
    education: str | None = None,
    occupation: str | None = None,
    now: datetime | None = None, paper: bool = False,
) -> SurveyResponse:
    """Store nine answers for a unit, a service or a completed request, and whether they count.

    `phone` a number the caller confirmed (a signed-in citizen, the gateway's caller);
    `device_token` a counter device's cookie; `paper` a sheet typed in from the unit's
    paper questionnaire. Answers given on either are the counter channel.
    """
    if channel not in CHANNELS:
        raise InvalidInput("channel")
    device = _counter_device(session, device_token, unit_id, service_id, ticket_id, phone)
    channel = "counter" if device is not None or paper else channel
    existing = find_by_client_key(session, SurveyResponse, channel, client_key)
    if existing is not None:
        return existing
    scores = _valid_answers(answers)
    unit_id, service_id = _subject(session, unit_id, service_id, ticket_id)
    response = SurveyResponse(
        unit_id=unit_id, service_id=service_id, ticket_id=ticket_id, channel=channel,
        client_key=client_key, created_at=now or now_utc(),
        device_id=device.id if device is not None else None,
        **{unsur.column: score for unsur, score in zip(UNSUR, scores, strict=True)},
        **_profile(sex, age, education, occupation),
    )
    return _store(session, response, phone, paper)


def _store(session: Session, response: SurveyResponse, phone: str | None,
           paper: bool = False) -> SurveyResponse:
    """Add the response with its tally; a twin stored meanwhile wins, a rated ticket refuses."""
    try:
        with session.begin_nested():
            # In the savepoint: a lost race on the client key replaces nothing.
            _tally(session, response, phone, paper)
            session.add(response)
    except IntegrityError:
        existing = find_by_client_key(session, SurveyResponse, response.channel,
                                      response.client_key)
        if existing is not None:
            return existing
        raise AlreadyRated(str(response.ticket_id)) from None
    return response


def _counter_device(session, token, unit_id, service_id, ticket_id, phone):
    """The enrolled device of the rated unit, when nothing stronger ties the response."""
    if not token or ticket_id is not None or phone:
        return None
    rated_unit, _service = _subject(session, unit_id, service_id, None)
    return enrolled_device(session, token=token, unit_id=rated_unit)


def _tally(session: Session, response: SurveyResponse, phone: str | None,
           paper: bool = False) -> None:
    """Say why the response counts (docs/domain.md §3.6): ticket, phone, counter, or not.

    A paper sheet has no phone: filled in at the unit and entered by its
    officer under a serial number, it counts like a counter device's answer.
    """
    if response.ticket_id is not None:
        response.tally = "ticket"
    elif phone:
        citizen = citizen_for_phone(session, phone)
        response.citizen_id = citizen.id
        response.tally = _replace_earlier(session, response)
    elif response.device_id is not None or paper:
        response.tally = "counter"
    else:
        response.tally = "anonymous"


def _replace_earlier(session: Session, response: SurveyResponse) -> str:
    """One voice per phone, subject and quarter: the latest answer counts, earlier ones not.

    Returns the new response's tally: "phone", or "replaced" when a later
    answer of the quarter is already stored (a back-dated record).
    """
    # Lock the citizen's row: two answers at once from one phone count once (PostgreSQL;
    # SQLite writers are serialised already).
    session.execute(select(Citizen.id).where(Citizen.id == response.citizen_id)
                    .with_for_update())
    same_voice = [
        SurveyResponse.citizen_id == response.citizen_id,
        SurveyResponse.tally == "phone",
        SurveyResponse.unit_id == response.unit_id,
        SurveyResponse.service_id.is_(None) if response.service_id is None
        else SurveyResponse.service_id == response.service_id,
        *responses_between(quarter_of(local_date(response.created_at))),
    ]
    later = session.scalar(select(SurveyResponse.id).where(
        *same_voice, SurveyResponse.created_at > response.created_at).limit(1))
    if later is not None:
        return "replaced"
    session.execute(update(SurveyResponse).where(*same_voice).values(tally="replaced")
                    .execution_options(synchronize_session="fetch"))
    return "phone"


def _valid_answers(answers: Sequence[int]) -> tuple[int, ...]:
    if len(answers) != len(UNSUR):
        raise InvalidInput("answers")
    scores = []
    for answer in answers:
        if isinstance(answer, bool) or not isinstance(answer, int) or answer not in ANSWERS:
            raise InvalidInput("answers")
        scores.append(answer)
    return tuple(scores)


def _subject(session, unit_id, service_id, ticket_id):
    """The unit and service rated: taken from the ticket when there is one."""
    if ticket_id is not None:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or ticket.unit_id is None:
            raise NotFound("ticket")
        if ticket.status != COMPLETED:
            raise InvalidInput("ticket")
        return ticket.unit_id, ticket.service_id
    if service_id is not None:
        service = session.get(Service, service_id)
        if service is None:
            raise NotFound("service")
        return service.unit_id, service.id
    if unit_id is None or session.get(Unit, unit_id) is None:
        raise NotFound("unit")
    return unit_id, None


def _profile(sex, age, education, occupation) -> dict:
    """Optional respondent profile; unknown codes are refused, blanks are absent."""
    profile = {"sex": sex or None, "education": education or None, "occupation": occupation or None}
    for field, allowed in (("sex", SEXES), ("education", EDUCATION), ("occupation", OCCUPATIONS)):
        if profile[field] is not None and profile[field] not in allowed:
            raise InvalidInput(field)
    if age is not None and not MIN_AGE <= age <= MAX_AGE:
        raise InvalidInput("age")
    profile["age"] = age
    return profile


@dataclass(frozen=True)
class UnratedRequest:
    """A completed service request still waiting for its survey response."""

    id: int
    number: str
    short_name_id: str
    short_name_en: str

    def short_name(self, language: str) -> str:
        """The service's short name in the language (English falls back to Indonesian)."""
        return in_language(language, self.short_name_id, self.short_name_en)


# Built once (composing it costs more than running it): the USSD survey menu asks it often.
_UNRATED_REQUEST = (
    select(Ticket.id, Ticket.number, Service.short_name_id, Service.short_name_en)
    .join(Citizen, Ticket.citizen_id == Citizen.id)
    .join(Service, Ticket.service_id == Service.id)
    .where(Citizen.phone == bindparam("phone"), Ticket.kind == "request",
           Ticket.status == COMPLETED,
           ~select(SurveyResponse.id).where(SurveyResponse.ticket_id == Ticket.id).exists())
    .order_by(Ticket.closed_at.desc(), Ticket.id.desc())
    .limit(1)
)


def find_unrated_request(
    session: Session, *, phone: str, read: Callable[[Any, dict], dict | None] | None = None,
) -> UnratedRequest | None:
    """The citizen's latest completed service request that has no survey response yet.

    `read` runs the statement instead of the session: the USSD survey menu
    asks on every visit, and its session store reads without a transaction
    of the hop's (UssdSessionStore.read_first).
    """
    params = {"phone": normalise_phone(phone)}
    if read is not None:
        row = read(_UNRATED_REQUEST, params)
    else:
        # In the caller's transaction, not a read-only one: the caller may write
        # after it, which on SQLite a read-only snapshot could refuse.
        row = session.execute(_UNRATED_REQUEST, params).mappings().first()
    return None if row is None else UnratedRequest(**row)
