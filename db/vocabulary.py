"""The fixed words the database stores, as enums (and as CHECK constraints in the schema).

`StrEnum` members compare equal to their string values, so rows read back as
plain strings still match (`row.status == RegistrationStatus.CONFIRMED`).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class ContributionStatus(StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"
    WITHDRAWN = "withdrawn"
    MERGED = "merged"  # carries merged_into_id (the visible trace)


class MailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class TimerEventKind(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    NEXT = "next"
    PREV = "prev"
    EXTEND = "extend"
    JUMP = "jump"
    RESET = "reset"
    MODE = "mode"  # a setting: live / planned
    PHASE = "phase"  # a setting: the moderator's phase override


class PhaseOverride(StrEnum):
    INPUT = "input"
    CLOSED = "closed"
    RESULTS = "results"


def one_of(column: str, vocabulary: type[StrEnum], name: str) -> CheckConstraint:
    """CHECK (column IN (...)) for a table's __table_args__; the name gets the metadata's ck_ prefix."""
    values = ", ".join(f"'{member.value}'" for member in vocabulary)
    return CheckConstraint(f"{column} IN ({values})", name=name)
