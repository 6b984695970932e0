"""A participant's post carries a submission id: sent twice (a retry after a lost answer), stored once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.live import ContributionSubmission
from db.models.participation import Contribution
from werkstatt.errors import WerkstattError
from werkstatt.session.contributions import PlannedPost, plan_post, store_post
from werkstatt.session.participants import lock_participant, participant_by_token

MAX_SUBMISSION_ID = 64


def _valid(submission_id: str) -> str:
    submission_id = (submission_id or "").strip()
    if not submission_id or len(submission_id) > MAX_SUBMISSION_ID:
        raise WerkstattError("Der Beitrag kam ohne gültige Kennung an. Bitte laden Sie die Seite neu.")
    return submission_id


def _stored(session: Session, submission_id: str, participant_id: int) -> int | None:
    stored = session.scalar(
        select(ContributionSubmission.contribution_id)
        .join(Contribution, Contribution.id == ContributionSubmission.contribution_id)
        .where(ContributionSubmission.submission_id == submission_id, Contribution.participant_id == participant_id)
    )
    return None if stored is None else int(stored)


def plan_post_once(
    session: Session,
    *,
    submission_id: str,
    token: str,
    category: str,
    text: str,
    facet: str | None = None,
    stakeholder: str | None = None,
    now: datetime,
) -> PlannedPost | int:
    """The reading half (any transaction): the number when this submission is stored already (a retry
    after a lost answer, even when the input has closed since), else the checked post for `store_post_once`."""
    submission_id = _valid(submission_id)
    participant = participant_by_token(session, token=token)
    stored = _stored(session, submission_id, participant.id)
    if stored is not None:
        return stored
    return plan_post(session, participant, category=category, text=text, facet=facet, stakeholder=stakeholder, now=now)


def store_post_once(session: Session, plan: PlannedPost, *, submission_id: str, now: datetime) -> int:
    """The writing half: under the participant's lock, a retry racing its own first attempt waits for it
    and then finds it; otherwise the post is stored with its submission id. Returns the number either way."""
    submission_id = _valid(submission_id)
    participant = lock_participant(session, plan.participant_id)
    stored = _stored(session, submission_id, participant.id)
    if stored is not None:
        return stored
    number = store_post(session, plan, now=now, participant=participant)
    session.add(ContributionSubmission(submission_id=submission_id, contribution_id=number))
    session.flush()
    return number


def post_once(
    session: Session,
    *,
    submission_id: str,
    token: str,
    category: str,
    text: str,
    facet: str | None = None,
    stakeholder: str | None = None,
    now: datetime,
) -> int:
    """Store the contribution unless this submission is stored already; returns its number either way.

    One transaction; the phone runs the two halves in two (werkstatt/ui/post_sender.py)."""
    plan = plan_post_once(
        session, submission_id=submission_id, token=token, category=category, text=text, facet=facet,
        stakeholder=stakeholder, now=now,
    )  # fmt: skip
    if isinstance(plan, int):
        return plan
    return store_post_once(session, plan, submission_id=submission_id, now=now)
