"""The satisfaction survey (SKM) by SMS: one invitation per completed request, answers by reply.

A citizen may answer all nine unsur at once (`SKM 443434344`) or a few at a
time; the answers so far are kept on the invitation, so a walk through the
questions continues where it stopped.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.citizens.registry import citizen_for_phone
from core.clock import now_utc
from core.i18n import N_, translate
from core.messaging.outbox import queue_message
from core.models import SurveyInvitation, Ticket
from core.models.tickets import COMPLETED
from core.surveys.questionnaire import ANSWERS, HIGHEST_ANSWER, LOWEST_ANSWER, UNSUR
from core.surveys.responses import AlreadyRated, record_survey_response

SURVEY_VALID_DAYS = 7
QUESTIONS = len(UNSUR)
# Fits one GSM-7 segment in both languages with a 9-digit ticket, grouped (tested).
INVITATION = N_(
    "Tiket %(ticket)s selesai. Nilai layanan kami: balas SKM + %(count)s angka "
    "%(lowest)s-%(highest)s (%(highest)s=terbaik), mis. SKM 443434344, atau SKM saja untuk 1 "
    "per 1."
)
# What a reply may put between answers, besides spaces: "4,4,3", "4-4-3".
_SEPARATORS = frozenset(",.;:-/")
_ANSWERS = frozenset(str(answer) for answer in ANSWERS)


@dataclass(frozen=True)
class SurveyStep:
    """What an SMS answer led to, for the channel to put into words.

    kind is one of: "thanks" (all nine recorded), "question" (ask question
    `question`, 0-based), "correction" (a wrong character: repeat that
    question), "expired", "already_rated", "none" (no invitation at all).
    """

    kind: str
    ticket: str = ""
    question: int = 0


def invite_to_survey(
    session: Session, *, ticket: Ticket, now: datetime, valid_days: int = SURVEY_VALID_DAYS,
    shown_number: str | None = None,
) -> SurveyInvitation | None:
    """Invite the citizen of a completed request once, inside the caller's transaction.

    shown_number is the ticket number as the citizen sees it (grouped, '306 169 650'):
    surveys sit below tickets, so the caller, which may use core.tickets.numbers, groups it.
    """
    if ticket.kind != "request" or ticket.citizen_id is None:
        # No proven phone to invite (docs/domain.md, "Who filed a ticket").
        return None
    existing = _invitation_for_ticket(session, ticket.id)
    if existing is not None:
        return existing
    invitation = SurveyInvitation(citizen_id=ticket.citizen_id, ticket_id=ticket.id,
                                  expires_at=now + timedelta(days=valid_days), created_at=now)
    try:
        with session.begin_nested():
            session.add(invitation)
    except IntegrityError:
        # Completed twice at once: the other completion invited the citizen.
        return _invitation_for_ticket(session, ticket.id)
    citizen = ticket.citizen
    text = invitation_text(citizen.language, shown_number or ticket.number)
    # Purpose "survey": opted-out citizens get the row suppressed, never sent.
    queue_message(session, citizen=citizen, text=text, purpose="survey", ticket_id=ticket.id)
    return invitation


def invitation_text(language: str, ticket_number: str) -> str:
    """The invitation SMS for a ticket, in the language, stating the questions and the scale."""
    return translate(language, INVITATION, ticket=ticket_number, count=QUESTIONS,
                     lowest=LOWEST_ANSWER, highest=HIGHEST_ANSWER)


def answer_survey_by_sms(
    session: Session, *, phone: str, text: str, gateway_message_id: str,
    now: datetime | None = None,
) -> SurveyStep:
    """Apply an SMS answer to the citizen's open invitation; say what comes next."""
    moment = now or now_utc()
    citizen = citizen_for_phone(session, phone)
    invitation = _open_invitation(session, citizen.id, moment)
    if invitation is None:
        return _closed_step(session, citizen.id, moment)
    digits, wrong = read_answers(text)
    if len(digits) == QUESTIONS:
        # Nine answers in one message are a whole questionnaire, even after a partial start.
        answers = digits
    elif len(invitation.answers) + len(digits) > QUESTIONS:
        answers, wrong = invitation.answers, True
    else:
        answers = invitation.answers + digits
    invitation.answers = answers
    if len(answers) == QUESTIONS:
        # Whatever follows the ninth answer ("...4 makasih") is not a mistake.
        return _record(session, invitation, gateway_message_id, moment)
    kind = "correction" if wrong else "question"
    return SurveyStep(kind, invitation.ticket.number, len(answers))


def read_answers(text: str) -> tuple[str, bool]:
    """The digits 1-4 at the start of a reply, and whether a wrong character followed."""
    digits = []
    for char in text or "":
        if char in _ANSWERS:
            digits.append(char)
        elif not (char.isspace() or char in _SEPARATORS):
            return "".join(digits), True
    return "".join(digits), False


def _record(session, invitation, gateway_message_id, moment) -> SurveyStep:
    """Store the nine answers in the survey table every channel shares, and close the invitation."""
    ticket = invitation.ticket.number
    try:
        response = record_survey_response(
            session, answers=[int(d) for d in invitation.answers], channel="sms",
            client_key=gateway_message_id, ticket_id=invitation.ticket_id, now=moment)
    except AlreadyRated:
        # Rated meanwhile on another channel: one response per request.
        invitation.status = "answered"
        return SurveyStep("already_rated", ticket)
    invitation.status, invitation.response_id = "answered", response.id
    return SurveyStep("thanks", ticket)


def _open_invitation(session, citizen_id, moment) -> SurveyInvitation | None:
    """The citizen's newest invitation still open, unexpired, for a ticket still completed."""
    query = (
        select(SurveyInvitation).join(Ticket, SurveyInvitation.ticket_id == Ticket.id)
        .where(SurveyInvitation.citizen_id == citizen_id, SurveyInvitation.status == "open",
               SurveyInvitation.expires_at >= moment, Ticket.status == COMPLETED)
        .order_by(SurveyInvitation.created_at.desc(), SurveyInvitation.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def _closed_step(session, citizen_id, moment) -> SurveyStep:
    """Why there is nothing to answer: the newest invitation was answered, expired, or none."""
    latest = session.scalars(
        select(SurveyInvitation).where(SurveyInvitation.citizen_id == citizen_id)
        .order_by(SurveyInvitation.created_at.desc(), SurveyInvitation.id.desc()).limit(1)
    ).first()
    if latest is None:
        return SurveyStep("none")
    if latest.status == "answered":
        return SurveyStep("already_rated", latest.ticket.number)
    if latest.status == "open" and latest.expires_at < moment:
        latest.status = "expired"
    return SurveyStep("expired" if latest.status == "expired" else "none", latest.ticket.number)


def expire_invitations(session: Session, *, now: datetime | None = None) -> int:
    """Mark every open invitation past its end as expired; how many. No commit.

    The same rule as a late reply's (_closed_step): open and past expires_at.
    A reply after this gets the same "expired" answer it got before.
    """
    moment = now or now_utc()
    return session.execute(
        update(SurveyInvitation)
        .where(SurveyInvitation.status == "open", SurveyInvitation.expires_at < moment)
        .values(status="expired")
        .execution_options(synchronize_session=False)
    ).rowcount


def _invitation_for_ticket(session, ticket_id) -> SurveyInvitation | None:
    return session.scalars(
        select(SurveyInvitation).where(SurveyInvitation.ticket_id == ticket_id)
    ).one_or_none()
