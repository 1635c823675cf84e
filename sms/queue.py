"""ANTRE <unit code> [<dd/mm> <hh.mm>]: today's queue number, or a booked slot, by SMS.

The gateway's message id is the client key: a message delivered twice takes
one number. A refusal names the next free slot as the message to send back.
"""

import re
from datetime import date, time

from sqlalchemy.orm import Session

from core.models import Citizen
from core.queueing import lookup
from core.queueing.numbers import QueueClosed, QueueFull, ahead_of, book_slot, take_number
from sms import replies

# "08/12", "8-12", "08/12/2026"; "09.00", "9:30".
_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?$")
_TIME = re.compile(r"^(\d{1,2})[.:](\d{2})$")


def take_queue_number(session: Session, citizen: Citizen, argument: str, message_id: str):
    """The reply to ANTRE: usage, the number taken or booked, or why not and the next slot."""
    language = citizen.language
    words = argument.strip(" .,!?;:'\"").split()
    if not words:
        return replies.render(language, replies.QUEUE_USAGE)
    unit = lookup.unit_by_code(session, words[0])
    if unit is None:
        return replies.render(language, replies.QUEUE_UNKNOWN, words=replies.echo(words[0]))
    code, name = lookup.unit_code(unit), replies.unit_name(unit.name)
    if not lookup.has_queue(session, unit.id):
        return replies.render(language, replies.QUEUE_OFF, unit=name)
    try:
        if len(words) == 1:
            row = take_number(session, unit_id=unit.id, service_id=None, citizen_id=citizen.id,
                              channel="sms", client_key=message_id)
            return replies.render(language, replies.QUEUE_TAKEN, unit=name, number=row.number,
                                  ahead=ahead_of(session, row))
        day, slot = _slot_asked(session, unit.id, words[1:])
        row = book_slot(session, unit_id=unit.id, service_id=None, citizen_id=citizen.id,
                        day=day, slot=slot, channel="sms", client_key=message_id)
        return replies.render(language, replies.QUEUE_BOOKED, unit=name, number=row.number,
                              day=short_day(row.day), time=short_time(row.slot_start))
    except ValueError:
        return replies.render(language, replies.QUEUE_BAD_SLOT, unit_code=code)
    except (QueueClosed, QueueFull) as refusal:
        return _refusal(session, language, unit.id, code, name, refusal)


def _refusal(session, language, unit_id, code, name, refusal) -> str:
    """Closed or full: the next free slot as the message to send, or that there is none."""
    offer = getattr(refusal, "next_free", None) or lookup.first_free(session, unit_id)
    if offer is None:
        return replies.render(language, replies.QUEUE_NO_SLOT, unit=name)
    template = replies.QUEUE_FULL if isinstance(refusal, QueueFull) else replies.QUEUE_CLOSED
    return replies.render(language, template, unit=name, unit_code=code,
                          day=short_day(offer[0]), time=short_time(offer[1]))


def _slot_asked(session, unit_id: int, words: list[str]) -> tuple[date, time]:
    """The day and slot written after the code; ValueError when they cannot be read."""
    if len(words) < 2:
        raise ValueError(words)
    day_match, time_match = _DAY.match(words[0]), _TIME.match(words[1])
    if day_match is None or time_match is None:
        raise ValueError(words)
    today = lookup.local_now().date()
    dd, mm, yy = day_match.groups()
    year = (int(yy) % 100 + 2000) if yy else today.year
    day = date(year, int(mm), int(dd))
    if day <= today and not yy:
        day = day.replace(year=year + 1)
    return day, time(int(time_match.group(1)), int(time_match.group(2)))


def short_day(day: date) -> str:
    """A day as the citizen writes it back: 08/12."""
    return day.strftime("%d/%m")


def short_time(moment: time | None) -> str:
    """A slot as the citizen writes it back: 09.00."""
    return moment.strftime("%H.%M") if moment else ""
