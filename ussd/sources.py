"""What the journey's screens read and do: each function calls core services, never the database.

Items return (value, label) pairs; params return a screen's text parameters;
validators return the value to store or raise Invalid with a hint; routes
return the next screen; actions file the citizen's request and return the
parameters of the closing text.
"""

from core.catalogue.categories import COMPLAINT_TYPE_LABELS
from core.citizens.registry import set_citizen_language
from core.clock import format_date
from core.errors import DomainError
from core.gsm import to_gsm
from core.i18n import N_
from core.surveys.questionnaire import UNSUR
from core.surveys.responses import find_unrated_request, record_survey_response
from core.tickets.filing import create_complaint, create_service_request, find_ticket
from core.tickets.lifecycle import STATUS_TABLE, ticket_status_label
from core.tickets.numbers import grouped_ticket_number
from ussd.screens import Invalid, Visit

UNKNOWN_UNIT_TARGET = N_("unit yang tepat (dipilih petugas)")
TOO_SHORT = N_("Terlalu pendek. Tulis lagi:")
TOO_LONG = N_("Terlalu panjang. Tulis lebih singkat:")
FREE = N_("Gratis")
# Who may see what, as the privacy screen offers it: (anonymous, confidential).
PRIVACY = {"biasa": (False, False), "anonim": (True, False), "rahasia": (False, True),
           "keduanya": (True, True)}
MIN_DESCRIPTION = 5
# One USSD input holds 182 characters at most; more is not a citizen typing.
MAX_DESCRIPTION = 500


def service_categories(visit: Visit) -> list[tuple[str, str]]:
    """Categories that have services, health first."""
    return [(category.code, category.name(visit.language))
            for category in visit.catalogue.service_categories()]


def complaint_categories(visit: Visit) -> list[tuple[str, str]]:
    """Every category."""
    return [(category.code, category.name(visit.language))
            for category in visit.catalogue.categories]


def complaint_types(visit: Visit) -> list[tuple[str, str]]:
    """Complaint, suggestion or information request."""
    return [(code, visit.t(label)) for code, label in COMPLAINT_TYPE_LABELS.items()]


def category_services(visit: Visit) -> list[tuple[int, str]]:
    """The services of the chosen category, in menu order."""
    found = visit.catalogue.services_in(visit.values.get("category"))
    return [(service.id, service.short_name(visit.language)) for service in found]


def _service(visit: Visit):
    return visit.catalogue.service(visit.values.get("service_id"))


def service_requirements(visit: Visit) -> dict:
    """The chosen service's name and requirements."""
    service = _service(visit)
    return {"service": service.short_name(visit.language),
            "requirements": service.requirements(visit.language)}


def service_facts(visit: Visit) -> dict:
    """Requirements, working days and cost of the chosen service."""
    service = _service(visit)
    cost = f"Rp{service.cost_rupiah:,}".replace(",", ".") if service.cost_rupiah else visit.t(FREE)
    return {**service_requirements(visit), "days": service.time_days, "cost": cost}


def request_summary(visit: Visit) -> dict:
    """What is about to be requested, and where."""
    service = _service(visit)
    unit_id = visit.values.get("unit_id")
    unit = visit.catalogue.unit_name(unit_id) if unit_id is not None else service.unit_name
    return {"service": service.short_name(visit.language), "unit": unit}


def complaint_summary(visit: Visit) -> dict:
    """The complaint as it will be filed: type, unit and the citizen's text."""
    values = visit.values
    unit_id = values.get("unit_id")
    unit = (visit.catalogue.unit_name(unit_id) if unit_id is not None
            else visit.t(UNKNOWN_UNIT_TARGET))
    return {"type": visit.t(COMPLAINT_TYPE_LABELS[values["complaint_type"]]), "unit": unit,
            "text": values.get("description", "")}


