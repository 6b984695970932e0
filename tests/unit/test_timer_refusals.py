"""What the moderator reads when a timer click is refused, word for word, and the clicks that must still pass.

Found by mutation testing (docs/testing.md): the refusal tests matched only parts of the messages, so a
stale-click message naming the wrong item or a check letting `True` through as "1 minute" went unnoticed.
"""

from __future__ import annotations

import pytest

from tests.unit.test_timer import AG, T0, Log
from werkstatt.errors import WerkstattError
from werkstatt.session.timer_checks import check_event

RUNNING = Log(T0).at(0, "start")
SECOND = Log(T0).at(0, "start").at(3, "next")  # item 2 of 8 is current
PAUSED = Log(T0).at(0, "start").at(1, "pause")
DONE = Log(T0).at(0, "start").at(1, "jump", item=7).at(2, "next")
PLANNED = Log(T0).at(0, "mode", value="planned")


def refusal(log: Log, kind: str, *, minutes: object = None, item: object = None) -> str:
    with pytest.raises(WerkstattError) as err:
        check_event(log.view(5), kind, minutes=minutes, item=item)  # type: ignore[arg-type]
    return err.value.message


@pytest.mark.parametrize(
    ("log", "kind", "kw", "message"),
    [
        (RUNNING, "explode", {}, "Unbekannte Timer-Aktion „explode“."),
        (
            PLANNED,
            "next",
            {},
            "Der Timer folgt gerade der Uhr („wie geplant“). Wechseln Sie auf „Live“, um ihn zu steuern.",
        ),
        (PAUSED, "start", {}, "Der Ablauf läuft bereits. Zum Neubeginn bitte erst zurücksetzen."),
        (DONE, "start", {}, "Der Ablauf läuft bereits. Zum Neubeginn bitte erst zurücksetzen."),
        (Log(T0), "next", {}, "Der Ablauf hat noch nicht begonnen. Bitte zuerst „Start“ drücken."),
        (DONE, "pause", {}, "Der Ablauf ist beendet. Mit „Zurück“ kehren Sie zum letzten Punkt zurück."),
        (PAUSED, "pause", {}, "Der Timer ist bereits pausiert."),
        (RUNNING, "resume", {}, "Der Timer läuft bereits."),
        (RUNNING, "prev", {}, "Das ist bereits der erste Programmpunkt."),
        (RUNNING, "extend", {"minutes": True}, "Bitte eine ganze Zahl an Minuten angeben."),
        (RUNNING, "extend", {"minutes": 2.5}, "Bitte eine ganze Zahl an Minuten angeben."),
        (RUNNING, "extend", {"minutes": 0}, "Verlängern geht nur um mindestens 1 Minute."),
        (RUNNING, "extend", {"minutes": 61}, "Höchstens 60 Minuten auf einmal verlängern."),
        (RUNNING, "jump", {"item": 8}, "Diesen Programmpunkt gibt es nicht (erlaubt: 1 bis 8)."),
        (RUNNING, "jump", {"item": None}, "Diesen Programmpunkt gibt es nicht (erlaubt: 1 bis 8)."),
        (SECOND, "jump", {"item": True}, "Diesen Programmpunkt gibt es nicht (erlaubt: 1 bis 8)."),
        (RUNNING, "jump", {"item": "3"}, "Diesen Programmpunkt gibt es nicht (erlaubt: 1 bis 8)."),
        (SECOND, "jump", {"item": 1}, "Dieser Programmpunkt läuft bereits."),
    ],
)
def test_each_refusal_reads_in_full(log: Log, kind: str, kw: dict[str, object], message: str) -> None:
    assert refusal(log, kind, **kw) == message


def test_a_stale_click_names_the_item_that_is_current_now() -> None:
    for kind in ("next", "prev"):
        assert refusal(SECOND, kind, item=0) == (
            f"Inzwischen wurde weitergeschaltet (jetzt Punkt 2: {AG[1].title}). "
            "Bitte prüfen Sie die Anzeige und klicken Sie erneut."
        )
    back_at_the_first = Log(T0).at(0, "start").at(1, "next").at(2, "prev")  # seen: item 2, now item 1 again
    assert refusal(back_at_the_first, "next", item=1).startswith(
        f"Inzwischen wurde weitergeschaltet (jetzt Punkt 1: {AG[0].title})."
    )


@pytest.mark.parametrize(
    ("log", "kind", "kw"),
    [
        (PLANNED, "reset", {}),  # "wie geplant" still lets the moderator reset
        (PLANNED, "mode", {}),
        (DONE, "reset", {}),
        (DONE, "prev", {"item": 3}),  # after the end a click from any item goes back to the last one
        (PAUSED, "resume", {}),
        (PAUSED, "next", {"item": 0}),
        (SECOND, "prev", {"item": 1}),
        (SECOND, "next", {}),  # no item seen: nothing to be stale about
        (RUNNING, "extend", {"minutes": 1}),
        (RUNNING, "jump", {"item": 7}),
        (SECOND, "jump", {"item": 0}),
    ],
)
def test_sensible_clicks_pass(log: Log, kind: str, kw: dict[str, object]) -> None:
    check_event(log.view(5), kind, minutes=kw.get("minutes"), item=kw.get("item"))  # type: ignore[arg-type]
