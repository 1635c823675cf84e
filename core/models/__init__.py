"""All models, importable from one place so the metadata is complete."""

from core.models.attachments import Attachment
from core.models.audit import AuditEntry
from core.models.calendar import Holiday
from core.models.catalogue import Service, ServiceStandard
from core.models.citizens import Citizen
from core.models.login_codes import LoginCode
from core.models.officers import Officer
from core.models.organisations import Agency, Unit
from core.models.outbox import OutboundMessage
from core.models.practices import BestPractice, PracticeAdoption
from core.models.sms import InboundMessage, SurveyInvitation
from core.models.surveys import SurveyResponse
from core.models.tickets import Ticket, TicketEvent
from core.models.ussd import UssdSession

__all__ = [
    "Agency",
    "Attachment",
    "AuditEntry",
    "BestPractice",
    "Citizen",
    "Holiday",
    "InboundMessage",
    "LoginCode",
    "Officer",
    "OutboundMessage",
    "PracticeAdoption",
    "Service",
    "ServiceStandard",
    "SurveyInvitation",
    "SurveyResponse",
    "Ticket",
    "TicketEvent",
    "Unit",
    "UssdSession",
]
