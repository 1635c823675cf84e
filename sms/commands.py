"""One small handler per SMS command: call a core service, reply in the citizen's language.

A handler gets the session, the citizen, the text after the keyword and the
gateway message id; it returns the reply text, or None when the service has
already queued the citizen's answer itself.
"""

from sqlalchemy.orm import Session

from core.catalogue.directory import get_service
from core.catalogue.regions import place_named_in
from core.catalogue.search.services import (
    clear_winner,
    offering_unit,
    search_catalogue,
    without_place,
)
from core.citizens.registry import set_citizen_language, set_citizen_opt_out
from core.errors import MistypedTicketNumber, TicketNotFound
from core.messaging.inbox import Handled
from core.models import Citizen, InboundMessage
from core.surveys.invitations import SurveyStep, answer_survey_by_sms
from core.surveys.responses import AlreadyRated
from core.tickets.filing import (
    MAX_DESCRIPTION,
    create_complaint,
    create_service_request,
    find_ticket,
)
from core.tickets.notifications import render_fitted, status_summary
from core.tickets.numbers import grouped_ticket_number
from sms import replies
from sms.keywords import LANGUAGES, parse_command
from sms.queue import take_queue_number

# What each survey step says back; questions and corrections are built per question.
SURVEY_REPLIES = {
    "thanks": replies.SURVEY_THANKS,
    "expired": replies.SURVEY_EXPIRED,
    "already_rated": AlreadyRated.message,
    "none": replies.SURVEY_NONE,
}


def handle_message(session: Session, message: InboundMessage, citizen: Citizen) -> Handled:
    """Run the command a stored SMS asks for; its handler's name becomes the outcome."""
    command = parse_command(message.text)
    reply = HANDLERS[command.handler](session, citizen, command.argument,
                                      message.gateway_message_id)
    return Handled(command.handler, reply)


def apologise(_session: Session, _message: InboundMessage, citizen: Citizen) -> Handled:
    """Stand-in handler after a failure: record the message and say sorry."""
    return Handled("error", replies.render(citizen.language, replies.SORRY))


def report(session, citizen, argument, message_id):
    """LAPOR <text>: file a complaint; its receipt (with the ticket) is the reply.

    A place the text names ("... di desa Kalimook") is recorded as its codes.
    """
    description = argument.strip()[:MAX_DESCRIPTION]
    if not description:
        return replies.render(citizen.language, replies.REPORT_USAGE)
    place = place_named_in(session, description)
    create_complaint(session, phone=citizen.phone, complaint_type="pengaduan",
                     description=description, channel="sms", client_key=message_id,
                     kecamatan_code=place.kecamatan_code, desa_code=place.desa_code)
    return None


def status(session, citizen, argument, _message_id):
    """CEK <ticket>: the ticket's status and next step, nothing personal."""
    language = citizen.language
    if not any(char.isdigit() for char in argument):
        return replies.render(language, replies.STATUS_USAGE)
    try:
        ticket = find_ticket(session, number=argument)
    except (MistypedTicketNumber, TicketNotFound) as error:
        return replies.render(language, error.message, **error.params)
    return status_summary(language, ticket)


def info(session, citizen, argument, _message_id):
    """INFO <words>: the service meant (typos, synonyms): its requirements, time and cost; or
    a numbered choice of codes when several fit alike."""
    language = citizen.language
    words = argument.strip(" .,!?;:'\"")
    if not words:
        return replies.render(language, replies.INFO_USAGE)
    hit, reply = _one_service(session, language, words, replies.INFO_NONE, replies.INFO_MANY)
    if hit is None:
        return reply
    service = get_service(session, service_id=hit.service_id)
    return render_fitted(
        language, replies.INFO_SERVICE, field="requirements",
        value=_one_line(service.standard_text("persyaratan", language)) or "-",
        service=service.short_name(language), code=service.code, days=service.time_days,
        cost=replies.format_cost(language, service.cost_rupiah),
    )


def request_service(session, citizen, argument, message_id):
    """MINTA <service> [unit or kecamatan]: file a request for the service meant, at the unit
    named among those offering it (else its own); the receipt is the reply. A replayed message
    files once (its gateway id is the client key). Unsure: a numbered choice of codes."""
    language = citizen.language
    words = argument.strip(" .,!?;:'\"")
    if not words:
        return replies.render(language, replies.REQUEST_USAGE)
    result = _requested(session, language, words)
    hit = clear_winner(result) if not result.partial else None
    if hit is None:
        return _not_one(language, words, result, replies.REQUEST_NONE, replies.REQUEST_MANY)
    unit_id = offering_unit(session, service_id=hit.service_id, text=words)
    create_service_request(session, phone=citizen.phone, service_id=hit.service_id,
                           channel="sms", client_key=message_id, language=language,
                           unit_id=unit_id)
    return None


