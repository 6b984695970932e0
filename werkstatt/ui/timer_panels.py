"""Timer screens: the moderator's controls, the shared screen ("Beamer") and the participants' badge.

Every screen replays the same event log (werkstatt/session/timer_log.py) at the wall
clock; only the small live parts are fragments that rerun each second.
"""

from __future__ import annotations

import html
from datetime import datetime

import pandas as pd
import streamlit as st

from werkstatt.clock import BERLIN, fmt_time, utc_now
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
from werkstatt.session.timer_log import record_event, timer_view
from werkstatt.ui.auth import StaffUser
from werkstatt.ui.db import read_only, transaction

_FLASH = "_timer_flash"
e = html.escape  # agenda titles are organizer data; still never raw HTML

STAGE_COLOURS = {  # text colour, soft background
    "normal": ("#123C5A", "#E7F1F6"),
    "warn": ("#8A5A00", "#FFF3D6"),
    "critical": ("#B34700", "#FFE3CF"),
    "overrun": ("#B00020", "#FDE2E4"),
}


def _view(workshop_id: int, now: datetime | None = None) -> TimerView:
    with read_only() as session:
        return timer_view(session, workshop_id=workshop_id, now=now or utc_now())


def _when(moment: datetime | None) -> str:
    return fmt_time(moment, BERLIN) if moment else "–"


def _progress(view: TimerView) -> float:
    if not view.active or view.duration_s <= 0:
        return 0.0
    return max(0.0, min(1.0, view.elapsed_s / view.duration_s))


# Moderator -----------------------------------------------------------------


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
    view = _view(workshop_id)
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
    view = _view(workshop_id)
    fg, bg = STAGE_COLOURS[view.stage]
    if view.active:
        position = f"Punkt {view.index + 1} von {len(view.items)}"  # type: ignore[operator]
        headline = f"{position} · {e(view.title)}"
        clock = fmt_countdown(view.left_s)
        tail = f"Danach: {e(view.next_title)}" if view.next_title else "Danach: Ende"
    elif view.state == "finished":
        headline, clock, tail = "Ablauf beendet", "✓", f"Ende: {_when(view.finished_at)} Uhr"
    else:
        first = view.items[0].title if view.items else ""
        headline, clock, tail = "Noch nicht begonnen", "--:--", f"Als Erstes: {e(first)}"
    state = STATE_LABELS[view.state] + (" · ⏸" if view.state == "paused" else "")
    st.html(
        f"""<div class="tm-card" style="background:{bg};color:{fg}">
        <div class="tm-row"><div><div class="tm-kicker">{state} · {e(MODES[view.mode])}</div>
        <div class="tm-title">{headline}</div><div class="tm-sub">{tail}</div></div>
        <div class="tm-clock">{clock}</div></div>
        <div class="tm-bar"><div style="width:{_progress(view) * 100:.1f}%;background:{fg}"></div></div>
        <div class="tm-facts"><span>Abweichung: <b>{fmt_drift(view.drift_s)}</b></span>
        <span>Voraussichtliches Ende: <b>{_when(view.projected_end)}</b></span>
        <span>Geplantes Ende: <b>{_when(view.planned_end)}</b></span></div></div>
        <style>.tm-card{{border-radius:14px;padding:1rem 1.3rem;margin-bottom:.6rem}}
        .tm-row{{display:flex;justify-content:space-between;align-items:center;gap:1rem}}
        .tm-kicker{{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em;opacity:.8}}
        .tm-title{{font-size:1.35rem;font-weight:700;line-height:1.25}}
        .tm-sub{{opacity:.85;margin-top:.2rem}}
        .tm-clock{{font-size:3.4rem;font-weight:800;font-variant-numeric:tabular-nums;white-space:nowrap}}
        .tm-bar{{height:8px;border-radius:4px;background:rgba(0,0,0,.08);margin:.6rem 0;overflow:hidden}}
        .tm-bar div{{height:100%}}
        .tm-facts{{display:flex;gap:1.6rem;flex-wrap:wrap;font-size:.95rem}}</style>"""
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
                "Plan": f"{_when(i.planned_start)}–{_when(i.planned_end)}",
                "Dauer": f"{i.planned_minutes}{extra} min",
                "Beginn (Ist)": _when(i.actual_start),
                "Ende (Ist)": _when(i.actual_end),
                "Gebraucht": fmt_countdown(i.elapsed_s) if i.elapsed_s else "–",
            }
        )
    return pd.DataFrame(rows)


@st.fragment(run_every=5)
def _moderation_agenda(workshop_id: int) -> None:
    st.dataframe(
        agenda_frame(_view(workshop_id)),
        hide_index=True,
        width="stretch",
        column_config={
            "Nr.": st.column_config.NumberColumn(width=40),
            "Status": st.column_config.TextColumn(width=130),
            "Programmpunkt": st.column_config.TextColumn(width="large"),
        },
    )


# Shared screen ----------------------------------------------------------------

