"""The "your turn is near" SMS: sent once per number, when few enough are ahead of it.

Sent after every call and every no-show (core/queueing/counter.py), since
only those move a number forward. `near_sent_at` marks a number told, so a
second call never tells it again.
"""

from datetime import date, datetime

from sqlalchemy.orm import Session

from core.clock import now_utc
from core.errors import NotFound
from core.gsm import MULTI_SEGMENT, shorten, to_gsm
from core.i18n import N_, translate
from core.messaging.outbox import queue_message
from core.models import Citizen, QueueNumber, Unit
from core.queueing.numbers import ahead_of, near_turn

# The citizen asked for the number, so this answers them: essential like a reply,
# it reaches even a citizen who opted out of other messages.
NEAR_TURN_PURPOSE = "reply"
MAX_CHARS = 2 * MULTI_SEGMENT
NEAR_TURN = N_(
    "Antrean %(unit)s: nomor %(number)s hampir dipanggil. Di depan Anda: %(ahead)s nomor. "
    "Mohon bersiap di dekat loket."
)
NEXT_TURN = N_(
    "Antrean %(unit)s: nomor %(number)s dipanggil berikutnya. Mohon bersiap di dekat loket."
)


def send_near_turn_notices(session: Session, *, unit_id: int, day: date,
                           now: datetime | None = None) -> list[QueueNumber]:
    """Queue one SMS for each number whose turn is near and was not told; returns them."""
    moment = now or now_utc()
    try:
        numbers = near_turn(session, unit_id=unit_id, day=day)
    except NotFound:
        # The unit's queue was turned off meanwhile: nobody is waiting for a call.
        return []
    unit = session.get(Unit, unit_id)
    for number in numbers:
        citizen = session.get(Citizen, number.citizen_id)
        text = near_turn_text(citizen.language, unit_name=unit.name, number=number.number,
                              ahead=ahead_of(session, number))
        queue_message(session, citizen=citizen, text=text, purpose=NEAR_TURN_PURPOSE,
                      now=moment)
        number.near_sent_at = moment
    session.flush()
    return numbers


def near_turn_text(language: str, *, unit_name: str, number: int, ahead: int) -> str:
    """The message in the citizen's language, GSM-7, a long unit name shortened to fit two parts;
    the next in line is told just that."""
    template, params = (NEXT_TURN, {"number": number}) if ahead == 0 else (
        NEAR_TURN, {"number": number, "ahead": ahead})
    room = max(MAX_CHARS - len(to_gsm(translate(language, template, unit="", **params))), 1)
    unit = shorten(to_gsm(unit_name), room)
    return to_gsm(translate(language, template, unit=unit, **params)).strip()