def _one_line(text: str) -> str:
    """A list kept one item per line (requirements), as one line for an SMS."""
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


def _requested(session, language, words):
    """The search MINTA acts on: every word typed found, or else every word but the place
    named at the end ("imunisasi gapura"); filing needs no guesswork."""
    result = search_catalogue(session, words, language=language, limit=replies.MAX_CHOICES)
    if not result.partial and clear_winner(result) is not None:
        return result
    service_words = without_place(session, words)
    if service_words is not None:
        narrowed = search_catalogue(session, service_words, language=language,
                                    limit=replies.MAX_CHOICES)
        if narrowed.hits:
            return narrowed
    return result


def _one_service(session, language, words, none_template, many_template):
    """The service the words mean, or (None, the reply): not found, or which one to choose."""
    result = search_catalogue(session, words, language=language, limit=replies.MAX_CHOICES)
    hit = clear_winner(result)
    if hit is not None:
        return hit, None
    return None, _not_one(language, words, result, none_template, many_template)


def _not_one(language, words, result, none_template, many_template):
    """The reply when no one service is meant: none found, or a numbered choice of codes."""
    if not result.hits:
        return replies.render(language, none_template, words=replies.echo(words))
    choices = replies.numbered_choices([(hit.code, hit.short_name) for hit in result.hits])
    return replies.render(language, many_template, choices=choices, first=result.hits[0].code)


def survey(session, citizen, argument, message_id):
    """SKM <digits>: answer the open satisfaction survey; SKM alone asks its next question."""
    step = answer_survey_by_sms(session, phone=citizen.phone, text=argument,
                                gateway_message_id=message_id)
    return _survey_reply(citizen.language, step)


def answer(session, citizen, argument, message_id):
    """Digits without a keyword: a survey answer while an invitation is open, else help."""
    step = answer_survey_by_sms(session, phone=citizen.phone, text=argument,
                                gateway_message_id=message_id)
    if step.kind == "none":
        return help_text(session, citizen, argument, message_id)
    return _survey_reply(citizen.language, step)


def choose_language(session, citizen, argument, _message_id):
    """BAHASA EN / LANGUAGE ID: answer in that language from now on, starting with this reply."""
    code = LANGUAGES.get(argument.strip(" .,!?;:").split(" ")[0].upper())
    if code is None:
        return replies.render(citizen.language, replies.LANGUAGE_USAGE)
    set_citizen_language(session, phone=citizen.phone, language=code)
    return replies.render(code, replies.LANGUAGE_SET)


def stop(session, citizen, _argument, _message_id):
    """BERHENTI / STOP: no more surveys or announcements; ticket news still comes."""
    set_citizen_opt_out(session, phone=citizen.phone, opted_out=True)
    return replies.render(citizen.language, replies.STOPPED)


def start(session, citizen, _argument, _message_id):
    """MULAI / START: surveys and announcements again."""
    set_citizen_opt_out(session, phone=citizen.phone, opted_out=False)
    return replies.render(citizen.language, replies.STARTED)


def help_text(_session, citizen, _argument, _message_id):
    """BANTUAN / HELP, and anything not understood: the list of commands."""
    return replies.render(citizen.language, replies.HELP)


HANDLERS = {
    "report": report,
    "status": status,
    "info": info,
    "request": request_service,
    "survey": survey,
    "queue": take_queue_number,
    "answer": answer,
    "language": choose_language,
    "stop": stop,
    "start": start,
    "help": help_text,
}


def _survey_reply(language: str, step: SurveyStep) -> str:
    """Put a survey step into words: the next question, a correction, thanks or why not."""
    if step.kind == "question":
        return replies.survey_question(language, step.question)
    if step.kind == "correction":
        question = replies.survey_question(language, step.question)
        return replies.render(language, replies.SURVEY_CORRECTION, question=question)
    return replies.render(language, SURVEY_REPLIES[step.kind],
                          ticket=grouped_ticket_number(step.ticket))
