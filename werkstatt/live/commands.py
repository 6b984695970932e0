"""Staff commands that happen exactly once.

Every staff action carries two things from the screen the person clicked on:

- an action id, made when the control was drawn. It is stored in `staff_action`
  in the same transaction as the change; its primary key refuses a second apply of
  the same click (a double-click, or a callback that Streamlit fires again), also
  when two requests race on two server processes.
- the staff-relevant state the person saw. Decision: *not* the workshop revision.
  The revision moves with every participant's post and dot, so a moderator in a busy
  room would see "Weiter" refused again and again. Instead each command names the
  state it acts on:
  * timer, phase and mode: the sequence number of the newest timer event
    (werkstatt.session.timer_log.timer_seq); only staff write timer events;
  * hide, unhide, merge, pin, theme: the state of the contribution(s) acted on
    (status, pinned, theme; see contribution_state); votes and new posts do not count;
  * groups: the list of group names the person saw.
  A command made against a state that has changed since is refused in German and
  the screen redraws with the new state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.locking import lock_row
from db.models.live import StaffAction
from db.models.participation import Contribution
from werkstatt.accounts.users import require_staff
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.session import moderation
from werkstatt.session.participants import list_groups, set_dots, set_groups
from werkstatt.session.timer_log import record_event
from werkstatt.session.timer_model import TimerView

REPEATED = "Dieser Klick wurde bereits ausgeführt – die Ansicht ist aktualisiert."
STALE_CONTRIBUTION = "Inzwischen wurde Beitrag #{id} geändert – die Ansicht ist aktualisiert. Bitte erneut prüfen."
STALE_GROUPS = "Inzwischen wurden die Gruppen geändert – die Ansicht ist aktualisiert. Bitte erneut prüfen."
MAX_ACTION_ID = 64


class RepeatedAction(WerkstattError):
    """The same click arrived again; it was applied once already."""


class StaleAction(WerkstattError):
    """The state the person acted on has changed since they looked."""


def contribution_state(*, status: str, pinned: bool, theme_id: int | None) -> str:
    """What a moderator sees of one contribution; the token a moderation command carries."""
    return f"{status}|{int(pinned)}|{theme_id or ''}"


def claim_action(session: Session, *, action_id: str, workshop_id: int, actor: str, kind: str, now: datetime) -> None:
    """Record the action id in this transaction; a second claim of the same id is refused (RepeatedAction)."""
    action_id = (action_id or "").strip()
    if not action_id or len(action_id) > MAX_ACTION_ID:
        raise WerkstattError("Diese Aktion kam ohne gültige Kennung an. Bitte laden Sie die Seite neu.")
    session.add(
        StaffAction(action_id=action_id, workshop_id=workshop_id, actor=actor.strip(), kind=kind, created_at=now)
    )
    try:
        session.flush()  # no savepoint: a refusal rolls the whole transaction back anyway
    except IntegrityError as err:
        if _is_duplicate(err):
            raise RepeatedAction(REPEATED) from None
        raise NotFound("Diese Werkstatt gibt es nicht (mehr).") from None  # the only foreign key


def _is_duplicate(err: IntegrityError) -> bool:
    """A unique-key violation (PostgreSQL SQLSTATE 23505, SQLite "UNIQUE constraint failed")."""
    return getattr(err.orig, "sqlstate", None) == "23505" or "unique" in str(err.orig).lower()


def timer_command(
    session: Session,
    *,
    workshop_id: int,
    kind: str,
    actor: str,
    now: datetime,
    action_id: str,
    seen_seq: int,
    minutes: int | None = None,
    item: int | None = None,
    value: str | None = None,
) -> TimerView:
    """start, pause, resume, next, prev, extend, jump, reset, mode, phase: once, and only against the log seen.

    record_event checks the actor's role (a refusal rolls the claim back with everything else).
    """
    claim_action(session, action_id=action_id, workshop_id=workshop_id, actor=actor, kind=kind, now=now)
    return record_event(
        session, workshop_id=workshop_id, kind=kind, actor=actor, now=now,
        minutes=minutes, item=item, value=value, seen_seq=seen_seq,
    )  # fmt: skip


def _pin(session: Session, **kw: Any) -> None:
    moderation.set_pinned(session, pinned=True, **kw)


def _unpin(session: Session, **kw: Any) -> None:
    moderation.set_pinned(session, pinned=False, **kw)


MODERATION: dict[str, Callable[..., object]] = {
    "hide": moderation.hide,
    "unhide": moderation.unhide,
    "merge": moderation.merge,
    "pin": _pin,
    "unpin": _unpin,
    "theme": moderation.set_theme,
}


def moderation_command(
    session: Session,
    *,
    kind: str,
    workshop_id: int,
    actor: str,
    now: datetime,
    action_id: str,
    seen: Mapping[int, str],
    **kw: Any,
) -> None:
    """hide, unhide, merge, pin, unpin, theme: once, and only when the contributions are as the moderator saw them.

    `seen` maps each contribution the command acts on to its contribution_state.
    """
    action = MODERATION.get(kind)
    if action is None:
        raise WerkstattError(f"Unbekannter Moderationsschritt „{kind}“.")
    if not seen:
        raise WerkstattError("Diese Aktion kam ohne den gesehenen Stand an. Bitte laden Sie die Seite neu.")
    require_staff(session, actor=actor, action="Beiträge moderieren")
    claim_action(session, action_id=action_id, workshop_id=workshop_id, actor=actor, kind=kind, now=now)
    for contribution_id in sorted(seen):  # lock in id order: two moderators never deadlock
        found = lock_row(session, Contribution, contribution_id)
        if found is None or found.workshop_id != workshop_id:
            raise NotFound(f"Beitrag #{contribution_id} gibt es in dieser Werkstatt nicht.")
        if (
            contribution_state(status=found.status, pinned=found.pinned, theme_id=found.theme_id)
            != seen[contribution_id]
        ):
            raise StaleAction(STALE_CONTRIBUTION.format(id=contribution_id))
    action(session, workshop_id=workshop_id, actor=actor, now=now, **kw)


def groups_command(
    session: Session,
    *,
    workshop_id: int,
    names: Sequence[str],
    seen_names: Sequence[str],
    actor: str,
    now: datetime,
    action_id: str,
) -> None:
    """Replace the breakout groups once, and only if they are still the ones the person saw."""
    require_staff(session, actor=actor, action="Gruppen einrichten")
    claim_action(session, action_id=action_id, workshop_id=workshop_id, actor=actor, kind="groups", now=now)
    if [g.name for g in list_groups(session, workshop_id=workshop_id)] != list(seen_names):
        raise StaleAction(STALE_GROUPS)
    set_groups(session, workshop_id=workshop_id, names=list(names), actor=actor, now=now)


def dots_command(session: Session, *, workshop_id: int, dots: int, actor: str, now: datetime, action_id: str) -> None:
    """Set the dots per person once (setting a number twice changes nothing anyway)."""
    require_staff(session, actor=actor, action="die Punktzahl festlegen")
    claim_action(session, action_id=action_id, workshop_id=workshop_id, actor=actor, kind="dots", now=now)
    set_dots(session, workshop_id=workshop_id, dots=dots, actor=actor, now=now)


def new_theme_command(
    session: Session, *, workshop_id: int, name: str, actor: str, now: datetime, action_id: str
) -> int:
    """Create a theme once; returns its id."""
    require_staff(session, actor=actor, action="Themen anlegen")
    claim_action(session, action_id=action_id, workshop_id=workshop_id, actor=actor, kind="new_theme", now=now)
    return moderation.create_theme(session, workshop_id=workshop_id, name=name, actor=actor, now=now)
