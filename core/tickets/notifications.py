"""Texts the citizen receives by SMS, rendered in their language when queued."""

from sqlalchemy.orm import Session

from core.clock import format_date
from core.gsm import MULTI_SEGMENT, shorten, to_gsm
from core.i18n import N_, translate
from core.messaging.outbox import queue_message
from core.models import Ticket
from core.tickets.lifecycle import STATUS_TABLE, ticket_status_label
from core.tickets.numbers import grouped_ticket_number

# Every notification fits in two SMS parts; a long officer's note is shortened.
MAX_SEGMENTS = 2
MAX_CHARS = MAX_SEGMENTS * MULTI_SEGMENT

REQUEST_RECEIPT = N_(
    "Permohonan %(service)s diterima. Tiket: %(ticket)s. Target selesai %(due)s. "
    "Cek status: SMS CEK %(ticket)s"
)
COMPLAINT_RECEIPT = N_(
    "Laporan Anda diterima. Tiket: %(ticket)s. Verifikasi paling lambat %(due)s. "
    "Cek status: SMS CEK %(ticket)s"
)
TICKET_STATUS = N_("Tiket %(ticket)s: %(status)s. %(next)s")


def render(language: str, template: str, **params) -> str:
    """Translate and fill a template, values included, in GSM-7 (every SMS and USSD text)."""
    return _fill(language, template, params).strip()


def render_fitted(language: str, template: str, *, field: str, value: str, **params) -> str:
    """Render, shortening one long value (an officer's note, requirements) to fit two SMS parts."""
    # Measured before stripping: the space before an empty field is taken back later.
    room = max(MAX_CHARS - len(_fill(language, template, params | {field: ""})), 0)
    return render(language, template, **params, **{field: shorten(to_gsm(value), room)})


def _fill(language: str, template: str, params: dict) -> str:
    values = {key: to_gsm(str(value)) for key, value in params.items()}
    return to_gsm(translate(language, template, **values))


def status_summary(language: str, ticket: Ticket) -> str:
    """One line with the ticket's status and what happens next."""
    status = STATUS_TABLE[ticket.status]
    return render(
        language,
        TICKET_STATUS,
        ticket=grouped_ticket_number(ticket.number),
        status=translate(language, ticket_status_label(ticket)),
        next=translate(language, status.next_step),
    )


def notify_citizen(
    session: Session, *, ticket: Ticket, template: str, note: str = "", purpose: str = "status",
    **params
) -> None:
    """Queue an essential message about a ticket for its citizen, in their language.

    A ticket without a proven phone has no one to tell. Officers' news is
    "status" (never dropped); a receipt, which anyone filing causes, is
    "receipt" and counts against the phone's hourly budget.
    """
    citizen = ticket.citizen
    if citizen is None:
        return
    due = format_date(ticket.due_on) if ticket.due_on else "-"
    text = render_fitted(citizen.language, template, field="note", value=note,
                         ticket=grouped_ticket_number(ticket.number), due=due, **params)
    queue_message(session, citizen=citizen, text=text, purpose=purpose, ticket_id=ticket.id)
