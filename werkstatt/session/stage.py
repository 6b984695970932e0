"""What the room is doing right now: the current agenda item's activity and the moderator's choices.

The activity follows the agenda (werkstatt/series/activities.py); the moderator's
phase override wins ("input" = contributions, "results" = the conclusion). The
moderator's choices for the shared screen, the results reveal and the open
guiding question live in one ActivityState row per workshop, so every screen agrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.locking import lock_row
from db.models import AgendaItem
from db.models.activities import ActivityState, DiscussionPrompt
from db.models.participation import Group
from werkstatt.accounts.users import require_staff
from werkstatt.errors import WerkstattError
from werkstatt.series.activities import CONTRIBUTIONS, NONE, RESULTS, resolve_activity
from werkstatt.series.store import get_workshop
from werkstatt.session.phase import PhaseView, phase_of
from werkstatt.session.timer_log import timer_view

# What the shared screen can show; "" = follow the agenda.
SCREEN_VIEWS: dict[str, str] = {
    "": "Automatisch (nach Programm)",
    "room": "Wer ist im Raum",
    "questions": "Fragen an die Referierenden",
    "wall": "Beitragswand",
    "group": "Beiträge einer Gruppe",
    "themes": "Beiträge nach Thema",
    "fazit": "Fazit",
}
SCREEN_BY_ACTIVITY = {
    "checkin": "room",
    "questions": "questions",
    CONTRIBUTIONS: "wall",
    RESULTS: "fazit",
    "networking": "networking",
    NONE: "wall",
}


@dataclass(frozen=True)
class Stage:
    activity: str  # checkin, questions, contributions, results, networking, none
    agenda_item_id: int | None
    agenda_title: str
    phase: PhaseView
    results_revealed: bool
    screen_view: str  # the moderator's choice ("" = automatic)
    screen_group_id: int | None

    @property
    def screen(self) -> str:
        """What the shared screen shows: room, questions, wall, group, fazit or networking."""
        if self.screen_view:
            return self.screen_view
        return SCREEN_BY_ACTIVITY.get(self.activity, "wall")


def settings(session: Session, *, workshop_id: int) -> ActivityState | None:
    return session.get(ActivityState, workshop_id)


def current_stage(session: Session, *, workshop_id: int, now: datetime) -> Stage:
    view = timer_view(session, workshop_id=workshop_id, now=now)
    phase = phase_of(view)
    item = None
    if view.index is not None:
        item = session.scalar(
            select(AgendaItem).where(AgendaItem.workshop_id == workshop_id, AgendaItem.position == view.index)
        )
    activity = resolve_activity(item.kind, item.activity) if item is not None else NONE
    if phase.override == "input":
        activity = CONTRIBUTIONS
    elif phase.override == "results":
        activity = RESULTS
    elif phase.override == "closed" and activity == CONTRIBUTIONS:
        activity = NONE
    state = settings(session, workshop_id=workshop_id)
    return Stage(
        activity=activity,
        agenda_item_id=item.id if item is not None else None,
        agenda_title=item.title if item is not None else "",
        phase=phase,
        results_revealed=bool(state and state.results_revealed),
        screen_view=state.screen_view if state else "",
        screen_group_id=state.screen_group_id if state else None,
    )


def _state_for_update(session: Session, workshop_id: int, actor: str, now: datetime) -> ActivityState:
    require_staff(session, actor=actor, action="die Aktivitäten steuern")
    get_workshop(session, workshop_id=workshop_id)
    state = lock_row(session, ActivityState, workshop_id)
    if state is None:
        state = ActivityState(workshop_id=workshop_id, results_revealed=False, screen_view="", updated_at=now)
        session.add(state)
    state.updated_at, state.updated_by = now, actor
    return state


def set_results_revealed(session: Session, *, workshop_id: int, revealed: bool, actor: str, now: datetime) -> None:
    """The presenter's reveal: phones show the conclusion only once revealed."""
    _state_for_update(session, workshop_id, actor, now).results_revealed = revealed
    session.flush()


def set_screen_view(
    session: Session, *, workshop_id: int, view: str, group_id: int | None = None, actor: str, now: datetime
) -> None:
    if view not in SCREEN_VIEWS:
        raise WerkstattError("Diese Ansicht gibt es für den Beamer nicht.")
    if view == "group":
        group = session.get(Group, group_id) if group_id is not None else None
        if group is None or group.workshop_id != workshop_id:
            raise WerkstattError("Bitte wählen Sie eine Gruppe dieser Werkstatt.")
    state = _state_for_update(session, workshop_id, actor, now)
    state.screen_view = view
    state.screen_group_id = group_id if view == "group" else None
    session.flush()


def set_open_prompt(session: Session, *, workshop_id: int, prompt_id: int, actor: str, now: datetime) -> None:
    """The guiding question new contributions answer."""
    prompt = session.get(DiscussionPrompt, prompt_id)
    if prompt is None or prompt.workshop_id != workshop_id:
        raise WerkstattError("Diese Leitfrage gibt es in dieser Werkstatt nicht.")
    _state_for_update(session, workshop_id, actor, now).open_prompt_id = prompt_id
    session.flush()