_BEAMER_CSS = """<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  header, #MainMenu, footer, [data-testid="stToolbar"] {display: none !important;}
  .block-container {max-width: none !important; padding: 1.2rem 2.2rem !important;}
  .bm {border-radius: 24px; padding: 2.2vh 2.6vw; font-family: inherit;}
  .bm-kicker {font-size: clamp(1rem, 1.7vw, 1.9rem); font-weight: 700; letter-spacing: .06em;
              text-transform: uppercase; opacity: .75;}
  .bm-title {font-size: clamp(2rem, 3.6vw, 4.4rem); font-weight: 800; line-height: 1.12;
              margin: .6vh 0 1vh 0;}
  .bm-clock {font-size: clamp(7rem, 17vw, 22rem); font-weight: 800; line-height: 1;
             font-variant-numeric: tabular-nums; letter-spacing: -.02em; margin: 1vh 0;}
  .bm-bar {height: 2.2vh; min-height: 14px; border-radius: 999px;
            background: rgba(0,0,0,.10); overflow: hidden;}
  .bm-bar div {height: 100%; border-radius: 999px;}
  .bm-foot {display: flex; justify-content: space-between; gap: 2vw; margin-top: 2vh;
            font-size: clamp(1.1rem, 1.9vw, 2.3rem); line-height: 1.25;}
  .bm-foot b {font-weight: 800;}
  .bm-next {flex: 1 1 auto;}
  .bm-drift {white-space: nowrap; text-align: right;}
  /* During input and the conclusion the wall or charts take the screen; the timer shrinks to one band. */
  .bm-compact {display: grid; grid-template-columns: 1fr auto; column-gap: 2vw; align-items: center;
               padding: 1.2vh 2vw;}
  .bm-compact .bm-title {font-size: clamp(1.4rem, 2.2vw, 2.6rem); margin: 0;}
  .bm-compact .bm-clock {grid-column: 2; grid-row: 1 / span 2; font-size: clamp(2.6rem, 5vw, 6rem); margin: 0;}
  .bm-compact .bm-bar, .bm-compact .bm-foot {display: none;}
</style>"""


def beamer_timer(workshop_id: int) -> None:
    """The shared screen's timer: readable across a room; Streamlit chrome hidden."""
    st.html(_BEAMER_CSS)
    _beamer_tick(workshop_id)


@st.fragment(run_every=1)
def _beamer_tick(workshop_id: int) -> None:
    view = _view(workshop_id)
    fg, bg = STAGE_COLOURS[view.stage]
    if view.active:
        kicker = f"Jetzt · Punkt {view.index + 1}/{len(view.items)}"  # type: ignore[operator]
        if view.state == "paused":
            kicker += " · pausiert"
        elif view.overrun:
            kicker += " · Zeit überschritten"
        title, clock = view.title, fmt_countdown(view.left_s)
        nxt = f"Danach: <b>{e(view.next_title)}</b>" if view.next_title else "Danach: <b>Ende</b>"
        drift = f"Abweichung <b>{fmt_drift(view.drift_s)}</b> · Ende ca. <b>{_when(view.projected_end)}</b>"
    elif view.state == "finished":
        kicker, title, clock = "Ende", "Vielen Dank fürs Mitmachen!", "✓"
        nxt, drift = "", f"Beendet um <b>{_when(view.finished_at)} Uhr</b>"
    else:
        first = view.items[0] if view.items else None
        kicker, title, clock = "Gleich geht es los", first.title if first else "", "--:--"
        nxt = f"Beginn: <b>{_when(first.planned_start)} Uhr</b>" if first else ""
        drift = ""
    # While people write (group discussion) or the conclusion shows, their input owns the screen.
    phase = phase_of(view)
    compact = " bm-compact" if phase.show_results or phase.input_open else ""
    st.html(
        f"""<div class="bm{compact}" data-stage="{view.stage}" style="background:{bg};color:{fg}">
        <div class="bm-kicker">{e(kicker)}</div><div class="bm-title">{e(title)}</div>
        <div class="bm-clock" data-testid="beamer-clock">{clock}</div>
        <div class="bm-bar"><div style="width:{_progress(view) * 100:.1f}%;background:{fg}"></div></div>
        <div class="bm-foot"><div class="bm-next">{nxt}</div>
        <div class="bm-drift">{drift}</div></div></div>"""
    )


# Participants -----------------------------------------------------------------


def participant_timer_badge(workshop_id: int) -> None:
    """Compact 'now: item · time left' for phones. Ticks only on the workshop's day or while it runs."""
    now = utc_now()
    view = _view(workshop_id, now)
    today = view.planned_start is not None and view.planned_start.astimezone(BERLIN).date() == (
        now.astimezone(BERLIN).date()
    )
    if view.active or today:
        _badge_tick(workshop_id)


@st.fragment(run_every=1)
def _badge_tick(workshop_id: int) -> None:
    view = _view(workshop_id)
    if not view.active:
        return
    fg, bg = STAGE_COLOURS[view.stage]
    left = fmt_countdown(view.left_s)
    label = "überzogen" if view.overrun else "noch"
    paused = " · pausiert" if view.state == "paused" else ""
    st.html(
        f"""<div style="display:flex;align-items:center;gap:.7rem;border-radius:12px;padding:.55rem .9rem;
        background:{bg};color:{fg};font-size:1rem;line-height:1.3">
        <span style="font-weight:700;white-space:nowrap">● Live</span>
        <span style="flex:1 1 auto">Jetzt: <b>{e(view.title)}</b>{paused}</span>
        <span style="white-space:nowrap;font-variant-numeric:tabular-nums">{label} <b>{left}</b></span>
        </div>"""
    )
