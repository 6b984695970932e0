"""The moderator's timer: big controls, further controls, the status card and the agenda planned vs. actual."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.series.file import AGENDA_KINDS
from werkstatt.session.phase import OVERRIDE_LABELS, phase_of, set_phase_override
from werkstatt.session.timer import (
    MAX_EXTEND_MINUTES,
    MODES,
    STATE_LABELS,
    TimerView,
    fmt_countdown,
    fmt_drift,
)
from werkstatt.session.timer_log import record_event
from werkstatt.ui.auth import StaffUser
from werkstatt.ui.db import transaction
from werkstatt.ui.timer_common import STAGE_COLOURS, clock_label, e, progress_share, timer_view_now

_FLASH = "_timer_flash"


def _act(workshop_id: int, actor: str, kind: str, **kw) -> None:
    """Button callback: one service call, result kept for the next run to show."""
    try:
        with transaction() as session:
            if kind == "phase":
                set_phase_override(
                    session, workshop_id=workshop_id, override=kw.get("value"), actor=actor, now=utc_now()
                )
            else:
                record_event(session, workshop_id=workshop_id, kind=kind, actor=actor, now=utc_now(), **kw)
    except WerkstattError as err:
        st.session_state[_FLASH] = ("error", err.message)
    else:
        st.session_state.pop(_FLASH, None)


def _flash() -> None:
    kind, message = st.session_state.pop(_FLASH, (None, ""))
    if kind == "error":
        st.error(message, icon="⚠️")


def moderation_timer_panel(workshop_id: int, user: StaffUser) -> None:
    """Big controls, settings and the whole agenda; the status card ticks by itself."""
    view = timer_view_now(workshop_id)
    _moderation_status(workshop_id)
    _flash()
    _main_controls(workshop_id, user.username, view)
    with st.expander("Weitere Steuerung: Verlängern, Springen, Modus, Phase, Zurücksetzen"):
        _more_controls(workshop_id, user.username, view)
    st.caption(
        f"[🖥️ Beamer-Ansicht öffnen](/beamer?w={workshop_id}) (zum Teilen im Call) · "
        "Alle Bildschirme lesen denselben Ablauf aus der Datenbank."
    )
    _moderation_agenda(workshop_id)


def _main_controls(workshop_id: int, actor: str, view: TimerView) -> None:
    cols = st.columns([1.3, 1, 1, 1.3, 0.8, 0.8])
    args = (workshop_id, actor)
    with cols[0]:
        if view.state == "not_started":
            st.button(
                "▶ Start",
                key="t_start",
                type="primary",
                width="stretch",
                on_click=_act,
                args=(*args, "start"),
                disabled=view.mode != "live",
            )
        elif view.state == "paused":
            st.button(
                "▶ Fortsetzen",
                key="t_resume",
                type="primary",
                width="stretch",
                on_click=_act,
                args=(*args, "resume"),
            )
        else:
            st.button(
                "⏸ Pause",
                key="t_pause",
                width="stretch",
                on_click=_act,
                args=(*args, "pause"),
                disabled=view.state != "running" or view.mode != "live",
            )
    live = view.mode == "live" and view.state != "not_started"
    # The item index the moderator sees travels with the click: a stale "Weiter" is refused.
    seen = {"item": view.index}
    with cols[1]:
        st.button(
            "⏮ Zurück",
            key="t_prev",
            width="stretch",
            on_click=_act,
            args=(*args, "prev"),
            kwargs=seen if view.state != "finished" else {},
            disabled=not live or view.index == 0,
        )
    with cols[2]:
        st.button(
            "⏭ Weiter",
            key="t_next",
            width="stretch",
            type="primary" if view.overrun else "secondary",
            on_click=_act,
            args=(*args, "next"),
            kwargs=seen,
            disabled=not live or view.state == "finished",
        )
    can_extend = live and view.active
    for col, minutes in ((cols[4], 1), (cols[5], 5)):
        with col:
            st.button(
                f"+{minutes} min",
                key=f"t_ext{minutes}",
                width="stretch",
                on_click=_act,
                args=(*args, "extend"),
                kwargs={"minutes": minutes},
                disabled=not can_extend,
            )
    with cols[3]:
        if view.state == "finished":
            st.success("Ablauf beendet", icon="🏁")
        elif view.mode == "planned":
            st.info("Folgt der Uhr", icon="🕒")


def _more_controls(workshop_id: int, actor: str, view: TimerView) -> None:
    args = (workshop_id, actor)
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
        st.button(
            "Verlängern",
            key="t_ext_custom",
            on_click=_act,
            args=(*args, "extend"),
            kwargs={"minutes": int(minutes)},
            disabled=not live,
        )
        labels = [f"{i.index + 1}. {i.title}" for i in view.items]
        target = st.selectbox("Springen zu", range(len(labels)), format_func=lambda i: labels[i], key="t_jump")
        st.button(
            "Springen",
            key="t_jump_go",
            on_click=_act,
            args=(*args, "jump"),
            kwargs={"item": target},
            disabled=not live,
        )
    with right:
        modes = list(MODES)
        # No key: the widget follows the DB value when another tab changes it.
        mode = st.radio("Modus", modes, index=modes.index(view.mode), format_func=MODES.get, horizontal=True)
        if mode != view.mode:
            _act(*args, "mode", value=mode)
            st.rerun()
        overrides = list(OVERRIDE_LABELS)
        phase = phase_of(view)
        chosen = st.radio(
            "Phase (Eingabe der Teilnehmenden, Ergebnisse)",
            overrides,
            index=overrides.index(phase.override),
            format_func=OVERRIDE_LABELS.get,
        )
        if chosen != phase.override:
            _act(*args, "phase", value=chosen)
            st.rerun()
        st.caption(
            f"Jetzt: Eingabe {'offen' if phase.input_open else 'geschlossen'}"
            f"{' · Ergebnisse sichtbar' if phase.show_results else ''}"
        )
        with st.popover("↺ Zurücksetzen …", disabled=view.state == "not_started"):
            st.write("Den Ablauf auf den Anfang setzen? Der bisherige Verlauf bleibt im Protokoll.")
            st.button("Ja, zurücksetzen", key="t_reset", type="primary", on_click=_act, args=(*args, "reset"))


@st.fragment(run_every=1)
def _moderation_status(workshop_id: int) -> None:
    view = timer_view_now(workshop_id)
    fg, bg = STAGE_COLOURS[view.stage]
    if view.active:
        position = f"Punkt {view.index + 1} von {len(view.items)}"  # type: ignore[operator]
        headline = f"{position} · {e(view.title)}"
        clock = fmt_countdown(view.left_s)
        tail = f"Danach: {e(view.next_title)}" if view.next_title else "Danach: Ende"
    elif view.state == "finished":
        headline, clock, tail = "Ablauf beendet", "✓", f"Ende: {clock_label(view.finished_at)} Uhr"
    else:
        first = view.items[0].title if view.items else ""
        headline, clock, tail = "Noch nicht begonnen", "--:--", f"Als Erstes: {e(first)}"
    state = STATE_LABELS[view.state] + (" · ⏸" if view.state == "paused" else "")
    st.html(
        f"""<div class="tm-card" style="background:{bg};color:{fg}">
        <div class="tm-row"><div><div class="tm-kicker">{state} · {e(MODES[view.mode])}</div>
        <div class="tm-title">{headline}</div><div class="tm-sub">{tail}</div></div>
        <div class="tm-clock">{clock}</div></div>
        <div class="tm-bar"><div style="width:{progress_share(view) * 100:.1f}%;background:{fg}"></div></div>
        <div class="tm-facts"><span>Abweichung: <b>{fmt_drift(view.drift_s)}</b></span>
        <span>Voraussichtliches Ende: <b>{clock_label(view.projected_end)}</b></span>
        <span>Geplantes Ende: <b>{clock_label(view.planned_end)}</b></span></div></div>
        <style>.tm-card{{border-radius:14px;padding:1rem 1.3rem;margin-bottom:.6rem}}
        .tm-row{{display:flex;justify-content:space-between;align-items:center;gap:1rem}}
        .tm-kicker{{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em}}
        .tm-title{{font-size:1.35rem;font-weight:700;line-height:1.25}}
        .tm-sub{{margin-top:.2rem}}
        .tm-clock{{font-size:3.4rem;font-weight:800;font-variant-numeric:tabular-nums;white-space:nowrap}}
        .tm-bar{{height:8px;border-radius:4px;background:rgba(0,0,0,.08);margin:.6rem 0;overflow:hidden}}
        .tm-bar div{{height:100%}}
        .tm-facts{{display:flex;gap:1.6rem;flex-wrap:wrap;font-size:.95rem}}
        @media (max-width:480px){{.tm-row{{flex-wrap:wrap}}.tm-clock{{font-size:2.6rem}}}}</style>"""
    )


STATUS_LABELS = {
    "done": "✅ erledigt",
    "current": "▶ läuft",
    "upcoming": "· kommt",
    "skipped": "⤼ übersprungen",
}


def agenda_frame(view: TimerView) -> pd.DataFrame:
    """The agenda with planned vs actual times, as the moderator's table shows it."""
    rows = []
    for i in view.items:
        extra = f" +{i.extra_minutes}" if i.extra_minutes else ""
        status = STATUS_LABELS[i.status]
        if i.status == "current" and view.state == "paused":
            status = "⏸ pausiert"
        rows.append(
            {
                "Nr.": i.index + 1,
                "Status": status,
                "Programmpunkt": i.title,
                "Art": AGENDA_KINDS.get(i.kind, i.kind),
                "Plan": f"{clock_label(i.planned_start)}–{clock_label(i.planned_end)}",
                "Dauer": f"{i.planned_minutes}{extra} min",
                "Beginn (Ist)": clock_label(i.actual_start),
                "Ende (Ist)": clock_label(i.actual_end),
                "Gebraucht": fmt_countdown(i.elapsed_s) if i.elapsed_s else "–",
            }
        )
    return pd.DataFrame(rows)


@st.fragment(run_every=5)
def _moderation_agenda(workshop_id: int) -> None:
    st.dataframe(
        agenda_frame(timer_view_now(workshop_id)),
        hide_index=True,
        width="stretch",
        column_config={
            "Nr.": st.column_config.NumberColumn(width=40),
            "Status": st.column_config.TextColumn(width=130),
            "Programmpunkt": st.column_config.TextColumn(width="large"),
        },
    )
