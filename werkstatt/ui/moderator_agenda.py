"""The moderator's timer, read-only parts: the status card and the agenda planned vs. actual.

Both are fragments drawn again only when a timer event arrives. Split from
werkstatt/ui/moderator_timer.py, which keeps the controls (docs/architecture.md).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from werkstatt.series.file import AGENDA_KINDS
from werkstatt.session.timer_format import fmt_countdown, fmt_drift
from werkstatt.session.timer_model import MODES, STATE_LABELS, TimerView
from werkstatt.ui.live_parts import (
    clock_data,
    hide_part,
    live_part,
    next_wake,
    read_timer,
)
from werkstatt.ui.timer_common import STAGE_COLOURS, clock_label, e, progress_share


@st.fragment
def moderation_status(workshop_id: int) -> None:
    """Drawn again only when a timer event arrives; the countdown ticks in the browser."""
    read = read_timer(workshop_id, key="moderation-status", say=True)  # this card says when the database is away
    if read is None:
        return
    mark, now, view = read.mark, read.now, read.view
    idle = "✓" if view.state == "finished" else "--:--"
    live_part(
        workshop_id, key="moderation-status", mark=mark, topic="timer", wake_at=next_wake(view, now),
        html=_status_card(view), clock=clock_data(view, now, idle_text=idle),
    )  # fmt: skip


def _status_card(view: TimerView) -> str:
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
    return f"""<div class="tm-card" data-stage="{view.stage}" style="background:{bg};color:{fg}">
        <div class="tm-row"><div><div class="tm-kicker">{state} · {e(MODES[view.mode])}</div>
        <div class="tm-title">{headline}</div><div class="tm-sub">{tail}</div></div>
        <div class="tm-clock" data-clock>{clock}</div></div>
        <div class="tm-bar"><div data-bar style="width:{progress_share(view) * 100:.1f}%;background:{fg}"></div></div>
        <div class="tm-facts"><span>Abweichung: <b>{fmt_drift(view.drift_s)}</b></span>
        <span>Voraussichtliches Ende: <b>{clock_label(view.projected_end)}</b></span>
        <span>Geplantes Ende: <b>{clock_label(view.planned_end)}</b></span></div>
        <span class="lv-sr" role="status" aria-live="polite" data-announce></span>
        <style>.tm-card{{border-radius:14px;padding:1rem 1.3rem;margin-bottom:.6rem}}
        .tm-row{{display:flex;justify-content:space-between;align-items:center;gap:1rem}}
        .tm-kicker{{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em}}
        .tm-title{{font-size:1.35rem;font-weight:700;line-height:1.25}}
        .tm-sub{{margin-top:.2rem}}
        .tm-clock{{font-size:3.4rem;font-weight:800;font-variant-numeric:tabular-nums;white-space:nowrap}}
        .tm-bar{{height:8px;border-radius:4px;background:rgba(0,0,0,.08);margin:.6rem 0;overflow:hidden}}
        .tm-bar div{{height:100%}}
        .tm-facts{{display:flex;gap:1.6rem;flex-wrap:wrap;font-size:.95rem}}
        @media (max-width:480px){{.tm-row{{flex-wrap:wrap}}.tm-clock{{font-size:2.6rem}}}}</style></div>"""


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


@st.fragment
def moderation_agenda(workshop_id: int) -> None:
    read = read_timer(workshop_id, key="moderation-agenda")  # the status card above says when the database is away
    if read is None:
        return
    view = read.view
    live_part(workshop_id, key="moderation-agenda", mark=read.mark, topic="timer", wake_at=next_wake(view, read.now))
    hide_part("moderation-agenda")
    st.dataframe(
        agenda_frame(view),
        hide_index=True,
        width="stretch",
        column_config={
            "Nr.": st.column_config.NumberColumn(width=40),
            "Status": st.column_config.TextColumn(width=130),
            "Programmpunkt": st.column_config.TextColumn(width="large"),
        },
    )
