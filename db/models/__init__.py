"""All models; importing this package registers every table on Base.metadata.

Each capability keeps its tables in its own module so they can grow apart.
"""

from db.base import Base
from db.models.activities import ActivityState, CheckIn, ContactCard, Question  # noqa: F401
from db.models.core import AgendaItem, AppSetting, Category, Series, User, Workshop
from db.models.live import ContributionSubmission, LiveRevision, StaffAction  # noqa: F401
from db.models.operations import (  # noqa: F401
    AuditEvent,
    PersonAccess,
    ReminderSent,
    SeriesLegal,
    WorkshopSchedule,
)
from db.models.participation import Contribution, Group, Participant, Theme, Vote  # noqa: F401
from db.models.registration import OutboxMail, Person, Registration, WorkshopTally
from db.models.results import NextStep, Publication  # noqa: F401
from db.models.timer import TimerEvent
from db.models.trust import (  # noqa: F401
    AccountEvent,
    LoginGrant,
    LoginSession,
    PersonalIdentity,
    ThrottleEvent,
)

__all__ = [
    "AgendaItem",
    "AppSetting",
    "Base",
    "Category",
    "OutboxMail",
    "Person",
    "Registration",
    "Series",
    "TimerEvent",
    "User",
    "Workshop",
    "WorkshopTally",
]
