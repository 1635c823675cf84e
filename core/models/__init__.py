"""All models, importable from one place so the metadata is complete.

One module per core package that owns the tables (docs/architecture.md §5).
"""

from core.models.calendar import Holiday
from core.models.catalogue import (
    Agency,
    Category,
    Region,
    Service,
    ServiceSearch,
    ServiceStandard,
    StandardVersion,
    Unit,
)
from core.models.citizens import Citizen, PushSubscription
from core.models.duties import Duty
from core.models.messaging import InboundMessage, LoginCode, OutboundMessage
from core.models.practices import BestPractice, PracticeAdoption
from core.models.queueing import QueueNumber, QueueSetting
from core.models.sessions import UssdSession
from core.models.staff import AuditEntry, Officer
from core.models.statistics import PlaceYearFigures, SnapshotMark, UnitIkmDay, UnitYearFigures
from core.models.surveys import (
    CounterDevice,
    SurveyFollowUp,
    SurveyInvitation,
    SurveyResponse,
)
from core.models.tickets import Attachment, Ticket, TicketEvent

__all__ = [
    "Agency",
    "Attachment",
    "AuditEntry",
    "BestPractice",
    "Category",
    "Citizen",
    "CounterDevice",
    "Duty",
    "Holiday",
    "InboundMessage",
    "LoginCode",
    "Officer",
    "OutboundMessage",
    "PlaceYearFigures",
    "PracticeAdoption",
    "PushSubscription",
    "QueueNumber",
    "QueueSetting",
    "Region",
    "Service",
    "ServiceSearch",
    "ServiceStandard",
    "SnapshotMark",
    "StandardVersion",
    "SurveyFollowUp",
    "SurveyInvitation",
    "SurveyResponse",
    "Ticket",
    "TicketEvent",
    "Unit",
    "UnitIkmDay",
    "UnitYearFigures",
    "UssdSession",
]
