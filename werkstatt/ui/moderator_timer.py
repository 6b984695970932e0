"""The moderator's timer: big controls and further controls (status card and agenda: moderator_agenda.py)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.live.commands import timer_command
from werkstatt.session.phase import OVERRIDE_LABELS, phase_of
from werkstatt.session.timer_log import timer_seq, timer_view
from werkstatt.session.timer_model import MAX_EXTEND_MINUTES, MODES, TimerView
from werkstatt.ui.auth import StaffUser
from werkstatt.ui.db import read_only
from werkstatt.ui.live_parts import (
    page_watch,
)
from werkstatt.ui.moderator_agenda import moderation_agenda, moderation_status
from werkstatt.ui.staff_actions import action_id, run_command, show_flash

_FLASH = "_timer_flash"
AUTO = "auto"  # the phase radio's option for "follows the agenda" (stored as no override)


def _act(workshop_id: int, actor: str, kind: str, seen_seq: int, click: str, **kw: Any) -> None:
    """Button callback: one timer command carrying the log it was made against and its click id."""
    run_command(
        timer_command, _FLASH, workshop_id=workshop_id, actor=actor, kind=kind, seen_seq=seen_seq, action_id=click, **kw
    )


def _on_choice(workshop_id: int, actor: str, kind: str, key: str, stored: str, seen_seq: int, click: str) -> None:
    """Radio callback: writes only when the person picked another value than the stored one."""
    chosen = st.session_state.get(key)
    if chosen is None or chosen == stored:
        return
    value = None if kind == "phase" and chosen == AUTO else chosen
    _act(workshop_id, actor, kind, seen_seq, click, value=value)


class Controls:
    """What a control needs to send a command: who, where, the log seen, a click id per control."""

    def __init__(self, workshop_id: int, actor: str, seq: int) -> None:
        self.workshop_id, self.actor, self.seq = workshop_id, actor, seq

    def args(self, key: str, kind: str) -> tuple[object, ...]:
        """For _act."""
        return (self.workshop_id, self.actor, kind, self.seq, action_id(key, (self.workshop_id, self.seq)))

    def button(
        self,
        label: str,
        key: str,
        kind: str,
        *,
        kwargs: dict[str, Any] | None = None,
        disabled: bool = False,
        primary: bool = False,
        stretch: bool = True,
    ) -> None:
        """One timer button: its key doubles as the click id's seed."""
        st.button(
            label,
            key=key,
            type="primary" if primary else "secondary",
            width="stretch" if stretch else "content",
            on_click=_act,
            args=self.args(key, kind),
            kwargs=kwargs or {},
            disabled=disabled,
        )

    def choice_args(self, key: str, kind: str, stored: str) -> tuple[object, ...]:
        """For _on_choice."""
        click = action_id(key, (self.workshop_id, self.seq))
        return (self.workshop_id, self.actor, kind, key, stored, self.seq, click)


def moderation_timer_panel(workshop_id: int, user: StaffUser) -> None:
    """Big controls, settings and the whole agenda; the status card ticks by itself."""
    with read_only() as session:
        view = timer_view(session, workshop_id=workshop_id, now=utc_now())
        controls = Controls(workshop_id, user.username, timer_seq(session, workshop_id=workshop_id))
    page_watch(workshop_id)
    moderation_status(workshop_id)
    show_flash(_FLASH)
    _main_controls(controls, view)
    with st.expander("Weitere Steuerung: Verlängern, Springen, Modus, Phase, Zurücksetzen"):
        _more_controls(controls, view)
    st.caption(
        f"[🖥️ Beamer-Ansicht öffnen](/beamer?w={workshop_id}) (zum Teilen im Call) · "
        "Alle Bildschirme lesen denselben Ablauf aus der Datenbank."
    )
    moderation_agenda(workshop_id)


def _main_controls(c: Controls, view: TimerView) -> None:
    cols = st.columns([1.3, 1, 1, 1.3, 0.8, 0.8])
    with cols[0]:
        if view.state == "not_started":
            c.button("▶ Start", "t_start", "start", primary=True, disabled=view.mode != "live")
        elif view.state == "paused":
            c.button("▶ Fortsetzen", "t_resume", "resume", primary=True)
        else:
            c.button("⏸ Pause", "t_pause", "pause", disabled=view.state != "running" or view.mode != "live")
    live = view.mode == "live" and view.state != "not_started"
    # The item index the moderator sees travels with the click: a stale "Weiter" is refused.
    seen = {"item": view.index}
    with cols[1]:
        back = seen if view.state != "finished" else {}
        c.button("⏮ Zurück", "t_prev", "prev", kwargs=back, disabled=not live or view.index == 0)
    with cols[2]:
        done = not live or view.state == "finished"
        c.button("⏭ Weiter", "t_next", "next", kwargs=seen, primary=view.overrun, disabled=done)
    can_extend = live and view.active
    for col, minutes in ((cols[4], 1), (cols[5], 5)):
        with col:
            extend = {"minutes": minutes}
            c.button(f"+{minutes} min", f"t_ext{minutes}", "extend", kwargs=extend, disabled=not can_extend)
    with cols[3]:
        if view.state == "finished":
            st.success("Ablauf beendet", icon="🏁")
        elif view.mode == "planned":
            st.info("Folgt der Uhr", icon="🕒")


def _more_controls(c: Controls, view: TimerView) -> None:
    live = view.mode == "live" and view.active
    left, right = st.columns(2)
    with left:
        minutes = st.number_input(
            "Aktuellen Punkt verlängern um (Minuten)",
            min_value=1,
            max_value=MAX_EXTEND_MINUTES,
            value=10,
            step=1,
            key="t_ext_minutes",
        )
        extend = {"minutes": int(minutes)}
        c.button("Verlängern", "t_ext_custom", "extend", kwargs=extend, disabled=not live, stretch=False)
        labels = [f"{i.index + 1}. {i.title}" for i in view.items]
        target = st.selectbox("Springen zu", range(len(labels)), format_func=lambda i: labels[i], key="t_jump")
        c.button("Springen", "t_jump_go", "jump", kwargs={"item": target}, disabled=not live, stretch=False)
    with right:
        # Keyed radios set from the stored value on every run; they write only in their
        # on_change callback, i.e. when the person picks another value (never on a rerun).
        st.session_state["t_mode"] = view.mode
        st.radio(
            "Modus", list(MODES), format_func=MODES.get, horizontal=True, key="t_mode",
            on_change=_on_choice, args=c.choice_args("t_mode", "mode", view.mode),
        )  # fmt: skip
        phase = phase_of(view)
        stored = phase.override or AUTO
        st.session_state["t_phase"] = stored
        st.radio(
            "Phase (Eingabe der Teilnehmenden, Ergebnisse)", [AUTO, *[o for o in OVERRIDE_LABELS if o]],
            format_func=lambda o: OVERRIDE_LABELS[None if o == AUTO else o], key="t_phase",
            on_change=_on_choice, args=c.choice_args("t_phase", "phase", stored),
        )  # fmt: skip
        st.caption(
            f"Jetzt: Eingabe {'offen' if phase.input_open else 'geschlossen'}"
            f"{' · Ergebnisse sichtbar' if phase.show_results else ''}"
        )
        with st.popover("↺ Zurücksetzen …", disabled=view.state == "not_started"):
            st.write("Den Ablauf auf den Anfang setzen? Der bisherige Verlauf bleibt im Protokoll.")
            c.button("Ja, zurücksetzen", "t_reset", "reset", primary=True, stretch=False)
