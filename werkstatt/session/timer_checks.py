"""Which timer event makes sense now: refusals in German, checked before an event is stored."""

from __future__ import annotations

from werkstatt.errors import WerkstattError
from werkstatt.session.timer_model import (
    EVENT_KINDS,
    EXTEND,
    FINISHED,
    JUMP,
    MAX_EXTEND_MINUTES,
    MODE,
    NEXT,
    NOT_STARTED,
    PAUSE,
    PAUSED,
    PHASE,
    PREV,
    RESET,
    RESUME,
    START,
    TimerView,
)


def check_event(view: TimerView, kind: str, *, minutes: int | None, item: int | None) -> None:
    """Refuse an event that makes no sense in the current state, with a German message.

    For "next"/"prev", `item` (optional) is the item the moderator saw as current:
    when someone else moved on meanwhile, the click is stale and refused, so two
    moderators pressing "Weiter" at once advance by one item, not two.
    """
    n = len(view.items)
    if kind not in EVENT_KINDS:
        raise WerkstattError(f"Unbekannte Timer-Aktion „{kind}“.")
    if kind in (MODE, PHASE):
        return
    if n == 0:
        raise WerkstattError("Diese Werkstatt hat kein Programm; der Timer kann nicht laufen.")
    if view.mode == "planned" and kind != RESET:
        raise WerkstattError(
            "Der Timer folgt gerade der Uhr („wie geplant“). Wechseln Sie auf „Live“, um ihn zu steuern."
        )
    if kind == RESET:
        return
    if kind == START:
        if view.state != NOT_STARTED:
            raise WerkstattError("Der Ablauf läuft bereits. Zum Neubeginn bitte erst zurücksetzen.")
        return
    if view.state == NOT_STARTED:
        raise WerkstattError("Der Ablauf hat noch nicht begonnen. Bitte zuerst „Start“ drücken.")
    if view.state == FINISHED and kind != PREV:
        raise WerkstattError("Der Ablauf ist beendet. Mit „Zurück“ kehren Sie zum letzten Punkt zurück.")
    if kind == PAUSE and view.state == PAUSED:
        raise WerkstattError("Der Timer ist bereits pausiert.")
    if kind == RESUME and view.state != PAUSED:
        raise WerkstattError("Der Timer läuft bereits.")
    if kind in (NEXT, PREV) and item is not None and view.state != FINISHED and item != view.index:
        raise WerkstattError(
            f"Inzwischen wurde weitergeschaltet (jetzt Punkt {(view.index or 0) + 1}: {view.title}). "
            "Bitte prüfen Sie die Anzeige und klicken Sie erneut."
        )
    if kind == PREV and view.index == 0:
        raise WerkstattError("Das ist bereits der erste Programmpunkt.")
    if kind == EXTEND:
        if minutes is None or isinstance(minutes, bool) or not isinstance(minutes, int):
            raise WerkstattError("Bitte eine ganze Zahl an Minuten angeben.")
        if minutes <= 0:
            raise WerkstattError("Verlängern geht nur um mindestens 1 Minute.")
        if minutes > MAX_EXTEND_MINUTES:
            raise WerkstattError(f"Höchstens {MAX_EXTEND_MINUTES} Minuten auf einmal verlängern.")
    if kind == JUMP:
        if item is None or isinstance(item, bool) or not isinstance(item, int) or not 0 <= item < n:
            raise WerkstattError(f"Diesen Programmpunkt gibt es nicht (erlaubt: 1 bis {n}).")
        if item == view.index:
            raise WerkstattError("Dieser Programmpunkt läuft bereits.")
