"""The SKM by SMS: one invitation per completed request, answers all at once or one by one."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.citizens.registry import set_citizen_language, set_citizen_opt_out
from core.clock import now_utc
from core.db import unit_of_work
from core.gsm import SINGLE_SEGMENT, is_gsm_basic
from core.models import OutboundMessage, SurveyInvitation, SurveyResponse
from core.surveys.invitations import answer_survey_by_sms, invite_to_survey, read_answers
from core.surveys.responses import record_survey_response
from core.tickets.actions import apply_ticket_action
from core.tickets.numbers import grouped_ticket_number
from tests.factories import make_complaint, make_request

PHONE = "081234567890"


def complete(session, ticket, now=None):
    """Verify and complete a ticket as an officer (completing a request invites to the survey)."""
    apply_ticket_action(session, ticket_id=ticket.id, action="verify", now=now)
    return apply_ticket_action(session, ticket_id=ticket.id, action="complete", now=now)


def completed_request(session, **kwargs):
    """A request of the citizen, filed and completed."""
    return complete(session, make_request(session, phone=PHONE), **kwargs)


def answer(session, text, message_id="ATXid_1", **kwargs):
    """Answer by SMS as the citizen, in a unit of work as the SMS callback does."""
    with unit_of_work(session):
        return answer_survey_by_sms(session, phone=PHONE, text=text,
                                    gateway_message_id=message_id, **kwargs)


def survey_messages(session):
    """The survey invitations queued, oldest first."""
    return list(session.scalars(select(OutboundMessage).filter_by(purpose="survey")
                                .order_by(OutboundMessage.id)))


def invitation_of(session, ticket):
    """The ticket's invitation, fresh from the database."""
    session.expire_all()
    return session.scalars(select(SurveyInvitation).filter_by(ticket_id=ticket.id)).one()


def responses(session):
    """All survey responses."""
    return list(session.scalars(select(SurveyResponse)))


@pytest.mark.parametrize("language", ["id", "en"])
def test_completing_a_request_invites_once_in_one_segment(session, language):
    """One invitation row and one survey SMS, GSM-7, one segment, in the citizen's language."""
    set_citizen_language(session, phone=PHONE, language=language)
    ticket = completed_request(session)
    (sms,) = survey_messages(session)
    assert (sms.phone, sms.status, sms.language, sms.ticket_id) == (
        "+6281234567890", "queued", language, ticket.id)
    assert grouped_ticket_number(ticket.number) in sms.text and "SKM 443434344" in sms.text
    assert is_gsm_basic(sms.text) and len(sms.text) <= SINGLE_SEGMENT
    invitation = invitation_of(session, ticket)
    assert (invitation.status, invitation.answers) == ("open", "")
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_completing_a_complaint_invites_nobody(session):
    """The SMS survey rates services: complaints are not invited."""
    ticket = complete(session, make_complaint(session, phone=PHONE))
    assert ticket.status == "completed"
    assert survey_messages(session) == []
    assert session.scalars(select(SurveyInvitation)).all() == []


def test_a_request_completed_twice_gets_one_invitation(session):
    """Reopened and completed again: still one invitation, one survey SMS."""
    ticket = completed_request(session)
    apply_ticket_action(session, ticket_id=ticket.id, action="reopen", note="Belum lengkap.")
    apply_ticket_action(session, ticket_id=ticket.id, action="complete")
    assert invite_to_survey(session, ticket=ticket, now=now_utc()) is not None
    session.commit()
    assert len(survey_messages(session)) == 1
    assert len(session.scalars(select(SurveyInvitation)).all()) == 1


def test_opted_out_citizen_is_invited_but_not_sent(session):
    """STOP suppresses the invitation SMS; a reply from the citizen would still count."""
    set_citizen_opt_out(session, phone=PHONE, opted_out=True)
    ticket = completed_request(session)
    assert [m.status for m in survey_messages(session)] == ["suppressed"]
    assert answer(session, "443434344").kind == "thanks"
    assert responses(session)[0].ticket_id == ticket.id


def test_nine_digits_at_once_record_the_response(session):
    """The response lands in the shared table, channel sms, keyed by the gateway id."""
    ticket = completed_request(session)
    step = answer(session, "4 4 3 4 3 4 3 4 4", message_id="ATXid_9")
    assert (step.kind, step.ticket) == ("thanks", ticket.number)
    (response,) = responses(session)
    assert response.answers() == (4, 4, 3, 4, 3, 4, 3, 4, 4)
    assert (response.channel, response.client_key, response.ticket_id, response.unit_id) == (
        "sms", "ATXid_9", ticket.id, ticket.unit_id)
    # Tied to the completed ticket: it counts in the index (docs/domain.md §3.6).
    assert (response.tally, response.counted) == ("ticket", True)
    invitation = invitation_of(session, ticket)
    assert (invitation.status, invitation.response_id) == ("answered", response.id)


