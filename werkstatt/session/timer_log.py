"""Timer services: append an event to the log (validated, serialised) and read the view."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.locking import for_update
from db.models import TimerEvent, Workshop
from werkstatt import audit
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.series.programme import AgendaRow, agenda_rows
from werkstatt.session.timer import compute_timer
from werkstatt.session.timer_checks import check_event
from werkstatt.session.timer_model import MODE, MODES, PHASE, PHASE_OVERRIDES, TimerView

STALE_TIMER = "Inzwischen wurde der Ablauf geändert ({what}) – die Ansicht ist aktualisiert. Bitte erneut prüfen."
KIND_LABELS = {
    "start": "Start", "pause": "Pause", "resume": "Fortsetzen", "next": "Weiter", "prev": "Zurück",
    "extend": "Verlängern", "jump": "Springen", "reset": "Zurücksetzen", MODE: "Modus", PHASE: "Phase",
}  # fmt: skip


def _workshop(session: Session, workshop_id: int, *, lock: bool) -> Workshop:
    query = select(Workshop).where(Workshop.id == workshop_id)
    if lock:
        query = for_update(query)  # writers for one workshop queue here (db/locking.py)
    workshop = session.scalar(query)
    if workshop is None:
        raise NotFound("Diese Werkstatt gibt es nicht (mehr).")
    return workshop


def _events(session: Session, workshop_id: int) -> list[TimerEvent]:
    query = select(TimerEvent).where(TimerEvent.workshop_id == workshop_id).order_by(TimerEvent.seq)
    return list(session.scalars(query))


def timer_seq(session: Session, *, workshop_id: int) -> int:
    """The sequence number of the newest timer event (0 before the first): what a timer command was made against."""
    query = select(TimerEvent.seq).where(TimerEvent.workshop_id == workshop_id).order_by(TimerEvent.seq.desc())
    return int(session.scalar(query.limit(1)) or 0)


def load_agenda(session: Session, *, workshop_id: int) -> list[AgendaRow]:
    return agenda_rows(_workshop(session, workshop_id, lock=False))


def timer_view(session: Session, *, workshop_id: int, now: datetime) -> TimerView:
    """What every screen shows: the agenda and the whole log replayed at `now`."""
    workshop = _workshop(session, workshop_id, lock=False)
    return compute_timer(agenda_rows(workshop), _events(session, workshop_id), now)


def record_event(
    session: Session,
    *,
    workshop_id: int,
    kind: str,
    actor: str,
    now: datetime,
    minutes: int | None = None,
    item: int | None = None,
    value: str | None = None,
    seen_seq: int | None = None,
) -> TimerView:
    """Append one event after checking it against the current state; returns the new view.

    The check and the insert happen under the workshop lock in one transaction,
    so a double-click or two moderators at once cannot both pass the check.
    `seen_seq` (see timer_seq) is the log the moderator's screen showed: when any
    timer event came after it, the click is stale and refused in German.
    """
    user = audit.authorize(session, actor=actor, needs=audit.MODERATOR, doing="den Ablauf steuern")
    workshop = _workshop(session, workshop_id, lock=True)
    events = _events(session, workshop_id)
    agenda = agenda_rows(workshop)
    if events and now < events[-1].created_at:
        # A clock running behind another server's must not reorder the story.
        now = events[-1].created_at
    view = compute_timer(agenda, events, now)
    check_event(view, kind, minutes=minutes, item=item)
    if kind == MODE:
        if value not in MODES:
            raise WerkstattError(f"Unbekannter Modus „{value}“; erlaubt: live, planned.")
        if value == view.mode:
            raise WerkstattError(f"Der Modus „{MODES[value]}“ ist bereits eingestellt.")
    if kind == PHASE and value is not None and value not in PHASE_OVERRIDES:
        raise WerkstattError(f"Unbekannte Phase „{value}“; erlaubt: input, closed, results oder automatisch.")
    if kind == PHASE and seen_seq is not None and value == view.phase_override:
        # A moderator's command (it carries what it saw) that would change nothing writes nothing.
        raise WerkstattError("Diese Phase ist bereits eingestellt.")
    last_seq = events[-1].seq if events else 0
    if seen_seq is not None and seen_seq != last_seq:
        what = f"{KIND_LABELS.get(events[-1].kind, events[-1].kind)} durch {events[-1].actor}" if events else "neu"
        raise WerkstattError(STALE_TIMER.format(what=what))
    seq = last_seq + 1  # read under the lock; the unique key guards the rest
    event = TimerEvent(
        workshop_id=workshop_id,
        seq=seq,
        kind=kind,
        minutes=minutes if kind == "extend" else None,
        item=item if kind in ("jump", "next", "prev") else None,
        value=value if kind in (MODE, PHASE) else None,
        actor=actor.strip(),
        created_at=now,
    )
    session.add(event)
    audit.record(
        session,
        actor=user,
        action=f"timer_{kind}",
        object_type="workshop",
        object_id=workshop_id,
        workshop_id=workshop_id,
        now=now,
        detail=" ".join(
            f"{k}={v}" for k, v in (("minutes", minutes), ("item", item), ("value", value)) if v is not None
        ),
    )
    session.flush()
    return compute_timer(agenda, [*events, event], now)
