"""Personal join links: one live identity per registration, the same on every device.

The link carries `<registration id>.<HMAC>` under the server key; the identity's
token is derived from it the same way, so opening the link on a phone and on a
laptop gives one voter. The database stores neither the link nor a registration
id for the identity (only that it came through a personal link).
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Registration, Workshop
from db.models.participation import Participant
from db.models.trust import PersonalIdentity
from werkstatt.accounts.secrets import keyed_hash
from werkstatt.errors import WerkstattError
from werkstatt.session.participants import hash_token

OPEN, PERSONAL = "open", "personal"
JOIN_MODES = {OPEN: "offener Code (auch Gäste)", PERSONAL: "nur mit persönlichem Link"}
TICKET_RE = re.compile(r"([0-9]{1,12})\.([0-9a-f]{32})")
INVALID = "Dieser persönliche Link ist ungültig. Bitte nutzen Sie den Link aus Ihrer Anmeldebestätigung."


def ticket_for(session: Session, *, registration_id: int) -> str:
    return f"{registration_id}.{keyed_hash(session, str(registration_id), purpose='join-ticket')[:32]}"


def personal_link(session: Session, *, registration_id: int, base_url: str) -> str:
    """The link for mails: `<base>/mitmachen?ticket=…`."""
    return f"{base_url.rstrip('/')}/mitmachen?ticket={ticket_for(session, registration_id=registration_id)}"


def join_personal(session: Session, *, ticket: str, now: datetime) -> str:
    """The identity behind a personal link (created on first use); returns its token."""
    match = TICKET_RE.fullmatch(ticket or "")
    if match is None or not hmac.compare_digest(ticket, ticket_for(session, registration_id=int(match[1]))):
        raise WerkstattError(INVALID)
    reg = session.get(Registration, int(match[1]))
    if reg is None:
        raise WerkstattError(INVALID)
    if reg.status != "confirmed":
        raise WerkstattError(
            "Ihre Anmeldung ist storniert." if reg.status == "cancelled" else "Sie stehen noch auf der Warteliste."
        )
    token = keyed_hash(session, ticket, purpose="personal-participant")
    existing = session.scalar(select(Participant.id).where(Participant.token_hash == hash_token(token)))
    if existing is None:
        participant = Participant(workshop_id=reg.workshop_id, token_hash=hash_token(token), created_at=now)
        session.add(participant)
        session.flush()
        session.add(PersonalIdentity(participant_id=participant.id, created_at=now))
        session.flush()
    return token


def set_join_mode(session: Session, *, workshop_id: int, mode: str) -> None:
    if mode not in JOIN_MODES:
        raise WerkstattError("Unbekannte Zugangsart.")
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise WerkstattError("Diese Werkstatt gibt es nicht.")
    workshop.join_mode = mode


@dataclass(frozen=True)
class Turnout:
    identities: int
    personal: int
    confirmed: int
    checked_in: int


def turnout(session: Session, *, workshop_id: int) -> Turnout:
    """Live identities (all / via personal link) next to confirmed registrations and check-ins."""
    identities = select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop_id)
    personal = (
        select(func.count())
        .select_from(PersonalIdentity)
        .join(Participant, Participant.id == PersonalIdentity.participant_id)
        .where(Participant.workshop_id == workshop_id)
    )
    confirmed = select(func.count()).where(Registration.workshop_id == workshop_id, Registration.status == "confirmed")
    checked = select(func.count()).where(
        Registration.workshop_id == workshop_id, Registration.checked_in_at.isnot(None)
    )
    return Turnout(
        identities=session.scalar(identities) or 0,
        personal=session.scalar(personal) or 0,
        confirmed=session.scalar(confirmed) or 0,
        checked_in=session.scalar(checked) or 0,
    )
