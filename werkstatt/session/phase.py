"""The session's phase, read by other capabilities (participation input, results screen).

Derived from the agenda timer: the current item's kind decides, unless the
moderator overrides it. The override is a "phase" event in the timer log, so
every server process agrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from werkstatt.session.timer_log import record_event, timer_view
from werkstatt.session.timer_model import PHASE, TimerView

OVERRIDE_LABELS = {
    None: "Automatisch (nach Programm)",
    "input": "Eingabe offen",
    "closed": "Eingabe geschlossen",
    "results": "Ergebnisse zeigen",
}


@dataclass(frozen=True)
class PhaseView:
    kind: str  # agenda kind of the current item ("group_discussion", "conclusion", ...), or "before"/"after"
    input_open: bool  # participants may post contributions
    show_results: bool  # the shared screen shows the conclusion charts
    override: str | None  # None = follows the agenda; else "input", "closed", "results"


def phase_of(view: TimerView) -> PhaseView:
    """Pure: the phase a timer view implies."""
    kind = view.kind if view.index is not None else ("after" if view.state == "finished" else "before")
    override = view.phase_override
    if override == "input":
        return PhaseView(kind=kind, input_open=True, show_results=False, override=override)
    if override == "closed":
        return PhaseView(kind=kind, input_open=False, show_results=False, override=override)
    if override == "results":
        return PhaseView(kind=kind, input_open=False, show_results=True, override=override)
    return PhaseView(kind=kind, input_open=kind == "group_discussion", show_results=kind == "conclusion", override=None)


def current_phase(session: Session, *, workshop_id: int, now: datetime) -> PhaseView:
    return phase_of(timer_view(session, workshop_id=workshop_id, now=now))


def set_phase_override(session: Session, *, workshop_id: int, override: str | None, actor: str, now: datetime) -> None:
    # record_event checks the actor and the value (German refusals).
    record_event(session, workshop_id=workshop_id, kind=PHASE, actor=actor, now=now, value=override)
