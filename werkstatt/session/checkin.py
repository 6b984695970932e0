"""The introduction round: an optional check-in on the phone, and who is in the room.

Every field may stay empty and a participant may skip entirely; the room
overview counts everyone who joined, and shows the mix of those who said.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models.activities import CheckIn
from db.models.participation import Participant
from werkstatt.errors import WerkstattError
from werkstatt.results.terms import merge_spellings
from werkstatt.series.stakeholders import STAKEHOLDER_GROUPS
from werkstatt.session.participants import participant_by_token
from werkstatt.text.rules import MAX_NAME_CHARS, clean_line

MAX_REGION_CHARS = 80
MAX_EXPECTATION_CHARS = 40


@dataclass(frozen=True)
class MyCheckIn:
    name: str
    stakeholder: str
    region: str
    expectation: str
    done: bool


@dataclass(frozen=True)
class Room:
    joined: int
    checked_in: int
    stakeholders: list[tuple[str, int]]  # in the order of STAKEHOLDER_GROUPS, only those present
    regions: list[tuple[str, int]]  # most named first
    expectations: list[tuple[str, int]]  # ranked words, spellings merged


def check_in(
    session: Session, *, token: str, name: str, stakeholder: str, region: str, expectation: str, now: datetime
) -> None:
    """Store (or change) the check-in; nothing is required."""
    me = participant_by_token(session, token=token, lock=True)
    stakeholder = stakeholder or ""
    if stakeholder and stakeholder not in STAKEHOLDER_GROUPS:
        raise WerkstattError("Diese Akteursgruppe gibt es nicht.")
    region = clean_line(region, max_len=MAX_REGION_CHARS, field="Stadt oder Region", required=False)
    expectation = clean_line(
        expectation, max_len=MAX_EXPECTATION_CHARS, field="Was erwarten Sie heute?", required=False
    )
    if len(expectation.split()) > 3:
        raise WerkstattError("Bitte nur ein Wort (höchstens drei) zu »Was erwarten Sie heute?«.")
    me.display_name = clean_line(name, max_len=MAX_NAME_CHARS, field="Name", required=False)
    row = session.scalar(select(CheckIn).where(CheckIn.participant_id == me.id))
    if row is None:
        row = CheckIn(workshop_id=me.workshop_id, participant_id=me.id, created_at=now)
        session.add(row)
    row.stakeholder, row.region, row.expectation = stakeholder, region, expectation
    session.flush()


def my_check_in(session: Session, *, token: str) -> MyCheckIn:
    me = participant_by_token(session, token=token)
    row = session.scalar(select(CheckIn).where(CheckIn.participant_id == me.id))
    if row is None:
        return MyCheckIn(me.display_name, "", "", "", done=False)
    return MyCheckIn(me.display_name, row.stakeholder, row.region, row.expectation, done=True)


def room(session: Session, *, workshop_id: int, limit: int = 12) -> Room:
    joined = session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop_id)) or 0
    rows = session.execute(
        select(CheckIn.stakeholder, CheckIn.region, CheckIn.expectation).where(CheckIn.workshop_id == workshop_id)
    ).all()
    groups = Counter(s for s, _, _ in rows if s)
    regions = merge_spellings(Counter(r for _, r, _ in rows if r))
    words = merge_spellings(Counter(e for _, _, e in rows if e), lemmatize=True)
    return Room(
        joined=int(joined),
        checked_in=len(rows),
        stakeholders=[(g, groups[g]) for g in STAKEHOLDER_GROUPS if groups[g]],
        regions=regions[:limit],
        expectations=words[:limit],
    )
