"""Domain errors carry a German message meant for the user."""

from __future__ import annotations

# The base class is defined in db/ (the bottom layer raises it too, db/guards.py).
from db.errors import WerkstattError as WerkstattError


class NotFound(WerkstattError):
    pass


class PermissionDenied(WerkstattError):
    pass