def rated_request(visit: Visit) -> dict:
    """The request offered for rating."""
    return {"service": visit.values.get("service", ""),
            "ticket": grouped_ticket_number(visit.values.get("ticket", ""))}


def description(visit: Visit, raw: str) -> str:
    """The complaint text, in GSM-7 with spaces tidied; too short or too long is refused."""
    text = " ".join(to_gsm(raw).split())
    if len(text) < MIN_DESCRIPTION:
        raise Invalid(TOO_SHORT)
    if len(text) > MAX_DESCRIPTION:
        raise Invalid(TOO_LONG)
    return text


def ticket_number(visit: Visit, raw: str) -> str:
    """A ticket that exists; a typo (check digit) or an unknown number is a hint."""
    try:
        return find_ticket(visit.db, number=raw).number
    except DomainError as error:
        raise Invalid(error.message, **error.params) from None


def survey_subject(visit: Visit) -> str:
    """Offer the citizen's latest completed request, if it is not rated yet; else ask the unit."""
    ticket = find_unrated_request(visit.db, phone=visit.state.phone, read=visit.read)
    if ticket is None:
        return "srv_units"
    visit.values.update(ticket_id=ticket.id, ticket=ticket.number,
                        service=ticket.short_name(visit.language))
    return "srv_pick"


def save_language(visit: Visit) -> str:
    """Remember the language for every channel and show the menu in it."""
    citizen = set_citizen_language(visit.db, phone=visit.state.phone,
                                   language=visit.values["language"])
    visit.state.language = citizen.language
    return "menu"


def file_request(visit: Visit) -> dict:
    """File the service request (once per journey) and say its ticket."""
    ticket = create_service_request(
        visit.db, phone=visit.state.phone, service_id=visit.values["service_id"],
        unit_id=visit.values.get("unit_id"), channel="ussd", client_key=visit.client_key,
        language=visit.language,
    )
    return {"ticket": grouped_ticket_number(ticket.number), "due": format_date(ticket.due_on)}


def file_complaint(visit: Visit) -> dict:
    """File the complaint (once per journey) and say its ticket."""
    values = visit.values
    # A journey begun before the privacy screen replaced the anonymity one has "anonymous".
    privacy = values.get("privacy") or ("anonim" if values.get("anonymous") else "biasa")
    anonymous, confidential = PRIVACY[privacy]
    ticket = create_complaint(
        visit.db, phone=visit.state.phone, complaint_type=values["complaint_type"],
        category=values["category"], unit_id=values.get("unit_id"),
        description=values["description"], anonymous=anonymous, confidential=confidential,
        kecamatan_code=values.get("kecamatan_code"), desa_code=values.get("desa_code"),
        channel="ussd", client_key=visit.client_key, language=visit.language,
    )
    return {"ticket": grouped_ticket_number(ticket.number), "due": format_date(ticket.due_on)}


def ticket_status(visit: Visit) -> dict:
    """The ticket's status and what happens next."""
    ticket = find_ticket(visit.db, number=visit.values["ticket_number"])
    status = STATUS_TABLE[ticket.status]
    return {"ticket": grouped_ticket_number(ticket.number),
            "status": visit.t(ticket_status_label(ticket)), "next": visit.t(status.next_step)}


def record_survey(visit: Visit) -> dict:
    """Store the nine answers for the request or the unit (once per journey)."""
    values = visit.values
    subject = ({"ticket_id": values["ticket_id"]} if values.get("use_ticket")
               else {"unit_id": values["unit_id"]})
    # The gateway names the caller's number: the answer counts once per phone
    # (docs/domain.md §3.6).
    record_survey_response(
        visit.db, answers=[values[unsur.column] for unsur in UNSUR], channel="ussd",
        client_key=visit.client_key, phone=visit.state.phone, **subject,
    )
    return {}


def dial_again(visit: Visit) -> dict:
    """The short code to dial for a fresh start."""
    return {"code": visit.ussd_code}