def test_partial_answers_are_kept_and_the_walk_continues(session):
    """Fewer digits ask the next question; each reply continues where the last stopped."""
    ticket = completed_request(session)
    assert answer(session, "").kind == "question"
    steps = [answer(session, text, message_id=f"m{i}")
             for i, text in enumerate(["443", "4", "3,4", "3", "4", "4"])]
    assert [(s.kind, s.question) for s in steps] == [
        ("question", 3), ("question", 4), ("question", 6), ("question", 7), ("question", 8),
        ("thanks", 0)]
    assert responses(session)[0].answers() == (4, 4, 3, 4, 3, 4, 3, 4, 4)
    assert invitation_of(session, ticket).answers == "443434344"


@pytest.mark.parametrize(("first", "then", "question", "kept"), [
    ("44", "3x", 3, "443"),
    ("44", "5", 2, "44"),
    ("44", "ya", 2, "44"),
    ("", "0", 0, ""),
    # More than the questions left, and not a whole questionnaire: nothing is taken.
    ("4444", "444444", 4, "4444"),
])
def test_a_wrong_character_gets_a_correction_not_a_restart(session, first, then, question, kept):
    """The valid answers before the mistake are kept; the question at the mistake is repeated."""
    ticket = completed_request(session)
    answer(session, first)
    step = answer(session, then)
    assert (step.kind, step.question) == ("correction", question)
    assert invitation_of(session, ticket).answers == kept
    assert responses(session) == []


def test_nine_digits_after_a_partial_start_replace_it(session):
    """A whole questionnaire in one message wins over the answers so far."""
    completed_request(session)
    answer(session, "11")
    assert answer(session, "443434344").kind == "thanks"
    assert responses(session)[0].answers() == (4, 4, 3, 4, 3, 4, 3, 4, 4)


def test_words_after_the_ninth_answer_are_not_a_mistake(session):
    """'443434344 makasih' is a complete answer."""
    completed_request(session)
    assert answer(session, "443434344 makasih").kind == "thanks"


def test_expired_invitation_gets_a_polite_no(session):
    """Past its expiry an invitation takes no answers and is marked expired."""
    ticket = completed_request(session, now=now_utc() - timedelta(days=8))
    step = answer(session, "443434344")
    assert (step.kind, step.ticket) == ("expired", ticket.number)
    assert invitation_of(session, ticket).status == "expired"
    assert responses(session) == []


def test_no_invitation_at_all(session):
    """A citizen never invited is told there is nothing to answer."""
    make_request(session, phone=PHONE)
    assert answer(session, "443434344").kind == "none"
    assert responses(session) == []


def test_one_response_per_request(session):
    """A second survey for the same ticket is refused politely; the first stands."""
    ticket = completed_request(session)
    assert answer(session, "443434344", message_id="a").kind == "thanks"
    step = answer(session, "111111111", message_id="b")
    assert (step.kind, step.ticket) == ("already_rated", ticket.number)
    assert [r.answers()[0] for r in responses(session)] == [4]


def test_rated_on_the_web_meanwhile(session):
    """The web response for the request counts: the SMS one is not added."""
    ticket = completed_request(session)
    record_survey_response(session, answers=[3] * 9, channel="web", ticket_id=ticket.id)
    assert answer(session, "443434344").kind == "already_rated"
    assert [r.channel for r in responses(session)] == ["web"]
    assert invitation_of(session, ticket).status == "answered"


def test_the_newest_open_invitation_is_answered(session):
    """With two completed requests, the answer goes to the latest invitation."""
    older = completed_request(session, now=now_utc() - timedelta(days=1))
    newer = completed_request(session)
    assert answer(session, "443434344").ticket == newer.number
    assert answer(session, "222222222", message_id="2").ticket == older.number
    assert {r.ticket_id: r.answers()[0] for r in responses(session)} == {newer.id: 4,
                                                                        older.id: 2}


def test_a_reopened_request_takes_no_answers(session):
    """While the request is being worked on again, its invitation waits."""
    ticket = completed_request(session)
    apply_ticket_action(session, ticket_id=ticket.id, action="reopen", note="Belum lengkap.")
    assert answer(session, "443434344").kind == "none"
    apply_ticket_action(session, ticket_id=ticket.id, action="complete")
    assert answer(session, "443434344").kind == "thanks"


@pytest.mark.parametrize(("text", "digits", "wrong"), [
    ("443434344", "443434344", False),
    ("4 4,3-4/3.4;3", "4434343", False),
    ("", "", False),
    ("44x3", "44", True),
    ("5", "", True),
    ("4\u00a04", "44", False),
    ("44 terima kasih", "44", True),
])
def test_read_answers(text, digits, wrong):
    """Digits 1-4 with any separators, up to the first wrong character."""
    assert read_answers(text) == (digits, wrong)
