"""A participant's post carries a submission id: sent twice (a retry after a lost answer), stored once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.live import ContributionSubmission
from db.models.participation import Contribution
from werkstatt.errors import WerkstattError
from werkstatt.session.contributions import post
from werkstatt.session.participants import participant_by_token

MAX_SUBMISSION_ID = 64


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
    """Store the contribution unless this submission is stored already; returns its number either way."""
    submission_id = (submission_id or "").strip()
    if not submission_id or len(submission_id) > MAX_SUBMISSION_ID:
        raise WerkstattError("Der Beitrag kam ohne gültige Kennung an. Bitte laden Sie die Seite neu.")
    # The participant's lock first: a retry racing its own first attempt waits for it and then finds it.
    participant = participant_by_token(session, token=token, lock=True)
    stored = session.scalar(
        select(ContributionSubmission.contribution_id)
        .join(Contribution, Contribution.id == ContributionSubmission.contribution_id)
        .where(ContributionSubmission.submission_id == submission_id, Contribution.participant_id == participant.id)
    )
    if stored is not None:
        return int(stored)
    number = post(session, token=token, category=category, text=text, facet=facet, stakeholder=stakeholder, now=now)
    session.add(ContributionSubmission(submission_id=submission_id, contribution_id=number))
    session.flush()
    return number
