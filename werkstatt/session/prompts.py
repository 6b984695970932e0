"""Guiding questions of the discussion: several per workshop, one open at a time.

A contribution belongs to the prompt that was open when it was posted
(table contribution_prompt, so contributions themselves stay unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models.activities import ActivityState, ContributionPrompt, DiscussionPrompt
from db.models.participation import VISIBLE, Contribution


@dataclass(frozen=True)
class PromptView:
    id: int
    position: int
    text: str
    contributions: int  # visible ones


def sync_prompts(session: Session, *, workshop_id: int, texts: list[str]) -> bool:
    """Make the workshop's prompts equal `texts` (in order); kept texts keep their contributions."""
    current = list(
        session.scalars(
            select(DiscussionPrompt)
            .where(DiscussionPrompt.workshop_id == workshop_id)
            .order_by(DiscussionPrompt.position)
        )
    )
    if [p.text for p in current] == texts:
        return False
    by_text = {p.text: p for p in current}
    for p in current:
        if p.text not in texts:
            session.delete(p)
        else:
            p.position = -1 - p.position  # out of the way of the unique (workshop, position)
    session.flush()
    for position, text in enumerate(texts):
        prompt = by_text.get(text) or DiscussionPrompt(workshop_id=workshop_id, text=text)
        prompt.position = position
        session.add(prompt)
    session.flush()
    return True


def list_prompts(session: Session, *, workshop_id: int) -> list[PromptView]:
    counts = dict(
        session.execute(
            select(ContributionPrompt.prompt_id, func.count())
            .join(Contribution, Contribution.id == ContributionPrompt.contribution_id)
            .where(Contribution.workshop_id == workshop_id, Contribution.status == VISIBLE)
            .group_by(ContributionPrompt.prompt_id)
        ).all()
    )
    rows = session.scalars(
        select(DiscussionPrompt).where(DiscussionPrompt.workshop_id == workshop_id).order_by(DiscussionPrompt.position)
    )
    return [PromptView(p.id, p.position, p.text, int(counts.get(p.id, 0))) for p in rows]


def open_prompt(session: Session, *, workshop_id: int) -> PromptView | None:
    """The prompt the moderator opened, else the first one (None when the workshop has none)."""
    prompts = list_prompts(session, workshop_id=workshop_id)
    state = session.get(ActivityState, workshop_id)
    chosen = state.open_prompt_id if state else None
    return next((p for p in prompts if p.id == chosen), prompts[0] if prompts else None)


def prompt_of_contributions(session: Session, *, workshop_id: int) -> dict[int, int]:
    """contribution id -> prompt id for the workshop."""
    rows = session.execute(
        select(ContributionPrompt.contribution_id, ContributionPrompt.prompt_id)
        .join(Contribution, Contribution.id == ContributionPrompt.contribution_id)
        .where(Contribution.workshop_id == workshop_id)
    )
    return {cid: pid for cid, pid in rows}
