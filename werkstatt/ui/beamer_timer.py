"""The shared screen's timer: current item, countdown in colour stages, next item."""

from __future__ import annotations

import streamlit as st

from werkstatt.session.phase import phase_of
from werkstatt.session.timer_format import fmt_countdown, fmt_drift
from werkstatt.session.timer_model import TimerView
from werkstatt.ui.live_parts import clock_data, live_part, next_wake, page_watch, read_timer
from werkstatt.ui.timer_common import STAGE_COLOURS, clock_label, e, progress_share

_BEAMER_CSS = """<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  header, #MainMenu, footer, [data-testid="stToolbar"] {display: none !important;}
  .block-container {max-width: none !important; padding: 1.2rem 2.2rem !important;}
  .bm {border-radius: 24px; padding: 2.2vh 2.6vw; font-family: inherit;}
  .bm-kicker {font-size: clamp(1rem, 1.7vw, 1.9rem); font-weight: 700; letter-spacing: .06em;
              text-transform: uppercase;}
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
  @media (max-width: 700px) {.bm-foot {flex-wrap: wrap;} .bm-drift {white-space: normal; text-align: left;}}
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
    page_watch(workshop_id)
    _beamer_live(workshop_id)


@st.fragment
def _beamer_live(workshop_id: int) -> None:
    """Drawn again only when a timer event arrives; the countdown ticks in the browser."""
    read = read_timer(workshop_id, key="beamer-timer")  # keeps the screen calm when the database is away
    if read is None:
        return
    mark, now, view = read.mark, read.now, read.view
    live_part(
        workshop_id,
        key="beamer-timer",
        mark=mark,
        topic="timer",
        wake_at=next_wake(view, now),
        html=beamer_card(view),
        clock=clock_data(view, now, idle_text="✓" if view.state == "finished" else "--:--"),
    )


def beamer_card(view: TimerView) -> str:
    """The card's markup; the clock, bar, colours and the overrun text are kept current by the browser."""
    fg, bg = STAGE_COLOURS[view.stage]
    if view.active:
        kicker = f"Jetzt · Punkt {view.index + 1}/{len(view.items)}"  # type: ignore[operator]
        if view.state == "paused":
            kicker = e(kicker + " · pausiert")
        else:
            kicker = f'{e(kicker)}<span class="lv-over"> · Zeit überschritten</span>'
        title, clock = view.title, fmt_countdown(view.left_s)
        nxt = f"Danach: <b>{e(view.next_title)}</b>" if view.next_title else "Danach: <b>Ende</b>"
        drift = f"Abweichung <b>{fmt_drift(view.drift_s)}</b> · Ende ca. <b>{clock_label(view.projected_end)}</b>"
    elif view.state == "finished":
        kicker, title, clock = "Ende", "Vielen Dank fürs Mitmachen!", "✓"
        nxt, drift = "", f"Beendet um <b>{clock_label(view.finished_at)} Uhr</b>"
    else:
        first = view.items[0] if view.items else None
        kicker, title, clock = "Gleich geht es los", first.title if first else "", "--:--"
        nxt = f"Beginn: <b>{clock_label(first.planned_start)} Uhr</b>" if first else ""
        drift = ""
    # While people write (group discussion) or the conclusion shows, their input owns the screen.
    phase = phase_of(view)
    compact = " bm-compact" if phase.show_results or phase.input_open else ""
    return f"""<div class="bm{compact}" data-stage="{view.stage}" style="background:{bg};color:{fg}">
        <div class="bm-kicker">{kicker}</div><div class="bm-title">{e(title)}</div>
        <div class="bm-clock" data-testid="beamer-clock" data-clock>{clock}</div>
        <div class="bm-bar"><div data-bar style="width:{progress_share(view) * 100:.1f}%;background:{fg}"></div></div>
        <div class="bm-foot"><div class="bm-next">{nxt}</div>
        <div class="bm-drift">{drift}</div></div>
        <div class="lv-sr" role="status" aria-live="polite" data-announce></div></div>"""
