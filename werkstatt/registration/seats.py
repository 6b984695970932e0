"""The seat rule as a pure decision: who gets a seat, who waits (no database).

The services (werkstatt/registration/services.py) lock the workshop row, count,
and then ask these functions; the locking is what makes the count true.
"""

from __future__ import annotations

from typing import Literal

Placement = Literal["confirmed", "waitlisted"]


def placement(*, confirmed: int, capacity: int) -> Placement:
    """A new registration is confirmed while seats are free, else it joins the waitlist."""
    return "confirmed" if confirmed < capacity else "waitlisted"


def promotable(*, confirmed: int, capacity: int, waiting: int) -> int:
    """How many people from the head of the waitlist move up now."""
    return max(0, min(capacity - confirmed, waiting))
