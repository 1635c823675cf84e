"""All models, importable from one place so the metadata is complete."""

from core.models.calendar import Holiday
from core.models.catalogue import Service, ServiceStandard
from core.models.citizens import Citizen
from core.models.officers import Officer
from core.models.organisations import Agency, Unit
from core.models.outbox import OutboundMessage
from core.models.surveys import SurveyResponse
from core.models.tickets import Ticket, TicketEvent

__all__ = [
    "Agency",
    "Citizen",
    "Holiday",
    "Officer",
    "OutboundMessage",
    "Service",
    "ServiceStandard",
    "SurveyResponse",
    "Ticket",
    "TicketEvent",
    "Unit",
]
