"""One small handler per SMS command: call a core service, reply in the citizen's language.

A handler gets the session, the citizen, the text after the keyword and the
gateway message id; it returns the reply text, or None when the service has
already queued the citizen's answer itself.
"""

from sqlalchemy.orm import Session

from core.catalogue.directory import find_services, get_service
from core.citizens.registry import set_citizen_language, set_citizen_opt_out
from core.errors import MistypedTicketNumber, TicketNotFound
from core.messaging.inbox import Handled
from core.models import Citizen, InboundMessage
from core.surveys.invitations import SurveyStep, answer_survey_by_sms
from core.surveys.responses import AlreadyRated
from core.tickets.filing import MAX_DESCRIPTION, create_complaint, find_ticket
from core.tickets.notifications import render_fitted, status_summary
from sms import replies
from sms.keywords import LANGUAGES, parse_command

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
    """LAPOR <text>: file a complaint; its receipt (with the ticket) is the reply."""
    description = argument.strip()[:MAX_DESCRIPTION]
    if not description:
        return replies.render(citizen.language, replies.REPORT_USAGE)
    create_complaint(session, phone=citizen.phone, complaint_type="pengaduan",
                     description=description, channel="sms", client_key=message_id)
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
    """INFO <word>: one service's requirements, time and cost; or the codes of several."""
    language = citizen.language
    words = argument.strip(" .,!?;:'\"")
    if not words:
        return replies.render(language, replies.INFO_USAGE)
    services = find_services(session, text=words)
    if not services:
        return replies.render(language, replies.INFO_NONE, words=replies.echo(words))
    if len(services) > 1:
        return replies.render(language, replies.INFO_MANY, first=services[0].code,
                              codes=", ".join(service.code for service in services))
    service = get_service(session, service_id=services[0].id)
    return render_fitted(
        language, replies.INFO_SERVICE, field="requirements",
        value=service.standard_text("persyaratan", language) or "-",
        service=service.short_name(language), code=service.code, days=service.time_days,
        cost=replies.format_cost(language, service.cost_rupiah),
    )


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
    "survey": survey,
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
    return replies.render(language, SURVEY_REPLIES[step.kind], ticket=step.ticket)
