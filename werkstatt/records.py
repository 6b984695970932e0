"""The stored records and fixed words the services hand to the screens.

Screens annotate with these names and never import db/ themselves; only the
services query (docs/architecture.md).
"""

from __future__ import annotations

from db.models import OutboxMail, Registration, Workshop
from db.models.activities import Q_ANSWERED, Q_ANSWERING, Q_HIDDEN, Q_OPEN
from db.models.operations import WorkshopSchedule

__all__ = [
    "Q_ANSWERED",
    "Q_ANSWERING",
    "Q_HIDDEN",
    "Q_OPEN",
    "OutboxMail",
    "Registration",
    "Workshop",
    "WorkshopSchedule",
]
