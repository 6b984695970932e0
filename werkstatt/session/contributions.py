"""What participants do with contributions: post, withdraw, give and take back dots.

Vote counts are always computed with COUNT over the vote table (unique per
participant and contribution), never stored or incremented. Hidden, withdrawn
and merged-away contributions count nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from db.models import Workshop
from db.models.activities import ContributionPrompt
from db.models.participation import (
    VISIBLE,
    WITHDRAWN,
    Contribution,
    Participant,
    Vote,
)
from werkstatt.errors import WerkstattError
from werkstatt.series.programme import agenda_rows
from werkstatt.series.stakeholders import STAKEHOLDER_GROUPS
from werkstatt.series.store import get_workshop
from werkstatt.session.participants import lock_participant, participant_by_token
from werkstatt.session.phase import current_phase
from werkstatt.session.prompts import open_prompt
from werkstatt.session.views import STATUS_LABELS, dots_used
from werkstatt.text.rules import clean_contribution

POST_INTERVAL = timedelta(seconds=5)


INPUT_CLOSED = "Die Eingabe ist gerade geschlossen. Ihr Text wurde nicht gespeichert."


@dataclass(frozen=True)
class PlannedPost:
    """A post that passed every check of the workshop (phase, category, text): what `store_post` writes."""

    participant_id: int
    workshop_id: int
    group_id: int | None
    category: str
    facet: str
    stakeholder: str
    text: str
    prompt_id: int | None  # the guiding question open at the time


def plan_post(
    session: Session,
    participant: Participant,
    *,
    category: str,
    text: str,
    facet: str | None = None,
    stakeholder: str | None = None,
    now: datetime,
) -> PlannedPost:
    """Every check of a post that only reads (German refusals); may run before the writing transaction.

    The phone sends it in a read transaction of its own, so that the database's write lock is held only
    for the few statements of `store_post` (docs/performance.md, "Round 5"): a post sent in the very
    instant the moderator closes the input may still land, as one sent a moment earlier would.
    """
    workshop = get_workshop(session, workshop_id=participant.workshop_id)
    _require_input_open(session, workshop.id, now, INPUT_CLOSED)
    keys = {c.key for c in workshop.categories}
    if category not in keys:
        raise WerkstattError("Bitte wählen Sie eine Kategorie für Ihren Beitrag.")
    facet = facet or ""
    if facet and facet not in workshop.facet_options:
        raise WerkstattError(f"Diese Auswahl für »{workshop.facet_label}« gibt es nicht.")
    stakeholder = stakeholder or ""
    if stakeholder and stakeholder not in STAKEHOLDER_GROUPS:
        raise WerkstattError("Diese Akteursgruppe gibt es nicht.")
    text = clean_contribution(text)
    # Checked after the text: a typo in a blank post should not also cost a 5 s wait.
    _require_interval(participant.last_post_at, now)
    prompt = open_prompt(session, workshop_id=workshop.id)
    return PlannedPost(
        participant_id=participant.id,
        workshop_id=workshop.id,
        group_id=participant.group_id,
        category=category,
        facet=facet,
        stakeholder=stakeholder,
        text=text,
        prompt_id=prompt.id if prompt else None,
    )


def store_post(session: Session, plan: PlannedPost, *, now: datetime, participant: Participant | None = None) -> int:
    """Write a planned post under the participant's lock; the 5 s rule is checked again here, where
    two tabs of one person meet. Returns its number (id)."""
    participant = participant or lock_participant(session, plan.participant_id)
    _require_interval(participant.last_post_at, now)
    contribution = Contribution(
        workshop_id=plan.workshop_id,
        participant_id=plan.participant_id,
        category_key=plan.category,
        facet=plan.facet,
        stakeholder=plan.stakeholder,
        group_id=plan.group_id,
        text=plan.text,
        created_at=now,
    )
    participant.last_post_at = now
    session.add(contribution)
    session.flush()
    if plan.prompt_id is not None:
        session.add(ContributionPrompt(contribution_id=contribution.id, prompt_id=plan.prompt_id))
    return contribution.id


def post(
    session: Session,
    *,
    token: str,
    category: str,
    text: str,
    facet: str | None = None,
    stakeholder: str | None = None,
    now: datetime,
) -> int:
    """Store a contribution in one transaction; returns its number (id). Refusals leave nothing behind."""
    participant = participant_by_token(session, token=token, lock=True)  # the row lock first, then the checks
    plan = plan_post(session, participant, category=category, text=text, facet=facet, stakeholder=stakeholder, now=now)
    return store_post(session, plan, now=now, participant=participant)


def _require_interval(last_post_at: datetime | None, now: datetime) -> None:
    if last_post_at is not None and now - last_post_at < POST_INTERVAL:
        wait = POST_INTERVAL - (now - last_post_at)
        seconds = max(1, int(wait.total_seconds() + 0.999))
        raise WerkstattError(
            f"Bitte einen Moment Geduld: Der nächste Beitrag ist in {seconds} s möglich "
            "(höchstens ein Beitrag alle 5 Sekunden). Ihr Text ist noch im Feld."
        )


def withdraw(session: Session, *, token: str, contribution_id: int, now: datetime) -> None:
    """The author takes a contribution back (until the conclusion is over)."""
    participant = participant_by_token(session, token=token, lock=True)
    contribution = session.get(Contribution, contribution_id)
    if contribution is None or contribution.participant_id != participant.id:
        raise WerkstattError("Sie können nur Ihre eigenen Beiträge zurückziehen.")
    if contribution.status != VISIBLE:
        raise WerkstattError(f"Dieser Beitrag ist bereits {STATUS_LABELS[contribution.status]}.")
    workshop = get_workshop(session, workshop_id=participant.workshop_id)
    phase = current_phase(session, workshop_id=workshop.id, now=now)
    if not phase.input_open and phase.kind in kinds_after_conclusion(workshop):
        raise WerkstattError("Nach dem Fazit können Beiträge nicht mehr zurückgezogen werden.")
    contribution.status = WITHDRAWN


def kinds_after_conclusion(workshop: Workshop) -> set[str]:
    """Phase kinds in which withdrawing is over: agenda items after the conclusion, and 'after'."""
    kinds = [row.kind for row in agenda_rows(workshop)]
    later = kinds[kinds.index("conclusion") + 1 :] if "conclusion" in kinds else []
    return {"after", *later} - {"conclusion", "group_discussion"}


def vote(session: Session, *, token: str, contribution_id: int, now: datetime) -> None:
    """Give one dot to a visible contribution (at most one per contribution)."""
    participant = participant_by_token(session, token=token, lock=True)
    workshop = get_workshop(session, workshop_id=participant.workshop_id)
    _require_input_open(
        session, workshop.id, now, "Die Abstimmung ist gerade geschlossen. Ihr Punkt wurde nicht vergeben."
    )
    contribution = session.get(Contribution, contribution_id)
    if contribution is None or contribution.workshop_id != workshop.id or contribution.status != VISIBLE:
        raise WerkstattError("Diesen Beitrag gibt es nicht (mehr); Ihr Punkt wurde nicht vergeben.")
    if session.scalar(
        select(Vote.id).where(Vote.participant_id == participant.id, Vote.contribution_id == contribution_id)
    ):
        raise WerkstattError("Auf diesem Beitrag liegt schon ein Punkt von Ihnen (höchstens einer pro Beitrag).")
    total = workshop.dots_per_participant
    if dots_used(session, participant_id=participant.id) >= total:
        raise WerkstattError(
            f"Sie haben alle {total} Punkte vergeben. Nehmen Sie einen Punkt zurück, um ihn neu zu setzen."
        )
    session.add(Vote(participant_id=participant.id, contribution_id=contribution_id, created_at=now))
    session.flush()


def unvote(session: Session, *, token: str, contribution_id: int, now: datetime) -> None:
    """Take a dot back (to move it elsewhere)."""
    participant = participant_by_token(session, token=token, lock=True)
    closed = "Die Abstimmung ist gerade geschlossen; Punkte bleiben, wo sie sind."
    _require_input_open(session, participant.workshop_id, now, closed)
    deleted = cast(
        CursorResult[Any],
        session.execute(
            delete(Vote).where(Vote.participant_id == participant.id, Vote.contribution_id == contribution_id)
        ),
    )
    removed = deleted.rowcount
    if not removed:
        raise WerkstattError("Auf diesem Beitrag liegt kein Punkt von Ihnen.")


def _require_input_open(session: Session, workshop_id: int, now: datetime, message: str) -> None:
    if not current_phase(session, workshop_id=workshop_id, now=now).input_open:
        raise WerkstattError(message)
