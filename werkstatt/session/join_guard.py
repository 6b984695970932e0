"""Joining by open code, throttled: wrong codes per client address, new identities per client
and per workshop. Counters live in the database, so every server process shares them.

Returns an outcome instead of raising, so the caller commits the counted attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.participation import Participant
from werkstatt.accounts import throttle
from werkstatt.errors import NotFound
from werkstatt.series.store import workshop_by_join_code
from werkstatt.session.participants import hash_token, join
from werkstatt.session.personal_link import PERSONAL

# Many people in one office or one venue Wi-Fi share an address: the whole room (the workshop's seats,
# plus a few second devices, at least ten) may join from one address within an hour, then one more per
# minute. Scripted joins therefore stay far below a flood; strict workshops use personal links instead.
SPARE_DEVICES = 5


def joins_per_client(capacity: int) -> throttle.Limit:
    return throttle.Limit(
        "join-client", max(10, capacity + SPARE_DEVICES), timedelta(hours=1),
        base_delay=timedelta(minutes=1), max_delay=timedelta(minutes=1),
    )  # fmt: skip


# A flood brake for the whole workshop (many addresses at once): 60 new identities in 5 minutes.
JOINS_PER_WORKSHOP = throttle.Limit(
    "join-workshop", 60, timedelta(minutes=5), base_delay=timedelta(seconds=5), max_delay=timedelta(seconds=30)
)
WRONG_CODES_PER_CLIENT = throttle.Limit("join-fail-client", 10, timedelta(minutes=15), base_delay=timedelta(seconds=20))


@dataclass(frozen=True)
class JoinOutcome:
    token: str | None
    message: str = ""


def _wait(session: Session, limit: throttle.Limit, key: str, now: datetime) -> timedelta | None:
    return throttle.wait_needed(session, limit=limit, key=key, now=now)


def _braked(reason: str, wait: timedelta) -> JoinOutcome:
    return JoinOutcome(
        None,
        f"{reason} Bitte versuchen Sie es in {throttle.wait_text(wait)} erneut "
        "oder nutzen Sie Ihren persönlichen Link aus der Anmeldebestätigung.",
    )


def guarded_join(
    session: Session, *, code: str, client: str, now: datetime, browser_token: str | None = None
) -> JoinOutcome:
    if "\x00" in (code or "") or len(code or "") > 40:
        code = ""
    wait = _wait(session, WRONG_CODES_PER_CLIENT, client, now)
    if wait is not None:
        return JoinOutcome(
            None, f"Zu viele ungültige Codes. Bitte versuchen Sie es in {throttle.wait_text(wait)} erneut."
        )
    try:
        workshop = workshop_by_join_code(session, code=code or "")
    except NotFound as err:
        throttle.record(session, limit=WRONG_CODES_PER_CLIENT, key=client, now=now)
        return JoinOutcome(None, err.message)
    if workshop.join_mode == PERSONAL:
        return JoinOutcome(
            None,
            "Diese Werkstatt ist nur mit Ihrem persönlichen Link aus der Anmeldebestätigung zugänglich. "
            "Bitte öffnen Sie den Link aus Ihrer E-Mail.",
        )
    if isinstance(browser_token, str) and 10 <= len(browser_token) <= 100:  # this browser's identity here: keep it
        mine = session.scalar(
            select(Participant.workshop_id).where(Participant.token_hash == hash_token(browser_token))
        )
        if mine == workshop.id:
            return JoinOutcome(browser_token)
    per_client, per_client_limit = f"{workshop.id}:{client}", joins_per_client(workshop.capacity)
    wait = _wait(session, per_client_limit, per_client, now)
    if wait is not None:
        return _braked("Von diesem Anschluss sind schon sehr viele Teilnahmen angelegt worden.", wait)
    wait = _wait(session, JOINS_PER_WORKSHOP, str(workshop.id), now)
    if wait is not None:
        return _braked("Gerade treten sehr viele Personen auf einmal bei.", wait)
    token = join(session, code=workshop.join_code, now=now)
    throttle.record(session, limit=per_client_limit, key=per_client, now=now)
    throttle.record(session, limit=JOINS_PER_WORKSHOP, key=str(workshop.id), now=now)
    return JoinOutcome(token)
